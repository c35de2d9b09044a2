"""Erasure of personal data (152-ФЗ): after the retention term, and of one person on their request (art. 21),
with a record of each erasure. The records stay for statistics with masked text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import django.dispatch
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.audit import services as audit
from otklik.nlp.pdata import MASKS
from otklik.registry.models import Feedback, LinkKey, PersonalData

# Sent, inside the erasing transaction, with `ids`: the records whose text changed. The apps holding tables
# derived from the registry's text (the search index) bring those records up to date.
personal_data_erased = django.dispatch.Signal()
# Sent when one person's data are erased on request, with `values`, what the person is known by (see `matches`
# and `scrub`): whatever else keeps data of theirs (the rows an import refused) empties it and returns how
# many items it emptied.
person_erased = django.dispatch.Signal()


def _erase(ids: Sequence[int], now: dt.datetime) -> None:
    PersonalData.objects.filter(feedback_id__in=ids).update(
        full_name="", inn="", phone="", email="", postal_address="", erased_at=now
    )
    Feedback.objects.filter(pk__in=ids).update(text=F("masked_text"), title=F("masked_title"), raw={})
    # The hashes of ИНН, phone and e-mail that linking looks records up by go with the data.
    LinkKey.objects.filter(feedback_id__in=ids, kind=LinkKey.Kind.TAXPAYER).delete()


@transaction.atomic
def erase_expired(*, now: dt.datetime | None = None, acting_user: Any = None) -> int:
    """Erase the personal data of records received before the retention term; the texts keep their masked
    form. Returns the number of records erased."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PD_RETENTION_DAYS)
    expired = Feedback.objects.filter(received_at__lt=cutoff, analysed_at__isnull=False).filter(
        personal__erased_at__isnull=True
    )
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    _erase(ids, now)
    personal_data_erased.send(sender=Feedback, ids=ids)
    audit.record(
        "pd.erased",
        acting_user=acting_user,
        object_type="registry.personaldata",
        object_repr=f"получены до {cutoff:%d.%m.%Y}",
        changes={"records": len(ids), "first_id": ids[0], "last_id": ids[-1]},
    )
    return len(ids)


# Erasure on request -------------------------------------------------------------------------------------

KEY_KINDS = {"inn": "ИНН", "name": "ФИО", "contact": "телефон или электронная почта"}


class PersonNotGiven(ValueError):
    """The key to find the person by is empty or malformed; the message says what to type."""


@dataclasses.dataclass(frozen=True)
class Person:
    """What the person is known by in the registry: what was searched for and what their records hold."""

    kind: str
    key: str
    values: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Match:
    feedback: Feedback
    reason: str
    text: str  # the masked text as it will be after the erasure: what the preview shows


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def person(kind: str, key: str) -> Person:
    """Check the key typed by the administrator (ИНН: 10 or 12 digits; ФИО: at least two words; contact: an
    e-mail or a phone number of 10–11 digits)."""
    key = " ".join(key.split())
    if kind == "inn":
        if len(_digits(key)) not in (10, 12) or re.search(r"[^\d\s-]", key):
            raise PersonNotGiven("ИНН — 10 или 12 цифр.")
        return Person(kind, _digits(key))
    if kind == "name":
        if len(key.split()) < 2 or re.search(r"\d", key):
            raise PersonNotGiven("Укажите фамилию и имя (и отчество, если есть) полностью.")
        return Person(kind, key)
    if kind == "contact":
        if "@" in key and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", key):
            return Person(kind, key.lower())
        if len(_digits(key)) in (10, 11) and not re.search(r"[^\d\s()+-]", key):
            return Person(kind, _digits(key)[-10:])
        raise PersonNotGiven("Укажите адрес электронной почты или номер телефона (10–11 цифр).")
    raise PersonNotGiven("Выберите, по чему искать: ИНН, ФИО или контакт.")


def _name_forms(name: str) -> list[str]:
    return list(dict.fromkeys([name, name.title(), name.lower(), name.upper()]))


def find_records(who: Person) -> list[Match]:
    """The person's records: their personal data carries the key, or (ИНН, e-mail) their text does."""
    reasons: dict[int, str] = {}
    pd = PersonalData.objects.filter(erased_at__isnull=True)
    if who.kind == "inn":
        for fid in pd.filter(inn=who.key).values_list("feedback_id", flat=True):
            reasons.setdefault(fid, "ИНН в персональных данных")
        for fid in Feedback.objects.filter(text__contains=who.key).values_list("pk", flat=True):
            reasons.setdefault(fid, "ИНН в тексте")
    elif who.kind == "name":
        names = Q()
        for form in _name_forms(who.key):
            names |= Q(full_name__iexact=form)
        for fid in pd.filter(names).values_list("feedback_id", flat=True):
            reasons.setdefault(fid, "ФИО в персональных данных")
    elif "@" in who.key:
        for fid in pd.filter(email__iexact=who.key).values_list("feedback_id", flat=True):
            reasons.setdefault(fid, "электронная почта в персональных данных")
        for fid in Feedback.objects.filter(text__icontains=who.key).values_list("pk", flat=True):
            reasons.setdefault(fid, "электронная почта в тексте")
    else:
        # Phones are stored as written («+7 (914) 123-45-67»): narrowed by the last two digits, then compared.
        phones = pd.filter(phone__contains=who.key[-2:]).values_list("feedback_id", "phone")
        for fid, phone in phones.iterator():
            if _digits(phone)[-10:] == who.key:
                reasons.setdefault(fid, "телефон в персональных данных")
    records = Feedback.objects.filter(pk__in=list(reasons)).select_related("channel", "office")
    values = _known_values(reasons, who)
    return [
        Match(f, reasons[f.pk], scrub(f.masked_text, values)) for f in records.order_by("received_at", "pk")
    ]


Known = tuple[str, str]  # (kind of value: inn, name, phone, email, address; the value)
_PD_FIELDS = {
    "full_name": "name",
    "inn": "inn",
    "phone": "phone",
    "email": "email",
    "postal_address": "address",
}


def _known_values(ids: Iterable[int], who: Person) -> list[Known]:
    """Everything the records' personal data says about the person, to be taken out of their texts too."""
    typed = "email" if "@" in who.key else "phone" if who.kind == "contact" else who.kind
    values: list[Known] = [(typed, who.key)]
    for row in PersonalData.objects.filter(feedback_id__in=list(ids)).values(*_PD_FIELDS):
        values += [(_PD_FIELDS[field], v) for field, v in row.items() if v]
    return list(dict.fromkeys((k, v) for k, v in values if len(v) >= 4))


def _pattern(kind: str, value: str) -> tuple[re.Pattern[str], str]:
    """A value as it may be written in running text, and the mask that replaces it."""
    if kind in ("inn", "phone"):
        digits = _digits(value)
        core = digits[-10:] if kind == "phone" else digits
        spaced = r"[\s()-]*".join(core)  # «2724 6196 4473», «914-123-45-67»
        prefix = r"(?:\+?7|8)?[\s()-]*" if kind == "phone" else ""
        return re.compile(rf"(?<!\d){prefix}{spaced}(?!\d)"), MASKS[kind]
    if kind in ("email", "address"):
        return re.compile(re.escape(value), re.IGNORECASE), MASKS.get(kind, "[АДРЕС]")
    # A name: the whole of it, and each part with the endings of its cases («Иванова», «Ивановым»).
    parts = [re.escape(p) for p in value.split() if len(p) >= 4]
    body = "|".join([re.escape(value), *(rf"{p}\w{{0,3}}" for p in parts)])
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE), MASKS["name"]


def matches(text: str, values: Sequence[Known]) -> bool:
    return any(_pattern(kind, value)[0].search(text) for kind, value in values)


def scrub(text: str, values: Sequence[Known]) -> str:
    for kind, value in sorted(values, key=lambda kv: len(kv[1]), reverse=True):
        pattern, mask = _pattern(kind, value)
        text = pattern.sub(mask, text)
    return text


@transaction.atomic
def erase_person(
    who: Person, ids: Sequence[int], *, reason: str, acting_user: Any, now: dt.datetime | None = None
) -> int:
    """Erase one person's data from the given records of theirs: personal data emptied, texts replaced by
    their masked form with whatever the person is known by taken out of it too, source payloads cleared,
    quarantined rows naming them emptied. Returns the number of records."""
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise PersonNotGiven("Укажите основание удаления (например, номер и дату заявления).")
    now = now or timezone.now()
    ids = sorted(set(ids))
    values = _known_values(ids, who)
    for f in Feedback.objects.filter(pk__in=ids).only("pk", "masked_text", "masked_title"):
        Feedback.objects.filter(pk=f.pk).update(
            masked_text=scrub(f.masked_text, values), masked_title=scrub(f.masked_title, values)
        )
    existing = set(PersonalData.objects.filter(feedback_id__in=ids).values_list("feedback_id", flat=True))
    PersonalData.objects.bulk_create([PersonalData(feedback_id=i) for i in ids if i not in existing])
    _erase(ids, now)
    answers: Sequence[tuple[object, object]] = person_erased.send(sender=Feedback, values=values)
    quarantined = sum(n for _, n in answers if isinstance(n, int))
    personal_data_erased.send(sender=Feedback, ids=ids, on_request=True)
    audit.record(
        "pd.erased_on_request",
        acting_user=acting_user,
        object_type="registry.personaldata",
        object_repr=f"по требованию ({KEY_KINDS[who.kind]})",
        changes={"records": len(ids), "quarantine_rows": quarantined, "reason": scrub(reason, values)},
    )
    return len(ids)
