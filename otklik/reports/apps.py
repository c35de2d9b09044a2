from typing import Any

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "otklik.reports"
    verbose_name = "Отчеты и сводка"

    def ready(self) -> None:
        from otklik.analysis.signals import feedback_analysed
        from otklik.registry.retention import personal_data_erased

        feedback_analysed.connect(_index_analysed, dispatch_uid="otklik.reports.index")
        personal_data_erased.connect(_index_erased, dispatch_uid="otklik.reports.index_erased")


def _index_analysed(sender: Any, ids: list[int], **kwargs: Any) -> None:
    """Keep the full-text index in step with the analysis, in the transaction that stores its results."""
    from otklik.reports.search import index_feedback

    index_feedback(ids)


def _index_erased(sender: Any, ids: list[int], on_request: bool = False, **kwargs: Any) -> None:
    """Records whose personal data was erased are indexed again from their new text; after an erasure on
    request the worker also compacts the index, so no part of it keeps the words it had before. Compacting
    rewrites the whole index (SQLite FTS5 `optimize`): not in a web request."""
    from django.db import transaction

    from otklik.reports.search import index_feedback
    from otklik.reports.tasks import compact_search_index

    index_feedback(ids)
    if on_request:
        transaction.on_commit(lambda: compact_search_index.enqueue())
