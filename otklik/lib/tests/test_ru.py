"""Numbers and numerals as a Russian reader expects them."""

from __future__ import annotations

import pytest

from otklik.lib import ru

NB = "\u00a0"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "публикаций"),
        (1, "публикация"),
        (2, "публикации"),
        (4, "публикации"),
        (5, "публикаций"),
        (11, "публикаций"),
        (12, "публикаций"),
        (14, "публикаций"),
        (21, "публикация"),
        (22, "публикации"),
        (101, "публикация"),
        (111, "публикаций"),
        (1004, "публикации"),
        (-3, "публикации"),
    ],
)
def test_a_noun_agrees_with_its_numeral(n: int, expected: str) -> None:
    assert ru.plural_form(n, "публикация", "публикации", "публикаций") == expected


def test_a_count_reads_as_a_phrase() -> None:
    assert ru.count(4, "публикация", "публикации", "публикаций") == "4 публикации"
    assert ru.count(3238, "обращение", "обращения", "обращений") == f"3{NB}238 обращений"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3238, f"3{NB}238"),
        (1_000_000, f"1{NB}000{NB}000"),
        (76.2, "76,2"),
        (76.25, "76,2"),  # round half to even at one digit, as Python rounds
        (76.0, "76"),
        (0.0, "0"),
        (-15.24, "\u221215,2"),
        (-0.04, "0"),
        (None, "—"),
        (12345.67, f"12{NB}345,7"),
    ],
)
def test_numbers_use_spaces_in_groups_and_a_decimal_comma(value: float | None, expected: str) -> None:
    assert ru.number(value) == expected


def test_two_digits_when_asked() -> None:
    assert ru.number(4.567, digits=2) == "4,57"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.4, "п.п.", f"+0,4{NB}п.п."),
        (-15.2, "%", f"\u221215,2{NB}%"),
        (0.0, "%", f"0{NB}%"),
        (0.01, "%", f"0{NB}%"),
        (None, "%", "—"),
        (120.0, "%", f"+120{NB}%"),
    ],
)
def test_a_change_carries_its_sign(value: float | None, unit: str, expected: str) -> None:
    assert ru.signed(value, unit) == expected


def test_a_sentence_ends_with_one_full_stop() -> None:
    assert ru.sentence(f"доля изменилась на {ru.signed(0.4, 'п.п.')}") == f"доля изменилась на +0,4{NB}п.п."
    assert ru.sentence("поступило 5 отзывов") == "поступило 5 отзывов."


def test_percent() -> None:
    assert ru.percent(76.24) == f"76,2{NB}%"
    assert ru.percent(None) == "—"
