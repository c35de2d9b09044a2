"""Who may see a record, and in which form: the one place the personal-data rule of 152-ФЗ is applied."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from otklik.accounts.scope import scoped
from otklik.audit import services as audit
from otklik.org.models import ResponsibilityRule, TopicUnit
from otklik.org.services import regulation_in_force
from otklik.registry.masking import Known, mask_message, mask_text
from otklik.registry.models import Feedback, ImportBatch, PersonalData

# Conditions of the records routed to a unit by the apps above the registry (monitoring adds the records sent
# to the unit for analysis): each takes the unit's id.
ROUTED_TO_UNIT: list[Callable[[int], Q]] = []


def unit_records(unit_id: int) -> Q:
    """A unit's records: those it answered, of the topics in its competence, of the streams it monitors under
    the regulation in force, and those routed to it."""
    topics = TopicUnit.objects.filter(unit_id=unit_id, valid_to__isnull=True).values("topic_id")
    regulation = regulation_in_force(timezone.localdate())
    streams = ResponsibilityRule.objects.filter(regulation=regulation, unit_id=unit_id).values("channel_id")
    mine = Q(answering_unit_id=unit_id) | Q(topic_id__in=topics) | Q(channel_id__in=streams)
    for routed in ROUTED_TO_UNIT:
        mine |= routed(unit_id)
    return mine


def visible_to(user: Any, queryset: QuerySet[Feedback] | None = None) -> QuerySet[Feedback]:
    """The records a user may open: all for roles that read every unit, else their unit's ones."""
    return scoped(user, queryset if queryset is not None else Feedback.objects.all(), unit_records)


def batches_visible_to(user: Any, queryset: QuerySet[ImportBatch] | None = None) -> QuerySet[ImportBatch]:
    """Import batches, and so their quarantine, belong to the unit whose officer uploaded them; the roles
    that read every unit see them all."""
    batches = queryset if queryset is not None else ImportBatch.objects.all()
    return scoped(user, batches, "created_by__unit_id")


def sees_personal_data(user: Any) -> bool:
    """The one decision: may this user read personal data unmasked? Everything else here follows it."""
    return bool(user.has_perm("accounts.view_personal_data"))


def known(feedback: Feedback) -> Known:
    """The personal data stored for the record, for masking it in the record's own text."""
    try:
        pd = feedback.personal
    except PersonalData.DoesNotExist:
        return Known()
    if pd.erased_at:
        return Known()
    return Known(pd.full_name, pd.inn, pd.phone, pd.email, pd.postal_address)


def masked_text(feedback: Feedback) -> str:
    """The text as every reader without the right sees it: stored by the analysis (by the same rule,
    `masking.mask_text`), or made now for a record not analysed yet."""
    if feedback.analysed_at is not None:
        return feedback.masked_text
    return mask_text(feedback.text, known(feedback))


def masked_title(feedback: Feedback) -> str:
    if not feedback.title:
        return ""
    if feedback.analysed_at is not None and feedback.masked_title:
        return feedback.masked_title
    return mask_text(feedback.title, known(feedback))


def shown_text(feedback: Feedback, user: Any) -> str:
    """The text as this user may read it: masked for a role without the personal-data right. A view that
    shows the unmasked text records the look (`record_look`)."""
    return feedback.text if sees_personal_data(user) else masked_text(feedback)


def shown_title(feedback: Feedback, user: Any) -> str:
    return feedback.title if sees_personal_data(user) else masked_title(feedback)


def listed_text(feedback: Feedback, length: int = 160) -> str:
    """A record's line in a list (a round, a unit's desk, triage, a measure): masked for every role; the
    unmasked text is one click away, on the record's own page, where the look is recorded."""
    return masked_title(feedback) or masked_text(feedback)[:length]


def shown_personal(feedback: Feedback, user: Any) -> PersonalData | None:
    if not sees_personal_data(user):
        return None
    return PersonalData.objects.filter(feedback=feedback).first()


def shown_message(text: str, user: Any, values: Iterable[str] = ()) -> str:
    """A message about a row or a record (a quarantine reason, a batch's error) as this user may read it."""
    return text if sees_personal_data(user) else mask_message(text, values)


def record_look(
    user: Any,
    fields: Iterable[str],
    obj: Model | None = None,
    *,
    object_type: str = "",
    object_repr: str = "",
    linked: Iterable[int] = (),
) -> None:
    """One audit record for one look at personal data, unmasked, by a user with the right; `linked` names
    the other records whose texts the same page showed (a card's chain of repeated appeals)."""
    changes: dict[str, object] = {"fields": sorted(fields)}
    if linked:
        changes["linked"] = list(linked)
    audit.record(
        "pd.viewed",
        acting_user=user,
        obj=obj,
        object_type=object_type,
        object_repr=object_repr,
        changes=changes,
    )
