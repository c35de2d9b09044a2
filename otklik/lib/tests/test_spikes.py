import datetime as dt

import numpy as np
import pytest

from otklik.lib.spikes import _benjamini_hochberg, detect_spikes, weekday_profile

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


# Benjamini–Hochberg at alpha = 0.05, worked out by hand from the definition: sort the m p-values, find the
# largest rank k with p_(k) ≤ k·alpha/m, and every p-value up to p_(k) passes.
@pytest.mark.parametrize(
    ("p_values", "expected"),
    [
        # Thresholds 0.0125, 0.025, 0.0375, 0.05. Step-up: 0.03 and 0.04 are above their own thresholds
        # but pass, because 0.045 (rank 4) is under its 0.05.
        ([0.01, 0.04, 0.03, 0.045], [True, True, True, True]),
        # Thresholds 0.0167, 0.0333, 0.05: no rank is under its threshold, so even 0.02 < alpha fails.
        ([0.06, 0.02, 0.04], [False, False, False]),
        # Ties: 0.02 at ranks 1 and 2; rank 2's threshold 0.025 lets both pass, the rest fail.
        ([0.5, 0.02, 0.9, 0.02], [False, True, False, True]),
        # Thresholds k·0.00625: only ranks 1 and 2 (0.001, 0.008) are under theirs.
        (
            [0.039, 0.001, 0.205, 0.041, 0.008, 0.074, 0.042, 0.06],
            [False, True, False, False, True, False, False, False],
        ),
        # Equal to the threshold passes: 0.025 = 1·0.05/2 and 0.05 = 2·0.05/2.
        ([0.05, 0.025], [True, True]),
        # One test: plain comparison with alpha.
        ([0.05], [True]),
        ([0.0501], [False]),
    ],
)
def test_benjamini_hochberg_by_hand(p_values: list[float], expected: list[bool]) -> None:
    p = np.array(p_values)
    assert _benjamini_hochberg(p, np.ones(p.shape, dtype=bool), 0.05).tolist() == expected


def test_benjamini_hochberg_counts_only_the_candidates() -> None:
    # Alone, 0.03 and 0.04 pass (thresholds 0.025 and 0.05); with the two 0.9 in the family (m = 4) they
    # would not. The non-candidates are left out of the family and never pass themselves.
    p = np.array([[0.03, 0.9], [0.001, 0.04]])
    candidate = np.array([[True, False], [False, True]])
    assert _benjamini_hochberg(p, candidate, 0.05).tolist() == [[True, False], [False, True]]
    assert _benjamini_hochberg(p, np.ones_like(candidate), 0.05).tolist() == [[False, False], [True, False]]
    assert not _benjamini_hochberg(p, np.zeros_like(candidate), 0.05).any()


def _step_up(p: np.ndarray, alpha: float) -> np.ndarray:
    """The procedure as its definition states it (the rule the module used before the library did it)."""
    ranked = np.sort(p)
    under = np.nonzero(ranked <= alpha * np.arange(1, p.size + 1) / p.size)[0]
    return p <= ranked[under.max()] if under.size else np.zeros(p.shape, dtype=bool)


def test_benjamini_hochberg_agrees_with_the_definition_on_random_families() -> None:
    rng = np.random.default_rng(17)
    outcomes = set()
    for _ in range(300):
        m = int(rng.integers(1, 60))
        # Mostly null p-values, some small ones, and ties made by repeating values.
        p = np.where(rng.random(m) < 0.3, rng.beta(0.3, 8.0, m), rng.random(m))
        p[rng.integers(0, m, m // 4)] = p[0]
        alpha = float(rng.choice([0.01, 0.05, 0.1]))
        expected = _step_up(p, alpha)
        assert _benjamini_hochberg(p, np.ones(m, dtype=bool), alpha).tolist() == expected.tolist()
        outcomes.add((bool(expected.any()), bool(expected.all())))
    # The families covered both outcomes: none passing, and some but not all passing.
    assert {(False, False), (True, False)} <= outcomes
