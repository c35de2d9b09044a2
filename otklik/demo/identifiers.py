"""Identifiers with correct check digits, so that validators downstream accept them like real ones."""

from __future__ import annotations

import random

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
# Region 27 and the codes of the krai's former inspections; a few taxpayers come from elsewhere.
_PREFIXES = ("2721", "2722", "2723", "2724", "2720", "2703", "2705", "2704", "2706", "2709", "2536", "2801")
_PREFIX_CUM = (20, 36, 50, 62, 70, 82, 90, 94, 96, 98, 99, 100)


def _check(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10)


def _prefix(rng: random.Random) -> str:
    roll = rng.random() * 100
    for prefix, edge in zip(_PREFIXES, _PREFIX_CUM, strict=True):
        if roll < edge:
            return prefix
    return _PREFIXES[0]


def inn12(rng: random.Random) -> str:
    body = _prefix(rng) + f"{rng.randrange(1_000_000):06d}"
    body += _check(body, _INN12_1)
    return body + _check(body, _INN12_2)


def inn10(rng: random.Random) -> str:
    body = _prefix(rng) + f"{rng.randrange(100_000):05d}"
    return body + _check(body, _INN10)


def snils(rng: random.Random) -> str:
    number = f"{rng.randrange(1_002_000, 999_999_999):09d}"
    total = sum(int(d) * (9 - i) for i, d in enumerate(number))
    if total > 101:
        total %= 101
    control = 0 if total in (100, 101) else total
    return f"{number}{control:02d}"


def card(rng: random.Random) -> str:
    body = rng.choice(("2200", "2202", "2204", "4276", "5469")) + "".join(
        str(rng.randrange(10)) for _ in range(11)
    )
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the check digit still to come
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str(-total % 10)
