"""Numbers as Russian readers expect them: «3 238», «76,2», «−4,5», and nouns agreeing with numerals;
people as they are named in Russian papers: «Федорова О. А.».

One place for the format, so a page, a report and a letter never show «3238» beside «3 238», nor a login
beside a name.
"""

from __future__ import annotations

from typing import Any

NBSP = "\u00a0"  # a thousands group never breaks across lines
MINUS = "\u2212"


def number(
    value: float | None, digits: int = 0, *, sign: bool = False, empty: str = "—", trim: bool = False
) -> str:
    """`value` rounded to `digits` places, thousands grouped by a no-break space, decimal comma.

    `sign` puts «+» before a positive value (changes); a negative one gets a true minus; None gives `empty`;
    `trim` drops trailing zeros of the fraction (a table of grades: «4,65», «4,7», «5»).
    """
    if value is None:
        return empty
    text = f"{abs(value):,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", NBSP).replace(".", ",")
    if text.strip("0,\u00a0") == "":  # rounds to zero: no sign
        return text
    if value < 0:
        return MINUS + text
    return "+" + text if sign else text


def percent(value: float | None, digits: int = 1, *, sign: bool = False, empty: str = "—") -> str:
    """«76,2 %» (a no-break space before the sign, as Russian typesetting wants)."""
    if value is None:
        return empty
    return f"{number(value, digits, sign=sign)}{NBSP}%"


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a noun after the number `n`: plural(4, "публикация", "публикации", "публикаций")
    → «публикации» (1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 11–14, 25… → many)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def counted(n: int, one: str, few: str, many: str) -> str:
    """«4 публикации», «1 238 отзывов»: the number in the common format and the agreeing noun."""
    return f"{number(n)} {plural(n, one, few, many)}"


def signed(value: float | None, unit: str = "", digits: int = 1) -> str:
    """«+0,4 п.п.», «−15,2 %»: a change with its sign and unit; a dash when it cannot be computed."""
    if value is None:
        return "—"
    shown = number(value, digits, sign=True)
    return f"{shown}{NBSP}{unit}" if unit else shown


def sentence(text: str) -> str:
    """Ends a sentence with one full stop: «… на +0,4 п.п.» stays as it is, never «п.п..»."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def times(value: float) -> str:
    """«в 5 раз», «в 2 раза», «в 2,4 раза»: how many times more, as people say it."""
    rounded = round(value, 1)
    if rounded.is_integer():
        n = int(rounded)
        return f"в {number(n)} {plural(n, 'раз', 'раза', 'раз')}"
    return f"в {number(rounded, 1)} раза"


def person(who: Any, *, full: bool = False, empty: str = "—") -> str:
    """How a page, a document or a letter names a member of staff: «Федорова О. А.», or with `full`
    «Федорова Ольга Андреевна». The login shows only when the account has no name at all; `empty` stands
    for nobody. `who` is anything with `last_name`, `first_name`, `patronymic` and `username`."""
    if who is None:
        return empty
    last, first, middle = (
        str(getattr(who, attr, "") or "").strip() for attr in ("last_name", "first_name", "patronymic")
    )
    if full or not last:
        name = " ".join(part for part in (last, first, middle) if part)
    else:
        initials = NBSP.join(f"{part[0].upper()}." for part in (first, middle) if part)
        name = f"{last}{NBSP}{initials}" if initials else last
    return name or str(getattr(who, "username", "") or "") or empty
