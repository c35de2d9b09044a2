from __future__ import annotations

from django.tasks import task

from otklik.audit import context


@task(queue_name="analysis")
def retrain_task(user_id: int | None = None) -> str:
    from otklik.accounts.models import User
    from otklik.analysis.retraining import retrain

    token = context.bind(context.RequestContext(origin="worker"))
    try:
        user = User.objects.filter(pk=user_id).first() if user_id is not None else None
        return retrain(acting_user=user).version
    finally:
        context.reset(token)
