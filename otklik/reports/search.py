"""Morphology-aware full-text search over feedback: one Python API over SQLite FTS5 and PostgreSQL.

Texts are indexed as lemmas (pymorphy3 through `otklik.nlp.lemmas`), and so are queries, so
«уведомление» finds «уведомления» and «уведомлений» on either database without a Russian stemmer in it.
Only the masked text is indexed: a search by a person's name must not reveal, to a role that may not see
personal data, which records mention that person.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet, Value
from django.db.models.expressions import RawSQL

from otklik.lib.ru import number
from otklik.nlp.lemmas import lemmas
from otklik.registry.models import Feedback
from otklik.reports.models import SearchDocument
from otklik.reports.paging import COUNT_CAP, capped_count

_BATCH = 2000
# Beyond this many matching records, SQLite probes the match list instead of looking each match up; up to it
# a search is also counted exactly (`EXACT_UP_TO`).
MANY_MATCHES = 3000


def document_text(feedback: Feedback) -> str:
    """The lemmatised text that represents a record in the index."""
    return " ".join(lemmas(f"{feedback.masked_title}\n{feedback.masked_text}"))


def index_feedback(ids: Iterable[int]) -> int:
    """(Re)index the given records; call after analysis has filled their masked text. Returns the count."""
    ids = list(ids)
    done = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        rows = Feedback.objects.filter(pk__in=chunk).only("pk", "masked_title", "masked_text", "received_at")
        docs = [
            SearchDocument(feedback_id=f.pk, lemmas=document_text(f), received_at=f.received_at) for f in rows
        ]
        with transaction.atomic():
            # Delete-then-insert keeps the SQLite FTS triggers simple and works the same on PostgreSQL.
            SearchDocument.objects.filter(feedback_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(docs)
        done += len(docs)
    return done


def compact_index() -> None:
    """Rewrite the index so that deleted entries are gone from its storage too, not only marked deleted:
    SQLite FTS5 merges every segment (`optimize`); PostgreSQL reclaims the dead rows at its next vacuum of
    the table, which holds the same lemmas as the index, and the updated rows carry no old text."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO reports_search_fts(reports_search_fts) VALUES ('optimize')")


def reindex_all() -> int:
    """Rebuild the whole index from the registry (the `otklik reindex` command)."""
    SearchDocument.objects.all().delete()
    ids = Feedback.objects.exclude(masked_text="", masked_title="").values_list("pk", flat=True)
    return index_feedback(ids.iterator(chunk_size=_BATCH))


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(lemmas(query)))


Received = tuple[dt.datetime | None, dt.datetime | None]


def matching_ids_sql(query: str, received: Received = (None, None)) -> tuple[str, list[Any]] | None:
    """SQL selecting the ids of records containing every lemma of `query`; None when it has no words.

    On PostgreSQL the matches are narrowed to `received` (from, before) in the index: a bitmap of the text
    index and one of `received_at` are combined before any row is read. A common word in a quarter of a
    million records otherwise reads every match in the whole registry to keep the quarter's.
    """
    terms = query_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        sql = "SELECT feedback_id FROM reports_searchdocument WHERE vector @@ plainto_tsquery('simple', %s)"
        params: list[Any] = [" ".join(terms)]
        start, end = received
        if start is not None:
            sql += " AND received_at >= %s"
            params.append(start)
        if end is not None:
            sql += " AND received_at < %s"
            params.append(end)
        return sql, params
    # Each lemma as an FTS5 string literal: quotes doubled, so no query syntax gets through.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return "SELECT rowid FROM reports_search_fts WHERE reports_search_fts MATCH %s", [match]


# Memory for one search's bitmaps on PostgreSQL: at the server's default (4 MB) the bitmap of a word found in
# 150,000 records turns lossy, and every row of a lossy page is read and checked again (550 → 310 ms for a
# quarter at 1,000,000 records).
SEARCH_WORK_MEM = "32MB"


@contextlib.contextmanager
def bitmap_memory() -> Iterator[None]:
    """Run the queries inside with room for exact bitmaps (PostgreSQL; elsewhere a no-op)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", [SEARCH_WORK_MEM]
        )
        row = cursor.fetchone()
        yield
        # Within a longer transaction (a test's, a request's) the setting would outlive the block; after an
        # error the rollback of this block's savepoint restores it.
        cursor.execute("SELECT set_config('work_mem', %s, true)", [row[0] if row else SEARCH_WORK_MEM])


def _match_count(sql: str, params: list[Any], cap: int | None = None) -> int:
    """How many records the text index alone finds (at most `cap` + 1): no other table is read."""
    limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}{limit}) AS matches", params)  # noqa: S608 - constant SQL
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def search(queryset: QuerySet[Feedback], query: str, received: Received = (None, None)) -> QuerySet[Feedback]:
    """`queryset` narrowed to the records matching `query` (unchanged if the query has no words). `received`
    repeats the period the queryset is already narrowed to, for the index to use it as well.

    On SQLite the planner, given `id IN (matches)`, always looks every match up by primary key: fine for a
    rare word, but a common one («уведомление», a record in seven) means a hundred thousand lookups into
    the wide feedback table and a sort, for a page of 50. When the index finds many records, the match
    list is only probed instead (`id + 0` keeps the planner off the primary key), so the period and the
    order come from the `received_at` index and the page stops after 50 rows.
    """
    found = matching_ids_sql(query, received)
    if found is None:
        return queryset
    sql, params = found
    matches = RawSQL(sql, params)  # noqa: S611 - constant SQL, the query is a parameter
    if connection.vendor == "sqlite" and _match_count(sql, params, MANY_MATCHES) > MANY_MATCHES:
        probe = ExpressionWrapper(F("pk") + Value(0), output_field=BigIntegerField())
        return queryset.alias(search_probe=probe).filter(search_probe__in=matches)
    return queryset.filter(pk__in=matches)


# A search's count is exact while the text index alone finds at most this many records (on PostgreSQL within
# the period): they are few, and counting them looks each up. Counting every match of a common word reads
# each one (≈12 µs a record on PostgreSQL, ≈0.7 µs on SQLite, at 1,000,000 records); beyond this the page
# shows an estimate, «около N».
EXACT_UP_TO = MANY_MATCHES


@dataclasses.dataclass(frozen=True)
class Found:
    """How many records a selection holds, as the registry shows it."""

    total: int
    exact: bool  # False: more than `total` (the cap) or about `total` (`approximate`)
    approximate: bool = False

    @property
    def text(self) -> str:
        if self.exact:
            return number(self.total)
        return f"около {number(self.total)}" if self.approximate else f"более {number(self.total)}"


def _planned_rows(sql: str, params: Sequence[Any]) -> int:
    """The planner's estimate of the rows `sql` selects (PostgreSQL), without running it."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        row = cursor.fetchone()
    plan = row[0] if row else [{"Plan": {"Plan Rows": 0}}]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def rounded(value: int) -> int:
    """Two significant digits: 31 234 → 31 000, 4 870 → 4 900."""
    if value < 100:
        return value
    step = 10 ** (len(str(value)) - 2)
    return int(round(value / step) * step)


def indexed_count() -> int:
    """How many records the text index holds: on PostgreSQL the table's statistics once it has them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'reports_searchdocument'::regclass")
            row = cursor.fetchone()
        if row and row[0] >= ESTIMATED_FROM:
            return int(row[0])
    return SearchDocument.objects.count()


# Below this many records in the index PostgreSQL's statistics are not trusted (a new table has none).
ESTIMATED_FROM = 10_000


def _tracked(query: str) -> bool:
    """PostgreSQL: whether every word of `query` is among the text index's most common words, whose share of
    the records the planner knows from its statistics; of another word it only guesses."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[] FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'reports_searchdocument' AND attname = 'vector'"
        )
        row = cursor.fetchone()
    common = set(row[0] or ()) if row else set()
    return all(term in common for term in query_terms(query))


def _many(sql: str, params: list[Any], query: str) -> bool:
    """Whether the text index finds more than `EXACT_UP_TO` records for `sql` (its query, on PostgreSQL within
    the period). SQLite counts them in the index, up to the limit. PostgreSQL takes its planner's word when
    it expects few, or many of words its statistics track; for other words it counts, up to the limit: their
    bitmaps are small. (Counting a common word up to the limit still builds its whole bitmap and the
    period's: 240 ms at 1,000,000 records.)"""
    if connection.vendor == "postgresql":
        expected = _planned_rows(sql, params)
        if expected <= EXACT_UP_TO:
            return False
        if _tracked(query):
            return True
    return _match_count(sql, params, EXACT_UP_TO) > EXACT_UP_TO


def count_found(
    queryset: QuerySet[Feedback],
    query: str = "",
    received: Received = (None, None),
    cap: int = COUNT_CAP,
    unsearched: int | None = None,
) -> Found:
    """The size of a selection `queryset`, searched for `query` within `received` (as `search` was given).

    Without a query: exact up to `cap`. With one: a search whose words the text index finds in at most
    `EXACT_UP_TO` records (on PostgreSQL within the period; `_many`) is counted exactly. Beyond, an estimate,
    «около N»: the index's matches in the whole registry (SQLite counts them in the index; PostgreSQL's
    planner estimates them from the index's statistics) times the share of the registry that the selection
    without the search holds, `unsearched` records (from the monthly tallies, or counted for a unit's
    scope). Counting the matches of a common word within a quarter instead visits every record of the
    quarter or every match. The planner's estimate of the searched selection itself is no good: it takes the
    period, which the index query repeats, as narrowing it twice (6,500 for 31,934 at 1,000,000 records).
    On SQLite without `unsearched`, exact up to `cap`.
    """
    found = matching_ids_sql(query, received) if query else None
    if found is None:
        total, exact = capped_count(queryset, cap)
        return Found(total, exact)
    sql, params = found
    if not _many(sql, params, query):
        return Found(queryset.order_by().count(), exact=True)  # few: looked up by the index's matches
    if unsearched is None:
        total, exact = capped_count(queryset, cap)
        return Found(total, exact)
    everywhere, everywhere_params = matching_ids_sql(query) or (sql, params)
    if connection.vendor == "postgresql":
        matches = _planned_rows(everywhere, everywhere_params)
    else:
        matches = _match_count(everywhere, everywhere_params)
    estimate = matches * unsearched // max(1, indexed_count())
    return Found(rounded(min(estimate, cap)), exact=False, approximate=True)
