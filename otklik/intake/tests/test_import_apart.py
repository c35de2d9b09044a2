"""A large table is read and prepared in a process of its own: the same rows and outcomes as reading in
the importing process, chunks of bounded size, and a reading process that goes away with its importer."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from otklik.intake import importer
from otklik.intake.importer import Item, chunked, import_file
from otklik.intake.models import QuarantineRow
from otklik.intake.tests.support import SAMPLES, write_appeals
from otklik.registry.models import Feedback, ImportBatch, PersonalData

TABLE_SAMPLES = [
    ("lk_comments", "lk_comments.csv"),
    ("appeals", "appeals.csv"),
    ("forwarded", "forwarded.xlsx"),
    ("calls", "calls.csv"),
    ("surveys", "surveys.xlsx"),
    ("vashkontrol", "vashkontrol.tsv"),
    ("media", "media.xlsx"),
]
VARYING = {"id", "batch", "created_at", "updated_at"}


def items(count: int) -> Any:
    return (Item(i, [], {}) for i in range(1, count + 1))


@pytest.mark.parametrize(
    ("count", "kwargs", "sizes"),
    [
        (10, {}, [4, 4, 2]),
        (8, {}, [4, 4, 0]),
        (0, {}, [0]),
        (10, {"first": 1}, [1, 2, 4, 3]),  # doubling up to the size
        (40, {"first": 2, "expected": 40}, [2, 4, 8, 10, 8, 4, 2, 2, 0]),  # and halving towards the end
        (40, {"first": 2, "expected": 5}, [2, 2, 2, 4, 8, 10, 10, 2]),  # a wrong count: sizes only
    ],
)
def test_chunks_keep_every_item_in_order_and_flag_the_last(
    count: int, kwargs: dict[str, int], sizes: list[int]
) -> None:
    size = 10 if "expected" in kwargs else 4
    chunks = list(chunked(items(count), size, **kwargs))
    assert [len(c) for c, _ in chunks] == sizes
    assert [last for _, last in chunks] == [False] * (len(sizes) - 1) + [True]
    assert [it.row for c, _ in chunks for it in c] == list(range(1, count + 1))


def stored() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[Any, ...]]]:
    def plain(obj: Any) -> dict[str, Any]:
        return {
            f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in VARYING
        }

    rows = [plain(f) for f in Feedback.objects.order_by("channel_id", "source_id")]
    personal = [
        {**plain(p), "feedback_id": p.feedback.source_id}
        for p in PersonalData.objects.select_related("feedback").order_by("feedback__source_id")
    ]
    quarantine = list(
        QuarantineRow.objects.order_by("row_number").values_list("row_number", "column", "reason", "raw")
    )
    return rows, personal, quarantine


def import_all(apart: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0 if apart else 1 << 60)
    apart_reads = []
    real = importer.prepared_apart

    def counting(*args: Any) -> Any:
        apart_reads.append(args[0])
        return real(*args)

    monkeypatch.setattr(importer, "prepared_apart", counting)
    batches = []
    for channel, name in TABLE_SAMPLES:
        batch = import_file(SAMPLES / name, channel=channel)
        batches.append((channel, batch.status, batch.total_rows, batch.created_count, batch.rejected_count))
    assert len(apart_reads) == (len(TABLE_SAMPLES) if apart else 0)
    return batches


@pytest.mark.django_db(transaction=True)
def test_the_samples_are_stored_the_same_read_here_or_in_the_reading_process(
    reference: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = import_all(apart=False, monkeypatch=monkeypatch)
    here_rows = stored()
    Feedback.objects.all().delete()
    ImportBatch.objects.all().delete()
    apart = import_all(apart=True, monkeypatch=monkeypatch)
    assert apart == here
    assert all(status == ImportBatch.Status.DONE for _, status, *_ in apart)
    rows, personal, quarantine = stored()
    assert len(rows) == sum(b[3] for b in here) > 0
    assert rows == here_rows[0]
    assert personal == here_rows[1] and personal
    assert quarantine == here_rows[2]


def test_a_file_the_reading_process_cannot_read_is_refused_as_when_read_here(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Кто;Что\nя;это\n", encoding="utf-8")
    messages = []
    for threshold in (1 << 60, 0):
        monkeypatch.setattr(importer, "APART_FROM_BYTES", threshold)
        batch = import_file(bad, channel="appeals")
        assert batch.status == ImportBatch.Status.FAILED
        messages.append(batch.message)
        ImportBatch.objects.all().delete()
    assert messages[0] == messages[1] and "нет обязательных столбцов" in messages[0]
    assert Feedback.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_reading_process_is_kept_between_imports_and_replaced_after_one_left_midway(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_appeals(first, 300)
    write_appeals(second, 3000, prefix="B")
    import_file(first, channel="appeals")
    kept = importer._processes.reader
    import_file(SAMPLES / "calls.csv", channel="calls")
    assert importer._processes.reader is kept and kept.alive()

    class Stop(Exception):
        pass

    def stop_after_first_chunk(batch: ImportBatch) -> None:
        raise Stop

    with pytest.raises(Stop):
        import_file(second, channel="appeals", progress=stop_after_first_chunk)
    kept.process.wait(timeout=10)  # its output is of no use: it was stopped
    assert not kept.alive() and importer._processes.reader is None
    batch = import_file(second, channel="appeals")  # resumes with a new reading process
    assert importer._processes.reader is not kept
    assert (batch.status, batch.position, batch.created_count) == (ImportBatch.Status.DONE, 3000, 3000)


@pytest.mark.django_db(transaction=True)
def test_a_reading_process_killed_midway_fails_the_batch_and_importing_again_adds_the_rest_once(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(importer, "CHUNK", 250)
    path = tmp_path / "big.csv"
    write_appeals(path, 4000)

    def kill_reader(batch: ImportBatch) -> None:
        reader = importer._processes.reader
        if reader is not None and reader.alive():
            os.kill(reader.process.pid, signal.SIGKILL)

    failed = import_file(path, channel="appeals", progress=kill_reader)
    assert failed.status == ImportBatch.Status.PARTIAL  # rows were written: partial, resumable
    assert "Процесс чтения файла завершился" in failed.message
    assert 0 < Feedback.objects.count() < 4000
    again = import_file(path, channel="appeals")
    assert again.pk == failed.pk
    assert again.status == ImportBatch.Status.DONE
    assert Feedback.objects.count() == Feedback.objects.values("source_id").distinct().count() == 4000
    assert again.created_count + again.duplicate_count == 4000


def test_a_prepared_chunk_holds_tuples_not_records(reference: object) -> None:
    """What crosses between the processes is plain tuples (fast to pickle), not dataclasses."""
    from otklik.intake.readers import load_mapping, read_records
    from otklik.registry.services import References

    records = [o for _, o in read_records(SAMPLES / "appeals.csv", load_mapping("appeals"))]
    entries = importer.prepare_chunk([Item(i, r, {}) for i, r in enumerate(records, 1)], References(), 1)
    assert entries and all(type(e).__mro__[1] is tuple for e in entries)
    assert not any(dataclasses.is_dataclass(e.outcome) for e in entries)


def test_sqlite_keeps_more_of_the_registry_in_memory_while_importing_and_as_before_after(
    reference: object, tmp_path: Path
) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the page cache is SQLite's own; PostgreSQL's buffers are the server's")

    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return int(cursor.fetchone()[0])

    before = cache_size()
    during = []
    path = tmp_path / "a.csv"
    write_appeals(path, 3000)
    batch = import_file(path, channel="appeals", progress=lambda batch: during.append(cache_size()))
    assert batch.status == ImportBatch.Status.DONE
    *importing, finished = during  # the last report comes when the import is over
    assert importing and all(size == -importer.IMPORT_CACHE_KB for size in importing)
    assert before != importing[0] and finished == cache_size() == before


@pytest.mark.django_db(transaction=True)
def test_a_kept_reading_process_that_ended_while_idle_is_replaced(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after its idle minutes, found ended only on sending it the job: the next import starts a new
    one and goes through."""
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0)
    import_file(SAMPLES / "calls.csv", channel="calls")
    kept = importer._processes.reader
    os.kill(kept.process.pid, signal.SIGKILL)
    kept.process.wait(timeout=10)
    monkeypatch.setattr(kept, "alive", lambda: True)  # it ended between the check and the job
    path = tmp_path / "a.csv"
    write_appeals(path, 500)
    batch = import_file(path, channel="appeals")
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 500)
    assert importer._processes.reader is not kept and importer._processes.reader.alive()
