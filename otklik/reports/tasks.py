"""Background jobs of reports, run by `otklik worker`."""

from __future__ import annotations

from django.tasks import task

from otklik.audit import context


@task(queue_name="default")
def make_export(job_id: int) -> str:
    """Make a large export of the registry (see `export_jobs`)."""
    from otklik.reports.export_jobs import run

    token = context.bind(context.RequestContext(origin="worker"))
    try:
        return run(job_id).status
    finally:
        context.reset(token)


@task(queue_name="default")
def compact_search_index() -> str:
    """Compact the full-text index after an erasure on request (`search.compact_index`)."""
    from otklik.reports.search import compact_index

    compact_index()
    return "поисковый индекс уплотнен"
