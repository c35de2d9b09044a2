"""The roles of the product as Django groups, and the permissions each holds.

The groups are created by a migration; their permissions are brought in line with this table after every
`migrate` (permissions of later apps only exist once their migrations have run). An app adds its own
permissions to the roles in its module `permissions.py`, as a dict `ROLE_PERMISSIONS` of the same shape.
"""

from __future__ import annotations

import importlib
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


def crud(label: str) -> list[str]:
    app, model = label.split(".")
    return [f"{app}.{verb}_{model}" for verb in ("add", "change", "delete", "view")]


def view(label: str) -> list[str]:
    app, model = label.split(".")
    return [f"{app}.view_{model}"]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATOR: [p for m in _REFERENCE_MODELS for p in crud(m)]
    + ["accounts.manage_reference", "accounts.view_all_units", "accounts.erase_personal_data"],
    LEADERSHIP: [p for m in _REFERENCE_MODELS[:-2] for p in view(m)]
    + ["accounts.view_all_units", "accounts.view_personal_data"],
    UNIT_OFFICER: ["accounts.work_unit_items", "accounts.view_personal_data"],
    ANALYST: [p for m in _REFERENCE_MODELS[:-2] for p in view(m)] + ["accounts.view_all_units"],
    AUDITOR: ["audit.view_audit_log", "audit.view_auditevent"],
}


def all_role_permissions() -> dict[str, list[str]]:
    """The table above merged with each installed app's `permissions.ROLE_PERMISSIONS`."""
    from django.apps import apps

    merged = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.permissions":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[role].extend(perms)
    return merged


def sync_role_permissions(**kwargs: Any) -> None:
    """post_migrate: give each role group exactly the permissions of the merged table."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
