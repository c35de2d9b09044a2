"""Who may do what in the monitoring: role permissions, and the unit scope of rounds and analyses.

A unit officer works on their own unit's rounds and analyses only; leadership, analysts and the administrator
read every unit's, and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from otklik.accounts.roles import ADMINISTRATOR, ANALYST, LEADERSHIP, UNIT_OFFICER
from otklik.accounts.scope import own_unit, scoped, sees_all_units
from otklik.lib.routing import GENERAL_DEPARTMENT
from otklik.monitoring.models import Analysis, MonitoringRound

VIEW = ["monitoring.view_monitoringround", "monitoring.view_analysis", "monitoring.view_cause"]
WORK = ["monitoring.change_monitoringround", "monitoring.change_analysis"]

ROLE_PERMISSIONS = {
    UNIT_OFFICER: [*VIEW, *WORK],
    LEADERSHIP: VIEW,
    ANALYST: VIEW,
    ADMINISTRATOR: [*VIEW, "monitoring.add_cause", "monitoring.change_cause"],
}


def unit_officer(user: Any) -> bool:
    return own_unit(user) is not None


def rounds_visible_to(user: Any) -> QuerySet[MonitoringRound]:
    return scoped(user, MonitoringRound.objects.all(), right="monitoring.view_monitoringround")


def analyses_visible_to(user: Any) -> QuerySet[Analysis]:
    return scoped(user, Analysis.objects.all(), right="monitoring.view_analysis")


def may_work_round(user: Any, rnd: MonitoringRound) -> bool:
    return bool(
        user.has_perm("monitoring.change_monitoringround")
        and unit_officer(user)
        and user.unit_id == rnd.unit_id
    )


def may_work_analysis(user: Any, analysis: Analysis) -> bool:
    return bool(
        user.has_perm("monitoring.change_analysis")
        and unit_officer(user)
        and user.unit_id == analysis.unit_id
    )


def in_general_department(user: Any) -> bool:
    unit = getattr(user, "unit", None)
    return unit_officer(user) and unit is not None and unit.code == GENERAL_DEPARTMENT


def sees_triage(user: Any) -> bool:
    """The triage queue: the general department works it; roles that read every unit look at it."""
    return bool(
        user.has_perm("monitoring.view_analysis") and (sees_all_units(user) or in_general_department(user))
    )
