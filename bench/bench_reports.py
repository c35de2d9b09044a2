"""Dashboard, registry and quarterly report at 1,000,000 records, beside the same queries in bare SQL.

Run: `python bench/bench_reports.py [--rows 1000000] [--requests 20] [--db sqlite,postgres] [--rebuild]`
(`--quick`: 20,000 rows). The database is filled by bulk inserts of realistic rows, not by the registration
service: streams, offices, topics, tones and times over five quarters drawn at random, texts (about 300
characters) from the demo generator, masked and lemmatised as the analysis and `index_feedback` would do it.
It is kept in `var/bench/` (SQLite file; PostgreSQL `otklik_bench_reports`) and reused while the row count
matches; `--rebuild` fills it again.

Measured with Django's test client signed in as leadership, the real views and templates:
- dashboard for a quarter;
- registry page with three filters (period, stream, tone);
- registry full-text search «уведомление» within a quarter;
- the quarterly report built to DOCX, as `otklik report quarterly <Q> --format docx` does it.
Each beside its main query run as bare SQL through `connection.cursor()`: the limit. The figures go to
`bench/RESULTS.md`, section «Отчеты и реестр».
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import write_section

ROOT = Path(__file__).resolve().parents[1]
OTKLIK = ROOT / ".venv" / "bin" / "otklik"
BENCH_DIR = ROOT / "var" / "bench"
PG_URL = "postgres://root@127.0.0.1:5432/otklik_bench_reports"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Отчеты и реестр"
QUARTERS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4")
MEASURED_QUARTER = "2026Q3"
SEARCH_WORD = "уведомление"
TARGETS = {"dashboard": 0.3, "registry": 0.3, "search": 0.5, "search_count": 0.5, "report": 15.0}
CHUNK = 5000
TEXT_POOL = 3000

# ---------------------------------------------------------------------------------------------- build


def _text_pool() -> list[tuple[str, str, str, str]]:
    """(title, text, masked text, lemmas) of demo feedback, each text about 300 characters."""
    from otklik.demo import generate
    from otklik.nlp import pdata
    from otklik.nlp.lemmas import lemmas

    pool: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for item in generate(seed=2026, scale=1.0, end=dt.date(2026, 11, 27)):
        text = item.record.text
        if len(text) < 80 or text in seen:
            continue
        seen.add(text)
        while len(text) < 260:  # the demo's short comments joined up to a ~300-character appeal
            text = f"{text} {random.Random(len(seen)).choice(sorted(seen))}"
        text = text[:400]
        masked = pdata.mask(text, pdata.find(text, names=False))
        title = item.record.title[:500]
        pool.append((title, text, masked, " ".join(lemmas(f"{title}\n{masked}"))))
        if len(pool) >= TEXT_POOL:
            break
    return pool


def _moment(rng: random.Random, first: dt.datetime, span: float) -> dt.datetime:
    return first + dt.timedelta(seconds=rng.random() * span)


def build(rows: int, done: int = 0) -> None:
    """Fill a migrated database holding records 1..`done` up to `rows` records with their search documents."""
    from django.db import connection, transaction

    from otklik.lib.periods import parse_period
    from otklik.org.models import Channel, ChannelSource, TaxOffice, Topic, Unit
    from otklik.registry.models import Feedback
    from otklik.reports.models import SearchDocument
    from otklik.reports.periods import received_range

    started, first_id = time.perf_counter(), done
    pool = _text_pool()
    print(f"  texts: {len(pool)} in {time.perf_counter() - started:.0f} s", flush=True)
    rng = random.Random(2026 + done)
    channels = list(Channel.objects.all())
    sources: dict[int, list[int]] = {}
    for source in ChannelSource.objects.all():
        sources.setdefault(source.channel_id, []).append(source.pk)
    offices = list(TaxOffice.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.filter(parent__isnull=False).values_list("pk", flat=True)) or list(
        Topic.objects.values_list("pk", flat=True)
    )
    units = list(Unit.objects.values_list("pk", flat=True))
    channel_weights = [0.2, 0.2, 0.1, 0.15, 0.1, 0.15, 0.1][: len(channels)]
    first = received_range(parse_period(QUARTERS[0]).start, parse_period(QUARTERS[0]).start)[0]
    last = received_range(parse_period(QUARTERS[-1]).end, parse_period(QUARTERS[-1]).end)[1]
    span = (last - first).total_seconds()
    tones = ("negative", "neutral", "positive")
    with connection.cursor() as cursor:  # a bench database: durability of each chunk does not matter
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
        else:
            cursor.execute("PRAGMA synchronous=OFF")
    while done < rows:
        count = min(CHUNK, rows - done)
        feedback, docs = [], []
        for i in range(done, done + count):
            channel = rng.choices(channels, channel_weights)[0]
            title, text, masked, lemma_text = pool[rng.randrange(len(pool))]
            received = _moment(rng, first, span)
            tone = rng.choices(tones, (0.25, 0.5, 0.25))[0]
            grades: dict[str, int] = {}
            if channel.number in (5, 6):
                grades = {"overall": rng.choice((1, 2, 3, 4, 5, 5, 5, 5))}
            feedback.append(
                Feedback(
                    id=i + 1,
                    channel_id=channel.pk,
                    sub_source_id=rng.choice(sources[channel.pk]) if channel.pk in sources else None,
                    source_id=f"b{i + 1}",
                    received_at=received,
                    registered_at=received,
                    office_id=rng.choice(offices),
                    answering_unit_id=rng.choice(units) if channel.number == 1 else None,
                    title=title,
                    text=text,
                    grades=grades,
                    min_grade=min(grades.values()) if grades else None,
                    fingerprint=f"{i + 1:064d}",
                    tone=tone,
                    tone_probability=0.8,
                    tone_model="bench",
                    topic_id=rng.choice(topics),
                    topic_confidence=0.7,
                    masked_text=masked,
                    masked_title=title,
                    analysed_at=received,
                    links_checked=True,
                )
            )
            # The period's copy as the product keeps it (its trigger fires on later changes only).
            docs.append(SearchDocument(feedback_id=i + 1, lemmas=lemma_text, received_at=received))
        with transaction.atomic():
            Feedback.objects.bulk_create(feedback, batch_size=1000)
            SearchDocument.objects.bulk_create(docs, batch_size=1000)
        done += count
        if done % 100_000 == 0 or done == rows:
            rate = (done - first_id) / (time.perf_counter() - started)
            print(f"  {done:>9} rows, {rate:.0f} rows/s", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('intake_feedback', 'id'), %s)", [rows])
            # What autovacuum does to a settled table: statistics, and the visibility map that lets
            # index-only scans skip the heap.
            cursor.execute("VACUUM ANALYZE")
        # SQLite: no ANALYZE, as in the product, which never runs it; the planner goes by the schema alone.


def settle() -> None:
    """What the worker does to a database each minute that the pages read: on PostgreSQL, fold the monthly
    tallies' rows of differences (`reports.compact_tallies`). A fill leaves one per statement and key: about
    990,000 rows for 130,000 keys at 1,000,000 records, which the dashboard's sums would read instead."""
    from otklik.reports import tallies

    folded = tallies.compact()
    if folded:
        print(f"  monthly tallies: {folded} rows of differences folded, as the worker does", flush=True)


# ---------------------------------------------------------------------------------------------- measure


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: caches, connection, templates
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _stats(times: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(times), "p95": _p(times, 0.95), "n": len(times)}


def _bare(sql: str, params: list[Any]) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def measure(runs: int) -> dict[str, Any]:
    settle()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from otklik.accounts import roles
    from otklik.accounts.models import User
    from otklik.audit import context
    from otklik.lib.periods import parse_period
    from otklik.org.models import Channel
    from otklik.reports import catalogue
    from otklik.reports.periods import received_range
    from otklik.reports.render import render

    setup_test_environment()
    context.bind(context.RequestContext(origin="cli"))
    user, _ = User.objects.get_or_create(username="bench-leader", defaults={"last_name": "Бенчмарк"})
    user.groups.add(Group.objects.get(name=roles.LEADERSHIP))
    client = Client()
    client.force_login(user)
    period = parse_period(MEASURED_QUARTER)
    start: Any
    end: Any
    start, end = received_range(period.start, period.end)
    if connection.vendor == "sqlite":  # bare SQL compares the stored form: UTC, no offset, as the ORM writes
        start, end = (connection.ops.adapt_datetimefield_value(moment) for moment in (start, end))
    channel = Channel.objects.get(number=1)

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return response

        return run

    if connection.vendor == "postgresql":  # as `otklik.reports.search` does it: narrowed to the period
        match_sql = (
            "SELECT feedback_id FROM reports_searchdocument WHERE vector @@ plainto_tsquery('simple', %s) "
            "AND received_at >= %s AND received_at < %s"
        )
    else:
        match_sql = "SELECT rowid FROM reports_search_fts WHERE reports_search_fts MATCH %s"
    # As `otklik.reports.search` does it for a common word: SQLite probes the matches along the period.
    probe = "id" if connection.vendor == "postgresql" else "id + 0"
    match_params: list[Any] = (
        [SEARCH_WORD, start, end] if connection.vendor == "postgresql" else [f'"{SEARCH_WORD}"']
    )
    # The dashboard's figures: on SQLite from the monthly tallies (`otklik.reports.tallies`).
    dashboard_sql: tuple[str, list[Any]] = (
        "SELECT channel_id, office_id, topic_id, COUNT(*), "
        "COUNT(*) FILTER (WHERE tone = 'negative') FROM intake_feedback "
        "WHERE received_at >= %s AND received_at < %s GROUP BY 1, 2, 3",
        [start, end],
    )
    if connection.vendor == "sqlite":
        dashboard_sql = (
            "SELECT channel_id, office_id, topic_id, SUM(total), SUM(negative) FROM reports_monthly_tally "
            "WHERE month >= %s AND month <= %s GROUP BY 1, 2, 3",
            [period.start.isoformat(), period.end.isoformat()],
        )
    cases: dict[str, tuple[Callable[[], object], Callable[[], object], int]] = {
        "dashboard": (
            get(f"/reports/dashboard/?period={MEASURED_QUARTER}"),
            _bare(*dashboard_sql),
            runs,
        ),
        "registry": (
            get(f"/reports/registry/?period={MEASURED_QUARTER}&channel=1&tone=negative"),
            _bare(
                "SELECT * FROM intake_feedback WHERE received_at >= %s AND received_at < %s "
                "AND channel_id = %s AND tone = 'negative' ORDER BY received_at DESC, id DESC LIMIT 51",
                [start, end, channel.pk],
            ),
            runs,
        ),
        "search": (
            get(f"/reports/registry/?period={MEASURED_QUARTER}&q={SEARCH_WORD}"),
            _bare(
                "SELECT * FROM intake_feedback WHERE received_at >= %s AND received_at < %s "  # noqa: S608
                f"AND {probe} IN ({match_sql}) ORDER BY received_at DESC, id DESC LIMIT 51",
                [start, end, *match_params],
            ),
            runs,
        ),
        "search_count": (
            get(f"/reports/registry/count?period={MEASURED_QUARTER}&q={SEARCH_WORD}"),
            _bare(
                "SELECT COUNT(*) FROM (SELECT id FROM intake_feedback "  # noqa: S608
                f"WHERE received_at >= %s AND received_at < %s AND {probe} IN ({match_sql}) "
                "LIMIT 100001) AS s",
                [start, end, *match_params],
            ),
            runs,
        ),
        "report": (
            lambda: render(catalogue.build("quarterly", period, None), "docx"),
            _bare(
                "SELECT channel_id, office_id, topic_id, answering_unit_id, COUNT(*), "
                "COUNT(*) FILTER (WHERE tone = 'negative') FROM intake_feedback "
                "WHERE received_at >= %s AND received_at < %s GROUP BY 1, 2, 3, 4",
                [start, end],
            ),
            max(3, runs // 5),
        ),
    }
    _same_search_as_bare_sql(client, start, end, probe, match_sql, match_params)
    out: dict[str, Any] = {"vendor": connection.vendor, "rows": _count()}
    for name, (real, bare, n) in cases.items():
        real_times = _timed(real, n)
        bare_times = _timed(bare, n)
        out[name] = {"real": _stats(real_times), "bare": _stats(bare_times)}
        print(
            f"  {name:<12} p50 {_ms(out[name]['real']['p50'])}  p95 {_ms(out[name]['real']['p95'])}"
            f"   bare SQL p50 {_ms(out[name]['bare']['p50'])}  p95 {_ms(out[name]['bare']['p95'])}"
            f"   target {_ms(TARGETS[name])}",
            flush=True,
        )
    return out


def _same_search_as_bare_sql(
    client: Any, start: Any, end: Any, probe: str, match_sql: str, match_params: list[Any]
) -> None:
    """The measured search must find what the same query finds in bare SQL, and find something: a search
    that finds nothing is fast and proves nothing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM intake_feedback WHERE received_at >= %s AND received_at < %s "  # noqa: S608
            f"AND {probe} IN ({match_sql})",
            [start, end, *match_params],
        )
        bare = cursor.fetchone()[0]
    page = client.get(f"/reports/registry/count?period={MEASURED_QUARTER}&q={SEARCH_WORD}").json()
    print(f"  search «{SEARCH_WORD}»: the page counts {page['total']}, bare SQL {bare}", flush=True)
    if page["exact"]:
        agrees = page["total"] == bare
    elif page.get("approximate"):  # an estimate, «около N» (two significant digits): within a fifth
        agrees = bare * 0.8 <= page["total"] <= bare * 1.25
    else:  # capped: «более N»
        agrees = page["total"] <= bare
    if bare == 0 or not agrees:
        raise SystemExit(
            f"the search measured is not the real one: the page counts {page['total']}, bare SQL {bare}"
        )


def _count() -> int:
    from otklik.registry.models import Feedback

    return Feedback.objects.count()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:>8.0f} мс" if seconds < 10 else f"{seconds:>8.1f} с"


# ---------------------------------------------------------------------------------------------- driver


def child(rows: int, rebuild: bool, runs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    from django.db.models import Max

    from otklik.registry.models import Feedback

    done = Feedback.objects.aggregate(last=Max("id"))["last"] or 0
    if done > rows or Feedback.objects.count() != done:
        raise SystemExit(f"the bench database holds other records than 1..{rows}: run with --rebuild")
    if done < rows:  # empty, or an interrupted fill: go on from where it stopped
        print(f"  filling {rows} rows" + (f", from {done}" if done else ""), flush=True)
        build(rows, done)
    print("RESULT " + json.dumps(measure(runs)), flush=True)


def _prepare(vendor: str, url: str, rows: int, rebuild: bool) -> bool:
    """A migrated database with reference data at `url`; False (said why) if it cannot be had."""
    env = {**os.environ, "DATABASE_URL": url}
    if vendor == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        try:
            import psycopg
        except ImportError:
            print("  PostgreSQL skipped: psycopg is not installed")
            return False
        admin = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
                if rebuild:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            print(f"  PostgreSQL skipped: {url} unreachable ({str(exc).strip().splitlines()[0]})")
            return False
    subprocess.run([str(OTKLIK), "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    has_refdata = subprocess.run(  # noqa: S603
        [
            str(OTKLIK),
            "shell",
            "-c",
            "from otklik.org.models import Regulation; print(Regulation.objects.exists())",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if has_refdata != "True":
        subprocess.run(  # noqa: S603
            [str(OTKLIK), "refdata", "defaults"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )
    return True


def run_one(vendor: str, url: str, rows: int, rebuild: bool, runs: int) -> dict[str, Any] | None:
    print(f"\n{vendor}: {url}", flush=True)
    if not _prepare(vendor, url, rows, rebuild):
        return None
    env = {**os.environ, "DATABASE_URL": url}
    args = [sys.executable, __file__, "--child", "--rows", str(rows), "--requests", str(runs)]
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert proc.stdout is not None
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0 or result is None:
        raise SystemExit(f"{vendor}: the benchmark failed")
    result["at"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
    _saved(vendor, rows).parent.mkdir(parents=True, exist_ok=True)
    _saved(vendor, rows).write_text(json.dumps(result))
    return dict(result)


def _saved(vendor: str, rows: int) -> Path:
    """The last figures measured on `vendor` at `rows` records, for `--from-saved`."""
    return BENCH_DIR / f"reports-{vendor}-{rows}.json"


NAMES = {
    "dashboard": "Панель руководства за квартал",
    "registry": "Реестр: страница с фильтрами (квартал, поток, тональность)",
    "search": f"Реестр: полнотекстовый поиск «{SEARCH_WORD}» за квартал — страница",
    "search_count": "Реестр: число найденного тем же поиском (запрос страницы после ее показа)",
    "report": "Квартальный отчет в DOCX",
}


FINDINGS = """2026-12-06. Число найденного частым словом — оценка «около N»: совпадения слова во всем
реестре (SQLite — счет в FTS5, PostgreSQL — планировщик по статистике индекса) × доля реестра, которую
выборка занимает без поиска (месячные итоги). Прежняя оценка — планировщика для всей выборки — учитывала
период дважды: «около 6 500» при 31 934 найденных; проверка этого бенчмарка, допускавшая расхождение вдвое,
поймала это на свежем заполнении. Теперь она допускает расхождение не больше чем на пятую часть: страница
— «около 32 000» на обеих базах при 31 934. «SQL» в строке числа найденного — точный подсчет,
который страница больше не делает. Перед замером месячные итоги PostgreSQL свернуты, как их держит
обработчик: заполнение оставляет 990 000 строк разностей на 130 000 ключей. Панель на SQLite тоже хранит
посчитанное 10 с; в таблице — запросы с уже посчитанной панелью, кроме первого.

Что показал первый замер на 1 000 000 записей и что исправлено (планы — `EXPLAIN`):

- Панель и отчеты считали `COUNT(id)`: в PostgreSQL столбца `id` не было в индексе периода, и агрегат
  за квартал шел параллельным полным чтением таблицы (1,6 ГБ): панель p50 1326 мс при 111 мс у того же
  запроса с `COUNT(*)`. Теперь счет — `COUNT(*)` и `COUNT(tone) FILTER (tone = 'negative')`, а индекс
  `feedback_period_figures` (`received_at`, поток, орган, тематика, тональность, подразделение, `id`;
  миграции intake 0005–0006) покрывает запрос: Index Only Scan, 1326 → ~130 мс на запрос.
- Поиск в PostgreSQL: GIN-индекс был построен по выражению `to_tsvector('simple', lemmas)`; на частом слове
  (150 000 совпадений) битовая карта становилась «lossy», и каждая перепроверяемая строка заново разбирала
  леммы — подсчет найденного за квартал 14,7 с. Теперь вектор хранится в генерируемом столбце `vector` с
  GIN-индексом по нему (миграция reports 0003), а записи квартала берутся из покрывающего индекса: 0,9 с.
- Поиск в SQLite: при `id IN (совпадения FTS5)` планировщик искал каждое из ~150 000 совпадений по первичному
  ключу и сортировал их ради 50 строк страницы (страница и счет — 525 мс уже на 40 % данных). Для частого
  слова (больше 2000 совпадений) список совпадений теперь только проверяется (`id + 0 IN …`) по ходу индекса
  `received_at`: страница останавливается на 50 строках (5 мс вместо 196 мс), счет — 53 мс вместо 525 мс.
- SQLite в продукте работает без `ANALYZE`; со статистикой планировщик выбирает для агрегата панели
  skip-scan по индексу потока с чтением таблицы вместо покрывающего индекса, поэтому бенчмарк ее не собирает.

Вторая итерация (2026-11-29):

- Панель на SQLite: оба агрегата (квартал и предыдущий квартал) читали по 200 000 строк покрывающего индекса
  и группировали их сортировкой — p95 352 мс. Теперь на SQLite их дает таблица `reports_monthly_tally`
  (месяц × поток × орган × тематика × отвечавшее подразделение: число записей и отрицательных), которую
  держат в согласии с реестром триггеры на вставку, изменение и удаление записи (`otklik.reports.tallies`):
  квартал — сумма ≈30 000 строк вместо 200 000. Сначала таблица была по дням, но при 11 органах и 34
  тематиках дневных сочетаний почти столько же, сколько записей (739 000 строк на 1 000 000), и выигрыша
  не было. Ссылки панели (137 штук) строились через `reverse` и глубокую копию выборки — ещё ≈40 мс.
  На PostgreSQL итоги по-прежнему считаются по покрывающему индексу: общая строка-счетчик заставила бы
  ждать друг друга параллельные загрузки.
- Поиск на PostgreSQL: подсчет найденного читал из таблицы поискового индекса (3 ГБ: леммы и вектор)
  `feedback_id` каждого из 150 000 совпадений слова во всем реестре, а `work_mem` 4 МБ делал битовую
  карту неточной («lossy»), добавляя перепроверку 88 000 строк. Теперь в поисковом документе хранится
  `received_at` записи (миграция reports 0005, триггер держит его в согласии), с btree-индексом, и период
  передается в подзапрос: битовые карты GIN и периода объединяются (`BitmapAnd`) до чтения строк, читаются
  30 000 совпадений квартала — подсчет 1100 → ≈450 мс. Число найденного при поиске страница показывает
  вторым запросом (`/reports/registry/count`, скрипт страницы подставляет его; без скриптов — ссылка
  «посчитать»): первые 50 найденных записей не ждут подсчета всех. В таблице выше это две строки —
  страница и число найденного. Этот подсчет идет с `work_mem` 32 МБ на время запроса
  (`search.bitmap_memory`): при 4 МБ по умолчанию битовая карта GIN становится неточной и перепроверяются
  240 000 строк (550 → 310 мс в `EXPLAIN ANALYZE`); «голый» SQL в таблице идет с настройкой сервера по
  умолчанию и потому медленнее страницы.
- На этой машине днем всё примерно вдвое медленнее, чем ночью (тот же запрос панели на PostgreSQL — 93 мс
  против 54 мс): запас панели на PostgreSQL до цели — около 20 мс на p95.
- Что осталось на PostgreSQL: подсчет частого слова за квартал ограничен чтением ≈28 000 страниц таблицы
  поискового индекса, разбросанных по ней, потому что бенчмарк пишет записи в случайном порядке времени; в
  работе записи поступают по времени, и совпадения квартала лежат рядом. Дальше — узкая таблица
  (`feedback_id`, `received_at`, вектор без позиций) или вектор в самой таблице реестра.
"""


def write_results(results: dict[str, dict[str, Any]], runs: int) -> None:
    at = (
        max((r.get("at", "") for r in results.values()), default="")
        or f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
    )
    lines = [
        SECTION,
        "",
        f"`python bench/bench_reports.py` — {at} UTC, "
        f"квартал {MEASURED_QUARTER}, {runs} запросов на замер (отчет — {max(3, runs // 5)}), "
        "тестовый клиент Django под ролью «Руководство»; «SQL» — основной запрос того же замера "
        "напрямую через `connection.cursor()`, предел.",
        "",
    ]
    for vendor, result in results.items():
        lines += [
            f"**{vendor}**, записей: " + f"{result['rows']:,}".replace(",", " "),
            "",
            "| Замер | p50 | p95 | SQL p50 | SQL p95 | Цель (p95) | Выполнена |",
            "|---|---:|---:|---:|---:|---:|:---:|",
        ]
        for name, title in NAMES.items():
            real, bare = result[name]["real"], result[name]["bare"]
            ok = "да" if real["p95"] < TARGETS[name] else "**нет**"
            lines.append(
                f"| {title} | {_ms(real['p50']).strip()} | {_ms(real['p95']).strip()} | "
                f"{_ms(bare['p50']).strip()} | {_ms(bare['p95']).strip()} | "
                f"{_ms(TARGETS[name]).strip()} | {ok} |"
            )
        lines.append("")
    lines.append(FINDINGS)
    section = "\n".join(lines)
    write_section(SECTION, section, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 10 requests")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--rebuild", action="store_true", help="fill the bench databases again")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument(
        "--from-saved", action="store_true", help="write bench/RESULTS.md from the last figures measured"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.rows, args.requests = 20_000, 10
    if args.child:
        child(args.rows, args.rebuild, args.requests)
        return
    urls = {"sqlite": f"sqlite:///{BENCH_DIR / f'reports-{args.rows}.sqlite3'}", "postgres": args.pg_url}
    results = {}
    if args.from_saved:
        for vendor in args.db.split(","):
            if _saved(vendor, args.rows).exists():
                saved = json.loads(_saved(vendor, args.rows).read_text())
                results["SQLite" if vendor == "sqlite" else "PostgreSQL"] = saved
        write_results(results, args.requests)
        return
    for vendor in args.db.split(","):
        if args.quick and vendor == "postgres":
            urls[vendor] = args.pg_url + "_quick"
        result = run_one(vendor, urls[vendor], args.rows, args.rebuild, args.requests)
        if result is not None:
            results["SQLite" if vendor == "sqlite" else "PostgreSQL"] = result
    if results and not args.no_write and not args.quick:
        write_results(results, args.requests)


if __name__ == "__main__":
    main()
