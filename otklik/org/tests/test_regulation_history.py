"""A new regulation replaces the old one from its date; earlier dates keep the old answer."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.org.models import Topic, Unit
from otklik.org.services import RuleSpec, adopt_regulation, assign_topic, competent_unit, responsible_for


def adopt_2024_order() -> None:
    adopt_regulation(
        number="Приказ № 01-05/123@",
        date=dt.date(2024, 2, 20),
        title="Новое разграничение",
        effective_from=dt.date(2024, 3, 1),
        rules=[
            RuleSpec(1, "lk_comments", None, "weekly", 3),
            RuleSpec(2, "appeals", "01", "monthly", 5),
            RuleSpec(3, "forwarded", "01", "quarterly", 10),
            RuleSpec(4, "calls", "08", "monthly", 5),
            RuleSpec(5, "surveys", "09", "quarterly", 10),
            RuleSpec(6, "vashkontrol", "09", "quarterly", 10),
            RuleSpec(7, "media", "08", "daily", 1),
        ],
    )


def test_who_was_responsible_for_calls_on_a_date_before_the_new_order(reference: object) -> None:
    adopt_2024_order()
    then = responsible_for("calls", dt.date(2016, 5, 1))
    now = responsible_for("calls", dt.date(2024, 3, 1))
    assert then is not None and then.unit is not None and then.unit.code == "07"
    assert then.rule.periodicity == "quarterly"
    assert now is not None and now.unit is not None and now.unit.code == "08"
    assert now.rule.periodicity == "monthly"
    assert responsible_for("calls", dt.date(2024, 2, 29)).unit.code == "07"  # type: ignore[union-attr]


def test_the_old_regulation_ends_the_day_before_the_new_one(reference: object) -> None:
    from otklik.org.models import Regulation

    adopt_2024_order()
    old, new = Regulation.objects.order_by("effective_from")
    assert old.effective_to == dt.date(2024, 2, 29)
    assert new.effective_to is None


def test_a_regulation_cannot_start_on_or_before_the_one_in_force(reference: object) -> None:
    with pytest.raises(ValueError, match="позже"):
        adopt_regulation(
            number="x", date=dt.date(2016, 1, 1), title="", effective_from=dt.date(2016, 1, 1), rules=[]
        )


def test_stream_one_is_the_answering_units_in_the_default_order(reference: object) -> None:
    r = responsible_for("lk_comments", dt.date(2020, 1, 1))
    assert r is not None and r.by_answering_unit and r.unit is None


def test_a_topic_moved_to_another_unit_keeps_its_old_unit_for_earlier_dates(reference: object) -> None:
    topic = Topic.objects.get(code="property.transport")
    assign_topic(topic=topic, unit=Unit.objects.get(code="19"), valid_from=dt.date(2025, 1, 1))
    assert competent_unit("property.transport", dt.date(2024, 12, 31)).code == "16"  # type: ignore[union-attr]
    assert competent_unit("property.transport", dt.date(2025, 1, 1)).code == "19"  # type: ignore[union-attr]
