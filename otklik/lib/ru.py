"""Russian for people: numbers as «3 238» and «76,2», and nouns that agree with their numeral.

One place for both, so a page, a report and an e-mail never show «3238» beside «3 238» or «76.2» beside
«75,4», and never say «4 публикаций».
"""

from __future__ import annotations

NBSP = "\u00a0"  # a thin break would split «3 238» across lines; a no-break space never does


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun form that goes with n: 1 публикация, 2 публикации, 5 публикаций, 21 публикация,
    11 публикаций."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, one: str, few: str, many: str) -> str:
    """«4 публикации», «1 238 обращений»: the number as people read it with its agreeing noun."""
    return f"{number(n)} {plural_form(n, one, few, many)}"


def number(value: float | int | None, digits: int = 1) -> str:
    """«3 238», «76,2», «−0,4»: groups of three by a no-break space, a decimal comma, a true minus sign.

    Integers (and floats with nothing after the point at the given precision) are shown without a fraction.
    None is shown as a dash, the way a table says "no value".
    """
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.{digits}f}"
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0")
        text = f"{whole}.{fraction}" if fraction else whole
    else:
        text = f"{round(value):,}"
    text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "\u2212") if text.startswith("-") and text != "-0" else text.lstrip("-")


def signed(value: float | None, unit: str = "", digits: int = 1) -> str:
    """«+0,4 п.п.», «−15,2 %», «0 %»: a change with its sign; a dash when it cannot be computed."""
    if value is None:
        return "—"
    shown = number(round(value, digits), digits)
    if shown.strip("0,") and not shown.startswith("\u2212"):
        shown = "+" + shown
    return f"{shown}{NBSP}{unit}" if unit else shown


def percent(value: float | None, digits: int = 1) -> str:
    """«76,2 %»: a share already in percent."""
    return "—" if value is None else f"{number(round(value, digits), digits)}{NBSP}%"


def sentence(text: str) -> str:
    """Ends a sentence with one full stop: «… на +0,4 п.п.» stays as it is, never «п.п..»."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."
