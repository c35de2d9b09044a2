"""The registry's own writer (`_registered` + `RowWriter`) beside Django's `bulk_create`, same rows, same job.

Run: `scripts/bench writer` or `python bench/bench_writer.py [--rows 100000] [--registered 10000] [--runs 3]
[--db sqlite,postgres]` (`--quick` for small sizes). The records are the mixed stream files of
bench_import.py (`--rows` + `--registered` of them), read and prepared (`services.prepare`) before the
clock starts. Each run is a fresh subprocess on a fresh copy of one migrated template; `--registered` of
the records (every n-th) are stored first, untimed, so that the timed write also skips already registered
records and reports their keys. Timed, per chunk of the import's size, in one transaction each:

- own: the natural-key lookup `_registered` (500 source ids a query) and `RowWriter.insert` of the new
  rows and of their personal data, as `services.store` does it (without its audit record and repeat checks);
- bulk_create: the same lookup through the ORM (`values_list`, no ordering), the model objects built from
  the same prepared values, and `bulk_create(batch_size=500)` for the registry and the personal data, whose
  returned keys are used as the own writer's are.

`ignore_conflicts=True` is not measured: with it `bulk_create` returns no keys on either database, and the
keys of the new rows are what registration answers. `update_conflicts=True` would return keys, but it
rewrites the rows already registered (and fires their update triggers) and does not say which rows are new.
Both modes must end with the same number of rows and return a key for every record.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import PG_URL, Database, _chunks, child_env, write_mixed_files

MODES = ("own", "bulk_create")


def child(mode: str, manifest: list[dict[str, Any]], registered: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from otklik.registry import services
    from otklik.registry.models import Feedback, PersonalData

    connection.ensure_connection()
    refs = services.References()
    chunks = []
    for _channel, records in _chunks(manifest):
        chunks.append([p for p in services.prepare(records, refs, None) if isinstance(p, services.Prepared)])
    total = sum(len(c) for c in chunks)
    every = max(1, total // registered) if registered else 0
    feedback_writer, personal_writer = refs.writers()
    if every:  # stored beforehand, untimed, by the product's own path
        for chunk in chunks:
            services.store(chunk[::every], refs)
    before = Feedback.objects.count()

    def lookup_own(channel_id: int, part: list[str]) -> list[tuple[int, str, int | None]]:
        return services._registered(channel_id, part)

    def lookup_orm(channel_id: int, part: list[str]) -> list[tuple[int, str, int | None]]:
        rows = Feedback.objects.filter(channel_id=channel_id, source_id__in=part).order_by()
        return list(rows.values_list("id", "source_id", "batch_id"))

    lookup = lookup_own if mode == "own" else lookup_orm
    names = services.FEEDBACK_COLUMNS
    keys_returned = 0
    started, cpu = time.perf_counter(), time.process_time()
    for chunk in chunks:
        with transaction.atomic():
            by_channel: dict[int, list[str]] = {}
            for item in chunk:
                by_channel.setdefault(item.key[0], []).append(item.key[1])
            existing: dict[tuple[int, str], int] = {}
            for channel_id, source_ids in by_channel.items():
                for start in range(0, len(source_ids), 500):
                    for pk, sid, _batch in lookup(channel_id, source_ids[start : start + 500]):
                        existing[(channel_id, sid)] = pk
            fresh = sorted((item for item in chunk if item.key not in existing), key=lambda item: item.key)
            if mode == "own":
                created = feedback_writer.insert([feedback_writer.adapt(list(item.values)) for item in fresh])
                personal_writer.insert(
                    [[pk, *item.personal] for item, pk in zip(fresh, created, strict=True) if item.personal],
                    leading=("feedback_id",),
                )
            else:
                objs = Feedback.objects.bulk_create(
                    [Feedback(**dict(zip(names, item.values, strict=True))) for item in fresh], batch_size=500
                )
                created = [obj.pk for obj in objs]
                PersonalData.objects.bulk_create(
                    [
                        PersonalData(
                            feedback_id=pk, **dict(zip(services.PERSONAL_COLUMNS, item.personal, strict=True))
                        )
                        for item, pk in zip(fresh, created, strict=True)
                        if item.personal
                    ],
                    batch_size=500,
                )
            keys_returned += sum(1 for pk in created if pk is not None) + len(existing)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    written = Feedback.objects.count() - before
    if keys_returned != total or written != total - before:
        raise SystemExit(f"{mode}: {total} records, {written} written, {keys_returned} keys")
    return {"records": total, "written": written, "skipped": before, "seconds": seconds, "cpu": cpu}


def measure(mode: str, manifest_path: Path, url: str, registered: int) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--manifest",
            str(manifest_path),
            "--registered",
            str(registered),
        ],
        env=child_env(url),
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {url} failed:\n{out.stdout}\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows written by the timed run")
    parser.add_argument("--registered", type=int, default=10_000, help="records already in the registry")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=PG_URL.replace("otklik_bench", "otklik_bench_writer"))
    parser.add_argument("--quick", action="store_true", help="10 000 rows, 1 000 registered, 1 run")
    parser.add_argument("--child", choices=MODES)
    parser.add_argument("--manifest", type=Path)
    args = parser.parse_args()
    if args.child:
        manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
        print(json.dumps(child(args.child, manifest, args.registered)))
        return
    if args.quick:
        args.rows, args.registered, args.runs = 10_000, 1_000, 1
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPU", flush=True)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-writer-") as tmp:
        workdir = Path(tmp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
        os.environ.setdefault("OTKLIK_SECRET_KEY", "bench-only-secret-key")
        import django

        django.setup()
        manifest = write_mixed_files(args.rows + args.registered, workdir)
        manifest_path = workdir / "manifest.json"
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        for kind in args.db.split(","):
            try:
                db = Database(kind, workdir, args.pg_url)
            except Exception as exc:
                if kind == "sqlite":
                    raise
                print(f"PostgreSQL пропущен: {args.pg_url} недоступен ({type(exc).__name__}: {exc})")
                continue
            results[kind] = {mode: [] for mode in MODES}
            for run in range(args.runs):
                for mode in MODES:
                    result = measure(mode, manifest_path, db.fresh(), args.registered)
                    results[kind][mode].append(result)
                    print(
                        f"  {kind:8} run {run + 1}/{args.runs} {mode:11}: {result['written']} written, "
                        f"{result['skipped']} skipped, {result['seconds']:6.2f} s, "
                        f"{result['written'] / result['seconds']:7.0f} rows/s (CPU {result['cpu']:.2f} s)",
                        flush=True,
                    )
            db.drop()
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print()
    print(f"Запись {args.rows} новых строк реестра (+ {args.registered} уже в реестре), медиана {args.runs}:")
    print(f"{'':10} {'свой, с':>9} {'bulk_create, с':>15} {'bulk_create / свой':>19} {'то же по ЦП':>12}")
    for kind, runs in results.items():
        own, lib = (statistics.median(r["seconds"] for r in runs[m]) for m in MODES)
        own_cpu, lib_cpu = (statistics.median(r["cpu"] for r in runs[m]) for m in MODES)
        print(f"{kind:10} {own:9.2f} {lib:15.2f} {lib / own:18.2f}× {lib_cpu / own_cpu:11.2f}×")


if __name__ == "__main__":
    main()
