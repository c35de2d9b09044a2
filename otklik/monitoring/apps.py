from django.apps import AppConfig
from django.db.models import Q


def _routed_for_analysis(unit_id: int) -> Q:
    """The records sent to the unit for analysis are the unit's records too."""
    from otklik.monitoring.models import Analysis

    return Q(pk__in=Analysis.objects.filter(unit_id=unit_id).values("feedback_id"))


class MonitoringConfig(AppConfig):
    name = "otklik.monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        from otklik.registry.access import ROUTED_TO_UNIT

        if _routed_for_analysis not in ROUTED_TO_UNIT:
            ROUTED_TO_UNIT.append(_routed_for_analysis)
