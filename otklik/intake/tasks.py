"""Background jobs of intake, run by `otklik worker`."""

from __future__ import annotations

from pathlib import Path

from django.tasks import task

from otklik.audit import context
from otklik.intake.importer import run_import
from otklik.intake.models import ImportBatch
from otklik.intake.upload_files import remove_if_final


@task(queue_name="imports")
def import_batch(batch_id: int) -> str:
    """Import (or go on importing) an uploaded file; a worker that died leaves the batch to be resumed."""
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        batch = ImportBatch.objects.select_related("channel").get(pk=batch_id)
        if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
            remove_if_final(batch)
            return batch.status
        finished = run_import(batch, Path(batch.file_path))
        remove_if_final(finished)
        return finished.status
    finally:
        context.reset(token)
