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
    assert result.reason == "тематика «ndfl» → отдел 19"
