"""The spike check finds the episodes planted in the demo data, and raises few alerts elsewhere.

"Few" means here: over the six demo quarters (about 500 daily checks, 52 series of offices, topics and
streams), every planted episode raises at least one alert on its own office, topic or stream within its
days; at least 60 % of all alerts fall inside a planted episode; and at most 12 alerts fall outside any,
about one every six weeks. With the default seed the figures are 29 alerts, 19 of them planted (precision
0.66), 10 others; bench/bench_spikes.py reports them for more seeds.
"""

from __future__ import annotations

import datetime as dt

from otklik.measures.tests.demo_spikes import score

END = dt.date(2026, 11, 27)


def test_every_planted_episode_raises_an_alert_and_false_alarms_are_few() -> None:
    result = score(seed=2026, end=END)
    assert len(result.planted) == 3
    assert result.missed == set(), f"не найдены: {result.missed}"
    assert result.precision >= 0.6, f"точность {result.precision:.2f}"
    assert len(result.false_alarms) <= 12, [(a.key, a.day) for a in result.false_alarms]


def test_an_episode_is_flagged_on_its_own_office_or_topic_not_only_on_a_stream() -> None:
    result = score(seed=2026, end=END)
    for spike in result.planted:
        keys = {alert.key for alert, episode in result.alerts if episode == spike.id}
        assert ("office", spike.office) in keys or ("topic", spike.topic) in keys, (spike.id, keys)


def test_an_alert_inside_an_episode_reports_more_than_expected() -> None:
    result = score(seed=2026, end=END)
    for alert, episode in result.alerts:
        if episode:
            assert alert.observed >= 3 and alert.observed > 2 * alert.expected
            assert alert.p_value < 0.01
