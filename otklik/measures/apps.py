from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db.models import Q

if TYPE_CHECKING:
    from otklik.monitoring.models import Analysis


def answered_by_measure(analysis: Analysis) -> bool:
    """A measure that is not rejected answers the analysis or covers its item."""
    from otklik.measures.models import Measure, MeasureState

    covering = Measure.objects.filter(Q(analyses=analysis.pk) | Q(feedback=analysis.feedback_id))
    return covering.exclude(state=MeasureState.REJECTED).exists()


class MeasuresConfig(AppConfig):
    name = "otklik.measures"
    verbose_name = "Меры по устранению недостатков"

    def ready(self) -> None:
        from otklik.monitoring.services import MEASURE_CHECKS

        if answered_by_measure not in MEASURE_CHECKS:
            MEASURE_CHECKS.append(answered_by_measure)
