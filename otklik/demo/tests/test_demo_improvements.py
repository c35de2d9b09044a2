"""The planted improvement: from its first day the office's «Ваш контроль» reviews are markedly less often
negative, enough for the measures' before/after test to find it; other offices stay as they were."""

from __future__ import annotations

import datetime as dt
import functools

from otklik.demo import DemoItem, generate, planted_improvements
from otklik.demo.calendar import LOCAL_TZ
from otklik.lib.stats import compare_proportions

END = dt.date(2025, 12, 31)
WINDOW = dt.timedelta(days=90)


@functools.cache
def six_quarters(seed: int) -> tuple[DemoItem, ...]:
    return tuple(generate(seed=seed, scale=1.0, end=END))


def shares(items: tuple[DemoItem, ...], offices: set[str], first: dt.date) -> tuple[int, int, int, int]:
    """Negative and all «Ваш контроль» reviews of the offices in 90 days before `first` and after it."""
    nb = tb = na = ta = 0
    for item in items:
        if item.record.channel != "vashkontrol" or item.record.office not in offices or item.planted_spike:
            continue
        day = item.record.received_at.astimezone(LOCAL_TZ).date()
        negative = item.tone == "negative"
        if first - WINDOW <= day < first:
            nb, tb = nb + negative, tb + 1
        elif first < day <= first + WINDOW:
            na, ta = na + negative, ta + 1
    return nb, tb, na, ta


def test_the_improvement_is_planted_inside_the_window_on_a_monday_after_the_spikes_of_its_office() -> None:
    (found,) = planted_improvements(END, 6)
    assert found.office == "ОП3" and found.first_day.weekday() == 0
    assert dt.date(2025, 7, 1) < found.first_day < END - dt.timedelta(days=120)
    assert planted_improvements(END, 1) == []  # not within a single quarter with a month before it


def test_the_office_gets_far_fewer_negative_reviews_after_the_first_day_for_any_seed() -> None:
    (found,) = planted_improvements(END, 6)
    for seed in (2026, 7):
        nb, tb, na, ta = shares(six_quarters(seed), {found.office}, found.first_day)
        assert tb > 100 and ta > 100
        assert na / ta < 0.5 * nb / tb, (seed, nb, tb, na, ta)
        assert compare_proportions(nb, tb, na, ta).p_decrease < 0.01, seed


def test_the_other_offices_do_not_change() -> None:
    (found,) = planted_improvements(END, 6)
    others = {"ОП1", "ОП2", "ОП4", "ОП5", "ОП6", "ОП7", "ОП8", "ОП9", "ОП10"}
    nb, tb, na, ta = shares(six_quarters(2026), others, found.first_day)
    assert compare_proportions(nb, tb, na, ta).p_decrease > 0.05
    assert na / ta > 0.7 * nb / tb
