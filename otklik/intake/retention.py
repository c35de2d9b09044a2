"""Erasure of personal data after the retention term (152-ФЗ), with a record of each erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from otklik.audit import services as audit
from otklik.intake.models import Feedback, LinkKey, PersonalData


@transaction.atomic
def erase_expired(*, now: dt.datetime | None = None, acting_user: Any = None) -> int:
    """Erase the personal data of records received before the retention term; the texts keep their masked
    form. Returns the number of records erased."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PD_RETENTION_DAYS)
    expired = Feedback.objects.filter(received_at__lt=cutoff, analysed_at__isnull=False).filter(
        personal__erased_at__isnull=True
    )
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    PersonalData.objects.filter(feedback_id__in=ids).update(
        full_name="", inn="", phone="", email="", postal_address="", erased_at=now or timezone.now()
    )
    Feedback.objects.filter(pk__in=ids).update(text=F("masked_text"), title=F("masked_title"), raw={})
    # The hashes of ИНН, phone and e-mail that linking looks records up by go with the data.
    LinkKey.objects.filter(feedback_id__in=ids, kind=LinkKey.Kind.TAXPAYER).delete()
    audit.record(
        "pd.erased",
        acting_user=acting_user,
        object_type="intake.personaldata",
        object_repr=f"получены до {cutoff:%d.%m.%Y}",
        changes={"records": len(ids), "first_id": ids[0], "last_id": ids[-1]},
    )
    return len(ids)
