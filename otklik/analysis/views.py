from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.analysis.models import Label, ModelVersion
from otklik.analysis.retraining import figures_ru
from otklik.analysis.services import correct
from otklik.analysis.tasks import retrain_task
from otklik.org.models import Topic
from otklik.registry.access import visible_to
from otklik.registry.models import Tone


@login_required
@permission_required("analysis.view_modelversion", raise_exception=True)
def models(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "analysis/models.html",
        {
            "versions": [(v, figures_ru(v.metrics)) for v in ModelVersion.objects.all()[:50]],
            "corrections": Label.objects.filter(origin=Label.Origin.STAFF).count(),
            "can_retrain": request.user.has_perm("analysis.add_modelversion"),
        },
    )


@login_required
@permission_required("analysis.add_modelversion", raise_exception=True)
@require_POST
def retrain_view(request: HttpRequest) -> HttpResponse:
    retrain_task.enqueue(request.user.pk)
    messages.success(
        request, "Переобучение поставлено в очередь фонового обработчика; результат появится в списке"
    )
    return redirect("analysis:models")


@login_required
@require_POST
def correct_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff correction of a record's tone or topic, posted from the record's card: it goes into the next
    version's training."""
    feedback = get_object_or_404(visible_to(request.user), pk=pk)
    if not (
        request.user.has_perm("accounts.work_unit_items")
        or request.user.has_perm("accounts.manage_reference")
    ):
        return HttpResponse("Исправлять разметку может сотрудник подразделения", status=403)
    tone = request.POST.get("tone", "")
    if tone and tone not in Tone.values:
        messages.error(request, "Неизвестная тональность")
        return redirect("registry:detail", pk=pk)
    topic = Topic.objects.filter(code=request.POST.get("topic", "")).first()
    if not tone and topic is None:
        messages.error(request, "Укажите тональность или тематику")
        return redirect("registry:detail", pk=pk)
    correct(feedback, acting_user=request.user, tone=tone, topic=topic)
    messages.success(request, "Исправление сохранено; оно войдет в обучение следующей версии модели")
    return redirect("registry:detail", pk=pk)
