"""File imports: read, validate, register in chunks, quarantine bad rows, resume after a crash.

Each chunk's records, its quarantined rows and the batch's new position are committed in one
transaction, so a process killed at any moment leaves the batch at a chunk boundary; started again on
the same file, the import continues from there and every row is stored exactly once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import queue
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from otklik.audit import services as audit
from otklik.intake import readers
from otklik.intake.models import ImportBatch, QuarantineRow, SavedMapping
from otklik.intake.record import FeedbackRecord
from otklik.intake.services import References, register_many
from otklik.org.models import Channel

CHUNK = int(os.environ.get("OTKLIK_IMPORT_CHUNK", "2000"))
_READ_AHEAD = 2  # chunks read ahead of the one being written
Progress = Callable[[ImportBatch], None]


class ImportRefused(Exception):
    """The file cannot be imported at all; nothing of it was written."""


@dataclasses.dataclass(frozen=True, slots=True)
class Item:
    """One row of a file: its number and either a record or what is wrong with it."""

    row: int
    outcome: FeedbackRecord | list[readers.RowError]
    raw: dict[str, str]


def resolve_mapping(name: str, channel: str) -> readers.ColumnMapping:
    saved = SavedMapping.objects.filter(name=name or channel).first()
    try:
        if saved is not None:
            return readers.mapping_from_dict(saved.definition)
        return readers.load_mapping(name or channel)
    except readers.MappingError as exc:
        raise ImportRefused(str(exc)) from None


def file_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "feed" if (b"<rss" in head or b"<feed" in head) else "xml"
    return "table"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def items(path: Path, channel: str, mapping: str, skip: int) -> tuple[Iterator[Item], int | None]:
    """The file's rows from `skip` on, and the total number of rows when it is known in advance."""
    kind = file_kind(path)
    if kind == "xml":
        if channel != "vashkontrol":
            raise ImportRefused("XML-файлы принимаются только для потока «Ваш контроль».")
        outcomes = list(readers.read_vashkontrol_xml(path))
        return (Item(i, o, {}) for i, o in enumerate(outcomes, start=1) if i > skip), len(outcomes)
    if kind == "feed":
        if channel != "media":
            raise ImportRefused("Ленты RSS/Atom принимаются только для потока СМИ.")
        entries = readers.parse_feed(path.read_bytes())
        return (Item(i, o, {}) for i, o in enumerate(entries, start=1) if i > skip), len(entries)
    column_mapping = resolve_mapping(mapping, channel)
    table = readers.open_table(path)
    total = table.total_rows
    try:
        column_mapping.check_header(table.columns)
    except readers.UnreadableFile:
        table.close()
        raise

    def rows() -> Iterator[Item]:
        with table:
            for row in table.rows(skip):
                yield Item(row.number, readers.apply_mapping(row, column_mapping), row.values)

    return rows(), total


def read_ahead(rows: Iterator[Item], size: int) -> Generator[tuple[list[Item], bool], None, None]:
    """The items in chunks of `size` (the last one possibly shorter or empty, flagged True), read and
    parsed in a thread of their own while the caller writes the previous chunk.

    The thread only reads the file: it never touches the database, and it stays at most `_READ_AHEAD`
    chunks ahead, so memory does not grow with the file. What the caller commits, and so where a killed
    import resumes, is exactly what it was without the thread. SQLite and the PostgreSQL driver let go of
    the interpreter while a statement runs, so the reading goes on during the inserts (on another core). A
    file found unreadable deep inside arrives as that exception, after the chunks read before it.
    """
    handoff: queue.Queue[tuple[list[Item] | None, bool, BaseException | None]] = queue.Queue(_READ_AHEAD)
    stop = threading.Event()

    def put(entry: tuple[list[Item] | None, bool, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            pending: list[Item] = []
            for item in rows:
                pending.append(item)
                if len(pending) >= size:
                    if not put((pending, False, None)):
                        return
                    pending = []
            put((pending, True, None))
        except BaseException as exc:  # handed to the caller, which raises it in its own thread
            put((None, True, exc))

    reader = threading.Thread(target=read, name="import-reader", daemon=True)
    reader.start()
    try:
        while True:
            items_of_chunk, last, problem = handoff.get()
            if problem is not None:
                raise problem
            assert items_of_chunk is not None
            yield items_of_chunk, last
            if last:
                return
    finally:
        stop.set()
        reader.join()
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # the file, when the caller stopped before its end


def start_batch(
    path: Path, *, channel: str, mapping: str = "", acting_user: Any = None, origin: str = "file"
) -> ImportBatch:
    """The batch for this file: a new one, or the unfinished one an interrupted run left."""
    try:
        channel_obj = Channel.objects.get(code=channel)
    except Channel.DoesNotExist:
        raise ImportRefused(
            f"Неизвестный поток «{channel}»: {', '.join(Channel.objects.values_list('code', flat=True))}"
        ) from None
    digest = sha256_of(path)
    unfinished = ImportBatch.objects.filter(
        channel=channel_obj,
        file_sha256=digest,
        status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
    ).first()
    if unfinished is not None:
        return unfinished
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            channel=channel_obj,
            origin=origin,
            file_name=path.name[:255],
            file_path=str(path)[:500],
            file_sha256=digest,
            mapping=mapping,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record(
            "import.started",
            acting_user=acting_user,
            obj=batch,
            changes={"file": path.name, "sha256": digest},
        )
    return batch


def run_import(
    batch: ImportBatch, path: Path, *, progress: Progress | None = None, chunk: int = CHUNK
) -> ImportBatch:
    """Import (or go on importing) a batch's file; returns the batch with its final counts."""
    try:
        rows, total = items(path, batch.channel.code, batch.mapping, batch.position)
    except (readers.UnreadableFile, ImportRefused) as exc:
        return _fail(batch, getattr(exc, "message", str(exc)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, total_rows=total)
    batch.refresh_from_db()
    refs = References()
    try:
        for items_of_chunk, last in read_ahead(rows, chunk):
            _commit_chunk(batch, items_of_chunk, refs)
            if progress and not last:
                progress(batch)
    except readers.UnreadableFile as exc:
        # Found only deep in the file (e.g. too many rows): what was committed stays, the batch says why.
        return _fail(batch, exc.message)
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        audit.record(
            "import.finished",
            obj=batch,
            changes={
                "created": batch.created_count,
                "duplicates": batch.duplicate_count,
                "rejected": batch.rejected_count,
            },
        )
    if progress:
        progress(batch)
    return batch


def _commit_chunk(batch: ImportBatch, chunk: list[Item], refs: References) -> None:
    if not chunk:
        return
    good = [(it, it.outcome) for it in chunk if isinstance(it.outcome, FeedbackRecord)]
    quarantine = [
        QuarantineRow(
            batch=batch,
            row_number=it.row,
            column=", ".join(dict.fromkeys(e.column for e in it.outcome if e.column))[:255],
            reason="; ".join(str(e.reason) for e in it.outcome),
            raw=it.raw,
        )
        for it in chunk
        if not isinstance(it.outcome, FeedbackRecord)
    ]
    with transaction.atomic():
        outcomes = register_many([rec for _, rec in good], refs=refs, batch=batch)
        for (it, _), outcome in zip(good, outcomes, strict=True):
            if outcome.status == "rejected":
                quarantine.append(
                    QuarantineRow(
                        batch=batch,
                        row_number=it.row,
                        column=outcome.field,
                        reason=outcome.reason,
                        raw=it.raw,
                    )
                )
        QuarantineRow.objects.bulk_create(quarantine, ignore_conflicts=True)
        ImportBatch.objects.filter(pk=batch.pk).update(
            position=F("position") + len(chunk),
            created_count=F("created_count") + sum(o.status == "created" for o in outcomes),
            duplicate_count=F("duplicate_count") + sum(o.status == "duplicate" for o in outcomes),
            rejected_count=F("rejected_count") + len(quarantine),
        )
    batch.refresh_from_db()


def _fail(batch: ImportBatch, message: str) -> ImportBatch:
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, message=message, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        audit.record("import.refused", obj=batch, changes={"reason": message})
    return batch


def import_file(
    path: str | os.PathLike[str],
    *,
    channel: str,
    mapping: str = "",
    acting_user: Any = None,
    progress: Progress | None = None,
) -> ImportBatch:
    target = Path(path)
    if not target.is_file():
        raise ImportRefused(f"Файл не найден: {target}")
    batch = start_batch(target, channel=channel, mapping=mapping, acting_user=acting_user)
    return run_import(batch, target, progress=progress)
