"""Whether a feedback record has its analysis, read from the monitoring app when its models exist."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Exists, Model, OuterRef, QuerySet

from otklik.intake.models import Feedback


def analysis_model() -> type[Model] | None:
    app_label, name = "monitoring", "Analysis"  # a variable: the app may not have this model yet
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def with_analysis(queryset: QuerySet[Feedback], present: bool) -> QuerySet[Feedback]:
    model = analysis_model()
    if model is None:
        return queryset if not present else queryset.none()
    has = Exists(model._default_manager.filter(feedback_id=OuterRef("pk")))
    return queryset.filter(has if present else ~has)
