"""Spikes in daily counts of negative feedback, one series per (office, topic, stream).

The counts are small and follow the week (little arrives at weekends), so a day is compared with the
previous `baseline_days` days of its own series, weighted by a weekday profile estimated from all series
together. The test is the exact conditional test of two Poisson rates: given the day's count x and the
baseline's count S, under "no change" x is Binomial(x + S, w_day / (w_day + W_baseline)). It needs no
normal approximation and counts the baseline's own uncertainty, which matters when S is 0 or 2.

Many series times many days make many tests: alerts are those that pass the Benjamini–Hochberg procedure
at `alpha` over all tests of the call, and whose count is at least `min_count`, so that one or two items on
a quiet day never raise an alert by themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

DEFAULT_BASELINE_DAYS = 28


@dataclass(frozen=True)
class SpikeAlert[K: Hashable]:
    key: K
    day: dt.date
    observed: int
    expected: float
    p_value: float


def weekday_profile(counts: np.ndarray, start: dt.date) -> np.ndarray:
    """Relative level of each weekday (Monday first), averaging 1; flat when there is no data."""
    totals = counts.sum(axis=0) if counts.ndim == 2 else counts
    weekdays = (start.weekday() + np.arange(totals.shape[0])) % 7
    per_day = np.array([totals[weekdays == k].mean() if (weekdays == k).any() else 0.0 for k in range(7)])
    # Half an item of smoothing keeps a weekday that happened to be empty from getting weight zero, which
    # would make any count on it look infinitely unlikely.
    per_day = per_day + 0.5
    return np.asarray(per_day / per_day.mean())


def detect_spikes[K: Hashable](
    series: Mapping[K, Sequence[int]],
    start: dt.date,
    *,
    baseline_days: int = DEFAULT_BASELINE_DAYS,
    alpha: float = 0.05,
    min_count: int = 3,
) -> list[SpikeAlert[K]]:
    """Alerts for days whose count is unusually high for their series, in date order.

    Every series covers the same days, the first being `start`. Days with less than `baseline_days` of
    history are not tested.
    """
    keys = list(series)
    if not keys:
        return []
    counts = np.array([list(series[k]) for k in keys], dtype=np.int64)
    n_days = counts.shape[1]
    if n_days <= baseline_days:
        return []

    profile = weekday_profile(counts, start)
    weights = profile[(start.weekday() + np.arange(n_days)) % 7]
    cumulative = np.concatenate([np.zeros((len(keys), 1), dtype=np.int64), counts.cumsum(axis=1)], axis=1)
    cumulative_weight = np.concatenate([[0.0], weights.cumsum()])

    tested = np.arange(baseline_days, n_days)
    observed = counts[:, tested]
    baseline = cumulative[:, tested] - cumulative[:, tested - baseline_days]
    baseline_weight = cumulative_weight[tested] - cumulative_weight[tested - baseline_days]
    day_weight = weights[tested]
    share = day_weight / (day_weight + baseline_weight)
    p_values = sps.binom.sf(observed - 1, observed + baseline, share)
    # A day with no items carries no evidence; leaving it out of the family keeps BH from being needlessly
    # strict on sparse series.
    candidate = observed > 0
    significant = _benjamini_hochberg(p_values, candidate, alpha) & (observed >= min_count)

    alerts = [
        SpikeAlert(
            key=keys[i],
            day=start + dt.timedelta(days=int(tested[j])),
            observed=int(observed[i, j]),
            expected=float(baseline[i, j] * day_weight[j] / baseline_weight[j]),
            p_value=float(p_values[i, j]),
        )
        for i, j in zip(*np.nonzero(significant), strict=True)
    ]
    return sorted(alerts, key=lambda a: (a.day, a.p_value))


def _benjamini_hochberg(p_values: np.ndarray, candidate: np.ndarray, alpha: float) -> np.ndarray:
    """The candidates that pass the Benjamini–Hochberg procedure at `alpha`: BH-adjusted p-value ≤ alpha."""
    passed = np.zeros(p_values.shape, dtype=bool)
    if candidate.any():
        passed[candidate] = sps.false_discovery_control(p_values[candidate], method="bh") <= alpha
    return passed
