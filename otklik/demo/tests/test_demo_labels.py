"""Truth labels and stream contents of the demo data: grades, topics, personal data, links, fields."""

from __future__ import annotations

import collections
import datetime as dt
import re
import statistics

from otklik.demo import DemoItem
from otklik.demo.calendar import LOCAL_TZ
from otklik.demo.tests.support import six_quarters, topic_leaves
from otklik.demo.weights import CLASSIFIER_CODES, TOPIC_UNITS
from otklik.lib.identifiers import is_valid_inn, is_valid_luhn, is_valid_snils
from otklik.registry.record import APPEAL_KINDS, APPEAL_RESULTS, VK_CRITERIA


def _channel(name: str) -> list[DemoItem]:
    return [i for i in six_quarters() if i.record.channel == name]


def test_vashkontrol_grades_keep_the_shares_of_the_site() -> None:
    counts = collections.Counter(g for i in _channel("vashkontrol") for g in i.record.grades.values())
    total = sum(counts.values())
    for grade, share in {5: 0.75, 4: 0.18, 3: 0.03, 2: 0.015, 1: 0.015}.items():
        assert abs(counts[grade] / total - share) < max(0.2 * share, 0.006), (grade, counts[grade] / total)


def test_vashkontrol_rates_five_correlated_criteria() -> None:
    reviews = [i.record.grades for i in _channel("vashkontrol")]
    assert all(tuple(g) == VK_CRITERIA for g in reviews)
    queue = [g["time_queue"] for g in reviews]
    staff = [g["staff"] for g in reviews]
    assert statistics.correlation(queue, staff) > 0.3


def test_sms_surveys_average_about_four_point_nine() -> None:
    grades = [i.record.grades["overall"] for i in _channel("surveys")]
    assert 4.82 < statistics.fmean(grades) < 4.95
    assert set(grades) == {1, 2, 3, 4, 5}


def test_grades_agree_with_the_tone_label() -> None:
    for item in _channel("vashkontrol") + _channel("surveys"):
        low = min(item.record.grades.values())
        if item.tone == "positive":
            assert low >= 4
        if low <= 2:
            assert item.tone == "negative"


def test_every_leaf_topic_of_the_catalogue_is_present() -> None:
    found = {i.topic for i in six_quarters()}
    assert found == set(topic_leaves())


def test_topics_have_the_units_and_classifier_codes_of_the_catalogue() -> None:
    leaves = topic_leaves()
    assert {code: leaf["unit"] for code, leaf in leaves.items()} == TOPIC_UNITS
    assert {
        c: leaf["classifier_code"] for c, leaf in leaves.items() if "classifier_code" in leaf
    } == CLASSIFIER_CODES


def test_all_three_tones_occur_in_every_text_stream() -> None:
    for channel in ("appeals", "calls", "lk_comments", "vashkontrol", "media"):
        assert {i.tone for i in _channel(channel)} == {"negative", "neutral", "positive"}, channel


def test_most_media_publications_are_not_about_service_quality() -> None:
    media = _channel("media")
    relevant = [i for i in media if i.relevant]
    assert 0.05 < len(relevant) / len(media) < 0.3
    assert all(i.topic == "media.service_quality" for i in relevant)
    originals = [i for i in media if i.link_kind != "duplicate"]
    assert all(i.record.url.startswith("https://") and ".example.com/" in i.record.url for i in originals)
    assert all(i.relevant for i in six_quarters() if i.record.channel != "media")


def test_a_tenth_of_publications_come_again_from_a_second_source_with_the_same_title() -> None:
    media = _channel("media")
    first = {i.record.source_id: i for i in media if i.link_kind != "duplicate"}
    copies = [i for i in media if i.link_kind == "duplicate"]
    assert 0.05 < len(copies) / len(first) < 0.15
    for copy in copies:
        original = first[copy.linked_source_id].record
        assert copy.record.title == original.title and copy.record.raw == original.raw
        assert copy.record.received_at > original.received_at
        assert copy.record.source == "print" or original.url.split("//")[1] in copy.record.url


def test_every_inn_is_valid_in_fields_and_in_texts() -> None:
    inns = [i.record.personal.inn for i in six_quarters() if i.record.personal.inn]
    inns += [value for i in six_quarters() for kind, value in i.text_personal if kind == "inn"]
    assert len(inns) > 3000
    assert all(is_valid_inn(inn) for inn in inns)
    assert {len(inn) for inn in inns} == {10, 12}


def test_personal_data_found_in_text_is_quoted_exactly() -> None:
    kinds: collections.Counter[str] = collections.Counter()
    for item in six_quarters():
        for kind, value in item.text_personal:
            assert value in item.record.text
            kinds[kind] += 1
    assert {"name", "inn", "phone", "email", "address"} <= set(kinds)


def test_names_appear_in_more_than_one_grammatical_case() -> None:
    names = {v for i in _channel("appeals") for k, v in i.text_personal if k == "name"}
    assert any(re.fullmatch(r"\w+(ой|ого|ова|ева|ина) \w+ \w+(ны|ча)", n) for n in names)  # genitive
    assert any(re.fullmatch(r"\w+ [А-Я]\. ?[А-Я]\.", n) for n in names)  # «Петрова И.С.»


def test_appeals_carry_the_fields_of_59_fz() -> None:
    appeals = [i.record for i in _channel("appeals")]
    assert all(re.fullmatch(r"01-1[123]/\d{5,}@?", r.registration_number) for r in appeals)
    assert {r.appeal_kind for r in appeals} == set(APPEAL_KINDS)
    assert {r.regime for r in appeals} == {"59fz", "nk19"}
    assert sum(r.regime == "nk19" for r in appeals) < 0.1 * len(appeals)
    assert {r.result for r in appeals} == {*APPEAL_RESULTS, ""}
    assert all(r.registered_at is None or r.registered_at >= r.received_at for r in appeals)
    assert any(r.personal.is_empty() for r in appeals)  # anonymous letters exist, as in life


def test_forwarded_appeals_name_the_body_and_its_letter() -> None:
    forwarded = [i.record for i in _channel("forwarded")]
    assert len({r.forwarded_by for r in forwarded}) >= 6
    for r in forwarded:
        assert r.forwarding_letter_number and r.forwarding_letter_date is not None
        assert r.forwarding_letter_date < r.received_at.astimezone(LOCAL_TZ).date()
        assert (r.forwarder_due is not None) == r.forwarder_control
    assert 0.15 < sum(r.forwarder_control for r in forwarded) / len(forwarded) < 0.45


def test_calls_and_lk_comments_carry_their_stream_fields() -> None:
    calls = [i.record for i in _channel("calls")]
    assert all(
        r.resolved_first_line is not None and r.is_complaint is not None and r.topic_hint for r in calls
    )
    assert any(r.redirected_to for r in calls) and any(r.is_complaint for r in calls)
    comments = _channel("lk_comments")
    assert all(i.record.answering_unit and i.record.negative_mark is not None for i in comments)
    assert all(i.record.negative_mark for i in comments if i.tone == "negative")


def test_repeat_appeals_come_from_the_same_author_within_thirty_days() -> None:
    by_id = {(i.record.channel, i.record.source_id): i for i in six_quarters()}
    repeats = [i for i in six_quarters() if i.link_kind == "repeat"]
    assert len(repeats) >= 10
    for item in repeats:
        first = by_id[(item.linked_channel, item.linked_source_id)]
        assert item.record.is_repeat and not first.record.is_repeat
        assert item.record.personal.inn == first.record.personal.inn
        assert item.topic == first.topic
        gap = item.record.received_at - first.record.received_at
        assert dt.timedelta(days=1) < gap <= dt.timedelta(days=31)


def test_the_same_appeal_also_arrives_through_a_second_stream() -> None:
    by_id = {(i.record.channel, i.record.source_id): i for i in six_quarters()}
    copies = [i for i in six_quarters() if i.link_kind == "cross_stream"]
    assert len(copies) >= 5
    for item in copies:
        original = by_id[(item.linked_channel, item.linked_source_id)]
        assert (item.record.channel, original.record.channel) == ("forwarded", "appeals")
        assert original.record.text in item.record.text
        assert item.record.personal == original.record.personal


def test_identifier_helpers_make_valid_snils_and_card_numbers() -> None:
    import random

    from otklik.demo import identifiers

    rng = random.Random(5)
    assert all(is_valid_snils(identifiers.snils(rng)) for _ in range(2000))
    assert all(is_valid_luhn(identifiers.card(rng)) for _ in range(2000))
