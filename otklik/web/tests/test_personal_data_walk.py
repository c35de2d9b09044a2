"""Every view × every role, against planted personal data: who sees it unmasked; each look is audited.

One taxpayer's data (name, ИНН, phone, e-mail, postal address) is planted in records, their analyses, a
triage item, a measure, an import batch's quarantine and a notification. Every URL of the application must
be classified below as a view that shows personal data or one that never does; a URL without a class fails.
Then each role opens every view (with the role × URL table's paths, and the extra paths below that point at
the planted objects), and the answer, whatever its format (page, JSON, CSV, XLSX, DOCX, PDF), is searched
for the planted values:

- a view that shows personal data, opened by a role with the right: the values are there, and the request
  wrote exactly one audit record, a look at personal data;
- every other answer (a role without the right, or a view that never shows it): none of the values, and no
  audit record of a look at personal data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.analysis.services import analyse_feedback
from otklik.audit.models import AuditEvent
from otklik.conftest import PASSWORD
from otklik.demo import identifiers
from otklik.intake.models import QuarantineRow
from otklik.lib.routing import GENERAL_DEPARTMENT
from otklik.monitoring.models import Analysis, MonitoringRound
from otklik.monitoring.notifications import notify
from otklik.org.models import Channel, Topic, Unit
from otklik.registry.access import batches_visible_to, visible_to
from otklik.registry.models import Feedback, ImportBatch, PersonalData, Tone
from otklik.reports.tests.extract import found_in, response_text
from otklik.web.tests.access import ROLES
from otklik.web.tests.roles_table import TABLE, access_context, url_names

NAME = "Тарасенко Виолетта Игоревна"
INN = identifiers.inn12(random.Random(13))
BAD_INN = INN[:-1] + str((int(INN[-1]) + 1) % 10)  # fails its check digits: a quarantine reason quotes it
PHONE = "+7 (914) 215-37-64"
EMAIL = "tarasenko.v@example.ru"
ADDRESS = "680021, г. Хабаровск, ул. Строителей, д. 45, кв. 114"
TEXT = (
    f"Я, {NAME}, проживающая по адресу {ADDRESS}, ИНН {INN}, тел. {PHONE}, {EMAIL}. "
    "Третий раз не могу получить справку: в окне приема отказали без объяснения причин."
)
# What must never reach a role without the right, in any form the views write it.
NEEDLES = [NAME, "Тарасенко", INN, BAD_INN, PHONE, "215-37-64", EMAIL, ADDRESS, "Строителей, д. 45"]
QUARTER = "2026Q3"
RECEIVED = dt.datetime(2026, 8, 12, 3, 0, tzinfo=dt.UTC)

PD_LOOKS = {"pd.viewed", "export_personal_data"}

Path = Callable[[dict[str, Any]], str]


def _fixed(path: str) -> Path:
    return lambda ctx: path


# Views that show personal data unmasked to a role with the right, with paths to the planted objects.
# (An export shows the planted data to the roles that may open the planted record; the batch page, to the
# roles that may open the planted batch.)
SHOWS_PERSONAL_DATA: dict[str, list[Path]] = {
    "registry:detail": [lambda ctx: f"/registry/{ctx['planted'].pk}/"],
    "monitoring:analysis": [lambda ctx: f"/monitoring/analyses/{ctx['planted_analysis'].pk}/"],
    "intake:batch": [lambda ctx: f"/registry/batches/{ctx['planted_batch'].pk}/"],
    "reports:registry_export": [
        lambda ctx: "/reports/registry/export?format=csv",
        lambda ctx: "/reports/registry/export?format=xlsx",
    ],
    "reports:named_annex": [
        _fixed(f"/reports/quarterly/{QUARTER}/named/{fmt}") for fmt in ("docx", "xlsx", "pdf")
    ],
    # A large export made by the worker: its file is its requester's alone, audited when it was asked for.
    "reports:export_job_download": [],
}

# Views that never show personal data to anyone (lists and documents show masked text), with extra paths
# that point them at the planted objects; each is also walked with its path of the role × URL table.
NEVER_SHOWS: dict[str, list[Path]] = {
    "home": [],
    "home_approve_measure": [],
    "regulation": [],
    "health": [],
    "login": [],
    "logout": [],
    "audit:log": [],
    "api:post_feedback": [],
    "api:api-root": [],
    "api:openapi-json": [],
    "api:openapi-view": [],
    "analysis:correct": [],
    "intake:new": [],
    "intake:batches": [],
    "intake:upload": [],
    "intake:mapping": [],
    "intake:batch_progress": [lambda ctx: f"/registry/batches/{ctx['planted_batch'].pk}/progress/"],
    "intake:quarantine_fix": [],
    "registry:erasure": [],
    "monitoring:calendar": [],
    "monitoring:my_unit": [],
    "monitoring:round": [lambda ctx: f"/monitoring/rounds/{ctx['planted_round'].pk}/"],
    "monitoring:triage": [],
    "monitoring:bulk": [],
    "monitoring:notifications": [],
    "measures:list": [],
    "measures:new": [lambda ctx: f"/measures/new/?analysis={ctx['planted_analysis'].pk}"],
    "measures:detail": [],
    "measures:step": [],
    "measures:alerts": [],
    "measures:alert": [],
    "measures:alert_step": [],
    "analysis:models": [],
    "analysis:retrain": [],
    "reports:index": [],
    "reports:dashboard": [],
    "reports:registry": [
        lambda ctx: "/reports/registry/?count=1",
        lambda ctx: "/reports/registry/?q=Тарасенко&count=1",
        lambda ctx: "/reports/registry/?q=Строителей&count=1",
    ],
    "reports:registry_count": [lambda ctx: "/reports/registry/count?q=Тарасенко"],
    "reports:export_job": [],
    "reports:export_job_progress": [],
    "reports:report": [lambda ctx: f"/reports/quarterly/{QUARTER}/"],
    "reports:download": [
        _fixed(f"/reports/quarterly/{QUARTER}/{fmt}") for fmt in ("html", "docx", "xlsx", "pdf")
    ],
}


def test_every_url_is_classified_as_showing_personal_data_or_never() -> None:
    names = url_names()
    both = set(SHOWS_PERSONAL_DATA) & set(NEVER_SHOWS)
    assert not both, f"URL в обоих списках: {sorted(both)}"
    missing = names - set(SHOWS_PERSONAL_DATA) - set(NEVER_SHOWS)
    assert not missing, f"URL без отметки, показывает ли он персональные данные: {sorted(missing)}"
    gone = (set(SHOWS_PERSONAL_DATA) | set(NEVER_SHOWS)) - names
    assert not gone, f"в списках URL, которых больше нет: {sorted(gone)}"


def _plant_record(source_id: str, unit: Unit, topic: Topic) -> Feedback:
    feedback = Feedback.objects.create(
        channel=Channel.objects.get(code="appeals"),
        source_id=source_id,
        received_at=RECEIVED,
        text=TEXT,
        answering_unit=unit,
        fingerprint=source_id,
    )
    PersonalData.objects.create(
        feedback=feedback, full_name=NAME, inn=INN, phone=PHONE, email=EMAIL, postal_address=ADDRESS
    )
    return feedback


def planted(users: dict[str, User]) -> dict[str, Any]:
    """The role × URL table's objects, and the planted taxpayer's records beside them."""
    from otklik.monitoring import services

    ctx: dict[str, Any] = {"users": users, **access_context(users)}
    unit, general = Unit.objects.get(code="07"), Unit.objects.get(code=GENERAL_DEPARTMENT)
    topic = Topic.objects.get(code="service.queue")
    record = _plant_record("pd-walk-1", unit, topic)
    triaged = _plant_record("pd-walk-2", general, topic)
    analyse_feedback(list(Feedback.objects.filter(pk__in=[record.pk, triaged.pk]).select_related("channel")))
    # The analysis decided tone and topic from the text; the quarter's note needs a sure negative item.
    Feedback.objects.filter(pk__in=[record.pk, triaged.pk]).update(
        tone=Tone.NEGATIVE, tone_probability=0.99, topic=topic
    )
    ctx["planted"] = record
    ctx["planted_analysis"] = Analysis.objects.create(feedback=record, unit=unit)
    Analysis.objects.create(feedback=triaged, unit=general, triage=True)
    services.open_rounds(dt.date(2026, 10, 1), start=dt.date(2026, 7, 1))
    ctx["planted_round"] = MonitoringRound.objects.get(
        channel=record.channel, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 9, 30)
    )
    ctx["measure"].feedback.add(record)
    batch = ImportBatch.objects.create(
        channel=record.channel, file_name="obrashcheniya.xlsx", created_by=users["officer"]
    )
    QuarantineRow.objects.create(
        batch=batch,
        row_number=2,
        column="ИНН",
        reason=f"ИНН {BAD_INN} не проходит проверку контрольных цифр",
        raw={"ФИО": NAME, "ИНН": BAD_INN, "Телефон": PHONE, "Эл. почта": EMAIL, "Адрес": ADDRESS},
    )
    ctx["planted_batch"] = batch
    notify(unit=unit, users=[users["leader"]], text=f"Передан на анализ отзыв: звонила {NAME}, тел. {PHONE}")
    return ctx


def _probes(ctx: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(url name, path, whether the view shows personal data) for every URL, the planted paths included."""
    probes = []
    for name, (make_path, _) in TABLE.items():
        probes.append((name, make_path(ctx), name in SHOWS_PERSONAL_DATA))
    for table, shows in ((SHOWS_PERSONAL_DATA, True), (NEVER_SHOWS, False)):
        for name, paths in table.items():
            probes += [(name, make(ctx), shows) for make in paths]
    return probes


def _reaches_planted(user: User, name: str, ctx: dict[str, Any]) -> bool:
    if name == "intake:batch":
        return batches_visible_to(user).filter(pk=ctx["planted_batch"].pk).exists()
    return visible_to(user).filter(pk=ctx["planted"].pk).exists()


def _needles(path: str) -> list[str]:
    """The planted values, less the words the user typed in the search box (the page repeats them)."""
    typed = " ".join(parse_qs(urlsplit(path).query).get("q", []))
    return [n for n in NEEDLES if not typed or n not in typed]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_personal_data_only_with_the_right_and_every_look_is_audited(
    users: dict[str, User], role: str
) -> None:
    ctx = planted(users)
    client = Client()
    entitled = False
    if role != "anonymous":
        assert client.login(username=role, password=PASSWORD)
        entitled = users[role].has_perm("accounts.view_personal_data")
    leaks, unaudited, unseen = [], [], []
    for name, path, shows in _probes(ctx):
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(path)
        written = list(AuditEvent.objects.filter(pk__gt=before).values_list("action", flat=True))
        looks = [a for a in written if a in PD_LOOKS]
        found = found_in(response_text(response), _needles(path)) if response.status_code == 200 else []
        planted_path = any(path == make(ctx) for make in SHOWS_PERSONAL_DATA.get(name, []))
        if entitled and shows and planted_path and response.status_code == 200:
            if not found and _reaches_planted(users[role], name, ctx):
                unseen.append(path)
            if len(looks) != 1 or len(written) != 1:
                unaudited.append((path, written))
        elif entitled and shows:
            # The table's own path of a view that shows personal data: a look is recorded once or not at all.
            if len(looks) > 1 or (found and len(looks) != 1):
                unaudited.append((path, written))
        else:
            if found:
                leaks.append((path, found))
            if looks:
                unaudited.append((path, written))
    assert not leaks, f"роль {role}: персональные данные там, где их быть не должно: {leaks}"
    assert not unaudited, f"роль {role}: просмотр без ровно одной записи аудита: {unaudited}"
    assert not unseen, f"роль {role}: страница с правом на ПДн их не показала: {unseen}"


def test_the_walk_finds_the_planted_data_where_a_role_with_the_right_looks(users: dict[str, User]) -> None:
    """The probe itself can see: the leadership's record card and batch page show the planted values."""
    ctx = planted(users)
    client = Client()
    client.login(username="leader", password=PASSWORD)
    card = response_text(client.get(f"/registry/{ctx['planted'].pk}/"))
    assert set(found_in(card, NEEDLES)) >= {NAME, INN, PHONE, EMAIL, ADDRESS}
    batch = response_text(client.get(f"/registry/batches/{ctx['planted_batch'].pk}/"))
    assert set(found_in(batch, NEEDLES)) >= {NAME, BAD_INN, PHONE, EMAIL, ADDRESS}


def test_a_search_by_the_taxpayers_surname_finds_nothing_for_the_analyst(users: dict[str, User]) -> None:
    planted(users)
    client = Client()
    client.login(username="analyst", password=PASSWORD)
    for word in ("Тарасенко", "тарасенко виолетта", "Виолетта Игоревна", "Строителей"):
        answer = client.get("/reports/registry/count", {"q": word}).json()
        assert answer["total"] == 0, word
    assert client.get("/reports/registry/count", {"q": "справку"}).json()["total"] >= 2
