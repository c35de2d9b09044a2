"""Russian number format and numeral agreement, as a reader of a page or a document sees them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from otklik.lib.ru import counted, number, percent, person, plural, sentence, signed

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (3238, 0, f"3{NB}238"),
        (76.25, 1, "76,2"),  # banker's rounding of the float aside, one decimal with a comma
        (76.26, 1, "76,3"),
        (1234567.891, 2, f"1{NB}234{NB}567,89"),
        (999, 0, "999"),
        (0, 1, "0,0"),
        (-4.5, 1, "\u22124,5"),
        (-0.04, 1, "0,0"),
    ],
)
def test_numbers_are_grouped_with_a_space_and_use_a_decimal_comma(
    value: float, digits: int, shown: str
) -> None:
    assert number(value, digits) == shown


def test_a_change_carries_its_sign_and_nothing_shows_a_dash() -> None:
    assert number(2.4, 1, sign=True) == "+2,4"
    assert number(-2.4, 1, sign=True) == "\u22122,4"
    assert number(0.0, 1, sign=True) == "0,0"
    assert number(None) == "—"
    assert percent(75.4) == f"75,4{NB}%"
    assert percent(None) == "—"


@pytest.mark.parametrize(
    ("n", "form"),
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
        (111, "публикаций"),
        (101, "публикация"),
        (1004, "публикации"),
    ],
)
def test_a_noun_agrees_with_its_numeral(n: int, form: str) -> None:
    assert plural(n, "публикация", "публикации", "публикаций") == form


def test_a_count_reads_as_a_phrase() -> None:
    assert counted(4, "публикация", "публикации", "публикаций") == "4 публикации"
    assert counted(3238, "отзыв", "отзыва", "отзывов") == f"3{NB}238 отзывов"


def test_trimmed_numbers_drop_trailing_zeros() -> None:
    assert number(4.70, 2, trim=True) == "4,7"
    assert number(5.0, 2, trim=True) == "5"
    assert number(1234.5, 2, trim=True) == f"1{NB}234,5"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.4, "п.п.", f"+0,4{NB}п.п."),
        (-15.24, "%", f"\u221215,2{NB}%"),
        (0.01, "%", f"0,0{NB}%"),
        (None, "%", "—"),
    ],
)
def test_a_change_reads_with_its_sign_and_unit(value: float | None, unit: str, shown: str) -> None:
    assert signed(value, unit) == shown


def test_a_sentence_ends_with_one_full_stop() -> None:
    assert sentence(f"доля изменилась на {signed(0.4, 'п.п.')}") == f"доля изменилась на +0,4{NB}п.п."
    assert sentence("поступило 5 отзывов") == "поступило 5 отзывов."


@pytest.mark.parametrize(
    ("value", "shown"), [(5.0, "в 5 раз"), (2.0, "в 2 раза"), (2.44, "в 2,4 раза"), (21.0, "в 21 раз")]
)
def test_how_many_times_more(value: float, shown: str) -> None:
    from otklik.lib.ru import times

    assert times(value) == shown


def _account(login: str, last: str = "", first: str = "", middle: str = "") -> SimpleNamespace:
    return SimpleNamespace(username=login, last_name=last, first_name=first, patronymic=middle)


@pytest.mark.parametrize(
    ("account", "short", "full"),
    [
        (
            _account("fedorova", "Федорова", "Ольга", "Андреевна"),
            f"Федорова{NB}О.{NB}А.",
            "Федорова Ольга Андреевна",
        ),
        (_account("petrov", "Петров", "Илья"), f"Петров{NB}И.", "Петров Илья"),
        (_account("sidorov", "Сидоров"), "Сидоров", "Сидоров"),
        (_account("olga", "", "Ольга", "Андреевна"), "Ольга Андреевна", "Ольга Андреевна"),
        (_account("admin"), "admin", "admin"),
        (_account("spaces", " Юдина ", " елена ", ""), f"Юдина{NB}Е.", "Юдина елена"),
    ],
)
def test_a_person_is_named_by_surname_and_initials_the_login_only_without_a_name(
    account: SimpleNamespace, short: str, full: str
) -> None:
    assert person(account) == short
    assert person(account, full=True) == full


def test_nobody_is_shown_as_a_dash_or_as_asked() -> None:
    assert person(None) == "—"
    assert person(None, empty="система") == "система"
