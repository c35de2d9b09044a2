"""Grades of «Ваш контроль» reviews and SMS surveys in their real proportions.

The five criteria of one review are drawn from one latent Gaussian (a copula): each criterion keeps the
marginal shares of the site (75/18/3/1.5/1.5 %), and a visitor who waited long tends to rate the rest
lower too.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from statistics import NormalDist

from otklik.registry.record import VK_CRITERIA

VK_SHARES = {5: 0.75, 4: 0.18, 3: 0.03, 2: 0.015, 1: 0.015}
SMS_SHARES = {5: 0.93, 4: 0.045, 3: 0.01, 2: 0.005, 1: 0.01}  # mean ≈ 4.89
_RHO = 0.8
_SPREAD = math.sqrt(1 - _RHO**2)


def _thresholds(shares: dict[int, float]) -> list[float]:
    """Latent cut points: below the first is grade 1, above the last is grade 5."""
    cumulative = itertools.accumulate(shares[g] for g in (1, 2, 3, 4))
    return [NormalDist().inv_cdf(p) for p in cumulative]


_VK_CUTS = _thresholds(VK_SHARES)
_SMS_CUTS = [p * 100 for p in itertools.accumulate(SMS_SHARES[g] for g in (1, 2, 3, 4))]


def vk_grades(rng: random.Random, bad_latent: float | None = None, worst: str = "") -> dict[str, int]:
    """Five correlated grades; `bad_latent` forces an unhappy visitor and `worst` the criterion he hated."""
    z = rng.gauss(0, 1) if bad_latent is None else bad_latent
    grades = {
        name: bisect.bisect_right(_VK_CUTS, _RHO * z + _SPREAD * rng.gauss(0, 1)) + 1 for name in VK_CRITERIA
    }
    if worst:
        grades[worst] = min(grades[worst], rng.choice((1, 1, 2)))
    return grades


def sms_grade(rng: random.Random) -> int:
    return bisect.bisect_right(_SMS_CUTS, rng.random() * 100) + 1


def tone_of(grades: dict[str, int]) -> str:
    """Truth label of a rating: any «плохо» or worse, or a mean under 3.5, is negative."""
    low = min(grades.values())
    mean = sum(grades.values()) / len(grades)
    if low <= 2 or mean < 3.5:
        return "negative"
    if low == 3 or mean < 4.5:
        return "neutral"
    return "positive"
