"""Accounts in the admin: no superuser made on the web, no access given to oneself, every change audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client

from otklik.accounts import access, roles
from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _form(user: User, **changes: Any) -> dict[str, Any]:
    """The admin's change form of `user` as the page would send it, with `changes` applied."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "patronymic": user.patronymic,
        "unit": user.unit_id or "",
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [str(g) for g in user.groups.values_list("pk", flat=True)],
        "user_permissions": [str(p) for p in user.user_permissions.values_list("pk", flat=True)],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def _perm(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def test_the_admin_cannot_make_anyone_a_superuser(users: dict[str, User]) -> None:
    client = _client("admin")
    page = client.get(f"/admin/accounts/user/{users['analyst'].pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    response = client.post(
        f"/admin/accounts/user/{users['analyst'].pk}/change/", _form(users["analyst"], is_superuser="on")
    )
    assert response.status_code == 302
    users["analyst"].refresh_from_db()
    assert not users["analyst"].is_superuser
    response = client.post(
        f"/admin/accounts/user/{users['admin'].pk}/change/", _form(users["admin"], is_superuser="on")
    )
    users["admin"].refresh_from_db()
    assert not users["admin"].is_superuser


def test_the_admin_cannot_give_their_own_account_a_role_or_the_personal_data_right(
    users: dict[str, User],
) -> None:
    admin = users["admin"]
    client = _client("admin")
    page = client.get(f"/admin/accounts/user/{admin.pk}/change/").content.decode()
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    leadership = Group.objects.get(name=roles.LEADERSHIP)
    groups = [str(g.pk) for g in admin.groups.all()] + [str(leadership.pk)]
    response = client.post(
        f"/admin/accounts/user/{admin.pk}/change/",
        _form(admin, groups=groups, user_permissions=[str(_perm("view_personal_data").pk)]),
    )
    assert response.status_code == 302  # saved, without the fields the admin may not change on themselves
    admin.refresh_from_db()
    assert not admin.groups.filter(name=roles.LEADERSHIP).exists()
    assert not admin.has_perm("accounts.view_personal_data")


def test_the_admin_cannot_widen_a_role_they_hold(users: dict[str, User]) -> None:
    group = Group.objects.get(name=roles.ADMINISTRATOR)
    client = _client("admin")
    wanted = [str(p) for p in group.permissions.values_list("pk", flat=True)] + [
        str(_perm("view_personal_data").pk)
    ]
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": wanted}
    )
    assert response.status_code == 302
    assert not group.permissions.filter(codename="view_personal_data").exists()


def test_a_change_of_another_users_roles_is_audited_with_before_and_after(users: dict[str, User]) -> None:
    analyst = users["analyst"]
    client = _client("admin")
    leadership = Group.objects.get(name=roles.LEADERSHIP)
    response = client.post(
        f"/admin/accounts/user/{analyst.pk}/change/",
        _form(
            analyst,
            groups=[str(g.pk) for g in analyst.groups.all()] + [str(leadership.pk)],
            user_permissions=[str(_perm("view_personal_data").pk)],
            is_staff="on",
            is_active="",
            unit=users["officer"].unit_id,
        ),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.access_changed", object_id=str(analyst.pk))
    assert event.actor == users["admin"]
    assert event.changes["groups"] == [[roles.ANALYST], sorted([roles.ANALYST, roles.LEADERSHIP])]
    assert event.changes["user_permissions"] == [[], ["Просмотр персональных данных без маскирования"]]
    assert event.changes["is_staff"] == [False, True]
    assert event.changes["is_active"] == [True, False]
    assert event.changes["unit"][0] != event.changes["unit"][1]
    assert "password" not in str(AuditEvent.objects.filter(object_id=str(analyst.pk)).values_list("changes"))


def test_a_change_of_a_roles_rights_is_audited(users: dict[str, User]) -> None:
    group = Group.objects.get(name=roles.AUDITOR)  # the admin is not a member
    client = _client("admin")
    wanted = [str(p) for p in group.permissions.values_list("pk", flat=True)] + [
        str(_perm("view_all_units").pk)
    ]
    client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": wanted})
    event = AuditEvent.objects.get(action="accounts.group_permissions_changed")
    before, after = event.changes["permissions"]
    assert set(after) - set(before) == {"Просмотр материалов всех подразделений"}


def test_the_auditor_reads_a_change_of_roles_in_plain_russian(users: dict[str, User]) -> None:
    analyst = users["analyst"]
    leadership = Group.objects.get(name=roles.LEADERSHIP)
    _client("admin").post(
        f"/admin/accounts/user/{analyst.pk}/change/",
        _form(analyst, groups=[str(g.pk) for g in analyst.groups.all()] + [str(leadership.pk)]),
    )
    page = _client("auditor").get("/audit/").content.decode()
    assert "Изменение ролей и прав пользователя" in page
    assert "роли: было «Аналитик», стало «Аналитик, Руководство»" in page
    assert "accounts.access_changed</td>" not in page


def test_the_rule_refuses_a_superuser_and_a_grant_to_oneself_whatever_the_path(
    users: dict[str, User],
) -> None:
    admin, analyst = users["admin"], users["analyst"]
    before = access.snapshot(analyst)
    with pytest.raises(PermissionDenied):
        access.check_change(admin, analyst, before, {**before, "is_superuser": True})
    mine = access.snapshot(admin)
    with pytest.raises(PermissionDenied):
        access.check_change(admin, admin, mine, {**mine, "groups": [*mine["groups"], roles.LEADERSHIP]})
    with pytest.raises(PermissionDenied):
        access.check_change(
            admin, admin, mine, {**mine, "user_permissions": ["Просмотр персональных данных"]}
        )
    access.check_change(
        admin, analyst, before, {**before, "groups": [roles.LEADERSHIP]}
    )  # another's: allowed
    access.check_change(admin, admin, mine, {**mine, "groups": []})  # giving up a role: allowed
