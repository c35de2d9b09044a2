"""The one normalised record that every intake adapter produces and the registry stores.

Adapters (files, «Ваш контроль» XML, feeds, the HTTP API, the manual form) turn their own format into
`FeedbackRecord` and hand it to the registration service. Nothing here touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from django.db import models  # its enumerations only: nothing here touches the database

from otklik.lib import deadlines

# The record's vocabularies: the codes readers map values to, the API and the registration check, and the
# choices of the registry's columns (`registry.models`).


class TaxpayerKind(models.TextChoices):
    FL = "fl", "ФЛ"
    UL = "ul", "ЮЛ"
    IP = "ip", "ИП"
    UNKNOWN = "unknown", "не указан"


class AppealKind(models.TextChoices):
    APPEAL = "appeal", "обращение"
    COMPLAINT = "complaint", "жалоба"
    PROPOSAL = "proposal", "предложение"


class Regime(models.TextChoices):
    FZ59 = deadlines.Regime.CITIZENS_APPEAL.value, "59-ФЗ"
    NK19 = deadlines.Regime.TAX_COMPLAINT.value, "гл. 19 НК РФ"


class AppealResult(models.TextChoices):
    SUPPORTED = "supported", "поддержано"
    EXPLAINED = "explained", "разъяснено"
    NOT_SUPPORTED = "not_supported", "не поддержано"
    FORWARDED = "forwarded", "направлено по компетенции"


TAXPAYER_KINDS: tuple[str, ...] = tuple(TaxpayerKind.values)
APPEAL_KINDS: tuple[str, ...] = tuple(AppealKind.values)
APPEAL_REGIMES: tuple[str, ...] = tuple(Regime.values)
APPEAL_RESULTS: tuple[str, ...] = tuple(AppealResult.values)
CHANNELS = ("lk_comments", "appeals", "forwarded", "calls", "surveys", "vashkontrol", "media")
# «Ваш контроль» criteria, in the order of the site's form (ids 9–13).
VK_CRITERIA = ("time_service", "time_queue", "staff", "comfort", "information")


def _field(name: str, kind: str, *, limit: int | None = None, about: str = "", default: Any = "") -> Any:
    """A field of the record with what everyone else needs to know of it: its name in Russian (messages,
    the API's description), its kind (how a reader's mapping converts a cell: `mapping.convert`), the
    longest text it takes (the registry's column size; a longer value rejects the record, never cut) and
    a word for the API. `default=dataclasses.MISSING` makes the field required; a list or dict default is
    given as its type (`list`, `dict`)."""
    meta = {"name": name, "kind": kind, "limit": limit, "about": about}
    if default in (list, dict):
        return dataclasses.field(default_factory=default, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclasses.dataclass(slots=True)
class PersonalData:
    full_name: str = _field("ФИО", "str", limit=255)
    inn: str = _field("ИНН", "inn", limit=12, about="10 или 12 цифр с верными контрольными цифрами")
    phone: str = _field("телефон", "str", limit=64)
    email: str = _field("электронная почта", "str", limit=255)
    postal_address: str = _field("почтовый адрес", "str", limit=500)

    def is_empty(self) -> bool:
        return not (self.full_name or self.inn or self.phone or self.email or self.postal_address)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


_REQUIRED = dataclasses.MISSING


@dataclasses.dataclass(slots=True)
class FeedbackRecord:
    """One appeal, review, comment, call, survey answer or publication, whatever its stream: the one list of
    the record's fields. The registry's columns, the readers' mappings and the API's schema take the
    fields, their names, kinds and limits from here."""

    # Channel.code: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media
    channel: str = _field("поток", "channel", default=_REQUIRED, about=f"код потока: {', '.join(CHANNELS)}")
    # the source's own identifier: the natural key within (channel, source)
    source_id: str = _field(
        "идентификатор записи", "id", limit=128, default=_REQUIRED, about="идентификатор в системе-источнике"
    )
    received_at: dt.datetime = _field(
        "дата поступления", "datetime", default=_REQUIRED, about="время с часовым поясом (ISO 8601)"
    )  # aware
    source: str = _field("источник", "code")  # sub-source code within the channel (post, epgu, sms0919, ...)
    registered_at: dt.datetime | None = _field("дата регистрации", "datetime", default=None)
    office: str = _field("налоговый орган", "str")  # TaxOffice.code
    answering_unit: str = _field("подразделение", "str")  # Unit.code, stream 1
    service: str = _field("государственная услуга", "str")  # public service code
    taxpayer_kind: str = _field("налогоплательщик", "choice", default="unknown")
    title: str = _field("заголовок", "str", limit=500)
    text: str = _field("текст", "str")
    url: str = _field("ссылка", "str", limit=1000, about="сохраняется только адрес http:// или https://")
    grades: dict[str, int] = _field("оценки", "grades", default=dict)  # criterion -> 1..5
    # stream 1: the taxpayer marked the answer as unsatisfactory
    negative_mark: bool | None = _field("отрицательная отметка ответа", "bool", default=None)
    # calls (stream 4)
    redirected_to: str = _field("переадресовано", "str", limit=255)
    resolved_first_line: bool | None = _field("решено на первой линии", "bool", default=None)
    is_complaint: bool | None = _field("жалоба", "bool", default=None)
    topic_hint: str = _field(
        "тематика источника", "str", limit=255
    )  # the source's own topic, if it gives one
    # written appeals (streams 2 and 3), 59-ФЗ
    registration_number: str = _field("регистрационный номер", "str", limit=64)
    appeal_kind: str = _field("вид обращения", "choice")
    regime: str = _field("порядок рассмотрения", "choice")
    is_repeat: bool = _field("повторное", "bool", default=False)
    classifier_codes: list[str] = _field("коды классификатора", "codes", default=list)
    result: str = _field("результат", "choice")
    # stream 3: the forwarding body
    forwarded_by: str = _field("направивший орган", "str", limit=255)
    forwarding_letter_number: str = _field("номер сопроводительного письма", "str", limit=64)
    forwarding_letter_date: dt.date | None = _field("дата сопроводительного письма", "date", default=None)
    forwarder_control: bool = _field("на контроле направившего органа", "bool", default=False)
    forwarder_due: dt.date | None = _field("срок сообщения направившему органу", "date", default=None)
    personal: PersonalData = dataclasses.field(default_factory=PersonalData)
    # the source record as received
    raw: dict[str, Any] = _field("исходная запись", "raw", default=dict)


def record_fields() -> Iterator[tuple[str, dataclasses.Field[Any]]]:
    """Every field of the record with its key: «title», personal data as «personal.inn»."""
    for f in dataclasses.fields(FeedbackRecord):
        if f.name == "personal":
            yield from ((f"personal.{p.name}", p) for p in dataclasses.fields(PersonalData))
        else:
            yield f.name, f


# The longest value of each text field, in characters: the models' column sizes, the readers' checks and
# the API's description all come from here.
FIELD_LIMITS: dict[str, int] = {key: f.metadata["limit"] for key, f in record_fields() if f.metadata["limit"]}
FIELD_NAMES: dict[str, str] = {key: f.metadata["name"] for key, f in record_fields()}
# How a reader's mapping converts each field a column can fill (grades come as «grades.<criterion>»).
FIELD_KINDS: dict[str, str] = {
    key: f.metadata["kind"] for key, f in record_fields() if f.metadata["kind"] not in ("grades", "raw")
}
REQUIRED_FIELDS = tuple(
    key for key, f in record_fields() if f.default is _REQUIRED and f.default_factory is _REQUIRED
)
# Dates a record may carry: the registry starts long after 2000, and the working-day calendar and the
# databases' own types end well before the far future.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
# A NUL (which PostgreSQL's text and JSON refuse) or half of a UTF-16 surrogate pair (no character at all).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TEXT_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(FeedbackRecord)
    if f.metadata.get("kind") in ("channel", "id", "code", "str", "choice")
)
_PERSONAL_FIELDS = tuple(f.name for f in dataclasses.fields(PersonalData))


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def unstorable(text: str) -> bool:
    """True when the text has a NUL or an unpaired surrogate: no database can keep it as text."""
    return _UNSTORABLE.search(text) is not None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _joined(value: Any) -> str:
    """Every string of a value, keys included, in one text to search at once; a source row (a flat mapping of
    strings) is joined directly, without walking it item by item (a fifth of the import's checks before)."""
    if isinstance(value, dict) and all(isinstance(item, str) for item in value.values()):
        return "\n".join((*map(str, value), *value.values()))
    return "\n".join(_strings(value))


def value_problem(record: FeedbackRecord) -> tuple[str, str] | None:
    """The first value of a record the registry cannot keep as it is, as (field, reason in Russian):
    a text longer than its field's limit, a NUL or an unpaired surrogate, a date outside 2000–2099."""
    personal = record.personal
    # One search over all the texts; field by field only when it finds something (import's hot path).
    texts = [getattr(record, name) for name in _TEXT_FIELDS] + [
        getattr(personal, n) for n in _PERSONAL_FIELDS
    ]
    clean = not unstorable("\n".join(texts))
    for name in _TEXT_FIELDS:
        text: str = getattr(record, name)
        limit = FIELD_LIMITS.get(name)
        if limit is not None and len(text) > limit:
            return name, too_long(name, len(text), limit)
        if not clean and unstorable(text):
            return name, bad_characters(name)
    for name in _PERSONAL_FIELDS:
        text = getattr(personal, name)
        key = f"personal.{name}"
        if len(text) > FIELD_LIMITS[key]:
            return key, too_long(key, len(text), FIELD_LIMITS[key])
        if not clean and unstorable(text):
            return key, bad_characters(key)
    for name, value in (("classifier_codes", record.classifier_codes), ("grades", record.grades)):
        if any(unstorable(s) for s in _strings(value)):
            return name, bad_characters(name)
    if record.raw and unstorable(_joined(record.raw)):
        return "raw", bad_characters("raw")
    for name in ("received_at", "registered_at", "forwarding_letter_date", "forwarder_due"):
        when: dt.date | None = getattr(record, name)
        if when is not None and not EARLIEST_DATE <= _day(when) <= LATEST_DATE:
            return name, (
                f"{field_name(name)} {when:%d.%m.%Y} вне допустимых лет "
                f"{EARLIEST_DATE.year}–{LATEST_DATE.year}"
            )
    return None


def _day(when: dt.date) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def too_long(field: str, length: int, limit: int) -> str:
    return f"поле «{field_name(field)}» длиннее {limit} символов ({length})"


def bad_characters(field: str) -> str:
    return f"поле «{field_name(field)}» содержит недопустимый символ (NUL или половину суррогатной пары)"


def web_url(url: str) -> str:
    """The link as it is when it is an http(s) address, else nothing: a `javascript:` or `file:` link is
    never stored as a link (the source record keeps what came)."""
    return url if url[:8].lower().startswith(("http://", "https://")) else ""
