"""Who may do what with measures and alerts: role permissions, and the unit scope of each record."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from otklik.accounts.roles import ADMINISTRATOR, ANALYST, LEADERSHIP, UNIT_OFFICER
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


def sees_all(user: Any) -> bool:
    return bool(user.has_perm("accounts.view_all_units"))


def measures_visible_to(user: Any) -> QuerySet[Measure]:
    """Every measure for a role that reads all units; a unit officer's own unit's; nothing otherwise."""
    qs = Measure.objects.all()
    if not user.has_perm("measures.view_measure"):
        return qs.none()
    if sees_all(user):
        return qs
    if user.has_perm("accounts.work_unit_items") and user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def alerts_visible_to(user: Any) -> QuerySet[Alert]:
    qs = Alert.objects.all()
    if not user.has_perm("measures.view_alert"):
        return qs.none()
    if sees_all(user):
        return qs
    if user.has_perm("accounts.work_unit_items") and user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


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
    return sees_all(user) or (bool(user.unit_id) and user.unit_id == alert.unit_id)
