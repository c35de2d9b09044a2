"""Numbers in Russian text: the noun agreeing with the number («1 запись», «3 записи», «5 записей»)."""

from __future__ import annotations


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a noun after the number `n`: `one` for 1, 21, 101; `few` for 2–4, 22–24; else `many`."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def grouped(n: int) -> str:
    """An integer with its thousands apart: «3 238», «1 000 000»."""
    return f"{n:,}".replace(",", "\u00a0")
