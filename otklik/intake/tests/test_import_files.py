"""File imports: each stream's sample arrives, re-import adds nothing, a killed import resumes once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from otklik.intake.importer import import_file
from otklik.intake.models import QuarantineRow
from otklik.intake.tests.support import SAMPLES, database_url, write_appeals
from otklik.registry.models import Feedback, ImportBatch, PersonalData

STREAM_SAMPLES = [
    ("lk_comments", "lk_comments.csv"),
    ("appeals", "appeals.csv"),
    ("forwarded", "forwarded.xlsx"),
    ("calls", "calls.csv"),
    ("surveys", "surveys.xlsx"),
    ("vashkontrol", "vashkontrol.xml"),
    ("vashkontrol", "vashkontrol.tsv"),
    ("media", "media.rss"),
    ("media", "media.atom"),
    ("media", "media.xlsx"),
]


@pytest.mark.parametrize(("channel", "name"), STREAM_SAMPLES)
def test_each_streams_sample_file_is_imported_whole_and_again_adds_nothing(
    reference: object, channel: str, name: str
) -> None:
    batch = import_file(SAMPLES / name, channel=channel)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert batch.created_count == batch.position > 0
    assert batch.rejected_count == 0
    stored = Feedback.objects.filter(batch=batch)
    assert stored.count() == batch.created_count
    assert all(f.channel.code == channel and f.received_at and (f.text or f.grades) for f in stored)
    again = import_file(SAMPLES / name, channel=channel)
    assert (again.created_count, again.duplicate_count) == (0, batch.created_count)


def test_the_appeals_sample_arrives_with_its_fields_mapped(reference: object) -> None:
    import_file(SAMPLES / "appeals.csv", channel="appeals")
    first = Feedback.objects.get(source_id="02-15/00117")
    assert first.sub_source is not None and first.sub_source.code == "post"
    assert (first.appeal_kind, first.regime, first.result) == ("complaint", "59fz", "explained")
    assert first.office is not None and first.office.code == "ОП4"
    assert first.classifier_codes == ["0001.0002.0027.0122"]
    assert first.due_date is not None
    assert PersonalData.objects.get(feedback=first).inn == "270503082440"


def test_a_bad_row_goes_to_quarantine_with_its_row_and_column_and_the_good_rows_go_in(
    reference: object, tmp_path: Path
) -> None:
    source = (SAMPLES / "appeals.csv").read_text(encoding="utf-8-sig")
    broken = source.replace("270503082440", "270503082441", 1)
    target = tmp_path / "appeals.csv"
    target.write_text(broken, encoding="utf-8")
    batch = import_file(target, channel="appeals")
    row = QuarantineRow.objects.get(batch=batch)
    assert row.row_number == 2 and "ИНН" in row.reason
    assert batch.created_count == batch.position - 1


def test_a_file_that_cannot_be_read_is_refused_whole_and_writes_nothing(
    reference: object, tmp_path: Path
) -> None:
    target = tmp_path / "appeals.csv"
    target.write_bytes(b"\x00\x01\x02binary" * 100)
    batch = import_file(target, channel="appeals")
    assert batch.status == ImportBatch.Status.FAILED and batch.message
    assert Feedback.objects.count() == 0


def reading_processes() -> dict[int, int]:
    """Reading processes of imports on this machine started by this interpreter: pid -> parent pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        # This checkout's only: other checkouts on the machine run imports of their own.
        if b"otklik.intake.reading_process" in command and command[0] == sys.executable.encode():
            found[int(entry.name)] = parent
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("apart", [False, True], ids=["read-here", "reading-process"])
def test_an_import_killed_at_several_points_and_restarted_stores_every_row_once(
    reference: object, tmp_path: Path, apart: bool
) -> None:
    rows = 6000
    target = tmp_path / "big.csv"
    write_appeals(target, rows)
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        OTKLIK_IMPORT_CHUNK="250",
        OTKLIK_IMPORT_APART_BYTES="0" if apart else str(1 << 60),
    )
    before = set(reading_processes())
    command = [sys.executable, "-m", "otklik.cli", "import", "--channel", "appeals", str(target)]
    kills = 0
    for kill_after in (500, 2000, 4000):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if Feedback.objects.count() >= kill_after:
                process.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.02)
        process.wait()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert kills >= 2, "the import finished before it could be killed: make the file larger"
    assert Feedback.objects.count() == rows
    assert Feedback.objects.values("source_id").distinct().count() == rows
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.position, batch.created_count) == (ImportBatch.Status.DONE, rows, rows)
    # The reading processes of the killed imports went with them.
    deadline = time.monotonic() + 20
    while (left := set(reading_processes()) - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"reading processes outlived their import: {left}"
