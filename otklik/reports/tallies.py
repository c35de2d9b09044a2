"""Monthly counts of feedback on SQLite: the dashboard's figures without reading a quarter of the registry.

A quarter of a large registry is a few hundred thousand records; SQLite counts them at about half a
microsecond each, twice per dashboard (this quarter and the one before). The table `reports_monthly_tally`
holds, per local month, stream, office, topic and answering unit, the number of records and of negative
ones, so a quarter's figures are a sum over at most a few tens of thousands of rows whatever the volume.
A month, not a day: with eleven offices and a few dozen topics a day's combinations are about as many as
its records, and the dashboard and the monthly and quarterly figures are made of whole months. Periods of
other lengths are counted from the registry.

Triggers on `intake_feedback` keep it right whoever writes (the import, the analysis, a correction on the
card, erasure): an insert adds one, a delete takes one away, an update of a counted column moves one. The
second copy of a publication (a record linked to an earlier one as `duplicate`, `intake.counted_once`) is
not counted, as the lists leave it out: triggers on `intake_feedbacklink` take the record away when linking
finds it to be a copy and add it back when that link goes. A record without an office, topic or answering
unit counts under 0, since a unique key treats NULLs as distinct. The local month is that of
`received_at` (UTC) shifted by the offset of `TIME_ZONE`, fixed when the triggers are made (Russian zones
keep no daylight saving time); the offset is stored beside the table, and when the setting no longer
matches it the figures are counted from the registry until `otklik reindex` rebuilds the table.

On PostgreSQL a counter row per key would make concurrent imports wait for each other's commit. There the
table has no unique key: statement-level triggers append each statement's changes as rows of differences
(+n / −n, summed per key within the statement), so writers never touch the same row, and reading sums the
rows of a key. The worker folds the differences of each key into one row every minute (`compact`): a
single `DELETE … RETURNING` feeding an `INSERT`, so a writer running meanwhile only adds rows beside it.
Linking a record as a copy locks that record's row first, so that a correction of the same record and
a second link to it are counted in one order.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import DatabaseError

TABLE = "reports_monthly_tally"
META = "reports_monthly_tally_zone"
KEY = ("channel_id", "office_id", "topic_id", "answering_unit_id")
COUNTED = ("received_at", *KEY, "tone")
NEGATIVE = "negative"
LINKS = "intake_feedbacklink"
DUPLICATE = "duplicate"  # FeedbackLink.Kind.DUPLICATE: the later record is a second copy of a publication


def _copy(feedback_id: str, other_than: str = "") -> str:
    """SQL: the record `feedback_id` is a publication's second copy (by a link other than `other_than`)."""
    other = f" AND l.id != {other_than}" if other_than else ""
    return (
        f"EXISTS (SELECT 1 FROM {LINKS} AS l "  # noqa: S608 - names from constants
        f"WHERE l.later_id = {feedback_id} AND l.kind = '{DUPLICATE}'{other})"
    )


def zone_offset() -> int:
    """The UTC offset of `TIME_ZONE` now, in seconds."""
    offset = dt.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE)).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _key(row: str, offset: int) -> list[str]:
    """The tally key (month, *KEY) of the OLD or NEW `row` of a trigger, as SQL expressions."""
    month = f"date({row}.received_at, '{offset:+d} seconds', 'start of month')"
    return [month, *(f"coalesce({row}.{column}, 0)" for column in KEY)]


def _values(row: str, offset: int) -> str:
    return ", ".join(_key(row, offset))


def _match(row: str, offset: int) -> str:
    pairs = zip(("month", *KEY), _key(row, offset), strict=True)
    return " AND ".join(f"{column} = {value}" for column, value in pairs)


def _add(row: str, offset: int) -> str:
    return (
        f"INSERT INTO {TABLE} (month, {', '.join(KEY)}, total, negative) "  # noqa: S608 - names from constants
        f"VALUES ({_values(row, offset)}, 1, {row}.tone IS '{NEGATIVE}') "
        f"ON CONFLICT (month, {', '.join(KEY)}) DO UPDATE SET "
        "total = total + 1, negative = negative + excluded.negative;"
    )


def _remove(row: str, offset: int) -> str:
    where = _match(row, offset)
    return (
        f"UPDATE {TABLE} SET total = total - 1, "  # noqa: S608 - names from constants
        f"negative = negative - ({row}.tone IS '{NEGATIVE}') "
        f"WHERE {where}; DELETE FROM {TABLE} WHERE {where} AND total = 0;"
    )


def _move(feedback_id: str, sign: int, offset: int, condition: str = "") -> str:
    """Add (`sign` 1) or take away (-1) the stored record `feedback_id` if it exists and `condition` holds."""
    key = _values("f", offset)
    where = f"f.id = {feedback_id}" + (f" AND {condition}" if condition else "")
    statement = (
        f"INSERT INTO {TABLE} (month, {', '.join(KEY)}, total, negative) "  # noqa: S608 - names from constants
        f"SELECT {key}, {sign}, {sign} * (f.tone IS '{NEGATIVE}') FROM intake_feedback AS f WHERE {where} "
        f"ON CONFLICT (month, {', '.join(KEY)}) DO UPDATE SET "
        "total = total + excluded.total, negative = negative + excluded.negative;"
    )
    if sign < 0:
        statement += (
            f" DELETE FROM {TABLE} WHERE total = 0 AND (month, {', '.join(KEY)}) IN "  # noqa: S608 - constants
            f"(SELECT {key} FROM intake_feedback AS f WHERE f.id = {feedback_id});"
        )
    return statement


# SQLite: every change of the figures also counts up `generation` beside the zone, which keys the dashboard's
# figures kept by a web process (`generation`). One row for all writers costs nothing there: SQLite writes one
# transaction at a time.
BUMP = f"UPDATE {META} SET generation = generation + 1;"  # noqa: S608 - constant SQL


def create_statements(offset: int) -> list[str]:
    """The table, its zone and the triggers, for a zone `offset` seconds from UTC."""
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COUNTED)
    is_copy = f"NEW.kind = '{DUPLICATE}'"
    was_copy = f"OLD.kind = '{DUPLICATE}'"
    return [
        f"CREATE TABLE {TABLE} (month date NOT NULL, "
        + ", ".join(f"{column} integer NOT NULL" for column in KEY)
        + ", total integer NOT NULL, negative integer NOT NULL, "
        f"PRIMARY KEY (month, {', '.join(KEY)})) WITHOUT ROWID",
        f"CREATE TABLE {META} (offset_seconds integer NOT NULL, generation integer NOT NULL DEFAULT 0)",
        # The change count starts from the clock (ms): a table made afresh starts above the old one's counts,
        # which changed less often than once a millisecond since it was made.
        f"INSERT INTO {META} (offset_seconds, generation) "  # noqa: S608 - integers
        f"VALUES ({int(offset)}, {time.time_ns() // 1_000_000})",
        "CREATE TRIGGER reports_tally_insert AFTER INSERT ON intake_feedback "
        f"WHEN NOT {_copy('NEW.id')} BEGIN {_add('NEW', offset)} {BUMP} END",
        "CREATE TRIGGER reports_tally_delete AFTER DELETE ON intake_feedback "
        f"WHEN NOT {_copy('OLD.id')} BEGIN {_remove('OLD', offset)} {BUMP} END",
        f"CREATE TRIGGER reports_tally_update AFTER UPDATE OF {', '.join(COUNTED)} ON intake_feedback "
        f"WHEN ({changed}) AND NOT {_copy('NEW.id')} "
        f"BEGIN {_remove('OLD', offset)} {_add('NEW', offset)} {BUMP} END",
        # Linking finds a record to be a second copy: it stops counting (unless it was a copy already).
        f"CREATE TRIGGER reports_tally_copy_found AFTER INSERT ON {LINKS} "
        f"WHEN {is_copy} AND NOT {_copy('NEW.later_id', other_than='NEW.id')} "
        f"BEGIN {_move('NEW.later_id', -1, offset)} {BUMP} END",
        # The link goes (erasure, a correction): the record counts again unless another link keeps it a copy.
        f"CREATE TRIGGER reports_tally_copy_gone AFTER DELETE ON {LINKS} "
        f"WHEN {was_copy} AND NOT {_copy('OLD.later_id')} "
        f"BEGIN {_move('OLD.later_id', 1, offset)} {BUMP} END",
        f"CREATE TRIGGER reports_tally_copy_changed AFTER UPDATE OF kind, later_id ON {LINKS} "
        f"WHEN ({was_copy} OR {is_copy}) AND (OLD.kind IS NOT NEW.kind OR OLD.later_id IS NOT NEW.later_id) "
        "BEGIN "
        + _move("OLD.later_id", 1, offset, f"{was_copy} AND NOT {_copy('OLD.later_id')}")
        + " "
        + _move(
            "NEW.later_id",
            -1,
            offset,
            f"{is_copy} AND NOT {_copy('NEW.later_id', other_than='NEW.id')} "
            f"AND NOT ({was_copy} AND OLD.later_id = NEW.later_id)",
        )
        + f" {BUMP} END",
        # The registry as it is now.
        f"INSERT INTO {TABLE} (month, {', '.join(KEY)}, total, negative) "  # noqa: S608 - names from constants
        f"SELECT {_values('f', offset)}, count(*), sum(f.tone IS '{NEGATIVE}') "
        f"FROM intake_feedback AS f WHERE NOT {_copy('f.id')} GROUP BY 1, 2, 3, 4, 5",
    ]


TRIGGERS = (
    "reports_tally_insert",
    "reports_tally_delete",
    "reports_tally_update",
    "reports_tally_copy_found",
    "reports_tally_copy_gone",
    "reports_tally_copy_changed",
)
DROP_STATEMENTS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    f"DROP TABLE IF EXISTS {TABLE}",
    f"DROP TABLE IF EXISTS {META}",
]


# ---------------------------------------------------------------------------------------------- PostgreSQL

PG_FUNCTIONS = (
    "reports_tally_inserted",
    "reports_tally_deleted",
    "reports_tally_updated",
    "reports_tally_truncated",
    *(f"reports_tally_link_{op}" for op in ("insert", "delete", "update")),
)
PG_DROP_STATEMENTS = [
    "DROP TRIGGER IF EXISTS reports_tally_insert ON intake_feedback",
    "DROP TRIGGER IF EXISTS reports_tally_delete ON intake_feedback",
    "DROP TRIGGER IF EXISTS reports_tally_update ON intake_feedback",
    "DROP TRIGGER IF EXISTS reports_tally_truncate ON intake_feedback",
    *(f"DROP TRIGGER IF EXISTS reports_tally_link_{op} ON {LINKS}" for op in ("insert", "delete", "update")),
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in PG_FUNCTIONS),
    f"DROP TABLE IF EXISTS {TABLE}",
    f"DROP TABLE IF EXISTS {META}",
]


def _pg_month(row: str, offset: int) -> str:
    shifted = f"({row}.received_at AT TIME ZONE 'UTC') + interval '{int(offset)} seconds'"
    return f"(date_trunc('month', {shifted}))::date"


def _pg_rows(row: str, offset: int, sign: int, source: str, where: str = "TRUE") -> str:
    """SQL: the tally rows (+1 or −1 each) of the records `row` in `source` for which `where` holds."""
    key = ", ".join([_pg_month(row, offset), *(f"coalesce({row}.{column}, 0)" for column in KEY)])
    return (
        f"SELECT {key}, {sign} AS total, {sign} * ({row}.tone IS NOT DISTINCT FROM '{NEGATIVE}')::int "  # noqa: S608
        f"AS negative FROM {source} WHERE {where}"
    )


def _pg_append(rows: str) -> str:
    """SQL: append the sums per key of `rows` (a union of `_pg_rows`) to the table, leaving out zeros."""
    columns = ", ".join(("month", *KEY))
    return (
        f"INSERT INTO {TABLE} ({columns}, total, negative) "  # noqa: S608 - names from constants
        f"SELECT {columns}, sum(total), sum(negative) FROM ({rows}) AS d({columns}, total, negative) "
        f"GROUP BY {columns} HAVING sum(total) != 0 OR sum(negative) != 0;"
    )


def _pg_function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$"


def _pg_move(feedback_id: str, sign: int, offset: int) -> str:
    """PL/pgSQL: add (1) or take away (−1) the stored record `feedback_id`, if it exists."""
    return _pg_append(_pg_rows("f", offset, sign, "intake_feedback AS f", f"f.id = {feedback_id}"))


# The transition tables of each statement on links.
LINK_OPS = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}


def _pg_link_body(op: str, offset: int) -> str:
    """PL/pgSQL: after a statement on links, a record that became a copy stops counting and one that is a
    copy no more counts again. The links before the statement are those now, less the statement's new rows,
    plus its old ones: a row trigger would see every link of the statement, not those before it. The records
    are locked first, so that a correction of one, or a link to it in another transaction, waits and is
    counted after this one."""
    tables = [f"{kind.lower()}_rows" for kind in LINK_OPS[op]]
    candidates = " UNION ".join(f"SELECT later_id FROM {t} WHERE kind = '{DUPLICATE}'" for t in tables)  # noqa: S608
    before = f"EXISTS (SELECT 1 FROM {LINKS} AS l WHERE l.later_id = f.id AND l.kind = '{DUPLICATE}'"  # noqa: S608
    before += " AND l.id NOT IN (SELECT id FROM new_rows))" if "new_rows" in tables else ")"
    if "old_rows" in tables:
        before += (
            f" OR EXISTS (SELECT 1 FROM old_rows AS o WHERE o.later_id = f.id AND o.kind = '{DUPLICATE}')"  # noqa: S608
        )
    now = _copy("f.id")
    chosen = f"f.id IN ({candidates})"
    return f"PERFORM 1 FROM intake_feedback AS f WHERE {chosen} ORDER BY f.id FOR UPDATE; " + _pg_append(
        _pg_rows("f", offset, 1, "intake_feedback AS f", f"{chosen} AND ({before}) AND NOT {now}")
        + " UNION ALL "
        + _pg_rows("f", offset, -1, "intake_feedback AS f", f"{chosen} AND NOT ({before}) AND {now}")
    )


def pg_create_statements(offset: int) -> list[str]:
    """The PostgreSQL table of differences, its zone, the trigger functions and triggers, and the registry
    as it is now."""
    columns = ", ".join(("month", *KEY))
    changed = (
        f"({', '.join(f'o.{c}' for c in COUNTED)}) IS DISTINCT FROM ({', '.join(f'n.{c}' for c in COUNTED)})"
    )
    not_copy = f"NOT {_copy('n.id')}"
    updated = (
        _pg_rows(
            "o", offset, -1, "old_rows AS o JOIN new_rows AS n ON n.id = o.id", f"{changed} AND {not_copy}"
        )
        + " UNION ALL "
        + _pg_rows(
            "n", offset, 1, "old_rows AS o JOIN new_rows AS n ON n.id = o.id", f"{changed} AND {not_copy}"
        )
    )
    return [
        f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, month date NOT NULL, "
        + ", ".join(f"{column} integer NOT NULL" for column in KEY)
        + ", total integer NOT NULL, negative integer NOT NULL)",
        f"CREATE INDEX {TABLE}_key ON {TABLE} ({columns}) INCLUDE (total, negative)",
        # Ids start from the clock (ms), as SQLite's change count does: a table made afresh starts above the
        # old one's last id (`generation`).
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), {time.time_ns() // 1_000_000})",
        f"CREATE TABLE {META} (offset_seconds integer NOT NULL)",
        f"INSERT INTO {META} (offset_seconds) VALUES ({int(offset)})",  # noqa: S608 - an integer
        _pg_function(
            "reports_tally_inserted",
            _pg_append(_pg_rows("n", offset, 1, "new_rows AS n", not_copy)),
        ),
        _pg_function(
            "reports_tally_deleted",
            _pg_append(_pg_rows("o", offset, -1, "old_rows AS o", f"NOT {_copy('o.id')}")),
        ),
        _pg_function("reports_tally_updated", _pg_append(updated)),
        # Emptying the registry at once (TRUNCATE, as a test's flush does it) fires no delete trigger.
        _pg_function("reports_tally_truncated", f"DELETE FROM {TABLE};"),  # noqa: S608 - a constant
        *(_pg_function(f"reports_tally_link_{op.lower()}", _pg_link_body(op, offset)) for op in LINK_OPS),
        "CREATE TRIGGER reports_tally_insert AFTER INSERT ON intake_feedback "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_inserted()",
        "CREATE TRIGGER reports_tally_delete AFTER DELETE ON intake_feedback "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_deleted()",
        "CREATE TRIGGER reports_tally_truncate AFTER TRUNCATE ON intake_feedback "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_truncated()",
        "CREATE TRIGGER reports_tally_update AFTER UPDATE ON intake_feedback "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_updated()",
        *(
            f"CREATE TRIGGER reports_tally_link_{op.lower()} AFTER {op} ON {LINKS} REFERENCING "
            + " ".join(f"{kind} TABLE AS {kind.lower()}_rows" for kind in LINK_OPS[op])
            + f" FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_link_{op.lower()}()"
            for op in LINK_OPS
        ),
        # The registry as it is now.
        _pg_append(_pg_rows("f", offset, 1, "intake_feedback AS f", f"NOT {_copy('f.id')}")).rstrip(";"),
    ]


def compact(db: BaseDatabaseWrapper | None = None) -> int:
    """PostgreSQL: fold the rows of differences of each key into one; the number of rows removed."""
    db = db or connection
    if db.vendor != "postgresql" or not _exists(db):
        return 0
    columns = ", ".join(("month", *KEY))
    match = " AND ".join(f"t.{c} = r.{c}" for c in ("month", *KEY))
    fold = (
        f"WITH repeated AS (SELECT {columns} FROM {TABLE} GROUP BY {columns} HAVING count(*) > 1), "  # noqa: S608
        f"gone AS (DELETE FROM {TABLE} AS t USING repeated AS r WHERE {match} RETURNING t.*), "
        f"folded AS (INSERT INTO {TABLE} ({columns}, total, negative) "
        # A key summed to nothing keeps a row of zeros: the last row's id never goes back (`generation`).
        f"SELECT {columns}, sum(total), sum(negative) FROM gone GROUP BY {columns} RETURNING 1) "
        "SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)"
    )
    with db.cursor() as cursor:
        cursor.execute(fold)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def generation() -> int | None:
    """A number that changes with every change of the figures; None where the table is not kept in step.
    PostgreSQL: the id of the table's last row (a fold keeps the sums and leaves a new row); SQLite: the
    count the triggers keep beside the zone."""
    if connection.vendor not in ("postgresql", "sqlite") or not in_step():
        return None
    sql = f"SELECT coalesce(max(id), 0) FROM {TABLE}"  # noqa: S608 - constant SQL
    if connection.vendor == "sqlite":
        sql = f"SELECT generation FROM {META}"  # noqa: S608 - constant SQL
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    except DatabaseError:  # SQLite: the table of a version without the count (`otklik migrate` makes it)
        return None
    return int(row[0]) if row else 0


def _exists(db: BaseDatabaseWrapper) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
        row = cursor.fetchone()
    return bool(row and row[0])


# ---------------------------------------------------------------------------------------------- both


def rebuild(db: BaseDatabaseWrapper | None = None) -> bool:
    """Make the table afresh from the registry with the zone's current offset; False where not kept."""
    db = db or connection
    if db.vendor == "sqlite":
        statements = [*DROP_STATEMENTS, *create_statements(zone_offset())]
    elif db.vendor == "postgresql":
        statements = [*PG_DROP_STATEMENTS, *pg_create_statements(zone_offset())]
    else:
        return False
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return True


def drop(db: BaseDatabaseWrapper | None = None) -> None:
    db = db or connection
    statements = {"sqlite": DROP_STATEMENTS, "postgresql": PG_DROP_STATEMENTS}.get(db.vendor, [])
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def in_step() -> bool:
    """Whether the table exists here and counts months in the zone of the current settings."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    if connection.vendor == "postgresql" and not _exists(connection):  # an error would end the transaction
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT offset_seconds FROM {META}")  # noqa: S608 - constant SQL
            row = cursor.fetchone()
    except DatabaseError:
        return False
    return row is not None and row[0] == zone_offset()


def read(
    first: dt.date,
    last: dt.date,
    fields: Sequence[str],
    *,
    channel_id: int | None = None,
    office_id: int | None = None,
    topic_ids: Sequence[int] | None = None,
    unit: tuple[int, Sequence[int]] | None = None,
) -> dict[tuple[int | None, ...], tuple[int, int]]:
    """(total, negative) per value of `fields` (columns of KEY) over the local days `first`..`last`, which
    must be whole months (`whole_months`).

    `unit` is (unit id, the topics in its competence): the records it answered or of those topics.
    """
    if not set(fields) <= set(KEY):
        raise ValueError(f"not counted by month: {sorted(set(fields) - set(KEY))}")
    if not whole_months(first, last):
        raise ValueError(f"not whole months: {first}..{last}")
    where = ["month >= %s", "month <= %s"]
    params: list[Any] = (
        [first, last] if connection.vendor == "postgresql" else [first.isoformat(), last.isoformat()]
    )
    if channel_id is not None:
        where.append("channel_id = %s")
        params.append(int(channel_id))
    if office_id is not None:
        where.append("office_id = %s")
        params.append(int(office_id))
    if topic_ids is not None:
        where.append(f"topic_id IN ({_numbers(topic_ids)})")
    if unit is not None:
        unit_id, topics = unit
        where.append(f"(answering_unit_id = %s OR topic_id IN ({_numbers(topics)}))")
        params.append(int(unit_id))
    columns = "".join(f"{field}, " for field in fields)
    grouping = f" GROUP BY {', '.join(fields)}" if fields else ""
    sql = (
        f"SELECT {columns}sum(total), sum(negative) FROM {TABLE} "  # noqa: S608 - names from KEY
        f"WHERE {' AND '.join(where)}{grouping}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(fields)
    return {
        tuple(value or None for value in row[:width]): (int(row[width]), int(row[width + 1]))
        for row in rows
        if row[width]
    }


def whole_months(first: dt.date, last: dt.date) -> bool:
    """Whether the days `first`..`last` are whole months: from a 1st to the last day of a month."""
    return first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first <= last


def _numbers(values: Sequence[int]) -> str:
    """Integers as an SQL list; `NULL` for none, so that `IN ()` matches nothing."""
    return ", ".join(str(int(v)) for v in values) or "NULL"
