"""Uploaded files kept in the database, so that the worker that imports one, or the web process that serves
the next step of its upload, may run on any machine."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from otklik.intake.models import PendingUpload, UploadPart
from otklik.intake.upload_files import upload_dir
from otklik.registry.models import ImportBatch

Owner = ImportBatch | PendingUpload


def _owned(owner: Owner) -> dict[str, Owner]:
    return {"batch": owner} if isinstance(owner, ImportBatch) else {"pending": owner}


@transaction.atomic
def keep(owner: Owner, path: Path) -> None:
    """The file's bytes into the owner's parts, unless they are there already."""
    if UploadPart.objects.filter(**_owned(owner)).exists():
        return
    with path.open("rb") as fh:
        for number, data in enumerate(iter(lambda: fh.read(UploadPart.SIZE), b""), start=1):
            UploadPart.objects.create(number=number, data=data, **_owned(owner))


def write_out(owner: Owner) -> Path | None:
    """The owner's uploaded file written out under this process's var/uploads (None when it has no file in
    the database); the caller removes it."""
    parts = UploadPart.objects.filter(**_owned(owner))
    numbers = list(parts.order_by("number").values_list("number", flat=True))
    if not numbers:
        return None
    safe = re.sub(r"[^\w.\-]+", "_", owner.file_name or "file")[-80:]
    prefix = f"batch{owner.pk}" if isinstance(owner, ImportBatch) else f"pending{owner.pk}"
    target = upload_dir() / f"{prefix}_{uuid.uuid4().hex}_{safe}"
    with target.open("wb") as out:
        for number in numbers:  # a part at a time: a large file never sits in memory whole
            out.write(bytes(parts.filter(number=number).values_list("data", flat=True).get()))
    return target


def forget(batch: ImportBatch) -> None:
    """The uploaded file's bytes removed: its batch ended for good (done or refused)."""
    UploadPart.objects.filter(batch=batch).delete()


def drop_abandoned(*, now: dt.datetime | None = None) -> int:
    """Uploads whose columns nobody matched within a day: removed with their bytes (they carry personal
    data, and nothing in the registry points to them). Returns how many were removed."""
    cutoff = (now or timezone.now()) - PendingUpload.KEPT_FOR
    stale = PendingUpload.objects.filter(created_at__lt=cutoff)
    count = stale.count()
    stale.delete()
    return count
