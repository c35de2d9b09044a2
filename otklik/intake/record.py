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

TAXPAYER_KINDS = ("fl", "ul", "ip", "unknown")
APPEAL_KINDS = ("appeal", "complaint", "proposal")
APPEAL_REGIMES = ("59fz", "nk19")
APPEAL_RESULTS = ("supported", "explained", "not_supported", "forwarded")
# «Ваш контроль» criteria, in the order of the site's form (ids 9–13).
VK_CRITERIA = ("time_service", "time_queue", "staff", "comfort", "information")


@dataclasses.dataclass(slots=True)
class PersonalData:
    full_name: str = ""
    inn: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""

    def is_empty(self) -> bool:
        return not (self.full_name or self.inn or self.phone or self.email or self.postal_address)

    def as_dict(self) -> dict[str, str]:
        return {
            "full_name": self.full_name,
            "inn": self.inn,
            "phone": self.phone,
            "email": self.email,
            "postal_address": self.postal_address,
        }


@dataclasses.dataclass(slots=True)
class FeedbackRecord:
    """One appeal, review, comment, call, survey answer or publication, whatever its stream."""

    channel: str  # Channel.code: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media
    source_id: str  # the source's own identifier: the natural key within (channel, source)
    received_at: dt.datetime  # aware
    source: str = ""  # sub-source code within the channel (post, epgu, sms0919, ...)
    registered_at: dt.datetime | None = None
    office: str = ""  # TaxOffice.code
    answering_unit: str = ""  # Unit.code, stream 1
    service: str = ""  # public service code
    taxpayer_kind: str = "unknown"
    title: str = ""
    text: str = ""
    url: str = ""
    grades: dict[str, int] = dataclasses.field(default_factory=dict)  # criterion -> 1..5
    negative_mark: bool | None = None  # stream 1: the taxpayer marked the answer as unsatisfactory
    # calls (stream 4)
    redirected_to: str = ""
    resolved_first_line: bool | None = None
    is_complaint: bool | None = None
    topic_hint: str = ""  # the source's own topic, if it gives one
    # written appeals (streams 2 and 3), 59-ФЗ
    registration_number: str = ""
    appeal_kind: str = ""
    regime: str = ""
    is_repeat: bool = False
    classifier_codes: list[str] = dataclasses.field(default_factory=list)
    result: str = ""
    # stream 3: the forwarding body
    forwarded_by: str = ""
    forwarding_letter_number: str = ""
    forwarding_letter_date: dt.date | None = None
    forwarder_control: bool = False
    forwarder_due: dt.date | None = None
    personal: PersonalData = dataclasses.field(default_factory=PersonalData)
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)  # the source record as received


# The longest value of each text field, in characters: the models' column sizes, the readers' checks and
# the API's description all come from here, and a longer value is a per-record error naming the field and
# its limit (never cut). Keys are `FeedbackRecord` fields, personal data as «personal.<field>».
FIELD_LIMITS: dict[str, int] = {
    "source_id": 128,
    "title": 500,
    "url": 1000,
    "redirected_to": 255,
    "topic_hint": 255,
    "registration_number": 64,
    "forwarded_by": 255,
    "forwarding_letter_number": 64,
    "personal.full_name": 255,
    "personal.inn": 12,
    "personal.phone": 64,
    "personal.email": 255,
    "personal.postal_address": 500,
}
FIELD_NAMES: dict[str, str] = {
    "source_id": "идентификатор записи",
    "source": "источник",
    "office": "налоговый орган",
    "answering_unit": "подразделение",
    "service": "государственная услуга",
    "title": "заголовок",
    "text": "текст",
    "url": "ссылка",
    "redirected_to": "переадресовано",
    "topic_hint": "тематика источника",
    "registration_number": "регистрационный номер",
    "forwarded_by": "направивший орган",
    "forwarding_letter_number": "номер сопроводительного письма",
    "personal.full_name": "ФИО",
    "personal.inn": "ИНН",
    "personal.phone": "телефон",
    "personal.email": "электронная почта",
    "personal.postal_address": "почтовый адрес",
    "received_at": "дата поступления",
    "registered_at": "дата регистрации",
    "forwarding_letter_date": "дата сопроводительного письма",
    "forwarder_due": "срок сообщения направившему органу",
    "classifier_codes": "коды классификатора",
    "grades": "оценки",
    "raw": "исходная запись",
}
# Dates a record may carry: the registry starts long after 2000, and the working-day calendar and the
# databases' own types end well before the far future.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
# A NUL (which PostgreSQL's text and JSON refuse) or half of a UTF-16 surrogate pair (no character at all).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TEXT_FIELDS = (
    "channel", "source_id", "source", "office", "answering_unit", "service", "taxpayer_kind", "title",
    "text", "url", "redirected_to", "topic_hint", "registration_number", "appeal_kind", "regime", "result",
    "forwarded_by", "forwarding_letter_number",
)  # fmt: skip
_PERSONAL_FIELDS = ("full_name", "inn", "phone", "email", "postal_address")


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
