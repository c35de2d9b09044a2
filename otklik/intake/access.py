"""Who may see a record, and in which form: the one place the personal-data rule of 152-ФЗ is applied."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.analysis.nlp import pdata
from otklik.intake.models import Feedback
from otklik.org.models import ResponsibilityRule, TopicUnit
from otklik.org.services import regulation_in_force


def visible_to(user: Any, queryset: QuerySet[Feedback] | None = None) -> QuerySet[Feedback]:
    """The records a user may open: all for roles that read every unit, else their unit's ones: those it
    answered, of the topics in its competence, of the streams it monitors, and those routed to it."""
    qs = queryset if queryset is not None else Feedback.objects.all()
    if user.has_perm("accounts.view_all_units"):
        return qs
    if not (user.has_perm("accounts.work_unit_items") and user.unit_id):
        return qs.none()
    topics = TopicUnit.objects.filter(unit_id=user.unit_id, valid_to__isnull=True).values("topic_id")
    # The streams the unit monitors under the regulation in force: it reads the whole stream in its rounds.
    regulation = regulation_in_force(timezone.localdate())
    streams = ResponsibilityRule.objects.filter(regulation=regulation, unit_id=user.unit_id).values(
        "channel_id"
    )
    mine = Q(answering_unit_id=user.unit_id) | Q(topic_id__in=topics) | Q(channel_id__in=streams)
    # …and the items routed to the unit for analysis (the monitoring app's `Analysis`, by its reverse name).
    mine |= Q(analysis__unit_id=user.unit_id)
    return qs.filter(mine)


def sees_personal_data(user: Any) -> bool:
    return bool(user.has_perm("accounts.view_personal_data"))


def shown_text(feedback: Feedback, user: Any) -> str:
    """The text as this user may read it: masked for a role without the personal-data right."""
    if sees_personal_data(user):
        return feedback.text
    if feedback.analysed_at is not None:
        return feedback.masked_text
    return pdata.mask(feedback.text, pdata.find(feedback.text))


def shown_title(feedback: Feedback, user: Any) -> str:
    if sees_personal_data(user) or not feedback.title:
        return feedback.title
    return feedback.masked_title or pdata.mask(feedback.title, pdata.find(feedback.title))
