"""The demo generator as a whole: determinism, streams, volumes, time, identifiers, planted spikes."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import itertools

from otklik.demo import VOLUMES, DemoItem, generate, planted_spikes
from otklik.demo.calendar import LOCAL_TZ, window
from otklik.demo.tests.support import END, reference, six_quarters


def _snapshot(items: list[DemoItem]) -> list[dict[str, object]]:
    return [dataclasses.asdict(item) for item in items]


def test_the_same_seed_gives_identical_items() -> None:
    first = _snapshot(list(generate(seed=7, scale=0.1, end=END)))
    second = _snapshot(list(generate(seed=7, scale=0.1, end=END)))
    assert first == second


def test_a_different_seed_gives_different_items() -> None:
    first = [i.record.text for i in generate(seed=7, scale=0.1, end=END)]
    second = [i.record.text for i in generate(seed=8, scale=0.1, end=END)]
    assert first != second


def test_every_channel_is_present_in_its_promised_volume() -> None:
    counts = collections.Counter(item.record.channel for item in six_quarters())
    assert set(counts) == {c["code"] for c in reference()["channels"]}
    for channel, volume in VOLUMES.items():
        assert abs(counts[channel] - volume) < 0.12 * volume + 30, (channel, counts[channel], volume)
    assert 18_000 < sum(counts.values()) < 23_000


def test_volumes_grow_linearly_with_scale() -> None:
    small = sum(1 for _ in generate(seed=3, scale=0.25, end=END))
    large = sum(1 for _ in generate(seed=3, scale=1.0, end=END))
    assert 3.7 < large / small < 4.3


def test_generation_streams_without_building_the_whole_list() -> None:
    items = generate(seed=1, scale=100.0, end=END)
    first = list(itertools.islice(items, 500))
    assert len(first) == 500
    assert all(i.record.received_at.astimezone(LOCAL_TZ).date() == dt.date(2024, 7, 1) for i in first)


def test_every_sub_source_of_every_channel_is_used() -> None:
    used = {(i.record.channel, i.record.source) for i in six_quarters()}
    declared = {(c["code"], s["code"]) for c in reference()["channels"] for s in c["sources"]}
    assert used == declared


def test_offices_services_and_units_are_codes_of_the_reference_data() -> None:
    ref = reference()
    offices = {o["code"] for o in ref["offices"]}
    services = {s["code"] for s in ref["services"]}
    units = {u["code"] for u in ref["units"]}
    records = [i.record for i in six_quarters()]
    assert {r.office for r in records if r.channel != "media"} == offices
    assert {r.service for r in records if r.service} <= services
    assert {r.answering_unit for r in records if r.channel == "lk_comments"} <= units


def test_source_ids_are_unique_within_channel_and_source() -> None:
    keys = collections.Counter(
        (i.record.channel, i.record.source, i.record.source_id) for i in six_quarters()
    )
    assert keys.most_common(1)[0][1] == 1


def test_timestamps_are_aware_utc_and_inside_the_window() -> None:
    first, last = window(END, 6)
    for item in six_quarters():
        received = item.record.received_at
        assert received.utcoffset() == dt.timedelta(0)
        assert first <= received.astimezone(LOCAL_TZ).date() <= last


def test_items_come_in_time_order() -> None:
    times = [i.record.received_at for i in six_quarters()]
    assert times == sorted(times)


def test_offices_receive_no_visitors_on_sundays() -> None:
    for item in six_quarters():
        local = item.record.received_at.astimezone(LOCAL_TZ)
        if item.record.channel == "vashkontrol" or item.record.source in ("in_person", "sms0919"):
            assert local.weekday() != 6, item.record.source_id


def test_calls_and_visits_fall_in_working_hours_mostly() -> None:
    hours = [
        i.record.received_at.astimezone(LOCAL_TZ).hour
        for i in six_quarters()
        if i.record.channel in ("calls", "vashkontrol")
    ]
    inside = sum(8 <= h < 21 for h in hours)
    assert inside / len(hours) > 0.93


def test_fewer_items_arrive_on_weekends_than_on_weekdays() -> None:
    per_weekday = collections.Counter(
        i.record.received_at.astimezone(LOCAL_TZ).weekday() for i in six_quarters()
    )
    assert per_weekday[5] < per_weekday[2] / 2 and per_weekday[6] < per_weekday[2] / 4


def test_planted_spikes_fall_inside_the_window_and_label_matching_items() -> None:
    spikes = {s.id: s for s in planted_spikes(END, 6)}
    assert len(spikes) == 3
    labelled = [i for i in six_quarters() if i.planted_spike]
    assert {i.planted_spike for i in labelled} == set(spikes)
    for item in labelled:
        spike = spikes[item.planted_spike or ""]
        assert (item.record.office, item.topic, item.tone) == (spike.office, spike.topic, "negative")
        assert spike.first_day <= item.record.received_at.astimezone(LOCAL_TZ).date() <= spike.last_day
        assert item.record.channel in spike.channels


def test_each_spike_stands_well_above_its_office_and_topic_background() -> None:
    for spike in planted_spikes(END, 6):
        daily: collections.Counter[dt.date] = collections.Counter()
        for item in six_quarters():
            if (item.record.office, item.topic, item.tone) == (spike.office, spike.topic, "negative"):
                daily[item.record.received_at.astimezone(LOCAL_TZ).date()] += 1
        inside = sum(n for d, n in daily.items() if spike.first_day <= d <= spike.last_day)
        days_inside = (spike.last_day - spike.first_day).days + 1
        outside = sum(daily.values()) - inside
        background = outside / (window(END, 6)[1] - window(END, 6)[0]).days
        assert inside / days_inside > 5 * background + 1, spike.id


def test_spikes_outside_a_short_window_are_left_out() -> None:
    assert all(s.first_day >= dt.date(2025, 10, 1) for s in planted_spikes(END, 1))
    assert {s.id for s in planted_spikes(END, 1)} <= {"op3-queue", "ufns-notices-nov"}
