"""File import throughput and memory on SQLite and PostgreSQL, beside a bare bulk insert of the same rows.

Run: `python bench/bench_import.py [--rows 100000] [--memory-rows 1000000] [--runs 3] [--db sqlite,postgres]`
(`--quick` for small sizes). Mixed CSV/XLSX files of several streams are written to a temporary directory
from the samples in docs/formats/samples, each stream's own identifiers made unique. Every measurement runs
in a fresh subprocess on a fresh database cloned from one migrated template, so time and peak RSS are per
run:

- import: `otklik.intake.importer.import_file` for every file, as `otklik import` does it (large tables
  are read and prepared in the reading process, whose CPU time is counted with the importer's and whose
  peak RSS is reported beside);
- bare: the same normalised rows, `bulk_create` into Feedback and PersonalData in the same chunks and
  transactions, no validation, no duplicate check, no batch or audit (reading is not timed): the limit;
- read: the readers alone, no database, to show how much of the import is reading the files.

Then one 1,000,000-row CSV is imported to check that memory does not grow with the file. PostgreSQL is
`postgres://root@127.0.0.1:5432/otklik_bench` (`--pg-url`); it is skipped, saying so, if unreachable.

`--xlsx-readers` measures, instead of the import, XLSX sheet readers side by side on the benchmark's XLSX
files and on one of `--xlsx-big-rows` rows: our own (`xlsxtable`), openpyxl's read-only mode and
python-calamine (when installed), each in a fresh process per file and run, taking every row to cell texts
after the zip checks (`check_zip`) that stand in front of any of them: rows per second and peak RSS.

`--apart-delivery` measures how the mixed files' tables arrive prepared from a process of their own, with no
database writes: by our reading process over pipes (`importer.prepared_apart`), or by a
`ProcessPoolExecutor(max_workers=1)` worker (spawn) asked for one chunk at a time, one chunk ahead.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "docs" / "formats" / "samples"
OTKLIK = ROOT / ".venv" / "bin" / "otklik"
PG_URL = "postgres://root@127.0.0.1:5432/otklik_bench"
# (stream, sample file, share of the mixed rows): CSV in three dialects and XLSX, as the streams export.
MIX: tuple[tuple[str, str, float], ...] = (
    ("lk_comments", "lk_comments.csv", 0.20),
    ("appeals", "appeals.csv", 0.20),
    ("calls", "calls.csv", 0.15),
    ("vashkontrol", "vashkontrol.tsv", 0.15),
    ("forwarded", "forwarded.xlsx", 0.10),
    ("surveys", "surveys.xlsx", 0.10),
    ("media", "media.xlsx", 0.10),
)
MEMORY_STREAM = ("lk_comments", "lk_comments.csv")  # short rows: 1,000,000 of them stay under 200 MB


# ---------------------------------------------------------------------------------------------- files


def _id_column(channel: str, header: Sequence[str]) -> int:
    from otklik.intake.readers import load_mapping
    from otklik.intake.readers.mapping import column_key

    mapping = load_mapping(channel)
    rule = next(r for r in mapping.columns if "source_id" in r.fields)
    keys = [column_key(str(h or "")) for h in header]
    return next(keys.index(column_key(n)) for n in rule.names if column_key(n) in keys)


def write_stream_file(channel: str, sample: str, rows: int, target: Path, tag: str) -> Path:
    """`rows` data rows cycled from the sample, in the sample's format, with unique source identifiers."""
    source = SAMPLES / sample
    path = target / f"{tag}-{channel}{source.suffix}"
    if source.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(source, read_only=True)
        table = [list(r) for r in book.active.iter_rows(values_only=True)]
        book.close()
        header, body = table[0], [r for r in table[1:] if any(c not in (None, "") for c in r)]
        id_at = _id_column(channel, [str(h or "") for h in header])
        # A normal (not write-only) workbook, as the samples are written. openpyxl stores strings inline
        # either way and Cyrillic as character references; books saved by Excel keep shared strings in
        # UTF-8 and read faster, so these are the harder case.
        out = openpyxl.Workbook()
        sheet = out.active
        sheet.append(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[id_at] = f"{tag}-{i:08d}"
            sheet.append(row)
        out.save(path)
        return path
    from otklik.intake.readers.csvtable import CsvSource
    from otklik.intake.readers.limits import DEFAULT_LIMITS

    probe = CsvSource(str(source), DEFAULT_LIMITS)
    with source.open(encoding=probe.encoding, newline="") as fh:
        table = [r for r in csv.reader(fh, delimiter=probe.delimiter) if any(c.strip() for c in r)]
    header, body = table[0], table[1:]
    id_at = _id_column(channel, header)
    with path.open("w", encoding=probe.encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=probe.delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[id_at] = f"{tag}-{i:08d}"
            writer.writerow(row)
    return path


def write_mixed_files(rows: int, target: Path) -> list[dict[str, Any]]:
    manifest, left = [], rows
    for n, (channel, sample, share) in enumerate(MIX):
        count = left if n == len(MIX) - 1 else round(rows * share)
        left -= count
        path = write_stream_file(channel, sample, count, target, f"B{n}")
        manifest.append({"channel": channel, "path": str(path), "rows": count})
    return manifest


# ------------------------------------------------------------------------------------------ databases


def child_env(url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=url, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    if not env.get("OTKLIK_SECRET_KEY") and not env.get("OTKLIK_SECRET_KEY_FILE"):
        env["OTKLIK_SECRET_KEY"] = "bench-only-secret-key"  # noqa: S105 - a throwaway database
    return env


def _otklik(url: str, *args: str) -> None:
    subprocess.run([str(OTKLIK), *args], env=child_env(url), check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def _pg_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return row is not None


class Database:
    """A migrated template with the reference data, and a fresh copy of it for every run."""

    def __init__(self, kind: str, workdir: Path, pg_url: str) -> None:
        self.kind = kind
        if kind == "sqlite":
            self.template = workdir / "template.sqlite3"
            self.run_path = workdir / "run.sqlite3"
            url = f"sqlite:///{self.template}"
            _otklik(url, "migrate", "--verbosity", "0")
            _otklik(url, "refdata", "defaults")
            self.url = f"sqlite:///{self.run_path}"
        else:
            self.template_url = pg_url
            name = urlsplit(pg_url).path.lstrip("/")
            self.run_name = f"{name}_run"
            self.url = urlunsplit(urlsplit(pg_url)._replace(path=f"/{self.run_name}"))
            if not _pg_exists(pg_url):
                _pg_admin(pg_url, f'CREATE DATABASE "{name}"')
            _otklik(pg_url, "migrate", "--verbosity", "0")
            if not _has_reference(pg_url):
                _otklik(pg_url, "refdata", "defaults")

    def fresh(self) -> str:
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.run_path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.template, self.run_path)
        else:
            name = urlsplit(self.template_url).path.lstrip("/")
            _pg_admin(self.template_url, f'DROP DATABASE IF EXISTS "{self.run_name}" WITH (FORCE)')
            _pg_admin(self.template_url, f'CREATE DATABASE "{self.run_name}" TEMPLATE "{name}"')
        return self.url

    def drop(self) -> None:
        if self.kind == "postgres":
            _pg_admin(self.template_url, f'DROP DATABASE IF EXISTS "{self.run_name}" WITH (FORCE)')


def _has_reference(url: str) -> bool:
    import psycopg

    with psycopg.connect(url.split("?")[0]) as conn:
        row = conn.execute("SELECT count(*) FROM org_channel").fetchone()
    return bool(row and row[0])


# ----------------------------------------------------------------------------------- child processes


def _rss_mb() -> float:
    """Peak RSS of this process since it started. Not `ru_maxrss`: on Linux that keeps the high-water mark
    of the forked copy of the parent, so every child would report at least the parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _chunks(manifest: list[dict[str, Any]]) -> Iterator[tuple[str, list[Any]]]:
    from otklik.intake.importer import CHUNK
    from otklik.intake.readers import load_mapping, read_records
    from otklik.registry.record import FeedbackRecord

    for entry in manifest:
        pending: list[Any] = []
        for _row, outcome in read_records(entry["path"], load_mapping(entry["channel"])):
            if not isinstance(outcome, FeedbackRecord):
                raise SystemExit(f"{entry['path']}: row not readable: {outcome}")
            pending.append(outcome)
            if len(pending) >= CHUNK:
                yield entry["channel"], pending
                pending = []
        if pending:
            yield entry["channel"], pending


def child(mode: str, manifest: list[dict[str, Any]]) -> dict[str, Any]:
    """One measurement in this process; returns records, seconds and peak RSS."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    if mode == "read":
        started, cpu = time.perf_counter(), time.process_time()
        count = sum(len(records) for _, records in _chunks(manifest))
        return {
            "records": count,
            "seconds": time.perf_counter() - started,
            "cpu": time.process_time() - cpu,
            "rss_mb": _rss_mb(),
        }
    from django.db import connection, transaction

    from otklik.audit import context
    from otklik.intake.importer import import_file
    from otklik.registry import services
    from otklik.registry.models import Feedback, ImportBatch, PersonalData

    context.bind(context.RequestContext(origin="cli"))
    connection.ensure_connection()
    base_rss = _rss_mb()
    reader_rss = 0.0
    if mode == "import":
        from otklik.intake.importer import stop_reading_process

        started, cpu = time.perf_counter(), time.process_time()
        batches = [import_file(e["path"], channel=e["channel"]) for e in manifest]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        # The reading process (large tables are read and prepared there): its CPU time counts with
        # this process's, its peak memory is reported beside.
        stop_reading_process()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += children.ru_utime + children.ru_stime
        reader_rss = children.ru_maxrss / 1024
        bad = [b for b in batches if b.status != ImportBatch.Status.DONE or b.rejected_count]
        if bad:
            raise SystemExit(f"import did not finish cleanly: {[(b.status, b.message) for b in bad]}")
        count = sum(b.created_count for b in batches)
    else:
        refs = services.References()
        seconds, cpu, count = 0.0, 0.0, 0
        for _channel, records in _chunks(manifest):
            rows = [services.build(r, refs, None) for r in records]
            started, cpu_started = time.perf_counter(), time.process_time()
            with transaction.atomic():
                created = Feedback.objects.bulk_create(rows, batch_size=500)
                PersonalData.objects.bulk_create(
                    [
                        PersonalData(feedback=f, **dataclasses.asdict(r.personal))
                        for f, r in zip(created, records, strict=True)
                        if not r.personal.is_empty()
                    ],
                    batch_size=500,
                )
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            count += len(created)
    stored = Feedback.objects.count()
    if stored != count:
        raise SystemExit(f"{mode}: {count} records reported, {stored} in the registry")
    return {
        "records": count,
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base_rss,
        "reader_rss_mb": reader_rss,
    }


def measure(mode: str, manifest_path: Path, url: str) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", mode, "--manifest", str(manifest_path)],
        env=child_env(url),
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {url} failed:\n{out.stdout}\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------------------- XLSX readers

XLSX_READERS = ("own", "openpyxl", "calamine")


def read_xlsx(reader: str, path: str) -> dict[str, Any]:
    """Every row of the book's first sheet as cell texts, with one reader; in a process of its own."""
    from otklik.intake.readers.limits import DEFAULT_LIMITS
    from otklik.intake.readers.xlsxtable import XlsxSource, cell_text, check_zip

    base = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    rows = cells = 0
    if reader == "own":
        source = XlsxSource(path, DEFAULT_LIMITS, None)  # runs check_zip itself
        try:
            for _number, texts in source._stream():  # the whole sheet, the header too, as the others
                rows += 1
                cells += len(texts)
        finally:
            source.close()
    elif reader == "openpyxl":
        import openpyxl

        check_zip(path, DEFAULT_LIMITS)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            sheet = book[book.sheetnames[0]]
            for values in sheet.iter_rows(values_only=True):
                texts = [cell_text(value) for value in values]
                rows += 1
                cells += len(texts)
        finally:
            book.close()
    else:
        import importlib

        calamine: Any = importlib.import_module("python_calamine")  # not a dependency: only measured
        check_zip(path, DEFAULT_LIMITS)
        with calamine.CalamineWorkbook.from_path(path) as calamine_book:
            for values in calamine_book.get_sheet_by_index(0).iter_rows():
                texts = [cell_text(value) for value in values]
                rows += 1
                cells += len(texts)
    return {
        "reader": reader,
        "rows": rows,
        "cells": cells,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rss_mb": _rss_mb(),
        "base_rss_mb": base,
    }


def bench_xlsx_readers(args: argparse.Namespace) -> None:
    import importlib.util

    readers = [r for r in XLSX_READERS if r != "calamine" or importlib.util.find_spec("python_calamine")]
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        workdir = Path(tmp)
        files = []
        for n, (channel, sample, share) in enumerate(MIX):
            if sample.endswith(".xlsx"):
                rows = round(args.rows * share)
                files.append((write_stream_file(channel, sample, rows, workdir, f"B{n}"), rows))
        if args.xlsx_big_rows:
            channel, sample, _share = next(m for m in MIX if m[1].endswith(".xlsx"))
            big = write_stream_file(channel, sample, args.xlsx_big_rows, workdir, "X")
            files.append((big, args.xlsx_big_rows))
        print(f"нагрузка перед замером {os.getloadavg()[0]:.1f}", flush=True)
        table: list[tuple[str, str, dict[str, Any]]] = []
        for path, rows in files:
            size = path.stat().st_size / 2**20
            results: dict[str, list[dict[str, Any]]] = {r: [] for r in readers}
            for run in range(args.runs):
                for reader in readers:  # side by side in each run, so the load of others falls on all
                    out = subprocess.run(  # noqa: S603
                        [sys.executable, __file__, "--child-xlsx", reader, "--manifest", str(path)],
                        env=child_env(""),
                        check=False,
                        capture_output=True,
                        text=True,
                    )
                    if out.returncode != 0:
                        raise SystemExit(f"{reader} on {path.name} failed:\n{out.stdout}\n{out.stderr}")
                    result = json.loads(out.stdout.strip().splitlines()[-1])
                    results[reader].append(result)
                    print(
                        f"  {path.name} ({rows} строк, {size:.1f} МБ) прогон {run + 1}: {reader:9} "
                        f"{result['rows'] / result['seconds']:9.0f} строк/с, "
                        f"пик RSS {result['rss_mb']:.0f} МБ",
                        flush=True,
                    )
            counts = {r: {(x["rows"], x["cells"]) for x in results[r]} for r in readers}
            for reader in readers:
                rates = [x["rows"] / x["seconds"] for x in results[reader]]
                middle = statistics.median_low(rates)
                chosen = results[reader][rates.index(middle)]
                label = f"{path.name} ({rows} строк, {size:.1f} МБ)"
                table.append((label, reader, {**chosen, "rates": rates}))
            print(f"  строк и ячеек прочитано: {counts}", flush=True)
    print()
    print(f"Читатели XLSX: медиана {args.runs} прогонов, нагрузка после {os.getloadavg()[0]:.1f}")
    print(f"{'файл':44} {'читатель':9} {'строк/с':>9} {'(прогоны)':28} {'пик RSS, МБ':>11} {'до чтения':>9}")
    for name, reader, result in table:
        runs = ", ".join(f"{r:.0f}" for r in result["rates"])
        print(
            f"{name:44} {reader:9} {result['rows'] / result['seconds']:9.0f} ({runs:26}) "
            f"{result['rss_mb']:11.0f} {result['base_rss_mb']:9.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps([[n, r, x] for n, r, x in table], indent=2))


# ------------------------------------------------------------------------------ reading apart: delivery

_worker_state: dict[str, Any] = {}


def _worker_setup() -> None:
    """As the reading process sets itself up: Django, then the collector's tuning."""
    import gc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _worker_open(job: tuple[Any, ...]) -> int | None:
    from otklik.intake import importer

    path, mapping, size, refs = job
    rows, total = importer.table_items(Path(path), mapping, 0)
    _worker_state["chunks"] = importer.chunked(rows, size, first=min(size, 200), expected=total)
    _worker_state["refs"] = refs
    return total


def _worker_next() -> tuple[list[Any], bool]:
    from otklik.intake import importer

    chunk, last = next(_worker_state["chunks"])
    return importer.prepare_chunk(chunk, _worker_state["refs"], 1), last


def deliver_apart(how: str, manifest: list[dict[str, Any]]) -> dict[str, Any]:
    """Every table's prepared chunks received in this process; in a process of its own."""
    import concurrent.futures
    import multiprocessing

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    from otklik.intake import importer
    from otklik.registry.services import References

    refs = References()
    started, count = time.perf_counter(), 0
    executor = None
    if how == "executor":
        context = multiprocessing.get_context("spawn")
        executor = concurrent.futures.ProcessPoolExecutor(1, mp_context=context, initializer=_worker_setup)
    for entry in manifest:
        mapping = importer.resolve_mapping(entry["channel"], entry["channel"])
        if executor is None:
            chunks, _total = importer.prepared_apart(Path(entry["path"]), mapping, 0, importer.CHUNK, refs, 1)
            count += sum(len(entries) for entries, _last in chunks)
            continue
        executor.submit(_worker_open, (entry["path"], mapping, importer.CHUNK, refs)).result()
        future = executor.submit(_worker_next)
        while True:
            entries, last = future.result()
            if not last:
                future = executor.submit(_worker_next)  # the next chunk is prepared meanwhile
            count += len(entries)
            if last:
                break
    seconds = time.perf_counter() - started
    if executor is not None:
        executor.shutdown()
    importer.stop_reading_process()
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"records": count, "seconds": seconds, "rss_mb": _rss_mb(), "reader_rss_mb": child_rss}


def bench_apart_delivery(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        workdir = Path(tmp)
        manifest = [e for e in write_mixed_files(args.rows, workdir) if not e["path"].endswith(".xml")]
        manifest_path = workdir / "mixed.json"
        manifest_path.write_text(json.dumps(manifest))
        url = Database("sqlite", workdir, args.pg_url).fresh()
        print(f"нагрузка перед замером {os.getloadavg()[0]:.1f}", flush=True)
        results: dict[str, list[dict[str, Any]]] = {"pipes": [], "executor": []}
        for run in range(args.runs):
            for how, found in results.items():
                out = subprocess.run(  # noqa: S603
                    [sys.executable, __file__, "--child-apart", how, "--manifest", str(manifest_path)],
                    env=child_env(url),
                    check=False,
                    capture_output=True,
                    text=True,
                )
                if out.returncode != 0:
                    raise SystemExit(f"{how} failed:\n{out.stdout}\n{out.stderr}")
                found.append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(
                    f"  прогон {run + 1}: {how:8} {_rate(found[-1]):7.0f} записей/с, пик RSS "
                    f"{found[-1]['rss_mb']:.0f} МБ + процесс чтения {found[-1]['reader_rss_mb']:.0f} МБ",
                    flush=True,
                )
    load = os.getloadavg()[0]
    print(f"\nПодготовленные порции из отдельного процесса, без записи в базу; нагрузка {load:.1f}")
    for how, found in results.items():
        summary = _median_run(found)
        rates = ", ".join(f"{r:.0f}" for r in summary["rates"])
        print(
            f"{how:8} {summary['rate']:7.0f} записей/с ({rates}), пик RSS {summary['rss_max']:.0f} МБ "
            f"+ процесс чтения {summary['reader_rss_max']:.0f} МБ"
        )


# ------------------------------------------------------------------------------------------- report


def _rate(result: dict[str, Any]) -> float:
    return float(result["records"] / result["seconds"])


def _cpu_rate(result: dict[str, Any]) -> float:
    """Records per second of this process's own CPU time: what the load of other processes does not
    change (PostgreSQL's own work runs in the server and is not in it)."""
    return float(result["records"] / max(result["cpu"], 1e-9))


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    rates = [_rate(r) for r in results]
    middle = statistics.median_low(rates)
    chosen = results[rates.index(middle)]
    return {
        **chosen,
        "rate": middle,
        "rates": rates,
        "rss_max": max(r["rss_mb"] for r in results),
        "reader_rss_max": max(r.get("reader_rss_mb", 0.0) for r in results),
    }


def bench_database(
    kind: str, workdir: Path, manifest: Path, memory_manifest: Path | None, args: argparse.Namespace
) -> dict[str, Any] | None:
    try:
        db = Database(kind, workdir, args.pg_url)
    except Exception as exc:  # any failure to reach or prepare PostgreSQL skips it, saying why
        if kind == "sqlite":
            raise
        print(f"\nPostgreSQL пропущен: {args.pg_url} недоступен ({type(exc).__name__}: {exc})".rstrip())
        return None
    runs: dict[str, list[dict[str, Any]]] = {"import": [], "bare": []}
    for run in range(args.runs):
        for mode in ("import", "bare"):
            result = measure(mode, manifest, db.fresh())
            runs[mode].append(result)
            print(
                f"  {kind:8} run {run + 1}/{args.runs} {mode:6}: {_rate(result):8.0f} records/s "
                f"({_cpu_rate(result):.0f} per CPU second), peak RSS {result['rss_mb']:.0f} MB"
                + (f" + reader {result['reader_rss_mb']:.0f} MB" if result.get("reader_rss_mb") else ""),
                flush=True,
            )
    summary = {mode: _median_run(results) for mode, results in runs.items()}
    if memory_manifest is not None and kind in args.memory_db.split(","):
        summary["memory"] = measure("import", memory_manifest, db.fresh())
        mem = summary["memory"]
        print(
            f"  {kind:8} memory run: {mem['records']} records, {_rate(mem):8.0f} records/s "
            f"({_cpu_rate(mem):.0f} per CPU second), "
            f"peak RSS {mem['rss_mb']:.0f} MB (after start {mem['base_rss_mb']:.0f} MB), "
            f"reading process {mem['reader_rss_mb']:.0f} MB",
            flush=True,
        )
    db.drop()
    return summary


def print_report(
    results: dict[str, dict[str, Any]], read: dict[str, Any], args: argparse.Namespace, sizes: str
) -> None:
    print()
    print(f"Загрузка: {args.rows} записей смешанных файлов ({sizes}); медиана {args.runs} прогонов")
    print(f"чтение файлов без базы: {_rate(read):.0f} записей/с, пик RSS {read['rss_mb']:.0f} МБ")
    print(
        f"{'':10} {'загрузка, зап./с':>17} {'на с ЦП':>8} {'голая вставка':>14} "
        f"{'время загрузки / голой':>23} {'пик RSS (+ процесс чтения)':>27}"
    )
    for kind, summary in results.items():
        imp, bare = summary["import"], summary["bare"]
        print(
            f"{kind:10} {imp['rate']:17.0f} {_cpu_rate(imp):8.0f} {bare['rate']:14.0f} "
            f"{bare['rate'] / imp['rate']:22.2f}× {imp['rss_max']:13.0f} + {imp['reader_rss_max']:.0f} МБ"
        )
    for kind, summary in results.items():
        if "memory" in summary:
            mem = summary["memory"]
            print(
                f"{kind}: файл {mem['records']} строк — {_rate(mem):.0f} записей/с, "
                f"пик RSS {mem['rss_mb']:.0f} МБ "
                f"(после запуска Django {mem['base_rss_mb']:.0f} МБ), "
                f"процесс чтения {mem['reader_rss_mb']:.0f} МБ"
            )
    sqlite = results.get("sqlite")
    if sqlite:
        imp, bare = sqlite["import"], sqlite["bare"]
        checks = [
            ("SQLite ≥ 10 000 записей/с", imp["rate"] >= 10_000),
            ("SQLite не медленнее голой вставки больше чем в 3 раза", bare["rate"] / imp["rate"] <= 3),
        ]
        checks += [
            (
                f"{kind}: пик RSS файла {s['memory']['records']} строк < 300 МБ (и у процесса чтения)",
                max(s["memory"]["rss_mb"], s["memory"]["reader_rss_mb"]) < 300,
            )
            for kind, s in results.items()
            if "memory" in s
        ]
        for label, ok in checks:
            print(f"{'да ' if ok else 'НЕТ'} {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="records in the mixed files")
    parser.add_argument(
        "--memory-rows", type=int, default=1_000_000, help="rows of the memory check (0: none)"
    )
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--memory-db", default="sqlite,postgres", help="where the memory file is imported")
    parser.add_argument("--pg-url", default=os.environ.get("OTKLIK_BENCH_POSTGRES", PG_URL))
    parser.add_argument("--quick", action="store_true", help="small sizes: 5,000 rows, 20,000 for memory")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--xlsx-readers", action="store_true", help="compare XLSX readers instead of the import"
    )
    parser.add_argument(
        "--xlsx-big-rows", type=int, default=100_000, help="rows of the large XLSX file (0: none)"
    )
    parser.add_argument(
        "--apart-delivery", action="store_true", help="compare reading apart over pipes and by an executor"
    )
    parser.add_argument("--child", choices=["import", "bare", "read"], help=argparse.SUPPRESS)
    parser.add_argument("--child-apart", choices=["pipes", "executor"], help=argparse.SUPPRESS)
    parser.add_argument("--child-xlsx", choices=XLSX_READERS, help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_apart:
        print(json.dumps(deliver_apart(args.child_apart, json.loads(args.manifest.read_text()))))
        return
    if args.child_xlsx:
        print(json.dumps(read_xlsx(args.child_xlsx, str(args.manifest))))
        return
    if args.child:
        manifest = json.loads(args.manifest.read_text())
        print(json.dumps(child(args.child, manifest)))
        return
    # A stopped run still removes its files (a million-row database is more than a gigabyte).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.quick:
        args.rows, args.memory_rows, args.runs = 5_000, min(args.memory_rows, 20_000), 1
        args.xlsx_big_rows = min(args.xlsx_big_rows, 20_000)
    if args.xlsx_readers:
        bench_xlsx_readers(args)
        return
    if args.apart_delivery:
        bench_apart_delivery(args)
        return
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} ядра, "
        f"Python {platform.python_version()}, нагрузка {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        manifest = write_mixed_files(args.rows, workdir)
        manifest_path = workdir / "mixed.json"
        manifest_path.write_text(json.dumps(manifest))
        sizes = ", ".join(f"{e['channel']} {Path(e['path']).suffix[1:]} {e['rows']}" for e in manifest)
        memory_path: Path | None = None
        if args.memory_rows:
            channel, sample = MEMORY_STREAM
            big = write_stream_file(channel, sample, args.memory_rows, workdir, "M")
            memory_path = workdir / "memory.json"
            memory_path.write_text(
                json.dumps([{"channel": channel, "path": str(big), "rows": args.memory_rows}])
            )
            print(f"файл для проверки памяти: {big.name}, {big.stat().st_size / 2**20:.0f} МБ")
        print(f"файлы записаны за {time.perf_counter() - started:.0f} с: {sizes}", flush=True)
        read = _median_run([measure("read", manifest_path, "") for _ in range(args.runs)])
        results: dict[str, dict[str, Any]] = {}
        for kind in [k.strip() for k in args.db.split(",") if k.strip()]:
            summary = bench_database(kind, workdir, manifest_path, memory_path, args)
            if summary is not None:
                results[kind] = summary
    print_report(results, read, args, sizes)
    if args.json:
        args.json.write_text(json.dumps({"read": read, **results}, indent=2))


if __name__ == "__main__":
    main()
