"""Many people at once: N signed-in sessions over HTTP against `otklik serve` on 1,000,000 records.

Run: `python bench/bench_load.py [--sessions 5,20] [--duration 30] [--db postgres,sqlite] [--checkout REF]`
(`--quick`: 20,000 rows, 10 s a level). The database is the one `bench_reports.py` fills and keeps in
`var/bench/` (its `build()`, imported); it is migrated to this code first. The benchmark starts
`otklik serve` (gunicorn, `--workers`, default 2) on a free loopback port, signs in the sessions (every
fifth a unit officer, the others leadership) and for `--duration` seconds per level each session asks,
one after another in a shuffled round: the dashboard for a quarter, the registry with three filters
(quarter, stream, tone), a full-text search, the search's count that the page then fetches, and two
record cards. It reports requests/s, p50/p95/p99 per page, errors, and CPU seconds per request: of the
web processes (gunicorn master and workers) and of PostgreSQL (the backends of the bench database, and
the processes the server reaped during the level: parallel workers; also other users' short connections,
so on a shared machine it is an upper bound). On SQLite all the CPU is the web's.

`--checkout REF` runs the same load, on the same database, against a `git worktree` of REF as well (in
`var/bench/checkout-<ref>`, the same virtual environment): the code before a change, measured in the same
run. Results go to `bench/RESULTS.md`, section «Нагрузка: много пользователей сразу».
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_reports  # the filled database and its build()
from results import write_section

ROOT = bench_reports.ROOT
BENCH_DIR = bench_reports.BENCH_DIR
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Нагрузка: много пользователей сразу"
QUARTER = bench_reports.MEASURED_QUARTER
WORD = bench_reports.SEARCH_WORD
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGES = ("dashboard", "registry", "search", "search_count", "card")
OFFICER_EVERY = 5  # every fifth session is a unit officer's

# ---------------------------------------------------------------------------------------------- setup (child)


def child_prepare(rows: int, cards: int) -> None:
    """In a Django process on the bench database: fill it if needed, sign in a leader and an officer, and
    print their session cookies and the record ids each may open."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db.models import Max
    from django.test import Client

    from otklik.accounts import roles
    from otklik.accounts.models import User
    from otklik.org.models import Unit
    from otklik.registry.access import visible_to
    from otklik.registry.models import Feedback

    done = Feedback.objects.aggregate(last=Max("id"))["last"] or 0
    if done > rows or Feedback.objects.count() != done:
        raise SystemExit(f"the bench database holds other records than 1..{rows}: bench_reports.py --rebuild")
    if done < rows:
        print(f"  filling {rows} rows" + (f", from {done}" if done else ""), flush=True)
        bench_reports.build(rows, done)
    bench_reports.settle()
    leader, _ = User.objects.get_or_create(username="bench-load-leader", defaults={"last_name": "Нагрузка"})
    leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
    unit = Unit.objects.order_by("pk").first()
    officer, _ = User.objects.get_or_create(
        username="bench-load-officer", defaults={"last_name": "Нагрузка", "unit": unit}
    )
    officer.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    out: dict[str, Any] = {}
    rng = random.Random(18)
    for role, user in (("leader", leader), ("officer", officer)):
        client = Client()
        client.force_login(user)
        ids = list(visible_to(user).order_by().values_list("pk", flat=True)[: cards * 20])
        out[role] = {
            "cookie": client.cookies["sessionid"].value,
            "ids": rng.sample(ids, min(cards, len(ids))),
        }
    print("PREPARED " + json.dumps(out), flush=True)


# ---------------------------------------------------------------------------------------------- CPU


def _ticks(pid: int) -> tuple[int, int]:
    """(own, reaped children's) CPU ticks of a process; (0, 0) if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0, 0
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError, ValueError):
            out += [int(x) for x in (task / "children").read_text().split()]
    return out


def web_cpu(master: int) -> float:
    """CPU seconds of the gunicorn master, its workers and the workers it reaped."""
    own, reaped = _ticks(master)
    total = own + reaped + sum(sum(_ticks(pid)) for pid in _children(master))
    return total / CLK_TCK


class PgCpu:
    """CPU seconds of the bench database's backends, and of the server's processes reaped since."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.name = url.rsplit("/", 1)[1]
        row = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'"
        ).fetchone()
        own = self.conn.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None and own is not None
        # The checkpointer's parent is the server's main process, which reaps every backend and worker.
        self.postmaster = int(Path(f"/proc/{row[0]}/stat").read_text().rsplit(")", 1)[1].split()[1])
        self.own = int(own[0])

    def sample(self) -> dict[int, int]:
        rows = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid != %s", [self.name, self.own]
        ).fetchall()
        ticks = {pid: _ticks(pid)[0] for (pid,) in rows}
        ticks[-1] = _ticks(self.postmaster)[1]  # reaped children: parallel workers, ended connections
        return ticks

    @staticmethod
    def between(before: dict[int, int], after: dict[int, int]) -> tuple[float, float]:
        """(backends of the bench database, reaped processes) CPU seconds from `before` to `after`."""
        backends = sum(t - before.get(pid, 0) for pid, t in after.items() if pid != -1)
        return backends / CLK_TCK, (after[-1] - before[-1]) / CLK_TCK


# ---------------------------------------------------------------------------------------------- load


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _urls(rng: random.Random, ids: list[int], officer: bool) -> list[tuple[str, str]]:
    """One round of a session's pages, shuffled: (page, path)."""
    q = urllib.parse.quote(WORD)
    channel = rng.choice((1, 2, 3, 4, 5, 6, 7))
    pages = [
        ("registry", f"/reports/registry/?period={QUARTER}&channel={channel}&tone=negative"),
        ("search", f"/reports/registry/?period={QUARTER}&q={q}"),
        ("card", f"/registry/{rng.choice(ids)}/"),
        ("card", f"/registry/{rng.choice(ids)}/"),
    ]
    if not officer:
        pages.append(("dashboard", f"/reports/dashboard/?period={QUARTER}"))
    rng.shuffle(pages)
    at = next(i for i, (name, _) in enumerate(pages) if name == "search")
    pages.insert(
        at + 1, ("search_count", f"/reports/registry/count?period={QUARTER}&q={q}")
    )  # the page's script
    return pages


def _session(
    port: int,
    cookie: str,
    ids: list[int],
    officer: bool,
    seed: int,
    until: float,
    out: list[tuple[str, float, bool]],
) -> None:
    rng = random.Random(seed)
    headers = {"Cookie": f"sessionid={cookie}", "Connection": "close"}
    while True:
        for page, path in _urls(rng, ids, officer):
            if time.monotonic() >= until:
                return
            started = time.perf_counter()
            ok = False
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                pass
            out.append((page, time.perf_counter() - started, ok))


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run_level(
    port: int, prepared: dict[str, Any], sessions: int, duration: float, master: int, pg: PgCpu | None
) -> dict[str, Any]:
    out: list[tuple[str, float, bool]] = []
    load_before = os.getloadavg()[0]
    web_before = web_cpu(master)
    pg_before = pg.sample() if pg else {}
    started = time.monotonic()
    until = started + duration
    threads = []
    for i in range(sessions):
        officer = i % OFFICER_EVERY == OFFICER_EVERY - 1
        who = prepared["officer" if officer else "leader"]
        thread = threading.Thread(
            target=_session,
            args=(port, who["cookie"], who["ids"], officer, 1000 + i, until, out),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=duration + 130)
    elapsed = time.monotonic() - started  # the last requests end after `until`
    web = web_cpu(master) - web_before
    backends, reaped = PgCpu.between(pg_before, pg.sample()) if pg else (0.0, 0.0)
    done = list(out)
    result: dict[str, Any] = {
        "sessions": sessions,
        "seconds": round(elapsed, 1),
        "requests": len(done),
        "rps": len(done) / elapsed,
        "errors": sum(1 for _, _, ok in done if not ok),
        "p50": _pct([t for _, t, _ in done], 0.5),
        "p95": _pct([t for _, t, _ in done], 0.95),
        "p99": _pct([t for _, t, _ in done], 0.99),
        "web_cpu": web / max(1, len(done)),
        "db_cpu": backends / max(1, len(done)),
        "db_reaped_cpu": reaped / max(1, len(done)),
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "pages": {},
    }
    for page in PAGES:
        times = [t for name, t, _ in done if name == page]
        result["pages"][page] = {
            "n": len(times),
            "errors": sum(1 for name, _, ok in done if name == page and not ok),
            "p50": _pct(times, 0.5),
            "p95": _pct(times, 0.95),
            "p99": _pct(times, 0.99),
        }
    return result


def page_cpu(port: int, prepared: dict[str, Any], master: int, pg: PgCpu | None, runs: int) -> dict[str, Any]:
    """CPU per request of each page alone, one request at a time (a leader's session)."""
    out: dict[str, Any] = {}
    who = prepared["leader"]
    rng = random.Random(7)
    for page in PAGES:
        paths = [path for name, path in _urls(rng, who["ids"], False) if name == page]
        sink: list[tuple[str, float, bool]] = []
        headers = {"Cookie": f"sessionid={who['cookie']}", "Connection": "close"}

        def ask(
            path: str,
            sink: list[tuple[str, float, bool]] = sink,
            page: str = page,
            headers: dict[str, str] = headers,
        ) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            sink.append((page, time.perf_counter() - started, response.status == 200))
            conn.close()

        for _ in range(2):  # warm both workers
            ask(paths[0])
        sink.clear()
        web_before, pg_before = web_cpu(master), (pg.sample() if pg else {})
        for _ in range(runs):  # a card, and the registry's stream, change from one request to the next
            ask(next(path for name, path in _urls(rng, who["ids"], False) if name == page))
        web = web_cpu(master) - web_before
        backends, reaped = PgCpu.between(pg_before, pg.sample()) if pg else (0.0, 0.0)
        out[page] = {
            "web_cpu": web / runs,
            "db_cpu": backends / runs,
            "db_reaped_cpu": reaped / runs,
            "p50": statistics.median(t for _, t, _ in sink),
            "errors": sum(1 for _, _, ok in sink if not ok),
        }
    return out


# ---------------------------------------------------------------------------------------------- driver


def _git(*args: str, check: bool = True) -> str:
    git = shutil.which("git") or "git"
    done = subprocess.run([git, *args], cwd=ROOT, check=check, capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip()


def _checkout(ref: str) -> Path:
    """A worktree of `ref` under var/bench (made once), for the same load on the code before a change."""
    sha = _git("rev-parse", "--short", ref)
    path = BENCH_DIR / f"checkout-{sha}"
    if not path.exists():
        _git("worktree", "add", "--detach", str(path), sha)
    return path


def _serve(code: Path, url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(code),  # before the editable install of this checkout
        "OTKLIK_WEB_WORKERS": str(workers),
    }
    args = [sys.executable, "-m", "otklik.cli", "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(args, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(1)  # both workers up
                return proc
        except OSError as exc:
            if proc.poll() is not None:
                raise SystemExit(
                    f"otklik serve stopped: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
                ) from exc
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("otklik serve did not start in 60 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_code(
    label: str, code: Path, vendor: str, url: str, prepared: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    port = _free_port()
    proc = _serve(code, url, port, args.workers)
    pg = PgCpu(url) if vendor == "postgres" else None
    try:
        print(f"  {label}: {code}", flush=True)
        single = page_cpu(port, prepared, proc.pid, pg, args.page_runs)
        for page, m in single.items():
            print(
                f"    {page:<13} alone: web {m['web_cpu'] * 1000:6.1f} ms  db {m['db_cpu'] * 1000:6.1f} ms "
                f"(+ reaped {m['db_reaped_cpu'] * 1000:5.1f} ms) CPU/request, p50 {m['p50'] * 1000:6.0f} ms",
                flush=True,
            )
        levels = []
        for sessions in args.sessions:
            level = run_level(port, prepared, sessions, args.duration, proc.pid, pg)
            levels.append(level)
            print(
                f"    {sessions:>2} sessions: {level['rps']:5.1f} req/s  p50 {level['p50'] * 1000:5.0f}  "
                f"p95 {level['p95'] * 1000:5.0f}  p99 {level['p99'] * 1000:5.0f} ms  "
                f"errors {level['errors']}  "
                f"CPU/request web {level['web_cpu'] * 1000:.1f} + db {level['db_cpu'] * 1000:.1f} "
                f"(+ reaped {level['db_reaped_cpu'] * 1000:.1f}) ms  load {level['load']}",
                flush=True,
            )
            for page, m in level["pages"].items():
                print(
                    f"      {page:<13} n {m['n']:>5}  p50 {m['p50'] * 1000:5.0f}  "
                    f"p95 {m['p95'] * 1000:5.0f}  p99 {m['p99'] * 1000:5.0f} ms  errors {m['errors']}",
                    flush=True,
                )
        return {"label": label, "single": single, "levels": levels}
    finally:
        if pg:
            pg.conn.close()
        _stop(proc)


def run_vendor(vendor: str, url: str, args: argparse.Namespace) -> dict[str, Any] | None:
    print(f"\n{vendor}: {url}", flush=True)
    if not bench_reports._prepare(vendor, url, args.rows, False):  # migrated to this code, reference data
        return None
    env = {**os.environ, "DATABASE_URL": url}
    cmd = [sys.executable, __file__, "--child", "--rows", str(args.rows)]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    prepared = None
    for line in proc.stdout.splitlines():
        if line.startswith("PREPARED "):
            prepared = json.loads(line.removeprefix("PREPARED "))
        else:
            print(line, flush=True)
    if proc.returncode != 0 or prepared is None:
        raise SystemExit(f"{vendor}: preparing failed\n{proc.stderr[-3000:]}")
    if vendor == "postgres":
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # settled statistics and visibility, as autovacuum leaves them
    runs = []
    if args.checkout:
        label = f"до: {args.checkout}" + (
            f", PGOPTIONS={os.environ['PGOPTIONS']}" if os.environ.get("PGOPTIONS") else ""
        )
        runs.append(run_code(label, _checkout(args.checkout), vendor, url, prepared, args))
    head = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "otklik")  # the code served
    settings = (
        f", PGOPTIONS={os.environ['PGOPTIONS']}"
        if vendor == "postgres" and os.environ.get("PGOPTIONS")
        else ""
    )
    runs.append(
        run_code(f"после: {head}{' +правки' if dirty else ''}{settings}", ROOT, vendor, url, prepared, args)
    )
    return {
        "vendor": vendor,
        "rows": args.rows,
        "at": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}",
        "runs": runs,
        "duration": args.duration,
        "workers": args.workers,
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _cpu(value: float) -> str:
    return f"{value * 1000:.1f}".replace(".", ",")


NAMES = {
    "dashboard": "панель за квартал",
    "registry": "реестр, 3 фильтра",
    "search": "поиск — страница",
    "search_count": "поиск — число найденного",
    "card": "карточка записи",
}


FINDINGS = """Условия. Машина — 2 ядра, PostgreSQL 15 с настройками по умолчанию
(`max_parallel_workers_per_gather` 2, `work_mem` 4 МБ, `shared_buffers` 128 МБ), если в строке не
указано иное; строка с PGOPTIONS — с `max_parallel_workers_per_gather = 0`, как советует README
(«PostgreSQL на малой машине»). Клиенты — потоки Python на той же машине: их ЦП тоже из этих двух
ядер. Машину делят с другими; load average — в таблице.
«До» и «после» сняты в одном прогоне подряд (`--checkout 3bb4fbb`), строка с PGOPTIONS — через 3 минуты.
Код продукта в 5dd3655 и 88af1f7 один: между ними менялись только бенчмарки.
«ЦП БД (завершенные)» — ЦП процессов сервера PostgreSQL, завершившихся за время уровня: параллельные
исполнители и соединения веб-процессов, закрытые по `CONN_MAX_AGE`, но и чужие короткие соединения —
верхняя граница. Перед замером месячные итоги PostgreSQL свернуты, как их держит обработчик (раз в минуту):
заполнение оставляет 990 000 строк разностей на 130 000 ключей.

Итог (1 000 000 записей), цели задачи:

| цель | PostgreSQL | PostgreSQL, PGOPTIONS | SQLite (было) |
|---|---|---|---|
| ЦП панели ≤ 40 мс | 15 + 2 мс | 16 + 2 мс | 20 мс (89) |
| ЦП числа найденного ≤ 50 мс | 12 + 9 мс | 13 + 9 мс | 32 мс (168) |
| 5 сессий: p95 ≤ 250 мс | 188 мс, 45,1 з/с | 137 мс, 58,1 з/с | 203 мс, 42,2 з/с (471) |
| 20 сессий: p95 ≤ 500 мс | **604 мс**, 43,1 з/с | 476 мс, 55,5 з/с | **860 мс**, 36,4 з/с (1374) |

«з/с» — запросов в секунду.

Не выполнено: 20 сессий на PostgreSQL с настройками по умолчанию (выполнено с советом README) и 20 сессий на
SQLite. На SQLite весь ЦП — веб-процессов, 46–54 мс на запрос смешанной нагрузки: два ядра (вместе с
клиентами) дают 36–42 запроса/с, и 20 сессий без пауз ждут в очереди ≈0,5 с. Дороже всего на SQLite
страница поиска частого слова (73 мс: 35 мс — список совпадений FTS5, который SQLite строит целиком, чтобы
проверять по нему записи квартала). SQLite — встроенная база для одного небольшого отдела; для многих людей
сразу README называет PostgreSQL.

Что изменено в этой итерации:

- Число записей реестра для читателя всего реестра (руководство) — из месячных итогов, когда фильтры —
  границы из целых месяцев, поток, орган, подразделение, тематика, отрицательная тональность: точное при
  любом размере (вместо «более 100 000»). Область подразделения в итогах не ведется: ее записи считаются.
- Число найденного: «около N» только когда текстовый индекс находит больше 3 000 записей (SQLite считает
  их в индексе до 3 001; PostgreSQL верит планировщику по запросу к индексу с периодом, а слово вне его
  статистики частых слов считает до 3 001). Оценка — совпадения слова во всем реестре (SQLite — точно в
  FTS5, PostgreSQL — планировщик) × доля реестра, которую выборка занимает без поиска (итоги — для
  руководства, подсчет до 100 000 — для подразделения). Прежняя оценка — планировщика для всей выборки —
  учитывала период дважды: «около 6 500» при 31 934 найденных (проверка `bench_reports.py` это поймала).
  Теперь: «около 32 000» на обеих базах (проверка `bench_reports.py`); у сотрудника подразделения
  на PostgreSQL — «около 13 000» при 12 423.
- Посчитанная часть панели хранится веб-процессом 10 с и на SQLite: ключ — счетчик изменений, который
  увеличивают триггеры итогов (миграция reports 0010).
- Список реестра читает только показываемые столбцы; списки выбора фильтров пишутся сразу в HTML
  (`reports/widgets.py`): −12 мс ЦП на страницу.
- Документы отчетов больше `OTKLIK_REPORT_INLINE_RECORDS` (20 000) записей периода и области готовит
  обработчик; уплотнение поискового индекса после удаления данных по заявлению — тоже обработчик, не запрос.

Команды: `python bench/bench_load.py --checkout 3bb4fbb` (обе базы; `--db postgres` — одна; `--sessions
5,20`, `--duration 30`, `--workers 2`); строка с PGOPTIONS — `PGOPTIONS="-c max_parallel_workers_per_gather=0"
python bench/bench_load.py --db postgres --no-write`, ее прогон дописан к сохраненному замеру;
`--from-saved` пишет этот раздел из последних замеров; база — та же, что у `bench_reports.py`.

Прежний замер (59febdc → dd0ab6d, 2026-12-05) — в следующем разделе.
"""


def write_results(results: list[dict[str, Any]]) -> None:
    lines = [SECTION, ""]
    for result in results:
        vendor = "PostgreSQL" if result["vendor"] == "postgres" else "SQLite"
        lines += [
            f"**{vendor}**, записей: "
            + f"{result['rows']:,}".replace(",", " ")
            + f"; {result['at']} UTC; `otklik serve`, {result['workers']} веб-процесса; "
            f"{result['duration']:g} с на уровень; клиенты — потоки на той же машине (loopback).",
            "",
            "Сводка по уровням (время — от запроса до конца ответа у клиента, мс; ЦП — мс на запрос):",
            "",
            "| Код | Сессий | Запросов/с | p50 | p95 | p99 | Ошибок | ЦП веб | ЦП БД "
            "| ЦП БД (завершенные) | load avg |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for run in result["runs"]:
            for level in run["levels"]:
                lines.append(
                    f"| {run['label']} | {level['sessions']} | {_cpu(level['rps'] / 1000)} | "
                    f"{_ms(level['p50'])} | "
                    f"{_ms(level['p95'])} | {_ms(level['p99'])} | {level['errors']} | "
                    f"{_cpu(level['web_cpu'])} | "
                    f"{_cpu(level['db_cpu'])} | {_cpu(level['db_reaped_cpu'])} | "
                    f"{level['load'][0]:.2f} → {level['load'][1]:.2f} |".replace(".", ",")
                )
        lines += [
            "",
            "По страницам под нагрузкой, p50 / p95 / p99, мс:",
            "",
            "| Код | Сессий | " + " | ".join(NAMES.values()) + " |",
            "|---|---:|" + "---|" * len(NAMES),
        ]
        for run in result["runs"]:
            for level in run["levels"]:
                cells = [
                    f"{_ms(m['p50'])} / {_ms(m['p95'])} / {_ms(m['p99'])}"
                    for m in (level["pages"][p] for p in NAMES)
                ]
                lines.append(f"| {run['label']} | {level['sessions']} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "ЦП на запрос каждой страницы по одной (веб + БД + завершенные процессы сервера БД), мс:",
            "",
            "| Код | " + " | ".join(NAMES.values()) + " |",
            "|---|" + "---|" * len(NAMES),
        ]
        for run in result["runs"]:
            cells = [
                f"{_cpu(m['web_cpu'])} + {_cpu(m['db_cpu'])} + {_cpu(m['db_reaped_cpu'])}"
                for m in (run["single"][p] for p in NAMES)
            ]
            lines.append(f"| {run['label']} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(FINDINGS)
    section = "\n".join(lines)
    write_section(SECTION, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 10 s a level")
    parser.add_argument("--sessions", default="5,20")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--page-runs", type=int, default=10, help="requests per page measured alone")
    parser.add_argument("--db", default="postgres,sqlite")
    parser.add_argument("--pg-url", default=bench_reports.PG_URL)
    parser.add_argument("--checkout", default="", help="also run the code of this git ref, e.g. 59febdc")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument(
        "--from-saved", action="store_true", help="write bench/RESULTS.md from the last figures measured"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.rows, args.duration, args.page_runs = 20_000, 10.0, 3
    if args.from_saved:
        saved = [BENCH_DIR / f"load-{vendor}-{args.rows}.json" for vendor in args.db.split(",")]
        write_results([json.loads(path.read_text()) for path in saved if path.exists()])
        return
    if args.child:
        child_prepare(args.rows, cards=500)
        return
    args.sessions = [int(n) for n in str(args.sessions).split(",")]
    urls = {
        "sqlite": f"sqlite:///{BENCH_DIR / f'reports-{args.rows}.sqlite3'}",
        "postgres": args.pg_url + ("_quick" if args.quick else ""),
    }
    results = []
    for vendor in args.db.split(","):
        result = run_vendor(vendor, urls[vendor], args)
        if result is not None:
            results.append(result)
            (BENCH_DIR / f"load-{vendor}-{args.rows}.json").write_text(json.dumps(result))
    if results and not args.no_write and not args.quick:
        write_results(results)


if __name__ == "__main__":
    main()
