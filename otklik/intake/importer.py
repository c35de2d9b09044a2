"""File imports: read, validate, register in chunks, quarantine bad rows, resume after a crash.

Each chunk's records, its quarantined rows and the batch's new position are committed in one
transaction, so a process killed at any moment leaves the batch at a chunk boundary; started again on
the same file, the import continues from there and every row is stored exactly once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import gc
import hashlib
import logging
import os
import pickle
import re
import socket
import subprocess
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple

from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.audit import services as audit
from otklik.intake import readers
from otklik.intake.models import QuarantineRow, SavedMapping
from otklik.lib.env import env_int
from otklik.org.models import Channel
from otklik.registry.models import ImportBatch
from otklik.registry.record import FeedbackRecord, unstorable
from otklik.registry.services import FEEDBACK_COLUMNS, Outcome, Prepared, References, prepare, store

CHUNK = env_int("OTKLIK_IMPORT_CHUNK", 2000, minimum=1)
# A table file at least this large (about a thousand rows) is read in a process of its own.
APART_FROM_BYTES = env_int("OTKLIK_IMPORT_APART_BYTES", 1 << 18, minimum=0)
_FIRST_CHUNK = 200
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
IMPORT_CACHE_KB = env_int("OTKLIK_IMPORT_CACHE_KB", 64 << 10, minimum=0)  # SQLite, see _page_cache
Progress = Callable[[ImportBatch], None]
log = logging.getLogger(__name__)


class ImportRefused(Exception):
    """The file cannot be imported at all; nothing of it was written."""


class ImportBusy(ImportRefused):
    """Another process is importing the same file's batch now; nothing was done."""


class ClaimLost(Exception):
    """The batch was taken over by another process (this one stalled past its claim): stop, commit nothing."""


LEASE_SECONDS = env_int("OTKLIK_IMPORT_LEASE_SECONDS", 300, minimum=10)
_HOST = socket.gethostname()[:60]


def claim(batch: ImportBatch) -> str:
    """Make this process the one importing the batch, or refuse with `ImportBusy`.

    One conditional UPDATE takes the batch when nobody holds it, when its holder's claim ran out (renewed
    with every chunk, so a live import keeps it), or when its holder was a process of this machine that is
    gone (killed: its file can be resumed at once). Every chunk is then committed only while the claim is
    still this process's, so two processes never add to one batch's position.
    """
    token = f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    now = timezone.now()
    free = Q(claimed_by="") | Q(claimed_until__lt=now)
    holder = ImportBatch.objects.filter(pk=batch.pk).values_list("claimed_by", flat=True).first()
    if holder and _holder_gone(holder):
        free |= Q(claimed_by=holder)
    taken = ImportBatch.objects.filter(free, pk=batch.pk, status__in=ImportBatch.OPEN).update(
        claimed_by=token, claimed_until=now + dt.timedelta(seconds=LEASE_SECONDS)
    )
    if not taken:
        raise ImportBusy(
            f"Файл уже загружается (пакет №{batch.pk}): дождитесь окончания этой загрузки; "
            "повторный запуск после нее продолжит с места остановки."
        )
    return token


def _holder_gone(holder: str) -> bool:
    """True when the claim's holder was a process of this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != _HOST or not pid.isdigit():
        return False  # another machine's: only its claim's time tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release(batch: ImportBatch, token: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk, claimed_by=token).update(claimed_by="", claimed_until=None)


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
    return readers.file_kind(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def items(path: Path, channel: str, mapping: str, skip: int) -> tuple[Iterator[Item], int | None]:
    """The file's rows from `skip` on, and the total number of rows when it is known in advance."""
    kind = file_kind(path)
    readers.check_stream(
        kind, channel, Channel.objects.filter(code=channel).values_list("name", flat=True).first() or ""
    )
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
    return table_items(path, resolve_mapping(mapping, channel), skip)


def table_items(
    path: Path, column_mapping: readers.ColumnMapping, skip: int
) -> tuple[Iterator[Item], int | None]:
    """A CSV or XLSX file's rows from `skip` on, read with a column mapping (no database needed)."""
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


class Entry(NamedTuple):
    """One row of a file made ready to store: a prepared record, or why it is refused (with the row as it
    was read, for the quarantine). A named tuple, for the speed of pickle (see `Prepared`)."""

    row: int
    outcome: Prepared | Outcome | list[readers.RowError]
    raw: dict[str, str] | None


def prepare_chunk(chunk: list[Item], refs: References, batch_id: int) -> list[Entry]:
    """Validate and build a chunk's rows; needs no database connection."""
    good = [it for it in chunk if isinstance(it.outcome, FeedbackRecord)]
    prepared = iter(prepare([it.outcome for it in good], refs, batch_id))  # type: ignore[misc]
    entries = []
    for it in chunk:
        if isinstance(it.outcome, FeedbackRecord):
            outcome = next(prepared)
            entries.append(Entry(it.row, outcome, None if isinstance(outcome, Prepared) else it.raw))
        else:
            entries.append(Entry(it.row, it.outcome, it.raw))
    return entries


def chunked(
    rows: Iterator[Item], size: int, *, first: int = 0, expected: int | None = None
) -> Iterator[tuple[list[Item], bool]]:
    """The items in chunks of `size`, the last one (possibly shorter or empty) flagged True.

    For a writer in another process, given `first`: the chunks start with `first` items and double up
    to `size`, so that the writer starts at once and is not left waiting for a long chunk while it stores
    a short one; and when the number of items is `expected`, they get shorter towards the end (half of
    what is left, at least `first`), so that the writer's last chunk, which nothing overlaps, is a short
    one. Only the sizes depend on these; where an import resumes does not.
    """
    pending: list[Item] = []
    left = expected
    cut = first or size
    for item in rows:
        pending.append(item)
        if len(pending) >= cut:
            if left is not None:
                left -= len(pending)
            yield pending, False
            pending = []
            cut = min(size, cut * 2)
            if left is not None and left > 0 and first:  # no count, or a wrong one: no tapering
                cut = min(cut, max(first, left // 2))
    yield pending, True


class ReadingStopped(Exception):
    """The process preparing a file's rows ended without saying why (killed, out of memory)."""


class _ReadingProcess:
    """`python -m otklik.intake.reading_process`: takes pickled jobs on its standard input, one after
    another, and answers each with pickled messages on its standard output. It touches no database. It
    waits while the pipe is full, so it stays about one chunk ahead of the writer; it ends when its input
    closes (this process ended or was killed) or a write fails, and by itself after some idle minutes.
    Started once per thread and kept: starting one (a new interpreter setting Django up) takes about half a
    second, the time of several thousand rows."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "otklik.intake.reading_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        _widen(self.process.stdout)

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, job: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(job)
        self.process.stdin.flush()

    def receive(self) -> tuple[Any, ...]:
        assert self.process.stdout is not None
        collecting = gc.isenabled()
        gc.disable()  # thousands of new tuples at once: no collection passes while they arrive
        try:
            message: tuple[Any, ...] = pickle.load(self.process.stdout)  # noqa: S301 - our own child
            return message
        except (EOFError, pickle.UnpicklingError, OSError):
            self.stop()
            raise ReadingStopped(
                f"Процесс чтения файла завершился, не дочитав файл (код {self.process.returncode})."
            ) from None
        finally:
            if collecting:
                gc.enable()

    def stop(self) -> None:
        """End the process: at once when it is in the middle of a job, else as it finishes by itself."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(OSError):
                    pipe.close()
        try:
            self.process.wait(timeout=2)  # idle: its input closed, it ends
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()


_processes = threading.local()


def stop_reading_process() -> None:
    """End this thread's kept reading process, if any, and wait for it (it ends by itself anyway when
    this process ends)."""
    reader: _ReadingProcess | None = getattr(_processes, "reader", None)
    _processes.reader = None
    if reader is not None:
        reader.stop()


def _widen(pipe: IO[bytes] | None) -> None:
    """Let the pipe hold up to a chunk: the reading process then goes on with the next chunk while this
    one is still taking the last, and the two wait less on each other (Linux; elsewhere as it is)."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or setpipe is None:
        return
    for size in (4 << 20, 1 << 20):
        try:
            fcntl.fcntl(pipe.fileno(), setpipe, size)
            return
        except OSError:
            continue  # above the system's limit (/proc/sys/fs/pipe-max-size): the next size


def prepared_apart(
    path: Path, column_mapping: readers.ColumnMapping, skip: int, size: int, refs: References, batch_id: int
) -> tuple[Iterator[tuple[list[Entry], bool]], int | None]:
    """A table's rows read, parsed, validated and built in a process of its own, chunk by chunk, while
    this one stores the previous chunk: on two cores the import then takes about as long as the longer of
    the two halves instead of their sum. What is committed, and so where a killed import resumes, is the
    same as reading here. A file the process cannot read is refused here as `UnreadableFile`, before any
    chunk, as when reading here.
    """
    job = pickle.dumps((str(path), column_mapping, skip, size, refs, batch_id), pickle.HIGHEST_PROTOCOL)
    kept: _ReadingProcess | None = getattr(_processes, "reader", None)
    for attempt in (1, 2):
        reader = kept if kept is not None and kept.alive() else _ReadingProcess()
        _processes.reader = reader
        try:
            reader.send(job)
            first = reader.receive()
            break
        except (BrokenPipeError, ReadingStopped):
            # A kept process that ended by itself meanwhile (idle): once more with a new one.
            reader.stop()
            kept = _processes.reader = None
            if attempt == 2:
                raise
    if first[0] == "refused":
        raise readers.UnreadableFile(first[1])
    total: int | None = first[1]
    current = reader

    def chunks() -> Iterator[tuple[list[Entry], bool]]:
        done = False
        try:
            while True:
                message = current.receive()
                if message[0] == "failed":
                    done = True
                    raise readers.UnreadableFile(message[1])
                if message[0] == "crashed":
                    done = True
                    raise ReadingStopped(f"Ошибка при чтении файла:\n{message[1]}")
                _, entries, last = message
                done = last
                yield entries, last
                if last:
                    return
        finally:
            if not done:  # stopped in the middle of the file: the process's output is of no use now
                current.stop()
                if getattr(_processes, "reader", None) is current:
                    _processes.reader = None

    return chunks(), total


def prepare_in_child(job: tuple[Any, ...], out: BinaryIO) -> None:
    """One job of the reading process (see `prepared_apart`), Django set up: each message is pickled into
    `out`; a write that fails means the importing process is gone, and the process ends."""
    path, column_mapping, skip, size, refs, batch_id = job

    def send(message: tuple[Any, ...]) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    try:
        rows, total = table_items(Path(path), column_mapping, skip)
    except readers.UnreadableFile as exc:
        send(("refused", exc.message))
        return
    send(("opened", total))
    try:
        expected = None if total is None else max(0, total - skip)
        for chunk, last in chunked(rows, size, first=min(size, _FIRST_CHUNK), expected=expected):
            send(("chunk", prepare_chunk(chunk, refs, batch_id), last))
    except BrokenPipeError:
        raise
    except readers.UnreadableFile as exc:
        send(("failed", exc.message))
    except Exception:  # told to the parent, which stops the import and says what happened
        send(("crashed", traceback.format_exc()))


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
    for _attempt in (1, 2):
        unfinished = ImportBatch.objects.filter(
            channel=channel_obj, file_sha256=digest, status__in=ImportBatch.OPEN
        ).first()
        if unfinished is not None:
            return unfinished
        try:
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
        except IntegrityError:
            continue  # the same file's batch made by another process a moment ago: that one is ours
    raise ImportBusy("Файл уже загружается: повторите позже.")


def run_import(
    batch: ImportBatch, path: Path, *, progress: Progress | None = None, chunk: int = CHUNK
) -> ImportBatch:
    """Import (or go on importing) a batch's file; returns the batch with its final counts.

    Raises `ImportBusy` when another process is importing the batch. A file that fails midway keeps the
    rows committed before the failure: the batch is «partial», says how many rows were written and where
    reading stopped, and a new run of the same file goes on from there.
    """
    batch.refresh_from_db()
    if batch.status not in ImportBatch.OPEN:
        return batch
    token = claim(batch)
    try:
        return _run_claimed(batch, path, token, progress, chunk)
    except ClaimLost:
        batch.refresh_from_db()
        raise ImportBusy(
            f"Загрузку пакета №{batch.pk} продолжил другой процесс: он дописывает файл с места остановки."
        ) from None
    finally:
        release(batch, token)


def _run_claimed(
    batch: ImportBatch, path: Path, token: str, progress: Progress | None, chunk: int
) -> ImportBatch:
    refs = References()
    try:
        chunks, total = _chunks_of(batch, path, refs, chunk)
    except (readers.UnreadableFile, ImportRefused, ReadingStopped) as exc:
        return _fail(batch, getattr(exc, "message", str(exc)))
    ImportBatch.objects.filter(pk=batch.pk, claimed_by=token).update(
        status=ImportBatch.Status.RUNNING, total_rows=total
    )
    batch.refresh_from_db()
    try:
        with _page_cache(IMPORT_CACHE_KB):
            for entries, last in chunks:
                _commit_chunk(batch, entries, refs, token)
                if progress and not last:
                    progress(batch)
    except readers.UnreadableFile as exc:
        # Found only deep in the file (a broken XLSX, too many rows): what was committed stays.
        return _fail(batch, exc.message)
    except ReadingStopped as exc:
        # What was committed stays; importing the file again adds the rest.
        return _fail(batch, str(exc))
    except DatabaseError as exc:
        log.exception("import of batch %s stopped by the database", batch.pk)
        return _fail(batch, f"ошибка базы данных: {type(exc).__name__}: {str(exc).strip()[:300]}")
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    with transaction.atomic():
        if not ImportBatch.objects.filter(pk=batch.pk, claimed_by=token).update(
            status=ImportBatch.Status.DONE, message="", finished_at=timezone.now()
        ):
            raise ClaimLost
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


@contextlib.contextmanager
def _page_cache(kilobytes: int) -> Iterator[None]:
    """SQLite's page cache of this connection at least `kilobytes` while inside, as it was after.

    Every record goes into each of the registry's twenty-odd indexes at its own place; with SQLite's
    default 2 MB cache those pages are read again from the file for nearly every chunk, and the more so
    the larger the registry. (PostgreSQL's buffers are the server's own: nothing to do there.)
    """
    db = connections[router.db_for_write(ImportBatch)]
    if db.vendor != "sqlite":
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA page_size")
        (page,) = cursor.fetchone()
        # Negative: KiB; positive: pages.
        if (-before if before < 0 else before * page // 1024) < kilobytes:
            cursor.execute(f"PRAGMA cache_size = {-int(kilobytes)}")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _chunks_of(
    batch: ImportBatch, path: Path, refs: References, size: int
) -> tuple[Iterator[tuple[list[Entry], bool]], int | None]:
    """The file's prepared chunks from the batch's position on: a large table is read in a process of its
    own, anything else here."""
    channel = batch.channel.code
    if file_kind(path) == "table" and path.stat().st_size >= APART_FROM_BYTES:
        return prepared_apart(
            path, resolve_mapping(batch.mapping, channel), batch.position, size, refs, batch.pk
        )
    rows, total = items(path, channel, batch.mapping, batch.position)
    return ((prepare_chunk(c, refs, batch.pk), last) for c, last in chunked(rows, size)), total


def _commit_chunk(batch: ImportBatch, chunk: list[Entry], refs: References, token: str) -> None:
    if not chunk:
        return
    to_store = [e for e in chunk if not isinstance(e.outcome, list)]
    quarantine = [
        QuarantineRow(
            batch=batch,
            row_number=e.row,
            column=", ".join(dict.fromkeys(err.column for err in e.outcome if err.column))[:255],
            reason=clean_text("; ".join(str(err.reason) for err in e.outcome)),
            raw=storable(e.raw or {}),
        )
        for e in chunk
        if isinstance(e.outcome, list)
    ]
    with transaction.atomic():
        outcomes = store([e.outcome for e in to_store], refs, batch=batch)  # type: ignore[misc]
        for e, outcome in zip(to_store, outcomes, strict=True):
            if outcome.status == "rejected":
                quarantine.append(
                    QuarantineRow(
                        batch=batch,
                        row_number=e.row,
                        column=outcome.field,
                        reason=outcome.reason,
                        raw=storable(e.raw or _source_record(e.outcome)),
                        conflict=storable(outcome.other) if outcome.other is not None else None,
                    )
                )
        QuarantineRow.objects.bulk_create(quarantine, ignore_conflicts=True)
        # Only while this process holds the batch: else nothing of the chunk is committed.
        if not ImportBatch.objects.filter(pk=batch.pk, claimed_by=token).update(
            position=F("position") + len(chunk),
            created_count=F("created_count") + sum(o.status == "created" for o in outcomes),
            duplicate_count=F("duplicate_count") + sum(o.status == "duplicate" for o in outcomes),
            rejected_count=F("rejected_count") + len(quarantine),
            claimed_until=timezone.now() + dt.timedelta(seconds=LEASE_SECONDS),
        ):
            raise ClaimLost
    batch.refresh_from_db()


_RAW = FEEDBACK_COLUMNS.index("raw")


def _source_record(prepared: Any) -> dict[str, Any]:
    """The source record of a row made ready to store (without its personal data)."""
    raw = prepared.values[_RAW] if isinstance(prepared, Prepared) else None
    return raw if isinstance(raw, dict) else {}


def clean_text(text: str) -> str:
    """The text with what no database keeps (NUL, unpaired surrogates) shown as «\ufffd»."""
    return _UNSTORABLE.sub("\ufffd", text) if unstorable(text) else text


def storable(value: Any) -> Any:
    """A row as read, for the quarantine: its texts made storable (the row's error says what was there)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


def _fail(batch: ImportBatch, message: str) -> ImportBatch:
    """Stop the batch: refused when nothing of the file was written, else partial, saying how much."""
    message = clean_text(message)
    with transaction.atomic():
        batch.refresh_from_db()
        if batch.position == 0:
            status, event = ImportBatch.Status.FAILED, "import.refused"
        else:
            status, event = ImportBatch.Status.PARTIAL, "import.stopped"
            message = partial_message(batch.position, batch.total_rows, message)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=status, message=message, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        audit.record(event, obj=batch, changes={"reason": message, "position": batch.position})
    return batch


def partial_message(written: int, total: int | None, error: str) -> str:
    """What a batch stopped midway says, with `written` rows of its file committed."""
    of = f" из {number(total)}" if total else ""
    return (
        f"Загружен частично: обработано строк файла — {number(written)}{of}, затем загрузку остановила "
        f"ошибка: {error.rstrip('.')}. Повторная загрузка этого файла продолжит с места остановки."
    )


def number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


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
