"""Files uploaded through the web are kept only until their batch is finished: the registry then holds what
they carried, and a copy of taxpayers' personal data lying in `var/uploads` would outlive every erasure."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from otklik.registry.models import ImportBatch

FINAL = (ImportBatch.Status.DONE, ImportBatch.Status.FAILED)


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def remove_if_final(batch: ImportBatch) -> bool:
    """Remove the batch's uploaded file once the batch is done or refused; True if a file was removed.
    Files imported from the operator's own folders (`otklik import`) are not the product's to remove."""
    if batch.status not in FINAL or not batch.file_path:
        return False
    path = Path(batch.file_path).resolve()
    if not path.is_relative_to(upload_dir().resolve()) or not path.exists():
        return False
    path.unlink()
    return True
