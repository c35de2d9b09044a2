from __future__ import annotations

import html
import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe

from otklik.nlp.signals import line_ru
from otklik.org.models import Topic
from otklik.registry import linking
from otklik.registry.access import (
    record_look,
    sees_personal_data,
    shown_personal,
    shown_text,
    shown_title,
    visible_to,
)
from otklik.registry.models import Feedback, FeedbackLink, Tone


def _tone_name(code: str) -> str:
    """«отрицательная», not the stored code «negative»: the correction history is read by people."""
    return str(Tone(code).label) if code in Tone.values else (code or "—")


CRITERIA = {
    "time_service": "Время предоставления услуги",
    "time_queue": "Время ожидания в очереди",
    "staff": "Вежливость и компетентность сотрудника",
    "comfort": "Комфортность условий в помещении",
    "information": "Доступность информации о порядке предоставления услуги",
    "overall": "Общая оценка",
}


def highlight(text: str, explanation: list[dict[str, object]], tone: str) -> SafeString:
    """The text, escaped, with the phrases that weighed most towards the decided tone marked."""
    cues = sorted({str(e["text"]) for e in explanation if e.get("text")}, key=len, reverse=True)
    css = {"negative": "cue-negative", "positive": "cue-positive"}.get(tone, "cue-neutral")
    escaped = html.escape(text)
    for phrase in cues:
        # whole words only: «не» must not light up inside «АБОНЕНТ»
        pattern = re.compile(rf"(?<!\w){re.escape(html.escape(phrase))}(?!\w)", re.IGNORECASE)
        escaped = pattern.sub(lambda m: f'<mark class="{css}">{m.group(0)}</mark>', escaped, count=3)
    return mark_safe(escaped.replace("\n", "<br>"))  # noqa: S308 - built from escaped text only


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        visible_to(request.user).select_related(
            "channel",
            "sub_source",
            "office",
            "answering_unit",
            "service",
            "topic",
            "suggested_office",
            "batch",
        ),
        pk=pk,
    )
    chain = _chain(request, feedback)
    personal = shown_personal(feedback, request.user)
    if sees_personal_data(request.user):
        linked = [int(str(row["id"])) for row in chain if not row["current"]] if len(chain) > 1 else []
        record_look(request.user, ["text", "personal"] if personal else ["text"], feedback, linked=linked)
    grades = [(CRITERIA.get(k, k), v) for k, v in feedback.grades.items()]
    context = {
        "f": feedback,
        "title": shown_title(feedback, request.user),
        "text": highlight(shown_text(feedback, request.user), feedback.explanation or [], feedback.tone),
        "tone_rule": line_ru(feedback.tone_rule),
        "personal": personal,
        "masked": not sees_personal_data(request.user),
        "grades": grades,
        "chain": chain if len(chain) > 1 else [],
        "can_correct": request.user.has_perm("accounts.work_unit_items")
        or request.user.has_perm("accounts.manage_reference"),
        "tones": Tone.choices,
        "topics": Topic.objects.filter(children__isnull=True, is_active=True).order_by("code"),
        "corrections": [
            (label, _tone_name(label.previous_tone), _tone_name(label.tone))
            for label in feedback.labels.filter(origin="staff")
            .select_related("created_by", "topic")
            .order_by("-id")
        ],
    }
    return render(request, "web/record.html", context)


def _chain(request: HttpRequest, feedback: Feedback) -> list[dict[str, object]]:
    """The records of the same matter this user may open, in order of receipt, each with how it is linked
    and its text as the user may read it (the view's one audit record covers them)."""
    ids, links = linking.chain(feedback.pk)
    if len(ids) < 2:
        return []
    members = visible_to(request.user, Feedback.objects.filter(pk__in=ids)).select_related("channel")
    by_later: dict[int, list[FeedbackLink]] = {}
    for link in links:
        by_later.setdefault(link.later_id, []).append(link)
    rows = []
    for f in sorted(members, key=lambda m: (m.received_at, m.pk)):
        text = shown_text(f, request.user)
        rows.append(
            {
                "f": f,
                "id": f.pk,
                "current": f.pk == feedback.pk,
                "links": [(link.get_kind_display(), link.basis) for link in by_later.get(f.pk, [])],
                "excerpt": text[:200] + ("…" if len(text) > 200 else ""),
            }
        )
    return rows
