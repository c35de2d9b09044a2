from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otklik.analysis.models import Label, ModelVersion
from otklik.analysis.retraining import figures_ru
from otklik.analysis.tasks import retrain_task


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
