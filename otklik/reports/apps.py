from typing import Any

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "otklik.reports"
    verbose_name = "Отчеты и сводка"

    def ready(self) -> None:
        from otklik.analysis.signals import feedback_analysed

        feedback_analysed.connect(_index_analysed, dispatch_uid="otklik.reports.index")


def _index_analysed(sender: Any, ids: list[int], **kwargs: Any) -> None:
    """Keep the full-text index in step with the analysis, in the transaction that stores its results."""
    from otklik.reports.search import index_feedback

    index_feedback(ids)
