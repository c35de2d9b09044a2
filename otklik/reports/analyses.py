"""Whether a feedback record has its analysis (the monitoring app's `Analysis`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from otklik.monitoring.models import Analysis
from otklik.registry.models import Feedback


def with_analysis(queryset: QuerySet[Feedback], present: bool) -> QuerySet[Feedback]:
    has = Exists(Analysis.objects.filter(feedback_id=OuterRef("pk")))
    return queryset.filter(has if present else ~has)
