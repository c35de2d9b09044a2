"""Changes of a user's access: what they are, who may make them, and their audit record.

An account's access is its roles (groups), its own permissions, the admin-site flag, whether it is active,
and its unit. Nobody changes their own access through the web (a role or a right given to oneself is a
right nobody else agreed to), nobody becomes a superuser through the web, and every change is audited with
its before and after.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from otklik.accounts.models import User
from otklik.audit import services as audit

ACCESS_CHANGED = "accounts.access_changed"
GROUP_PERMISSIONS_CHANGED = "accounts.group_permissions_changed"

# The fields of an account that no one may change on their own account through the web.
SELF_LOCKED_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions", "unit")

_VERBS = {"add": "добавление", "change": "изменение", "delete": "удаление", "view": "просмотр"}


def permission_label(perm: Permission) -> str:
    """A permission in plain Russian: «Просмотр персональных данных…» or «изменение: пользователь»."""
    verb, _, model = perm.codename.partition("_")
    if verb in _VERBS and perm.content_type.model == model:
        return f"{_VERBS[verb]}: {perm.content_type.model_class()._meta.verbose_name}"  # type: ignore[union-attr]
    return str(perm.name)


def permission_labels(perms: Any) -> list[str]:
    return sorted(permission_label(p) for p in perms.select_related("content_type"))


def snapshot(user: User) -> dict[str, Any]:
    """The access of an account as it is in the database now."""
    fresh = User.objects.select_related("unit").get(pk=user.pk)
    return {
        "is_active": fresh.is_active,
        "is_staff": fresh.is_staff,
        "is_superuser": fresh.is_superuser,
        "unit": str(fresh.unit) if fresh.unit else "",
        "groups": sorted(fresh.groups.values_list("name", flat=True)),
        "user_permissions": permission_labels(fresh.user_permissions.all()),
    }


def _grants(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys in which `after` gives more than `before`."""
    more = [k for k in ("is_active", "is_staff", "is_superuser") if after.get(k) and not before.get(k)]
    more += [k for k in ("groups", "user_permissions") if set(after.get(k, [])) - set(before.get(k, []))]
    if after.get("unit") != before.get("unit"):
        more.append("unit")
    return more


def check_change(acting_user: Any, target: User, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Refuse a change that makes a superuser, or that widens the acting user's own access."""
    if after.get("is_superuser") and not before.get("is_superuser"):
        raise PermissionDenied("Полные права (суперпользователь) через веб-интерфейс не выдаются.")
    if getattr(acting_user, "pk", None) == target.pk and _grants(before, after):
        raise PermissionDenied(
            "Свои роли, права и подразделение изменить нельзя: это делает другой администратор."
        )


def record_change(acting_user: Any, target: User, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Audit a change of access (nothing when nothing changed); call inside the change's transaction."""
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            ACCESS_CHANGED, acting_user=acting_user, obj=target, object_repr=target.username, changes=changes
        )


def group_snapshot(group: Group) -> dict[str, Any]:
    return {"permissions": permission_labels(Group.objects.get(pk=group.pk).permissions.all())}


def check_group_change(acting_user: Any, group: Group, before: dict[str, Any], after: dict[str, Any]) -> None:
    """A member of a role cannot widen that role: it would widen their own access."""
    if (
        set(after["permissions"]) - set(before["permissions"])
        and group.user_set.filter(pk=acting_user.pk).exists()
    ):
        raise PermissionDenied("Права своей роли расширить нельзя: это делает другой администратор.")


def record_group_change(
    acting_user: Any, group: Group, before: dict[str, Any], after: dict[str, Any]
) -> None:
    changes = audit.diff(before, after)
    if changes:
        audit.record(GROUP_PERMISSIONS_CHANGED, acting_user=acting_user, obj=group, changes=changes)
