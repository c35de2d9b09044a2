"""In-app notifications. Other apps call `notify`; it never fails their work for want of a recipient."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.audit import services as audit
from otklik.monitoring.models import Notification
from otklik.org.models import Unit
from otklik.registry.masking import mask_message


@transaction.atomic
def notify(
    *, unit: Unit | None = None, users: Iterable[Any] = (), text: str, link: str = ""
) -> list[Notification]:
    """One notification for the unit (all its officers see it) and one for each user given. A notice is no
    place for personal data (it is read in lists, and by the auditor in the log): its text is masked."""
    text = mask_message(text)
    created: list[Notification] = []
    if unit is not None:
        created.append(Notification.objects.create(unit=unit, text=text, link=link))
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        created.append(Notification.objects.create(user=user, text=text, link=link))
    if created:
        audit.record(
            "monitoring.notified",
            obj=created[0],
            changes={
                "unit": unit.code if unit is not None else None,
                "users": sorted(seen),
                "text": text[:200],
                "link": link,
            },
        )
    return created


def for_user(user: Any) -> QuerySet[Notification]:
    """A user's own notifications and, for a unit officer, those addressed to the unit."""
    mine = Q(user_id=user.pk)
    if getattr(user, "unit_id", None) and user.has_perm("accounts.work_unit_items"):
        mine |= Q(unit_id=user.unit_id)
    return Notification.objects.filter(mine)


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    qs = for_user(user).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    with transaction.atomic():
        marked = sorted(qs.values_list("pk", flat=True))
        count = Notification.objects.filter(pk__in=marked).update(read_at=timezone.now())
        if count:
            audit.record(
                "monitoring.notifications_read",
                acting_user=user,
                object_type="monitoring.notification",
                changes={"ids": marked[:500], "count": count},
            )
    return count
