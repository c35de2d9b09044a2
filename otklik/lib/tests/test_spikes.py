import datetime as dt

import numpy as np

from otklik.lib.spikes import detect_spikes, weekday_profile

START = dt.date(2026, 1, 5)  # a Monday
N_SERIES, N_DAYS = 100, 180
# Items arrive mostly on working days: Monday–Friday weights, then Saturday and Sunday.
WEEK = np.array([1.3, 1.2, 1.1, 1.1, 1.0, 0.2, 0.1])
# (series, day index, extra items): on a busy series, a middling one and a quiet one.
PLANTED = [(7, 60, 18), (42, 120, 9), (88, 150, 8)]


def _synthetic() -> dict[tuple[str, str, str], list[int]]:
    rng = np.random.default_rng(20260305)
    levels = rng.uniform(0.2, 4.0, size=N_SERIES)
    levels[7], levels[42], levels[88] = 4.0, 1.0, 0.3
    weekday = (START.weekday() + np.arange(N_DAYS)) % 7
    counts = rng.poisson(levels[:, None] * WEEK[weekday][None, :])
    for series, day, extra in PLANTED:
        counts[series, day] += extra
    return {(f"ИФНС {i % 10}", f"тема {i}", "vashkontrol"): counts[i].tolist() for i in range(N_SERIES)}


def test_planted_spikes_are_found_with_few_false_alarms() -> None:
    series = _synthetic()
    keys = list(series)
    alerts = detect_spikes(series, START)
    found = {(keys.index(a.key), (a.day - START).days) for a in alerts}
    planted = {(s, d) for s, d, _ in PLANTED}
    assert planted <= found
    assert len(found - planted) <= 2


def test_an_alert_reports_the_observed_and_expected_counts() -> None:
    series = _synthetic()
    alerts = detect_spikes(series, START)
    busy = next(a for a in alerts if a.key == list(series)[7])
    assert busy.day == START + dt.timedelta(days=60)
    assert busy.observed == series[busy.key][60]
    assert 2.0 < busy.expected < 8.0
    assert busy.p_value < 1e-6


def test_an_all_zero_series_raises_no_alert() -> None:
    assert detect_spikes({"тихо": [0] * 90}, START) == []


def test_a_sparse_series_alerts_on_a_real_burst_but_not_on_single_items() -> None:
    counts = [0] * 90
    for day in (3, 17, 33, 41, 58, 66):
        counts[day] = 1
    assert detect_spikes({"редко": counts}, START) == []
    counts[80] = 6
    alerts = detect_spikes({"редко": counts}, START)
    assert [(a.day, a.observed) for a in alerts] == [(START + dt.timedelta(days=80), 6)]


def test_a_count_below_the_minimum_is_never_an_alert() -> None:
    counts = [0] * 60
    counts[50] = 2
    assert detect_spikes({"ряд": counts}, START) == []
    assert detect_spikes({"ряд": counts}, START, min_count=2) != []


def test_a_weekday_peak_is_not_mistaken_for_a_spike() -> None:
    # Twenty items every Monday and almost none otherwise: Mondays are the norm, not spikes.
    days = [START + dt.timedelta(days=i) for i in range(120)]
    counts = [20 if d.weekday() == 0 else 1 for d in days]
    assert detect_spikes({"понедельники": counts}, START) == []


def test_too_short_a_history_tests_nothing() -> None:
    assert detect_spikes({"новый": [0] * 20 + [9] * 5}, START) == []


def test_the_weekday_profile_follows_the_weekly_cycle() -> None:
    counts = np.array([[10, 10, 10, 10, 10, 1, 1] * 8])
    profile = weekday_profile(counts, START)
    assert abs(profile.mean() - 1.0) < 1e-12
    assert profile[0] > 5 * profile[6]
