"""Two imports of the same file at once, both killed at a random moment, then one resume: rows lost,
rows doubled, and whether the batch's counts equal the registry's rows.

Run: `python bench/bench_concurrent_import.py [--rows 100000] [--runs 5] [--pg-url URL]` (SQLite always, in a
temporary folder; PostgreSQL where --pg-url is given, into a fresh database of that name). Each run writes a
file of its own (new identifiers), starts two `otklik import` of it, kills both with SIGKILL once the
registry has a random number of the file's rows, resumes with one more `otklik import`, and counts.
"""
# ruff: noqa: S603 - only this checkout's own `otklik` commands are run

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Регистрационный номер;Дата поступления;Форма поступления;Текст обращения;ИНН\n"


def django(env: dict[str, str]) -> Any:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django as dj

    dj.setup()
    from django.db import connection

    return connection


def otklik(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "otklik.cli", *args], env=env, capture_output=True, text=True, check=False
    )


def one_run(env: dict[str, str], folder: Path, run: int, rows: int, rng: random.Random) -> dict[str, Any]:
    from otklik.registry.models import Feedback, ImportBatch

    prefix = f"R{run}-"
    path = folder / f"run{run}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines(
            f"01-12/{prefix}{i:07d}@;02.03.2026 10:15;Почта;Обращение {i} о налоге;\n" for i in range(rows)
        )
    mine = Feedback.objects.filter(source_id__startswith=f"01-12/{prefix}")
    command = [sys.executable, "-m", "otklik.cli", "import", "--channel", "appeals", str(path)]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in (1, 2)
    ]
    kill_at = rng.randrange(rows // 10, rows * 9 // 10)
    while any(p.poll() is None for p in runs) and mine.count() < kill_at:
        time.sleep(0.05)
    for p in runs:
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.wait()
    at_kill = mine.count()
    started = time.monotonic()
    resumed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    batch = ImportBatch.objects.get(file_name=path.name)
    stored = mine.count()
    distinct = mine.values("source_id").distinct().count()
    return {
        "killed at": at_kill,
        "resume exit": resumed.returncode,
        "resume s": round(time.monotonic() - started, 1),
        "lost": rows - distinct,
        "doubled": stored - distinct,
        "batches": ImportBatch.objects.filter(file_name=path.name).count(),
        "counts = registry": batch.created_count == mine.filter(batch=batch).count() == stored,
        "status": batch.status,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg-url", default="", help="postgres://…/name: run there instead of SQLite")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="otklik-concurrent-"))
    env = dict(
        os.environ, OTKLIK_VAR_DIR=str(folder), OTKLIK_SECRET_KEY=os.environ.get("OTKLIK_SECRET_KEY", "bench")
    )
    env["DATABASE_URL"] = args.pg_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    if args.pg_url:
        import psycopg

        base, name = args.pg_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    for step in (
        ["migrate", "--no-input"],
        ["refdata", "import", str(ROOT / "otklik/org/defaults/reference.yaml")],
    ):
        done = otklik(env, *step)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
    django(env)
    rng = random.Random(20261204)
    database = "PostgreSQL" if args.pg_url else "SQLite"
    failures = 0
    for run in range(1, args.runs + 1):
        result = one_run(env, folder, run, args.rows, rng)
        failures += bool(result["lost"] or result["doubled"] or not result["counts = registry"])
        print(f"{database}, run {run}, {args.rows} rows: {result}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
