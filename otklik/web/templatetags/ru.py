"""Template filters for numbers as Russian readers expect them (see `otklik.lib.ru`):
`{{ n|num }}` → «3 238», `{{ x|num:1 }}` → «76,2», `{{ x|pct }}` → «76,2 %», `{{ d|signed:1 }}` → «+2,4»,
`{{ s|share }}` → «91 %» for 0.91, `{{ n|plural:"отзыв,отзыва,отзывов" }}` → «отзыва»;
and people: `{{ user|person }}` → «Федорова О. А.», `{{ user|person:"full" }}` → «Федорова Ольга
Андреевна» (the login only for an account without a name)."""

from __future__ import annotations

from typing import Any

from django import template

from otklik.lib import ru

register = template.Library()


@register.filter
def num(value: float | None, digits: int = 0) -> str:
    return ru.number(value, int(digits))


@register.filter
def signed(value: float | None, digits: int = 1) -> str:
    return ru.number(value, int(digits), sign=True)


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    return ru.percent(value, int(digits))


@register.filter
def share(value: float | None, digits: int = 0) -> str:
    """A share of one as a percent: 0.91 → «91 %» (a classifier's confidence, a part of a whole)."""
    return ru.percent(None if value is None else float(value) * 100, int(digits))


@register.filter
def plural(value: int, forms: str) -> str:
    one, few, many = forms.split(",")
    return ru.plural(int(value or 0), one, few, many)


@register.filter
def times(value: float | None) -> str:
    return "—" if value is None else ru.times(float(value))


@register.filter
def person(value: Any, form: str = "") -> str:
    return ru.person(value, full=form == "full")
