"""Two imports of one file at once, both killed, then one resume: every row stored once, the batch's counts
equal to the registry; a second run while the first goes on is refused; overlapping files side by side."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from otklik.intake.importer import claim, release, start_batch
from otklik.intake.tests.support import database_url, write_appeals
from otklik.registry.models import Feedback, ImportBatch

ROWS = 8000
COMMAND = [sys.executable, "-m", "otklik.cli", "import", "--channel", "appeals"]


def environment(**extra: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=database_url(), OTKLIK_IMPORT_CHUNK="250", **extra)


def start(path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_rows(count: int, processes: list[subprocess.Popen[str]], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(p.poll() is None for p in processes):
        if Feedback.objects.count() >= count:
            return
        time.sleep(0.02)


def assert_whole(rows: int) -> ImportBatch:
    assert Feedback.objects.count() == rows, "rows lost or doubled"
    assert Feedback.objects.values("source_id").distinct().count() == rows
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert (batch.position, batch.created_count, batch.duplicate_count) == (rows, rows, 0)
    assert Feedback.objects.filter(batch=batch).count() == batch.created_count
    return batch


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("apart", [False, True], ids=["read-here", "reading-process"])
def test_two_runs_of_one_file_both_killed_then_one_resume_store_every_row_once(
    reference: object, tmp_path: Path, apart: bool
) -> None:
    target = tmp_path / "appeals.csv"
    write_appeals(target, ROWS)
    env = environment(OTKLIK_IMPORT_APART_BYTES="0" if apart else str(1 << 60))
    runs = [start(target, env), start(target, env)]
    wait_for_rows(random.randrange(300, ROWS - 2000), runs)
    for run in runs:
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
        run.communicate()
    assert Feedback.objects.count() < ROWS, "the import finished before it could be killed: a larger file"
    assert ImportBatch.objects.count() == 1, "two runs of one file made two batches"
    resumed = subprocess.run(
        [*COMMAND, str(target)], env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_whole(ROWS)


@pytest.mark.django_db(transaction=True)
def test_a_run_while_another_process_holds_the_file_is_refused_and_touches_nothing(
    reference: object, tmp_path: Path
) -> None:
    target = tmp_path / "appeals.csv"
    write_appeals(target, 600)
    batch = start_batch(target, channel="appeals")
    token = claim(batch)  # this process, alive, is importing it
    env = environment(OTKLIK_IMPORT_APART_BYTES=str(1 << 60))
    second = subprocess.run(
        [*COMMAND, str(target)], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert second.returncode != 0
    assert "уже загружается" in second.stderr
    assert Feedback.objects.count() == 0
    release(batch, token)
    third = subprocess.run(
        [*COMMAND, str(target)], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert third.returncode == 0, third.stderr
    assert_whole(600)


@pytest.mark.django_db(transaction=True)
def test_overlapping_files_imported_side_by_side_store_their_union_once(
    reference: object, tmp_path: Path
) -> None:
    # Half of each file's rows are in the other one too; both write at once, on PostgreSQL into the
    # same keys (the conflict's retry), on SQLite one after the other.
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    write_appeals(left, 4000)
    with right.open("w", encoding="utf-8") as out:
        lines = left.read_text(encoding="utf-8").splitlines()
        out.write(lines[0] + "\n")
        out.writelines(line + "\n" for line in lines[2001:])
    with right.open("a", encoding="utf-8") as out:
        out.writelines(
            f"01-12/{i:06d}@;02.03.2026 10:15;Почта;Обращение номер {i} о налоге;\n"
            for i in range(4000, 6000)
        )
    env = environment(OTKLIK_IMPORT_APART_BYTES=str(1 << 60))
    runs = [start(left, env), start(right, env)]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors
    assert Feedback.objects.count() == 6000
    assert Feedback.objects.values("source_id").distinct().count() == 6000
    batches = list(ImportBatch.objects.all())
    assert [b.status for b in batches] == [ImportBatch.Status.DONE] * 2
    assert sum(b.created_count for b in batches) == 6000
    assert [b.created_count + b.duplicate_count for b in batches] == [4000, 4000]
