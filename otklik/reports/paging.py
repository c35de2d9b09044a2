"""Keyset paging of the registry, and a count that stops early: both stay fast at a million rows.

A page is found from the last row of the previous one (`after`), never by OFFSET, so page 5,000 costs what
page 1 does. The count runs over at most COUNT_CAP + 1 rows: beyond that the page says «более 100 000».
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from otklik.registry.models import Feedback

PAGE_SIZE = 50
COUNT_CAP = 100_000
_NO_GRADE = 9  # records without grades sort after every real grade (1–5)


@dataclasses.dataclass(frozen=True)
class Page:
    rows: list[Feedback]
    next_cursor: str  # empty on the last page


def ordered(queryset: QuerySet[Feedback], sort: str) -> QuerySet[Feedback]:
    if sort == "old":
        return queryset.order_by("received_at", "id")
    if sort == "grade":
        return queryset.annotate(grade_key=Coalesce(F("min_grade"), Value(_NO_GRADE))).order_by(
            "grade_key", "-id"
        )
    return queryset.order_by("-received_at", "-id")


def _after(sort: str, cursor: str) -> Q | None:
    try:
        value, _, ident = cursor.rpartition("|")
        pk = int(ident)
        if sort == "grade":
            grade = int(value)
            return Q(grade_key__gt=grade) | Q(grade_key=grade, id__lt=pk)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if sort == "old":
        return Q(received_at__gt=moment) | Q(received_at=moment, id__gt=pk)
    return Q(received_at__lt=moment) | Q(received_at=moment, id__lt=pk)


def _cursor(sort: str, row: Feedback) -> str:
    if sort == "grade":
        value: Any = getattr(row, "grade_key", _NO_GRADE)
        return f"{value}|{row.pk}"
    return f"{row.received_at.isoformat()}|{row.pk}"


def page(queryset: QuerySet[Feedback], sort: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    qs = ordered(queryset, sort)
    if cursor and (condition := _after(sort, cursor)) is not None:
        qs = qs.filter(condition)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _cursor(sort, rows[-1]) if more and rows else "")


def capped_count(queryset: QuerySet[Feedback], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, exact): the exact count up to `cap`, else (cap, False)."""
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return (found, True) if found <= cap else (cap, False)
