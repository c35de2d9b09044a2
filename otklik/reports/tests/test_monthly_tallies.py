"""The monthly tallies count what the registry counts, whatever writes to it, and step aside otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from otklik.lib.periods import parse_period
from otklik.org.models import Channel, TaxOffice, Topic, Unit
from otklik.registry.models import Feedback, FeedbackLink
from otklik.reports import figures, tallies
from otklik.reports.selection import Selection

on_pg = pytest.mark.skipif(connection.vendor != "postgresql", reason="rows of differences: PostgreSQL")
PERIODS = ("2026Q3", "2026Q2", "2026-08", "2026-W33", "2026-08-01", "2026-09-30")
FIELDS = (
    ("channel_id", "office_id", "topic_id"),
    ("channel_id",),
    ("office_id",),
    ("answering_unit_id", "topic_id"),
)


def _random_registry(rng: random.Random) -> None:
    channels = list(Channel.objects.all())
    offices = [None, *TaxOffice.objects.all()]
    topics = [None, *Topic.objects.all()]
    units = [None, *Unit.objects.all()]
    tones = ["", "negative", "neutral", "positive"]
    zone = timezone.get_current_timezone()

    def moment() -> dt.datetime:
        day = dt.date(2026, 3, 25) + dt.timedelta(days=rng.randrange(200))
        # Local midnight ± minutes: the day a record counts under is the local one.
        minute = rng.choice([0, 1, 30, 23 * 60 + 59, rng.randrange(24 * 60)])
        local = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
        return local.replace(tzinfo=zone)

    def record(i: int) -> Feedback:
        return Feedback(
            channel=rng.choice(channels),
            source_id=f"tally-{i}",
            received_at=moment(),
            office=rng.choice(offices),
            topic=rng.choice(topics),
            answering_unit=rng.choice(units),
            tone=rng.choice(tones),
            text="Отзыв",
            fingerprint=f"tally-{i}",
        )

    Feedback.objects.bulk_create([record(i) for i in range(300)])
    rows = list(Feedback.objects.all())
    # Second copies of a publication are not counted; a record may be the copy of two, and other links count.
    kinds = [FeedbackLink.Kind.DUPLICATE] * 3 + [FeedbackLink.Kind.REPEAT]
    pairs = {tuple(rng.sample(rows, 2)) for _ in range(60)}
    FeedbackLink.objects.bulk_create(
        [FeedbackLink(earlier=a, later=b, kind=rng.choice(kinds), similarity=1.0) for a, b in pairs]
    )
    for feedback in rng.sample(rows, 40):  # corrections on the card
        feedback.tone = rng.choice(tones)
        feedback.topic = rng.choice(topics)
        feedback.save()
    for feedback in rng.sample(rows, 20):  # a late registration moves the record to another day
        Feedback.objects.filter(pk=feedback.pk).update(received_at=moment(), office=rng.choice(offices))
    Feedback.objects.filter(pk__in=[f.pk for f in rng.sample(rows, 5)]).update(tone="negative")  # re-analysis
    Feedback.objects.filter(pk__in=[f.pk for f in rng.sample(rows, 30)]).delete()  # erasure
    Feedback.objects.bulk_create([record(1000 + i) for i in range(50)])
    links = list(FeedbackLink.objects.all())
    FeedbackLink.objects.filter(pk__in=[x.pk for x in rng.sample(links, 8)]).delete()  # a link taken back
    present = set(FeedbackLink.objects.values_list("earlier_id", "later_id"))
    ids = list(Feedback.objects.values_list("pk", flat=True))
    for link in rng.sample(links, 12):  # a link corrected: another kind, another later record, or both
        FeedbackLink.objects.filter(pk=link.pk).update(kind=rng.choice(kinds))
        later = rng.choice(ids)
        if later != link.earlier_id and (link.earlier_id, later) not in present:
            FeedbackLink.objects.filter(pk=link.pk).update(later_id=later)
            present.add((link.earlier_id, later))


def _selections() -> list[Selection]:
    unit = Unit.objects.order_by("pk").first()
    office = TaxOffice.objects.order_by("pk").first()
    section = Topic.objects.filter(parent__isnull=True, children__isnull=False).order_by("pk").first()
    assert unit and office and section
    return [
        Selection(),
        Selection(channel=2),
        Selection(office=office.pk),
        Selection(unit=unit.pk),
        Selection(topic=section.pk),
        Selection(channel=1, unit=unit.pk, office=office.pk),
        Selection(date_from=dt.date(2026, 8, 15), date_to=dt.date(2026, 9, 2)),
        Selection(date_from=dt.date(2026, 5, 1), date_to=dt.date(2026, 8, 31)),
    ]


def _both_ways(selection: Selection, code: str, fields: tuple[str, ...]) -> tuple[Any, Any]:
    period = parse_period(code)
    chosen = dataclasses.replace(selection, period=code)
    counted = figures.tallies(chosen, period, *fields)
    counted_from_registry = figures.tallies(chosen.apply(Feedback.objects.all()), period, *fields)
    return counted, counted_from_registry


def test_the_tallies_count_what_the_registry_counts(reference: Any) -> None:
    _random_registry(random.Random(7))
    assert tallies.in_step()
    compared = 0
    for selection in _selections():
        for code in PERIODS:
            for fields in FIELDS:
                counted, expected = _both_ways(selection, code, fields)
                assert counted == expected, (selection, code, fields)
                compared += bool(expected)
    assert compared > 60  # half the comparisons, the sparse ones aside, had something to count


def test_the_registry_count_from_the_tallies_is_the_count_of_its_list(reference: Any) -> None:
    _random_registry(random.Random(13))
    answered = 0
    for selection in _selections():
        for code in PERIODS:
            for tone in ("", "negative", "neutral"):
                chosen = dataclasses.replace(selection, period=code, tone=tone)
                size = figures.selection_size(chosen)
                if size is None:  # another tone, or no whole month within the bounds
                    start, end = chosen.bounds()
                    assert start and end
                    month = (
                        start if start.day == 1 else (start.replace(day=28) + dt.timedelta(4)).replace(day=1)
                    )
                    assert tone == "neutral" or (month.replace(day=28) + dt.timedelta(4)).replace(
                        day=1
                    ) > end + dt.timedelta(1)
                    continue
                assert size == chosen.apply(Feedback.objects.all()).count(), (chosen, code)
                answered += 1
    assert answered >= 8 * 3 * 2  # every selection over the quarters and the month, with either tone
    assert figures.selection_size(Selection(period="2026Q3", q="отзыв")) is None
    assert figures.selection_size(Selection(period="2026Q3", copies="yes")) is None
    assert figures.selection_size(Selection()) is None  # no bounds: counted from the registry


def test_a_new_time_zone_falls_back_to_the_registry_until_rebuilt(reference: Any) -> None:
    _random_registry(random.Random(11))
    with override_settings(TIME_ZONE="Europe/Moscow"):
        assert not tallies.in_step()
        counted, expected = _both_ways(Selection(), "2026Q3", ("channel_id", "office_id"))
        assert counted == expected
        call_command("reindex")
        assert tallies.in_step()
        for code in ("2026Q3", "2026-08-01"):
            counted, expected = _both_ways(Selection(), code, ("channel_id", "office_id"))
            assert counted == expected
    tallies.rebuild()


def test_a_table_made_afresh_does_not_repeat_a_change_count(reference: Any) -> None:
    _random_registry(random.Random(17))
    before = tallies.generation()
    tallies.rebuild()  # the same records: as many rows, as many changes
    after = tallies.generation()
    assert before is not None and after is not None and after > before


def test_reindex_repairs_a_damaged_table(reference: Any) -> None:
    _random_registry(random.Random(3))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {tallies.TABLE} SET total = total + 5")  # noqa: S608 - constant SQL
    counted, expected = _both_ways(Selection(), "2026Q3", ("channel_id",))
    assert counted != expected
    call_command("reindex")
    counted, expected = _both_ways(Selection(), "2026Q3", ("channel_id",))
    assert counted == expected


def test_the_dashboard_reads_the_tallies(reference: Any, django_assert_max_num_queries: Any) -> None:
    _random_registry(random.Random(5))
    period = parse_period("2026Q3")
    with django_assert_max_num_queries(50) as captured:
        figures.tallies(Selection(period="2026Q3"), period, "channel_id", "office_id", "topic_id")
    read_tally = any(tallies.TABLE in q["sql"] for q in captured.captured_queries)
    assert read_tally


def test_a_quarter_counted_to_today_adds_its_last_days_from_the_registry(reference: Any) -> None:
    _random_registry(random.Random(9))
    for date_to in (dt.date(2026, 9, 5), dt.date(2026, 8, 31), dt.date(2026, 7, 20)):
        selection = Selection(period="2026Q3", date_to=date_to)
        for fields in FIELDS:
            counted = figures.tallies(selection, parse_period("2026Q3"), *fields)
            expected = figures.tallies(
                selection.apply(Feedback.objects.all()), parse_period("2026Q3"), *fields
            )
            assert counted == expected, (date_to, fields)
            assert sum(t.total for t in expected.values()) > 0


@on_pg
def test_folding_the_differences_keeps_the_figures(reference: Any) -> None:
    _random_registry(random.Random(13))
    before = {fields: _both_ways(Selection(), "2026Q3", fields) for fields in FIELDS}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {tallies.TABLE}")  # noqa: S608 - constant SQL
        rows_before = cursor.fetchone()[0]
        assert tallies.compact() > 0
        cursor.execute(
            f"SELECT count(*), count(DISTINCT (month, {', '.join(tallies.KEY)})) FROM {tallies.TABLE}"  # noqa: S608
        )
        rows_after, keys = cursor.fetchone()
    assert rows_after == keys < rows_before
    assert tallies.compact() == 0
    for fields, (counted, expected) in before.items():
        assert counted == expected
        assert _both_ways(Selection(), "2026Q3", fields) == (expected, expected)


@on_pg
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_month_and_key_do_not_wait_for_each_other() -> None:
    from django.db import connections, transaction

    from otklik.org import refdata
    from otklik.reports.tests.factory import make

    refdata.load_defaults()
    opened, finish = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first_writer() -> None:
        try:
            with transaction.atomic():
                make(2, dt.date(2026, 8, 3), tone="negative")
                opened.set()
                finish.wait(10)  # its transaction stays open while the other writes
        except BaseException as exc:
            failures.append(exc)
            opened.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert opened.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # a shared counter row would block here
            make(2, dt.date(2026, 8, 20), tone="negative")
    finally:
        finish.set()
        thread.join(15)
    assert not failures
    counted, expected = _both_ways(Selection(), "2026Q3", ("channel_id", "office_id", "topic_id"))
    assert counted == expected and figures.overall(counted).negative == 2
