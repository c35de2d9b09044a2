"""Registration of normalised records in the registry: the one door every intake adapter goes through."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from otklik.audit import services as audit
from otklik.lib.deadlines import Regime, appeal_deadlines
from otklik.lib.identifiers import is_valid_inn
from otklik.lib.workdays import default_calendar
from otklik.org.models import Channel, ChannelSource, PublicService, TaxOffice, Unit
from otklik.registry.models import Feedback, ImportBatch, PersonalData
from otklik.registry.record import (
    APPEAL_KINDS,
    APPEAL_REGIMES,
    APPEAL_RESULTS,
    TAXPAYER_KINDS,
    FeedbackRecord,
    value_problem,
    web_url,
)

Status = Literal["created", "duplicate", "rejected"]
_WORDS = re.compile(r"\w+")


# The registry columns an intake record fills, in the order of `feedback_row`.
FEEDBACK_COLUMNS = (
    "channel_id", "sub_source_id", "source_id", "received_at", "registered_at", "office_id",
    "answering_unit_id", "service_id", "taxpayer_kind", "title", "text", "url", "grades", "min_grade",
    "negative_mark", "redirected_to", "resolved_first_line", "is_complaint", "topic_hint",
    "registration_number", "appeal_kind", "regime", "is_repeat", "classifier_codes", "result",
    "forwarded_by", "forwarding_letter_number", "forwarding_letter_date", "forwarder_control",
    "forwarder_due", "raw", "batch_id", "fingerprint", "due_date", "forward_due",
)  # fmt: skip
PERSONAL_COLUMNS = ("full_name", "inn", "phone", "email", "postal_address")


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    feedback_id: int | None = None
    reason: str = ""
    field: str = ""
    other: dict[str, Any] | None = None  # a conflicting repeat: the source record stored first


class References:
    """Reference rows by code, read once per import rather than once per record."""

    def __init__(self) -> None:
        self.channels = {c.code: c for c in Channel.objects.all()}
        self.sources = {(s.channel_id, s.code): s for s in ChannelSource.objects.all()}
        self.offices = {o.code: o for o in TaxOffice.objects.all()}
        self.units = {u.code: u for u in Unit.objects.all()}
        self.services = {s.code: s for s in PublicService.objects.all()}
        # Due dates by (regime, received, registered): the calendar is the same for the whole import, and
        # the appeals of a file come in on a few hundred days at most.
        self.deadlines: dict[tuple[str, dt.date, dt.date | None], dict[str, Any]] = {}
        self.zone = timezone.get_current_timezone()  # whose days the terms are counted in
        self._writers: tuple[RowWriter, RowWriter] | None = None

    def writers(self) -> tuple[RowWriter, RowWriter]:
        """The inserts of registry rows and of their personal data, made once."""
        if self._writers is None:
            self._writers = (RowWriter(Feedback, FEEDBACK_COLUMNS), RowWriter(PersonalData, PERSONAL_COLUMNS))
        return self._writers

    def __getstate__(self) -> dict[str, Any]:
        # Handed to an import's preparing process: the writers hold this process's connection.
        return {**self.__dict__, "_writers": None}


def fingerprint(record: FeedbackRecord) -> str:
    """Same words, same channel, same day: the same content, whatever spacing or case it came with."""
    words = " ".join(_WORDS.findall(f"{record.title} {record.text}".lower()))
    day = record.received_at.date().isoformat()
    return hashlib.sha256(f"{record.channel}|{day}|{words}".encode()).hexdigest()


def validate(
    record: FeedbackRecord, refs: References, *, latest: dt.datetime | None = None
) -> tuple[str, str] | None:
    """The first problem of a record as (field, reason in Russian), or None when it can be stored.
    `latest` is the latest acceptable time of receipt (a day from now when not given)."""
    if timezone.is_naive(record.received_at):
        return "received_at", "время поступления без часового пояса"
    problem = value_problem(record)
    if problem is not None:
        return problem
    channel = refs.channels.get(record.channel)
    # One check after another, the message formatted only for the one that fails.
    if channel is None:
        return "channel", f"неизвестный поток «{record.channel}»"
    if not record.source_id.strip():
        return "source_id", "нет идентификатора записи в источнике"
    if record.received_at > (latest or timezone.now() + dt.timedelta(days=1)):
        return "received_at", "дата поступления в будущем"
    if record.office and record.office not in refs.offices:
        return "office", f"неизвестный налоговый орган «{record.office}»"
    if record.answering_unit and record.answering_unit not in refs.units:
        return "answering_unit", f"неизвестное подразделение «{record.answering_unit}»"
    if record.service and record.service not in refs.services:
        return "service", f"неизвестная государственная услуга «{record.service}»"
    if record.taxpayer_kind not in TAXPAYER_KINDS:
        return "taxpayer_kind", f"неизвестный вид «{record.taxpayer_kind}»"
    if record.appeal_kind and record.appeal_kind not in APPEAL_KINDS:
        return "appeal_kind", f"неизвестный вид обращения «{record.appeal_kind}»"
    if record.regime and record.regime not in APPEAL_REGIMES:
        return "regime", f"неизвестный порядок «{record.regime}»"
    if record.result and record.result not in APPEAL_RESULTS:
        return "result", f"неизвестный результат «{record.result}»"
    if any(not (isinstance(g, int) and 1 <= g <= 5) for g in record.grades.values()):
        return "grades", "оценка вне шкалы 1–5"
    if record.personal.inn and not is_valid_inn(record.personal.inn):
        return "personal.inn", "ИНН с неверными контрольными цифрами"
    if not (record.text.strip() or record.title.strip() or record.grades):
        return "text", "пустая запись: нет ни текста, ни оценок"
    if record.source and (channel.id, record.source) not in refs.sources:
        return "source", f"у потока «{channel.name}» нет источника «{record.source}»"
    return None


def _deadlines(record: FeedbackRecord, refs: References) -> dict[str, Any]:
    if record.channel not in ("appeals", "forwarded"):
        return {}
    received = record.received_at.astimezone(refs.zone).date()
    registered = record.registered_at.astimezone(refs.zone).date() if record.registered_at else None
    key = (record.regime, received, registered)
    known = refs.deadlines.get(key)
    if known is None:
        terms = appeal_deadlines(
            Regime(record.regime or Regime.CITIZENS_APPEAL),
            received=received,
            registered=registered,
            calendar=default_calendar(),
        )
        known = refs.deadlines[key] = {"due_date": terms.answer_by, "forward_due": terms.forward_by}
    return known


def build(record: FeedbackRecord, refs: References, batch: ImportBatch | None) -> Feedback:
    return Feedback(**feedback_row(record, refs, batch.pk if batch else None))


def feedback_row(record: FeedbackRecord, refs: References, batch_id: int | None) -> dict[str, Any]:
    """The registry row of a valid record as {attribute: value}; every record gives the same keys."""
    channel = refs.channels[record.channel]
    sub_source = refs.sources.get((channel.id, record.source))
    office = refs.offices.get(record.office)
    unit = refs.units.get(record.answering_unit)
    service = refs.services.get(record.service)
    grades = dict(record.grades)
    return {
        "channel_id": channel.id,  # `id` rather than `pk`: no property call per record
        "sub_source_id": sub_source.id if sub_source else None,
        "source_id": record.source_id.strip(),
        "received_at": record.received_at,
        "registered_at": record.registered_at,
        "office_id": office.id if office else None,
        "answering_unit_id": unit.id if unit else None,
        "service_id": service.id if service else None,
        "taxpayer_kind": record.taxpayer_kind,
        "title": record.title,
        "text": record.text,
        "url": web_url(record.url),
        "grades": grades,
        "min_grade": min(grades.values()) if grades else None,
        "negative_mark": record.negative_mark,
        "redirected_to": record.redirected_to,
        "resolved_first_line": record.resolved_first_line,
        "is_complaint": record.is_complaint,
        "topic_hint": record.topic_hint,
        "registration_number": record.registration_number,
        "appeal_kind": record.appeal_kind,
        "regime": record.regime,
        "is_repeat": record.is_repeat,
        "classifier_codes": list(record.classifier_codes),
        "result": record.result,
        "forwarded_by": record.forwarded_by,
        "forwarding_letter_number": record.forwarding_letter_number,
        "forwarding_letter_date": record.forwarding_letter_date,
        "forwarder_control": record.forwarder_control,
        "forwarder_due": record.forwarder_due,
        "raw": record.raw,
        "batch_id": batch_id,
        "fingerprint": fingerprint(record),
        "due_date": None,
        "forward_due": None,
        **_deadlines(record, refs),
    }


class Prepared(NamedTuple):
    """A valid record made ready for the registry without touching the database: its natural key, its
    row's values (in `RowWriter` column order), and its personal data.
    A named tuple: an import hands thousands of them from its reading process, and a tuple is what
    pickle reads back fastest. `label` (how the audit names a record stored without a batch) is made
    only then."""

    key: tuple[int, str]
    values: list[Any]  # as `RowWriter.pick` gives them
    personal: list[Any] | None
    label: str


def prepare(
    records: Sequence[FeedbackRecord], refs: References, batch_id: int | None = None
) -> list[Prepared | Outcome]:
    """Validate the records and build their rows; a rejected record becomes its Outcome.

    Needs no database connection (the reference data is in `refs`), so that an import can do it in a
    process of its own while the writer stores the previous chunk.
    """
    feedback, personal = refs.writers()
    latest = timezone.now() + dt.timedelta(days=1)
    prepared: list[Prepared | Outcome] = []
    for record in records:
        problem = validate(record, refs, latest=latest)
        if problem:
            prepared.append(Outcome("rejected", reason=problem[1], field=problem[0]))
            continue
        row = feedback_row(record, refs, batch_id)
        pd = record.personal
        prepared.append(
            Prepared(
                key=(row["channel_id"], row["source_id"]),
                values=feedback.pick(row),
                personal=None if pd.is_empty() else personal.values(pd.as_dict()),
                label=""
                if batch_id
                else f"{row['registration_number'] or row['source_id']} ({record.received_at:%d.%m.%Y})",
            )
        )
    return prepared


def register_many(
    records: Sequence[FeedbackRecord],
    *,
    refs: References | None = None,
    batch: ImportBatch | None = None,
    acting_user: Any = None,
) -> list[Outcome]:
    """Store the records that are new, in one transaction; say per record: created, duplicate or rejected."""
    refs = refs or References()
    prepared = prepare(records, refs, batch.pk if batch else None)
    return store(prepared, refs, batch=batch, acting_user=acting_user)


def store(
    prepared: Sequence[Prepared | Outcome],
    refs: References,
    *,
    batch: ImportBatch | None = None,
    acting_user: Any = None,
) -> list[Outcome]:
    """Store prepared records that are new, in one transaction; an Outcome given stays as it is.

    The natural key is (channel, source id): the same record through a file and the API is stored once.
    A concurrent writer that stored one of them first makes the transaction fail on the unique constraint
    (or, on PostgreSQL, in a deadlock); the chunk is then tried again from the prepared values, which
    nothing changes, and that record is found to be a duplicate. New rows are inserted in the order of
    their keys, so that two writers of overlapping records wait on each other rather than deadlock.
    """
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _store_chunk(prepared, refs, batch, acting_user)
        except (IntegrityError, OperationalError) as exc:
            if attempt == _ATTEMPTS or not (isinstance(exc, IntegrityError) or _deadlock(exc)):
                raise
    raise AssertionError("unreachable")


_ATTEMPTS = 4
_RAW = FEEDBACK_COLUMNS.index("raw")


def _deadlock(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) == "40P01" or "deadlock detected" in str(exc)


def _plain(value: Any) -> Any:
    """A source record as it reads back from the registry's JSON."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _repeat(item: Prepared, earlier: Any, feedback_id: int | None) -> Outcome:
    """A record met again in the same file or request: a repeat when its content is the same, else a
    conflict that goes to the quarantine with the version met first."""
    now, before = _plain(item.values[_RAW]), _plain(earlier)
    if now == before:
        return Outcome("duplicate", feedback_id=feedback_id, reason="повтор записи в том же файле (пакете)")
    differ = (
        [k for k in dict.fromkeys([*before, *now]) if before.get(k) != now.get(k)]
        if isinstance(before, dict) and isinstance(now, dict)
        else []
    )
    fields = f" (различаются: {', '.join(f'«{k}»' for k in differ[:5])})" if differ else ""
    return Outcome(
        "rejected",
        feedback_id=feedback_id,
        reason=(
            f"конфликт: запись «{item.key[1]}» уже встречалась в этом файле (пакете) с другим содержанием"
            f"{fields}; загружена первая версия, сравните ее с этой"
        ),
        field="source_id",
        other=before if isinstance(before, dict) else {"запись": before},
    )


def _store_chunk(
    prepared: Sequence[Prepared | Outcome], refs: References, batch: ImportBatch | None, acting_user: Any
) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(prepared)
    keys: dict[tuple[int, str], int] = {}
    for i, item in enumerate(prepared):
        if isinstance(item, Outcome):
            outcomes[i] = item
        elif item.key in keys:
            first = prepared[keys[item.key]]
            assert isinstance(first, Prepared)
            outcomes[i] = _repeat(item, first.values[_RAW], None)
        else:
            keys[item.key] = i
    existing: dict[tuple[int, str], tuple[int, int | None]] = {}
    by_channel: dict[int, list[str]] = {}
    for channel_id, source_id in keys:
        by_channel.setdefault(channel_id, []).append(source_id)
    feedback_writer, personal_writer = refs.writers()
    for channel_id, source_ids in by_channel.items():
        for start in range(0, len(source_ids), 500):
            part = source_ids[start : start + 500]
            for pk, sid, batch_id in _registered(channel_id, part):
                existing[(channel_id, sid)] = (pk, batch_id)
    # Stored earlier from the same batch (the same file, a chunk before): a repeat inside the file.
    same_file = [pk for pk, batch_id in existing.values() if batch is not None and batch_id == batch.pk]
    earlier = dict(Feedback.objects.filter(pk__in=same_file).values_list("pk", "raw")) if same_file else {}
    fresh: list[tuple[int, Prepared]] = []
    for key, i in keys.items():
        item = prepared[i]
        assert isinstance(item, Prepared)
        if key not in existing:
            fresh.append((i, item))
        elif existing[key][0] in earlier:
            outcomes[i] = _repeat(item, earlier[existing[key][0]], existing[key][0])
        else:
            outcomes[i] = Outcome(
                "duplicate", feedback_id=existing[key][0], reason="запись уже есть в реестре"
            )
    fresh.sort(key=lambda pair: pair[1].key)
    # Converted here rather than in `prepare`: in an import that prepares in another process, this
    # evens out the work of the two. Into a copy: a retried chunk starts again from the prepared values.
    created = feedback_writer.insert([feedback_writer.adapt(list(item.values)) for _, item in fresh])
    personal = []
    for (i, item), pk in zip(fresh, created, strict=True):
        outcomes[i] = Outcome("created", feedback_id=pk)
        if item.personal is not None:
            personal.append([pk, *item.personal])
    personal_writer.insert(personal, leading=("feedback_id",))
    if created:
        audit.record(
            "feedback.registered",
            acting_user=acting_user,
            object_type="registry.importbatch" if batch else "registry.feedback",
            object_id=str(batch.pk) if batch else str(created[0]),
            object_repr=str(batch) if batch else fresh[0][1].label,
            changes={"created": len(created), "first_id": created[0], "last_id": created[-1]},
        )
    return [o for o in outcomes if o is not None]


_INSERT_BATCH = 500


def _registered(channel_id: int, source_ids: Sequence[str]) -> list[tuple[int, str, int | None]]:
    """(key, source id, batch) of the registry rows of a channel with these source ids: the natural key's
    lookup, written out (building it through the ORM took a tenth of an import's writing time)."""
    db = connections[router.db_for_write(Feedback)]
    qn, mark = db.ops.quote_name, "?" if db.vendor == "sqlite" else "%s"
    marks = ", ".join([mark] * len(source_ids))
    # No ordering: with the model's default order SQLite walks the channel's whole date index instead
    # of looking the keys up, and every chunk would read the entire registry.
    sql = (
        f"SELECT {qn('id')}, {qn('source_id')}, {qn('batch_id')} FROM {qn(Feedback._meta.db_table)} "  # noqa: S608
        f"WHERE {qn('channel_id')} = {mark} AND {qn('source_id')} IN ({marks})"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [channel_id, *source_ids])
        return [(pk, sid, batch_id) for pk, sid, batch_id in cursor.fetchall()]


class RowWriter:
    # Own writer: bulk_create is 12,6× slower on 100 000 rows (SQLite), 1,4× (PostgreSQL); bench/RESULTS.md
    """Multi-row inserts of one model's new rows, given the same columns each time; what `bulk_create`
    does for registration, several times faster.

    Django's insert compiler treats every value generically (expressions, placeholders, field hooks): some
    microseconds a value, which with the registry's fifty-odd columns was most of an import's time, and
    building the model objects was as much again. Here `values` turns a row {attribute: value} into the
    list the database takes (dates, times and JSON through their field's own conversion, plain values as
    they are): that part needs no connection and can run in another process. `insert` adds the columns
    the rows leave out with their defaults (`auto_now` columns: the time of the call) and returns the new
    keys in order. On PostgreSQL the values travel as one array per column (UNNEST), as in Django's own
    bulk insert.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        meta = model._meta
        self.db = connections[router.db_for_write(model)]  # the connection itself, not the per-thread proxy
        db = self.db
        self.fields = [f for f in meta.concrete_fields if not (f.generated or isinstance(f, AutoFieldMixin))]
        by_name = {f.attname: f for f in self.fields}
        unknown = set(columns) - set(by_name)
        if unknown:
            raise ValueError(f"{meta.label}: no such columns: {sorted(unknown)}")
        self.columns = tuple(columns)
        self.given = [by_name[c] for c in self.columns]
        self.rest = [f for f in self.fields if f.attname not in set(self.columns)]
        self.convert = [(i, c) for i, c in enumerate(_db_value(f, db) for f in self.given) if c is not None]
        get_all = operator.itemgetter(*self.columns)  # a tuple, or one value for one column
        self._values_of: Callable[[dict[str, Any]], Any] = (
            get_all if len(self.columns) > 1 else lambda row: (get_all(row),)
        )

    def values(self, row: dict[str, Any]) -> list[Any]:
        """A row's values as the database takes them, in column order (needs no connection)."""
        return self.adapt(self.pick(row))

    def pick(self, row: dict[str, Any]) -> list[Any]:
        """A row's values as they are, in column order; `adapt` makes them what the database takes.
        (Made in an import's reading process, they cross to the writer as they are: a record's text
        is the same string object in its field and in the source record's copy, and pickle sends it
        once, where the JSON of that copy would send it again.)"""
        return list(self._values_of(row))

    def adapt(self, values: list[Any]) -> list[Any]:
        """What `pick` gave, made what the database takes (in place)."""
        for i, to_db in self.convert:
            if values[i] is not None:
                values[i] = to_db(values[i])
        return values

    def insert(self, table: list[list[Any]], *, leading: Sequence[str] = ()) -> list[Any]:
        """Insert rows made by `values`, each led by the values of the `leading` columns (e.g. a foreign
        key known only now); return the new keys in order."""
        if not table:
            return []
        db, meta = self.db, self.model._meta
        by_name = {f.attname: f for f in self.fields}
        head_fields = [by_name[c] for c in leading]
        given = head_fields + self.given
        rest = [f for f in self.rest if f.attname not in set(leading)]
        if not db.features.can_return_rows_from_bulk_insert or meta.pk is None:
            names = [f.attname for f in given]
            objs = self.model._default_manager.bulk_create(
                [self.model(**dict(zip(names, values, strict=True))) for values in table],
                batch_size=_INSERT_BATCH,
            )
            return [obj.pk for obj in objs]
        now = timezone.now()
        fixed = [f.get_db_prep_save(now if _stamped(f) else f.get_default(), connection=db) for f in rest]
        qn = db.ops.quote_name
        ordered = given + rest
        columns = ", ".join(qn(f.column or f.attname) for f in ordered)
        # Only the model's own table, column and type names go into the statement; every value is a parameter.
        head = f"INSERT INTO {qn(meta.db_table)} ({columns}) "
        returning = f" RETURNING {qn(meta.pk.column or meta.pk.attname)}"
        # PostgreSQL plans one array per column much faster than thousands of literal values, as Django's
        # own bulk insert does there; other databases get rows of values.
        unnest = db.vendor == "postgresql"
        if unnest:
            arrays = ", ".join(f"(%s)::{f.db_type(db).split('(')[0]}[]" for f in ordered)  # type: ignore[union-attr]
            head += f"SELECT * FROM UNNEST({arrays})"  # noqa: S608
        # SQLite's own placeholder: Django rewrites every «%s» of a statement into «?» with a regular
        # expression, which on a 500-row statement of sixty columns took as long as a tenth of the insert.
        mark = "?" if db.vendor == "sqlite" else "%s"
        row_sql = "(" + ", ".join([mark] * len(ordered)) + ")"
        size = max(1, min(_INSERT_BATCH, db.ops.bulk_batch_size(ordered, table)))
        keys: list[Any] = []
        with db.cursor() as cursor:
            for start in range(0, len(table), size):
                part = [values + fixed for values in table[start : start + size]]
                if unnest:
                    cursor.execute(head + returning, [list(column) for column in zip(*part, strict=True)])
                else:
                    params = [value for values in part for value in values]
                    cursor.execute(f"{head}VALUES {', '.join([row_sql] * len(part))}{returning}", params)
                keys.extend(pk for (pk,) in cursor.fetchall())
        if len(keys) != len(table):
            raise AssertionError(f"{meta.label}: {len(table)} rows inserted, {len(keys)} keys returned")
        return keys


def _stamped(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _db_value(field: models.Field[Any, Any], db: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """The conversion of a column's Python value to its database value; None where it is the value itself."""
    if isinstance(field, models.JSONField):
        # Most grades and code lists are empty: their database value is made once. Plain dicts and lists
        # go straight to the backend's JSON adapter, which is where the field's own conversion ends.
        blanks: tuple[Any, ...] = ({}, [])
        empty = {type(e): field.get_db_prep_save(e, connection=db) for e in blanks}
        adapt_json, encoder = db.ops.adapt_json_value, field.encoder
        if db.vendor == "sqlite" and encoder is None:
            # SQLite keeps the JSON as text: Cyrillic as UTF-8 rather than «\\u0420» escapes makes a
            # source record's copy about 2.5 times smaller (1.0 instead of 2.6 KB for an appeal), and the
            # registry and its writing as much lighter. The value read back is the same.
            def adapt_json(value: Any, encoder: Any = None) -> Any:
                return json.dumps(value, ensure_ascii=False)

        return lambda value: (
            (empty[type(value)] if not value else adapt_json(value, encoder))
            if type(value) in empty
            else field.get_db_prep_save(value, connection=db)
        )
    if isinstance(field, models.DateTimeField):
        # Aware datetimes, as every record has, go straight to the backend's adapter; on SQLite that is
        # the text of the time in the connection's zone (UTC), made here without the settings lookups.
        adapt_datetime: Callable[[dt.datetime], Any] = db.ops.adapt_datetimefield_value
        zone = db.timezone if settings.USE_TZ else None
        if db.vendor == "sqlite" and zone is not None:

            def adapt_datetime(value: dt.datetime, zone: dt.tzinfo = zone) -> Any:
                return str(value.astimezone(zone).replace(tzinfo=None))

        return lambda value: (
            adapt_datetime(value)
            if type(value) is dt.datetime and value.utcoffset() is not None
            else field.get_db_prep_save(value, connection=db)
        )
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        adapt_date = db.ops.adapt_datefield_value
        return lambda value: (
            adapt_date(value) if type(value) is dt.date else field.get_db_prep_save(value, connection=db)
        )
    if isinstance(field, models.DateField | models.TimeField | models.DecimalField):
        return lambda value: field.get_db_prep_save(value, connection=db)
    if isinstance(field, models.CharField | models.TextField | models.IntegerField | models.FloatField):
        return None
    if isinstance(field, models.BooleanField | models.ForeignKey):
        return None
    return lambda value: field.get_db_prep_save(value, connection=db)


def register(record: FeedbackRecord, *, acting_user: Any = None) -> Outcome:
    return register_many([record], acting_user=acting_user)[0]
