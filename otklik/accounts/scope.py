"""Which units' items a person sees: every unit's for a role that reads them all, their own unit's for a unit
officer, none otherwise. Every list of the product narrows its records through `scoped`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet

ALL_UNITS = "accounts.view_all_units"
UNIT_WORK = "accounts.work_unit_items"


def sees_all_units(user: Any) -> bool:
    return bool(user.has_perm(ALL_UNITS))


def own_unit(user: Any) -> int | None:
    """The unit whose items the person works on, if they are a unit officer with a unit."""
    unit_id = getattr(user, "unit_id", None)
    return unit_id if unit_id and user.has_perm(UNIT_WORK) else None


def scoped[M: Model](
    user: Any, queryset: QuerySet[M], mine: str | Callable[[int], Q] = "unit_id", *, right: str = ""
) -> QuerySet[M]:
    """`queryset` as `user` may see it. `mine` names the field holding an item's unit, or builds the condition
    of a unit's items from the unit's id; `right`, if given, is needed to see any item at all."""
    if right and not user.has_perm(right):
        return queryset.none()
    if sees_all_units(user):
        return queryset
    unit = own_unit(user)
    if unit is None:
        return queryset.none()
    return queryset.filter(mine(unit) if callable(mine) else Q(**{mine: unit}))
