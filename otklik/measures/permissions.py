"""Who may do what with measures and alerts: role permissions, and the unit scope of each record."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from otklik.accounts.roles import ADMINISTRATOR, ANALYST, LEADERSHIP, UNIT_OFFICER
from otklik.accounts.scope import scoped, sees_all_units
from otklik.measures.models import Alert, Measure

VIEW = ["measures.view_measure", "measures.view_alert"]

ROLE_PERMISSIONS = {
    LEADERSHIP: [
        *VIEW,
        "measures.add_measure",
        "measures.change_measure",
        "measures.approve_measure",
        "measures.change_alert",
    ],
    UNIT_OFFICER: [*VIEW, "measures.add_measure", "measures.change_measure", "measures.change_alert"],
    ANALYST: VIEW,
    ADMINISTRATOR: VIEW,
}


def measures_visible_to(user: Any) -> QuerySet[Measure]:
    return scoped(user, Measure.objects.all(), right="measures.view_measure")


def alerts_visible_to(user: Any) -> QuerySet[Alert]:
    return scoped(user, Alert.objects.all(), right="measures.view_alert")


def may_propose(user: Any) -> bool:
    return bool(user.has_perm("measures.add_measure"))


def may_approve(user: Any) -> bool:
    """Approval and rejection belong to leadership alone."""
    return bool(user.has_perm("measures.approve_measure"))


def may_progress(user: Any, measure: Measure) -> bool:
    """Start and finish: the responsible unit's staff, or leadership."""
    if not user.has_perm("measures.change_measure"):
        return False
    return may_approve(user) or (bool(user.unit_id) and user.unit_id == measure.unit_id)


def may_handle_alert(user: Any, alert: Alert) -> bool:
    if not user.has_perm("measures.change_alert"):
        return False
    return sees_all_units(user) or (bool(user.unit_id) and user.unit_id == alert.unit_id)
