"""The roles of the product as Django groups, and the permissions each holds.

The groups are created by a migration; their permissions are brought in line with this table after every
`migrate` (permissions of later apps only exist once their migrations have run).
"""

from __future__ import annotations

from typing import Any

ADMINISTRATOR = "Администратор"
LEADERSHIP = "Руководство"
UNIT_OFFICER = "Сотрудник подразделения"
ANALYST = "Аналитик"
AUDITOR = "Аудитор"

ROLES = (ADMINISTRATOR, LEADERSHIP, UNIT_OFFICER, ANALYST, AUDITOR)

_REFERENCE_MODELS = (
    "org.unit",
    "org.taxoffice",
    "org.channel",
    "org.channelsource",
    "org.publicservice",
    "org.topic",
    "org.topicunit",
    "org.regulation",
    "org.responsibilityrule",
    "accounts.user",
    "auth.group",
)


def _crud(label: str) -> list[str]:
    app, model = label.split(".")
    return [f"{app}.{verb}_{model}" for verb in ("add", "change", "delete", "view")]


def _view(label: str) -> list[str]:
    app, model = label.split(".")
    return [f"{app}.view_{model}"]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATOR: [p for m in _REFERENCE_MODELS for p in _crud(m)]
    + ["accounts.manage_reference", "accounts.view_all_units"],
    LEADERSHIP: [p for m in _REFERENCE_MODELS[:-2] for p in _view(m)]
    + ["accounts.view_all_units", "accounts.view_personal_data"],
    UNIT_OFFICER: ["accounts.work_unit_items", "accounts.view_personal_data"],
    ANALYST: [p for m in _REFERENCE_MODELS[:-2] for p in _view(m)] + ["accounts.view_all_units"],
    AUDITOR: ["audit.view_audit_log", "audit.view_auditevent"],
}


def sync_role_permissions(**kwargs: Any) -> None:
    """post_migrate: give each role group exactly the permissions of the table above."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
