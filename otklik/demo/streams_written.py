"""Written appeals (stream 2) and appeals sent on by other authorities (stream 3), under 59-ФЗ."""

from __future__ import annotations

import datetime as dt
import random

from otklik.demo import people, texts
from otklik.demo.calendar import Day, seconds_of_day
from otklik.demo.item import DemoItem
from otklik.demo.spikes import SpikeSpec
from otklik.demo.state import Pending, State
from otklik.demo.weights import (
    CLASSIFIER_CODES,
    STREAM_TOPICS,
    WRITTEN_OFFICES,
    Weighted,
    monthly_topic_choices,
)
from otklik.registry.record import FeedbackRecord, PersonalData

_PAPER = Weighted({"in_person": 35, "post": 65})
_ONLINE = Weighted({"fns_service": 30, "lkfl": 40, "lkul": 8, "lkip": 7, "epgu": 15})
_SOURCE_KIND = {"lkfl": "fl", "lkul": "ul", "lkip": "ip"}
_KINDS = Weighted({"appeal": 70, "complaint": 25, "proposal": 5})
_APPEAL_TONE = Weighted({"neutral": 75, "negative": 18, "positive": 7})
_NK19_TOPICS = {
    "returns.desk_audit",
    "returns.field_audit",
    "debt.collection",
    "debt.penalties",
    "returns.vat",
}
_RESULTS = {
    "complaint": Weighted({"supported": 25, "explained": 35, "not_supported": 32, "forwarded": 8}),
    "appeal": Weighted({"supported": 12, "explained": 74, "not_supported": 6, "forwarded": 8}),
    "proposal": Weighted({"supported": 20, "explained": 60, "not_supported": 20}),
}
_KIND_CODE = {"appeal": "12", "complaint": "13", "proposal": "11"}
_TOPICS = {name: monthly_topic_choices(STREAM_TOPICS[name]) for name in ("appeals", "forwarded")}
_FORWARDERS = (  # body, sub-source, weight, letter number format
    ("ФНС России", "federal", 30, "ЗГ-3-19/{n:05d}@"),
    ("Правительство Хабаровского края", "regional", 20, "01.1-18-{n:04d}"),
    ("Губернатор Хабаровского края", "regional", 10, "08-{n:05d}"),
    ("Минфин России", "federal", 10, "03-04-05/{n:05d}"),
    ("Администрация Президента Российской Федерации", "federal", 8, "А26-15-{n:08d}"),
    ("Министерство финансов Хабаровского края", "regional", 6, "05-{n:04d}/2"),
    ("Аппарат Правительства Российской Федерации", "federal", 4, "П12-{n:05d}"),
    ("ФССП России", "federal", 4, "27901/{n:05d}"),
    ("Администрация города Хабаровска", "regional", 5, "01-29/{n:05d}"),
    ("Администрация города Комсомольска-на-Амуре", "regional", 3, "1-12/{n:04d}"),
)
_FORWARDER = Weighted({body: w for body, _s, w, _f in _FORWARDERS})
_FORWARDER_INFO = {body: (source, fmt) for body, source, _w, fmt in _FORWARDERS}


def _taxpayer_kind(rng: random.Random, source: str) -> str:
    if source in _SOURCE_KIND:
        return _SOURCE_KIND[source]
    roll = rng.random()
    return "fl" if roll < 0.8 else "ip" if roll < 0.9 else "ul"


def _working_day_after(day: dt.date, days: int) -> dt.date:
    while days > 0 or day.weekday() >= 5:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return day


def _registered(state: State, rng: random.Random, day: Day, received: dt.datetime) -> dt.datetime | None:
    """Registration within three working days of receipt, in office hours; none yet after `end`."""
    reg_day = _working_day_after(day.date, rng.choice((0, 1, 1, 2, 3)))
    if reg_day > state.end:
        return None
    registered = day.utc_midnight + dt.timedelta(days=(reg_day - day.date).days, hours=rng.randint(9, 17))
    return max(registered, received + dt.timedelta(minutes=5))


def _reg_number(state: State, rng: random.Random, day: dt.date, kind: str, electronic: bool) -> str:
    seq = state.next_id(f"reg:{day.year}", rng, start=0)
    return f"01-{_KIND_CODE[kind]}/{seq:05d}{'@' if electronic else ''}"


def _result(state: State, rng: random.Random, day: dt.date, kind: str) -> str:
    age = (state.end - day).days
    if age < 35 and rng.random() < (35 - age) / 35:
        return ""  # still being considered
    return _RESULTS[kind](rng)


def _source_id(state: State, rng: random.Random, source: str, reg: str, day: dt.date) -> str:
    if source in ("in_person", "post"):
        return f"{day.year}/{reg}"  # registration numbers restart every year
    n = state.next_id(f"appeals:{source}", rng, start=10_000_000, gap=25)
    prefix = {"fns_service": "OBR", "lkfl": "LKFL", "lkul": "LKUL", "lkip": "LKIP"}.get(source)
    return f"{prefix}-{n}" if prefix else f"{n + 3_500_000_000:010d}"


def _tone_for(rng: random.Random, kind: str) -> str:
    if kind == "complaint":
        return "negative"
    return "neutral" if kind == "proposal" else _APPEAL_TONE(rng)


def _remember(state: State, rng: random.Random, item: DemoItem, author: people.Person, day: dt.date) -> None:
    """Now and then the author writes again, or also writes to the Government, who sends it on."""
    record = item.record
    roll = rng.random()
    if roll < 0.035:
        kind, later = "repeat", rng.randint(7, 29)
    elif roll < 0.065:
        kind, later = "cross_stream", rng.randint(6, 25)
    else:
        return
    pending = Pending(
        kind, author, record.office, item.topic, record.taxpayer_kind, record.channel, record.source_id,
        record.registration_number, day, record.text, item.text_personal,
    )  # fmt: skip
    state.schedule(day + dt.timedelta(days=later), pending)


def appeals(state: State, day: Day, spike: SpikeSpec | None, online: bool) -> DemoItem:
    rng = state.rng("appeals:online" if online else "appeals:paper")
    source = (_ONLINE if online else _PAPER)(rng)
    kind = "complaint" if spike is not None else _KINDS(rng)
    tone = _tone_for(rng, kind)
    if spike is not None:
        office, topic = spike.office, spike.topic
    else:
        office = WRITTEN_OFFICES(rng)
        topic = (
            rng.choice(tuple(texts.PROPOSALS))
            if kind == "proposal"
            else _TOPICS["appeals"][day.date.month - 1](rng)
        )
    taxpayer_kind = _taxpayer_kind(rng, source)
    author = people.person(rng, office, taxpayer_kind)
    anonymous = source in ("post", "fns_service") and rng.random() < 0.03
    return _appeal_item(
        state, rng, day, source, kind, tone, office, topic, taxpayer_kind, author, anonymous, spike
    )


def _appeal_item(
    state: State,
    rng: random.Random,
    day: Day,
    source: str,
    kind: str,
    tone: str,
    office: str,
    topic: str,
    taxpayer_kind: str,
    author: people.Person,
    anonymous: bool = False,
    spike: SpikeSpec | None = None,
    repeat_of: Pending | None = None,
) -> DemoItem:
    electronic = source not in ("in_person", "post")
    received = day.at(seconds_of_day(rng, "online" if electronic else "office", day.kind))
    writer = texts.Writer(rng, day.date, office, topic, None if anonymous else author)
    if repeat_of is not None:
        writer["num"] = f"№ {repeat_of.registration_number}"
        writer["date"] = repeat_of.received.strftime("%d.%m.%Y")
    text, personal = texts.finish(
        writer, texts.appeal(writer, tone, kind, repeat=repeat_of is not None), 0.15
    )
    reg = _reg_number(state, rng, day.date, kind, electronic)
    record = FeedbackRecord(
        channel="appeals",
        source_id=_source_id(state, rng, source, reg, day.date),
        source=source,
        received_at=received,
        registered_at=_registered(state, rng, day, received),
        office=office,
        taxpayer_kind=taxpayer_kind,
        text=text,
        registration_number=reg,
        appeal_kind=kind,
        regime="nk19" if kind == "complaint" and topic in _NK19_TOPICS and rng.random() < 0.5 else "59fz",
        is_repeat=repeat_of is not None,
        classifier_codes=[CLASSIFIER_CODES[topic]] if topic in CLASSIFIER_CODES else [],
        result=_result(state, rng, day.date, kind),
        personal=PersonalData() if anonymous else author.personal_data(),
    )
    item = DemoItem(record, tone, topic, spike.id if spike else None, text_personal=personal)
    if repeat_of is not None:
        item.link_kind, item.linked_channel, item.linked_source_id = "repeat", "appeals", repeat_of.source_id
    elif tone == "negative" and not anonymous and spike is None:
        _remember(state, rng, item, author, day.date)
    return item


def repeat_appeal(state: State, day: Day, pending: Pending) -> DemoItem:
    rng = state.rng("appeals:repeat")
    online = rng.random() < 0.5 or day.kind not in ("mon", "work", "fri")  # no post office on Sunday
    source = ("lkfl" if pending.taxpayer_kind == "fl" else "fns_service") if online else "post"
    return _appeal_item(
        state, rng, day, source, "complaint", "negative", pending.office, pending.topic,
        pending.taxpayer_kind, pending.author, repeat_of=pending,
    )  # fmt: skip


def forwarded(state: State, day: Day, spike: SpikeSpec | None, copy_of: Pending | None = None) -> DemoItem:
    rng = state.rng("forwarded")
    body = "Правительство Хабаровского края" if copy_of is not None else _FORWARDER(rng)
    source, number_format = _FORWARDER_INFO[body]
    if copy_of is not None:
        office, topic, author, tone, kind = (
            copy_of.office,
            copy_of.topic,
            copy_of.author,
            "negative",
            "complaint",
        )
        taxpayer_kind = copy_of.taxpayer_kind
    else:
        office = spike.office if spike else WRITTEN_OFFICES(rng)
        topic = spike.topic if spike else _TOPICS["forwarded"][day.date.month - 1](rng)
        kind = "complaint" if spike is not None or rng.random() < 0.55 else "appeal"
        tone = "negative" if kind == "complaint" or rng.random() < 0.45 else "neutral"
        taxpayer_kind = "fl" if rng.random() < 0.85 else "ip"
        author = people.person(rng, office, taxpayer_kind)
    writer = texts.Writer(rng, day.date, office, topic, author)
    if copy_of is not None:  # the same letter, addressed to the Governor this time
        frames = texts.FRAMES["appeal"]
        greet, request = writer.pick(frames["greet_forwarded"]), writer.pick(frames["request_forwarded"])
        letter = f"{greet}\n{copy_of.text}\n{request}"
        text, personal = letter, copy_of.text_personal
    else:
        text, personal = texts.finish(writer, texts.appeal(writer, tone, kind, forwarded=True), 0.12)
    letter_date = day.date - dt.timedelta(days=rng.randint(1, 7))
    received = day.at(seconds_of_day(rng, "office", "work"))
    control = rng.random() < 0.3
    reg = _reg_number(state, rng, day.date, kind, False)
    letter_number = number_format.format(n=rng.randrange(10 ** (5 if "08d" not in number_format else 8)))
    record = FeedbackRecord(
        channel="forwarded",
        source_id=f"{day.date.year}/{reg} ({letter_number})",
        source=source,
        received_at=received,
        registered_at=_registered(state, rng, day, received),
        office=office,
        taxpayer_kind=taxpayer_kind,
        text=text,
        registration_number=reg,
        appeal_kind=kind,
        regime="59fz",
        classifier_codes=[CLASSIFIER_CODES[topic]] if topic in CLASSIFIER_CODES else [],
        result=_result(state, rng, day.date, kind),
        forwarded_by=body,
        forwarding_letter_number=letter_number,
        forwarding_letter_date=letter_date,
        forwarder_control=control,
        forwarder_due=letter_date + dt.timedelta(days=rng.choice((20, 25, 30))) if control else None,
        personal=author.personal_data(),
    )
    item = DemoItem(record, tone, topic, spike.id if spike else None, text_personal=personal)
    if copy_of is not None:
        item.link_kind, item.linked_channel, item.linked_source_id = (
            "cross_stream",
            "appeals",
            copy_of.source_id,
        )
    return item
