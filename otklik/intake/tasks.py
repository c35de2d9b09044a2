"""Background jobs of intake, run by `otklik worker`."""

from __future__ import annotations

from pathlib import Path

from django.tasks import task

from otklik.audit import context
from otklik.intake import stored_files
from otklik.intake.importer import ImportBusy, run_import
from otklik.intake.upload_files import remove_if_final
from otklik.registry.models import ImportBatch


@task(queue_name="imports")
def import_batch(batch_id: int) -> str:
    """Import (or go on importing) an uploaded file, read from the database wherever the worker runs; a
    worker that died leaves the batch to be resumed. Another worker importing the batch now: nothing to do.
    The file's bytes are removed once the batch is done or refused, and kept while it can be resumed."""
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        batch = ImportBatch.objects.select_related("channel").get(pk=batch_id)
        if batch.status not in ImportBatch.OPEN:
            remove_if_final(batch)
            return batch.status
        local = stored_files.write_out(batch)
        try:
            batch = run_import(batch, local or Path(batch.file_path))
        except ImportBusy:
            return "busy"
        finally:
            if local is not None:
                local.unlink(missing_ok=True)
        if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
            stored_files.forget(batch)
        remove_if_final(batch)
        return batch.status
    finally:
        context.reset(token)
