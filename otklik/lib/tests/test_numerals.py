from __future__ import annotations

import pytest

from otklik.lib.numerals import grouped, plural


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "запись"),
        (2, "записи"),
        (4, "записи"),
        (5, "записей"),
        (11, "записей"),
        (12, "записей"),
        (21, "запись"),
        (22, "записи"),
        (111, "записей"),
        (0, "записей"),
    ],
)
def test_the_noun_agrees_with_the_number(n: int, word: str) -> None:
    assert plural(n, "запись", "записи", "записей") == word


def test_thousands_are_set_apart() -> None:
    assert (
        grouped(3238) == "3\u00a0238"
        and grouped(999) == "999"
        and grouped(1_000_000) == "1\u00a0000\u00a0000"
    )
