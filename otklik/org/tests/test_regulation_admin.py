"""The regulation edited in the admin: its rules (inline rows) are audited with before and after, the
object's «История» shows that log, and a regulation in force cannot be deleted."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.test import Client

from otklik.accounts.models import User
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.org.models import Regulation, ResponsibilityRule


def _form(regulation: Regulation, change: dict[int, dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": regulation.number,
        "date": regulation.date.isoformat(),
        "title": regulation.title,
        "effective_from": regulation.effective_from.isoformat(),
        "effective_to": regulation.effective_to.isoformat() if regulation.effective_to else "",
        "text": regulation.text,
    }
    rules = list(regulation.rules.order_by("pk"))
    data.update(
        {
            "rules-TOTAL_FORMS": str(len(rules)),
            "rules-INITIAL_FORMS": str(len(rules)),
            "rules-MIN_NUM_FORMS": "0",
            "rules-MAX_NUM_FORMS": "1000",
        }
    )
    for i, rule in enumerate(rules):
        values = model_to_dict(rule)
        values.update(change.get(i, {}))
        for key, value in values.items():
            if value is None:
                value = ""
            if isinstance(value, bool):
                if value:
                    data[f"rules-{i}-{key}"] = "on"
                continue
            data[f"rules-{i}-{key}"] = str(getattr(value, "pk", value))
    return data


def test_a_changed_rule_is_audited_with_before_and_after_and_shown_in_the_history(
    users: dict[str, User],
) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    regulation = Regulation.objects.get()
    first = regulation.rules.order_by("pk").first()
    assert first is not None
    old_days = first.working_days
    response = client.post(
        f"/admin/org/regulation/{regulation.pk}/change/",
        _form(regulation, {0: {"working_days": old_days + 2}}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ResponsibilityRule.objects.get(pk=first.pk).working_days == old_days + 2
    event = AuditEvent.objects.get(action="refdata.updated", object_type="org.responsibilityrule")
    assert event.object_id == str(first.pk) and event.actor == users["admin"]
    assert event.changes == {"working_days": [old_days, old_days + 2]}
    history = client.get(f"/admin/org/regulation/{regulation.pk}/history/").content.decode()
    assert "изменено" in history
    assert f"рабочих дней на мониторинг после периода: было «{old_days}», стало «{old_days + 2}»" in history
    assert "Смирнов" in history or users["admin"].username in history


def test_a_deleted_rule_is_audited(users: dict[str, User]) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    regulation = Regulation.objects.get()
    last_index = regulation.rules.count() - 1
    last = regulation.rules.order_by("pk").last()
    assert last is not None
    response = client.post(
        f"/admin/org/regulation/{regulation.pk}/change/", _form(regulation, {last_index: {"DELETE": True}})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="refdata.deleted", object_type="org.responsibilityrule")
    assert event.object_id == str(last.pk) and event.changes["working_days"] == last.working_days


def test_a_regulation_in_force_cannot_be_deleted(users: dict[str, User]) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    regulation = Regulation.objects.get()
    assert client.get(f"/admin/org/regulation/{regulation.pk}/delete/").status_code == 403
    assert client.post(f"/admin/org/regulation/{regulation.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/org/regulation/").content.decode()
    assert "delete_selected" not in changelist
    assert Regulation.objects.filter(pk=regulation.pk).exists()
