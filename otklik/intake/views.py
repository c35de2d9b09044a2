from __future__ import annotations

import html
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from otklik.analysis.services import correct
from otklik.intake.access import (
    record_look,
    sees_personal_data,
    shown_personal,
    shown_text,
    shown_title,
    visible_to,
)
from otklik.intake.models import Tone
from otklik.org.models import Topic

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
        pattern = re.compile(re.escape(html.escape(phrase)), re.IGNORECASE)
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
    personal = shown_personal(feedback, request.user)
    if sees_personal_data(request.user):
        record_look(request.user, ["text", "personal"] if personal else ["text"], feedback)
    grades = [(CRITERIA.get(k, k), v) for k, v in feedback.grades.items()]
    links = list(feedback.earlier_links.select_related("earlier")) + list(
        feedback.later_links.select_related("later")
    )
    context = {
        "f": feedback,
        "title": shown_title(feedback, request.user),
        "text": highlight(shown_text(feedback, request.user), feedback.explanation or [], feedback.tone),
        "personal": personal,
        "masked": not sees_personal_data(request.user),
        "grades": grades,
        "links": links,
        "can_correct": request.user.has_perm("accounts.work_unit_items")
        or request.user.has_perm("accounts.manage_reference"),
        "tones": Tone.choices,
        "topics": Topic.objects.filter(children__isnull=True, is_active=True).order_by("code"),
        "corrections": feedback.labels.filter(origin="staff")
        .select_related("created_by", "topic")
        .order_by("-id"),
    }
    return render(request, "intake/detail.html", context)


@login_required
@require_POST
def correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(visible_to(request.user), pk=pk)
    if not (
        request.user.has_perm("accounts.work_unit_items")
        or request.user.has_perm("accounts.manage_reference")
    ):
        return HttpResponse("Исправлять разметку может сотрудник подразделения", status=403)
    tone = request.POST.get("tone", "")
    if tone and tone not in Tone.values:
        messages.error(request, "Неизвестная тональность")
        return redirect("registry:detail", pk=pk)
    topic = Topic.objects.filter(code=request.POST.get("topic", "")).first()
    if not tone and topic is None:
        messages.error(request, "Укажите тональность или тематику")
        return redirect("registry:detail", pk=pk)
    correct(feedback, acting_user=request.user, tone=tone, topic=topic)
    messages.success(request, "Исправление сохранено; оно войдет в обучение следующей версии модели")
    return redirect("registry:detail", pk=pk)
