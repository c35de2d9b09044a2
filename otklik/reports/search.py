"""Morphology-aware full-text search over feedback: one Python API over SQLite FTS5 and PostgreSQL.

Texts are indexed as lemmas (pymorphy3 through `otklik.nlp.lemmas`), and so are queries, so
«уведомление» finds «уведомления» and «уведомлений» on either database without a Russian stemmer in it.
Only the masked text is indexed: a search by a person's name must not reveal, to a role that may not see
personal data, which records mention that person.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet, Value
from django.db.models.expressions import RawSQL

from otklik.nlp.lemmas import lemmas
from otklik.registry.models import Feedback
from otklik.reports.models import SearchDocument

_BATCH = 2000
# Beyond this many matching records, SQLite probes the match list instead of looking each match up.
MANY_MATCHES = 2000


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


def _sqlite_match_count(sql: str, params: list[Any], cap: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(cap) + 1})", params)  # noqa: S608 - constant SQL
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
    if connection.vendor == "sqlite" and _sqlite_match_count(sql, params, MANY_MATCHES) > MANY_MATCHES:
        probe = ExpressionWrapper(F("pk") + Value(0), output_field=BigIntegerField())
        return queryset.alias(search_probe=probe).filter(search_probe__in=matches)
    return queryset.filter(pk__in=matches)
