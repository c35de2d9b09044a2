"""Check digits of Russian identifiers: ИНН, СНИЛС, bank cards (Luhn)."""

from __future__ import annotations

import operator

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    # map/zip rather than a generator: every record of an import with an ИНН goes through here.
    total: int = sum(map(operator.mul, map(int, digits[: len(weights)]), weights))
    return total % 11 % 10


def is_valid_inn(value: str) -> bool:
    """True for a 10-digit (legal entity) or 12-digit (individual) ИНН with correct check digits."""
    if not value.isdigit() or not value.isascii():
        return False
    if len(value) == 10:
        return _check_digit(value, _INN10_WEIGHTS) == int(value[9])
    if len(value) == 12:
        return _check_digit(value, _INN12_WEIGHTS_1) == int(value[10]) and _check_digit(
            value, _INN12_WEIGHTS_2
        ) == int(value[11])
    return False


def is_valid_snils(value: str) -> bool:
    """True for an 11-digit СНИЛС (separators removed) whose last two digits are its check number.

    The check number is verified for numbers above 001-001-998, as the Pension Fund's rule says.
    """
    if len(value) != 11 or not value.isdigit() or not value.isascii():
        return False
    number, control = value[:9], int(value[9:])
    if int(number) <= 1001998:
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(number))
    if total > 101:
        total %= 101
    expected = 0 if total in (100, 101) else total
    return expected == control


def is_valid_luhn(value: str) -> bool:
    """True for a 13–19 digit card number that passes the Luhn check."""
    if not 13 <= len(value) <= 19 or not value.isdigit() or not value.isascii():
        return False
    total = 0
    for i, ch in enumerate(reversed(value)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
