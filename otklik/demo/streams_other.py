"""Calls to the contact centre (4), comments in ЛК ФЛ (1) and media publications (7)."""

from __future__ import annotations

import datetime as dt

from otklik.demo import people, texts
from otklik.demo.calendar import Day, seconds_of_day
from otklik.demo.item import DemoItem
from otklik.demo.material import load
from otklik.demo.spikes import SpikeSpec
from otklik.demo.state import State
from otklik.demo.weights import STREAM_TOPICS, TOPIC_UNITS, WRITTEN_OFFICES, Weighted, monthly_topic_choices
from otklik.registry.record import FeedbackRecord, PersonalData

_CALL_TONE = Weighted({"neutral": 79, "negative": 18, "positive": 3})
_LK_TONE = Weighted({"negative": 72, "neutral": 12, "positive": 16})
_KIND = Weighted({"fl": 80, "ip": 12, "ul": 8})
_TOPICS = {name: monthly_topic_choices(STREAM_TOPICS[name]) for name in ("calls", "lk_comments")}
_UNITS = tuple(sorted(set(TOPIC_UNITS.values())))
_MEDIA = load("media")
_MEDIA_CLASS = Weighted({"other": 65, "taxinfo": 20, "quality": 15})
_MEDIA_TONE = Weighted({"negative": 45, "neutral": 30, "positive": 25})


def calls(state: State, day: Day, spike: SpikeSpec | None) -> DemoItem:
    rng = state.rng("calls")
    tone = "negative" if spike is not None else _CALL_TONE(rng)
    office = spike.office if spike else WRITTEN_OFFICES(rng)
    topic = spike.topic if spike else _TOPICS["calls"][day.date.month - 1](rng)
    redirected = rng.random() < 0.2
    targets = texts.FRAMES["calls"]["redirect_targets"]
    redirected_to = rng.choice(targets) if redirected or rng.random() < 0.08 else ""
    resolved = rng.random() < {"neutral": 0.85, "negative": 0.4, "positive": 1.0}[tone]
    writer = texts.Writer(rng, day.date, office, topic, female=rng.random() < 0.6)
    note = texts.call_note(writer, tone, redirected_to, resolved)
    text, personal = texts.finish(writer, note.upper() if rng.random() < 0.1 else note, 0.25)
    caller = people.person(rng, office)
    pd = PersonalData(
        full_name=caller.full() if rng.random() < 0.4 else "",
        inn=caller.inn if rng.random() < 0.2 else "",
        phone=caller.phone if rng.random() < 0.9 else "",
    )
    n = state.next_id("calls", rng, start=0)
    record = FeedbackRecord(
        channel="calls",
        source_id=f"EKC-{day.date:%Y%m%d}-{n:07d}",
        source="redirected" if redirected else "direct",
        received_at=day.at(seconds_of_day(rng, "calls", day.kind)),
        office=office,
        taxpayer_kind=_KIND(rng),
        text=text,
        redirected_to=redirected_to,
        resolved_first_line=resolved,
        is_complaint=tone == "negative" and (spike is not None or rng.random() < 0.6),
        topic_hint=texts.call_hint(topic),
        personal=pd,
        raw={"duration_s": rng.randint(40, 1500), "queue_s": rng.randint(5, 900)},
    )
    return DemoItem(record, tone, topic, spike.id if spike else None, text_personal=personal)


def lk_comments(state: State, day: Day, spike: SpikeSpec | None) -> DemoItem:
    rng = state.rng("lk_comments")
    tone = "negative" if spike is not None else _LK_TONE(rng)
    office = spike.office if spike else ("2700" if rng.random() < 0.5 else WRITTEN_OFFICES(rng))
    topic = spike.topic if spike else _TOPICS["lk_comments"][day.date.month - 1](rng)
    author = people.person(rng, office)
    unit = TOPIC_UNITS[topic] if rng.random() < 0.85 else rng.choice(_UNITS)
    writer = texts.Writer(rng, day.date, office, topic, author)
    text, personal = texts.finish(writer, texts.lk_comment(writer, tone), 0.55)
    mark = tone == "negative" or (tone == "neutral" and rng.random() < 0.3)
    n = state.next_id("lk_comments", rng, start=2_000_000, gap=9)
    answered = day.date - dt.timedelta(days=rng.randint(1, 20))
    record = FeedbackRecord(
        channel="lk_comments",
        source_id=f"LKC-{n}",
        source="lkfl",
        received_at=day.at(seconds_of_day(rng, "online", day.kind)),
        office=office,
        answering_unit=unit,
        taxpayer_kind="fl",
        text=text,
        negative_mark=mark,
        personal=PersonalData(full_name=author.full(), inn=author.inn, email=author.email),
        raw={
            "appeal_id": f"LKFL-{n * 7 % 99_999_989 + 10_000_000}",
            "answer_id": f"{answered:%Y%m%d}-{n % 100_000:05d}",
            "answer_date": answered.isoformat(),
            "rating": rng.randint(1, 2) if mark else rng.randint(4, 5),
        },
    )
    return DemoItem(record, tone, topic, spike.id if spike else None, text_personal=personal)


def _slug(number: int, title: str) -> str:
    words = [people.translit(w.strip("«»,.:!?")) for w in title.split()[:5]]
    return "-".join(w for w in words if w) + f"-{number}"


def media(state: State, day: Day, spike: SpikeSpec | None) -> DemoItem:
    rng = state.rng("media")
    kind = _MEDIA_CLASS(rng)
    tone, topic, relevant = "neutral", "other.general", False
    if kind == "other":
        entry = rng.choice(_MEDIA["other"])
    elif kind == "taxinfo":
        entry = rng.choice(_MEDIA["taxinfo"])
        topic = entry["topic"]
    else:
        tone, topic, relevant = _MEDIA_TONE(rng), "media.service_quality", True
        entry = _MEDIA["quality"][tone]
    city, city_gen = rng.choice(_MEDIA["cities"])
    writer = texts.Writer(rng, day.date, "", topic)
    writer.update(city=city, city_gen=city_gen, n=str(rng.choice((12, 35, 150, 420, 1200, 3500))))
    title = writer.pick(entry["title"])
    body = [writer.fill(s) for s in rng.sample(entry["body"], min(len(entry["body"]), rng.randint(2, 4)))]
    outlet = rng.choice(_MEDIA["outlets"])
    slug = _slug(state.next_id("media", rng, start=50_000, gap=30), title)
    record = FeedbackRecord(
        channel="media",
        source_id=f"{outlet['host']}/{day.date:%Y/%m/%d}/{slug}",
        source=outlet["kind"],
        received_at=day.at(seconds_of_day(rng, "media", day.kind)),
        title=title,
        text=" ".join(body),
        url=f"https://{outlet['host']}/news/{day.date:%Y/%m/%d}/{slug}",
        raw={"outlet": outlet["name"]},
    )
    item = DemoItem(record, tone, topic, relevant=relevant)
    copies = state.rng("media:copies")
    if copies.random() < COPY_SHARE:
        state.schedule_copy(day.date + dt.timedelta(days=copies.randint(1, 2)), item)
    return item


COPY_SHARE = 0.1


def media_copy(state: State, day: Day, original: DemoItem) -> DemoItem:
    """The same publication from a second source, a day or two later: a media monitoring agency's table with
    the same address (another spelling of it), or the outlet's print edition with the same title and text."""
    rng = state.rng("media:copies")
    first = original.record
    received = day.at(seconds_of_day(rng, "media", day.kind))
    if rng.random() < 0.5:
        url = first.url.replace("https://", "http://www.", 1) + "?utm_source=monitoring&utm_medium=xlsx"
        source_id = f"monitoring-{state.next_id('media:agency', rng, start=700_000, gap=7)}"
        source, text = first.source, first.text
    else:
        url, source = "", "print"
        source_id = first.source_id.replace("/", "/print/", 1)
        text = f"{received.astimezone(dt.UTC):%d.%m}. {first.text}"
    record = FeedbackRecord(
        channel="media",
        source_id=source_id,
        source=source,
        received_at=received,
        title=first.title,
        text=text,
        url=url,
        raw=dict(first.raw),
    )
    return DemoItem(
        record,
        original.tone,
        original.topic,
        relevant=original.relevant,
        link_kind="duplicate",
        linked_channel="media",
        linked_source_id=first.source_id,
    )
