"""Uploaded files kept in the database, so that the worker that imports one may run on any machine."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.db import transaction

from otklik.intake.models import ImportBatch, UploadPart
from otklik.intake.upload_files import upload_dir


@transaction.atomic
def keep(batch: ImportBatch, path: Path) -> None:
    """The file's bytes into the batch's parts, unless they are there already."""
    if UploadPart.objects.filter(batch=batch).exists():
        return
    with path.open("rb") as fh:
        for number, data in enumerate(iter(lambda: fh.read(UploadPart.SIZE), b""), start=1):
            UploadPart.objects.create(batch=batch, number=number, data=data)


def write_out(batch: ImportBatch) -> Path | None:
    """The batch's uploaded file written out under this process's var/uploads, for its import (None when
    the batch has no file in the database); the caller removes it."""
    numbers = list(UploadPart.objects.filter(batch=batch).order_by("number").values_list("number", flat=True))
    if not numbers:
        return None
    safe = re.sub(r"[^\w.\-]+", "_", batch.file_name or "file")[-80:]
    target = upload_dir() / f"batch{batch.pk}_{uuid.uuid4().hex}_{safe}"
    with target.open("wb") as out:
        for number in numbers:  # a part at a time: a large file never sits in memory whole
            data = UploadPart.objects.filter(batch=batch, number=number).values_list("data", flat=True).get()
            out.write(bytes(data))
    return target


def forget(batch: ImportBatch) -> None:
    """The uploaded file's bytes removed: its batch ended for good (done or refused)."""
    UploadPart.objects.filter(batch=batch).delete()
