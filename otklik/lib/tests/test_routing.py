import datetime as dt
from dataclasses import dataclass

from otklik.lib.routing import (
    RouteBasis,
    RoutingItem,
    RoutingPolicy,
    TopicAssignment,
    in_force,
    route,
)

D = dt.date


@dataclass(frozen=True)
class ResponsibilityRule:
    channel: str
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None = None


def test_in_force_serves_any_dated_rule_and_includes_both_ends() -> None:
    old = ResponsibilityRule("ekc_calls", "работы с налогоплательщиками", D(2016, 1, 1), D(2022, 12, 31))
    new = ResponsibilityRule("ekc_calls", "08", D(2023, 1, 1))
    rules = [old, new]
    assert in_force(rules, D(2016, 1, 1)) == [old]
    assert in_force(rules, D(2022, 12, 31)) == [old]
    assert in_force(rules, D(2023, 1, 1)) == [new]
    assert in_force(rules, D(2015, 12, 31)) == []


def test_when_entries_overlap_the_most_recent_order_wins() -> None:
    base = TopicAssignment("ndfl", "19", D(2016, 1, 1))
    newer = TopicAssignment("ndfl", "20", D(2026, 1, 1))
    assert in_force([base, newer], D(2026, 6, 1)) == [newer, base]
    policy = RoutingPolicy(topic_map=(base, newer))
    item = RoutingItem(channel="written_appeals", on_date=D(2026, 6, 1), topic="ndfl", confidence=0.9)
    assert route(item, policy).unit == "20"


def test_the_route_says_what_it_was_based_on() -> None:
    policy = RoutingPolicy(topic_map=(TopicAssignment("ndfl", "19", D(2016, 1, 1)),))
    answered = RoutingItem("lk_comments", D(2026, 3, 1), to_answering_unit=True, answering_unit="19")
    by_topic = RoutingItem("written_appeals", D(2026, 3, 1), topic="ndfl", confidence=0.9)
    unknown = RoutingItem("media", D(2026, 3, 1))
    assert route(answered, policy).basis is RouteBasis.ANSWERING_UNIT
    assert route(by_topic, policy).basis is RouteBasis.TOPIC
    assert route(unknown, policy).basis is RouteBasis.TRIAGE


def test_the_triage_unit_is_configurable() -> None:
    policy = RoutingPolicy(topic_map=(), triage_unit="08")
    assert route(RoutingItem("media", D(2026, 3, 1)), policy).unit == "08"


def test_a_topic_without_a_name_is_shown_by_its_code() -> None:
    policy = RoutingPolicy(topic_map=(TopicAssignment("ndfl", "19", D(2016, 1, 1)),))
    result = route(RoutingItem("surveys", D(2026, 3, 1), topic="ndfl", confidence=0.99), policy)
    assert result.reason == (
        "Отзыв по тематике «ndfl» направлен в отдел 19, к компетенции которого относится эта тематика."
    )


NAMES = {
    "01": "Общий отдел",
    "19": "Отдел камерального контроля НДФЛ и страховых взносов",
    "26": "Контрольно-аналитический отдел",
    "50": "ИТ-отдел",
    "60": "Служба технической поддержки",
}


def test_a_reason_names_the_unit_as_people_know_it_never_by_its_code() -> None:
    topic_map = tuple(TopicAssignment(t, u, D(2016, 1, 1)) for t, u in (("ndfl", "19"), ("debt", "26")))
    policy = RoutingPolicy(topic_map=topic_map, unit_names=NAMES)
    day = D(2026, 3, 1)
    cases = {
        RoutingItem("written_appeals", day, topic="ndfl", topic_name="НДФЛ", confidence=0.9): (
            "19",
            "Отзыв по тематике «НДФЛ» направлен в отдел камерального контроля НДФЛ и страховых взносов, "
            "к компетенции которого относится эта тематика.",
        ),
        RoutingItem("written_appeals", day, topic="debt", topic_name="Долг", confidence=0.9): (
            "26",
            "Отзыв по тематике «Долг» направлен в контрольно-аналитический отдел, к компетенции которого "
            "относится эта тематика.",
        ),
        RoutingItem("lk_comments", day, to_answering_unit=True, answering_unit="50"): (
            "50",
            "Отзыв направлен в ИТ-отдел: ответ, к которому оставлен комментарий, готовили там.",
        ),
        RoutingItem("lk_comments", day, to_answering_unit=True, answering_unit="60"): (
            "60",
            "Отзыв направлен в подразделение «Служба технической поддержки»: ответ, к которому оставлен "
            "комментарий, готовили там.",
        ),
        RoutingItem("media", day, topic="ndfl", topic_name="НДФЛ", confidence=0.11): (
            "01",
            "Тематика определена неуверенно (уверенность 11\u00a0%, нужно не меньше 60\u00a0%), поэтому "
            "отзыв направлен в общий отдел для распределения.",
        ),
    }
    for item, (unit, reason) in cases.items():
        result = route(item, policy)
        assert (result.unit, result.reason) == (unit, reason)
        assert unit not in result.reason and "→" not in result.reason


def test_a_confidence_just_below_the_threshold_is_never_shown_equal_to_it() -> None:
    policy = RoutingPolicy(topic_map=(), unit_names=NAMES, confidence_threshold=0.6)
    reason = route(RoutingItem("media", D(2026, 3, 1), topic="ndfl", confidence=0.595), policy).reason
    assert "уверенность 59,5\u00a0%, нужно не меньше 60\u00a0%" in reason
    policy = RoutingPolicy(topic_map=(), unit_names=NAMES, confidence_threshold=0.675)
    reason = route(RoutingItem("media", D(2026, 3, 1), topic="ndfl", confidence=0.5), policy).reason
    assert "уверенность 50\u00a0%, нужно не меньше 67,5\u00a0%" in reason
