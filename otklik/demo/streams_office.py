"""Streams rated after a visit: «Ваш контроль» reviews (6) and surveys (5)."""

from __future__ import annotations

import random

from otklik.demo import grades, people, texts
from otklik.demo.calendar import Day, seconds_of_day
from otklik.demo.improvements import mood_shift
from otklik.demo.item import DemoItem
from otklik.demo.spikes import SpikeSpec
from otklik.demo.state import State
from otklik.demo.weights import (
    CRITERION_TOPICS,
    IN_PERSON_OFFICES,
    OFFICE_MOOD,
    SERVICE_TOPICS,
    SURVEY_SERVICES,
    VK_SERVICES,
)
from otklik.registry.record import VK_CRITERIA, FeedbackRecord, PersonalData

_COMMENT_SHARE = {"negative": 0.65, "neutral": 0.35, "positive": 0.14}
_SPIKE_SERVICE = {"service.queue": "reception", "eservices.lk_access": "personal_accounts"}
_SPIKE_WORST = {"service.queue": "time_queue", "eservices.lk_access": "time_service"}


def _kind_for(rng: random.Random, service: str) -> str:
    if service in ("registration_ul_ip", "registers"):
        return "ul" if rng.random() < 0.5 else "ip"
    roll = rng.random()
    return "fl" if roll < 0.8 else "ip" if roll < 0.92 else "ul"


def _vk_topic(rng: random.Random, found: dict[str, int], service: str, tone: str) -> str:
    if tone == "positive":
        if rng.random() < 0.6:
            return SERVICE_TOPICS[service]
        return CRITERION_TOPICS.get(rng.choice(VK_CRITERIA), SERVICE_TOPICS[service])
    low = min(found.values())
    worst = [c for c in VK_CRITERIA if found[c] == low]
    return CRITERION_TOPICS.get(rng.choice(worst), SERVICE_TOPICS[service])


def vashkontrol(state: State, day: Day, spike: SpikeSpec | None) -> DemoItem:
    rng = state.rng("vashkontrol")
    if spike is not None:
        office, service = spike.office, _SPIKE_SERVICE.get(spike.topic, "reception")
        found = grades.vk_grades(
            rng, bad_latent=rng.uniform(-2.6, -1.4), worst=_SPIKE_WORST.get(spike.topic, "")
        )
    else:
        office, service = IN_PERSON_OFFICES(rng), VK_SERVICES(rng)
        mood = OFFICE_MOOD.get(office, 0.0) + mood_shift(state.improvements, office, day.date)
        found = grades.vk_grades(rng, bad_latent=rng.gauss(mood, 1))
    tone = grades.tone_of(found)
    topic = spike.topic if spike is not None else _vk_topic(rng, found, service, tone)
    author = people.person(rng, office)
    text = ""
    personal: tuple[tuple[str, str], ...] = ()
    if spike is not None or rng.random() < _COMMENT_SHARE[tone]:
        writer = texts.Writer(rng, day.date, office, topic, author)
        text, personal = texts.finish(writer, texts.review(writer, tone), 0.7)
    review_id = state.next_id("vashkontrol", rng, start=4_800_000, gap=40)
    record = FeedbackRecord(
        channel="vashkontrol",
        source_id=str(review_id),
        source="vashkontrol",
        received_at=day.at(seconds_of_day(rng, "office", day.kind)),
        office=office,
        service=service,
        taxpayer_kind=_kind_for(rng, service),
        text=text,
        grades=found,
        personal=PersonalData(full_name=author.full()),
        raw={
            "form": "MKGU 0.0.4",
            "answers": {str(9 + i): 41 + 5 * i + found[c] - 1 for i, c in enumerate(VK_CRITERIA)},
        },
    )
    return DemoItem(record, tone, topic, spike.id if spike else None, text_personal=personal)


def _survey_tone(grade: int) -> str:
    return "negative" if grade <= 2 else "neutral" if grade == 3 else "positive"


def surveys(state: State, day: Day, spike: SpikeSpec | None) -> DemoItem:
    rng = state.rng("surveys")
    office, service = IN_PERSON_OFFICES(rng), SURVEY_SERVICES(rng)
    grade = grades.sms_grade(rng)
    tone, topic = _survey_tone(grade), SERVICE_TOPICS[service]
    web = rng.random() < 0.16
    text = ""
    personal: tuple[tuple[str, str], ...] = ()
    raw: dict[str, object]
    if web:
        if rng.random() < 0.15 + 0.5 * (grade <= 3):
            writer = texts.Writer(rng, day.date, office, topic, female=rng.random() < 0.55)
            text, personal = texts.finish(writer, texts.review(writer, tone), 0.6)
        raw = {"questionnaire": "fns-quality-v1", "q1": grade, "q2": text}
        pd = PersonalData(email=people.person(rng, office).email) if rng.random() < 0.3 else PersonalData()
        received = day.at(seconds_of_day(rng, "online", day.kind))
    else:
        reply = str(grade)
        if rng.random() < 0.04:
            text = rng.choice(texts.FRAMES["review"]["short"][tone])
            reply = f"{grade} {text}"
        raw = {"short_number": "0919", "sms": reply}
        pd = PersonalData(phone=people.phone(rng, office))
        received = day.at(seconds_of_day(rng, "office", day.kind) + rng.randint(600, 5400))
    source = "web" if web else "sms0919"
    record = FeedbackRecord(
        channel="surveys",
        source_id=f"{source}-{state.next_id('surveys:' + source, rng, start=1_000_000, gap=3)}",
        source=source,
        received_at=received,
        office=office,
        service=service,
        taxpayer_kind=_kind_for(rng, service),
        text=text,
        grades={"overall": grade},
        personal=pd,
        raw=raw,
    )
    return DemoItem(record, tone, topic, text_personal=personal)
