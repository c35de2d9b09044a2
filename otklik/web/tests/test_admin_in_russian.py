"""Every page of the administration reads Russian: each list, add and change page, for the superuser, on a
small set of records. Django and the libraries bring English words; a new one must fail here, not reach an
administrator."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.audit import services as audit
from otklik.worker.models import PeriodicRun, ReportMailing, WorkerHeartbeat

# Words of Django's and the libraries' English interface; none of them is Russian data.
GIVEAWAYS = re.compile(
    r"\b(?:Select|Note|Add|Change|Delete|Save|Filter|Search|Enter|Show|Hide|Today|Now|Clear|Home|History|View|"
    r"Go|Yes|No|Unknown|All|Any|None|Remove|Choose|Action|Actions|Log ?out|Logout|Password|Username|Email|"
    r"Task|Result|Results|Status|Priority|Queue|Traceback|Run|Enqueued|Started|Finished|Ready|Running|"
    r"Successful|Failed|Successful|Database|Backend|Previous|Next|Page|Cancel|Close|Submit|Yesterday|"
    r"Tomorrow|Midnight|Noon|Morning|Evening|Past|This|month|year|days|server|timezone|hour|hours|ahead|"
    r"behind|selected|object|objects|option|results|total|the|and|of|to|by|for|with|in|on|at|is|are)\b",
    re.IGNORECASE,
)
# Latin letters that are not English: formats, abbreviations, e-mail addresses, key names in Django's hint
# on choosing several values and the password hash summary. The codes of the records are allowed one by one.
ALLOWED_LATIN = re.compile(
    r"\b(?:PDF|DOCX|XLSX|CSV|HTML|JSON|API|UTC|ID|URL|SHA|SMTP|IP|Control|Command|Mac|argon2(?:id)?)\b"
    r"|[\w.+-]+@[\w.-]+"
    r"|\S*\*{4,}",
)
SKIPPED = {"script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes a person reads on the screen (a tooltip, a placeholder); alt and aria-label are left to the
# screen reader, which Django fills with English of its own («True», «Search»).
SHOWN_ATTRIBUTES = {"placeholder", "title"}


class VisibleText(HTMLParser):
    """The text a person reads: element text, the words on buttons and the hints of fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = "visually-hidden" in (values.get("class") or "").split()
        if self._skipping or tag in SKIPPED or hidden:
            if tag not in VOID:
                self._skipping += 1
            return
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(str(values[name]))
        if tag == "input" and values.get("type") in {"submit", "button", "reset"} and values.get("value"):
            self.parts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag not in VOID:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def english_on(html: str, codes: set[str]) -> list[str]:
    """The pieces of visible text with an English word or with Latin letters that are not a code."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        rest = " ".join(w for w in ALLOWED_LATIN.sub(" ", part).split() if w.strip(".,:;()«»") not in codes)
        if GIVEAWAYS.search(rest) or re.search(r"[A-Za-z]{2,}", rest):
            found.append(part)
    return found


@pytest.fixture
def records(users: dict[str, User]) -> None:
    """At least one record of every model the administration shows; the accounts have names, as real ones
    do (a login is shown only for an account without one)."""
    for n, user in enumerate(users.values()):
        user.last_name, user.first_name, user.patronymic = f"Иванов{'а' * (n % 2)}", "Иван", "Иванович"
        user.save()
    audit.record("export", acting_user=users["leader"], changes={"records": 3})
    now = timezone.now()
    PeriodicRun.objects.create(
        name="intake.poll_feeds", slot=1, worker_id="w1", started_at=now, outcome=PeriodicRun.Outcome.FAILED
    )
    WorkerHeartbeat.objects.create(worker_id="w1", host="сервер-1", pid=42, started_at=now, last_seen=now)
    mailing = ReportMailing.objects.create(kind="weekly", fmt="pdf", emails="chief@example.ru")
    mailing.users.add(users["leader"])
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="otklik.reports.tasks.make_export",
        args_kwargs={"args": [7], "kwargs": {}},
        backend_name="default",
        run_after=now + dt.timedelta(hours=1),
    )
    for model in admin.site._registry:
        assert model._default_manager.exists(), f"нет записи для {model._meta.label}"


def admin_pages() -> list[str]:
    return [model._meta.label_lower for model in admin.site._registry]


def test_every_admin_page_reads_russian(records: None) -> None:
    superuser = User.objects.create_superuser(
        "root", "root@example.ru", "correct-horse-battery-staple", last_name="Петров", first_name="Петр"
    )
    # The codes the records carry and the administration shows as such: of the reference data, of the
    # periodic jobs (as `otklik worker --status` names them) and of the workers.
    codes = {
        str(code)
        for model in apps.get_models()
        if any(f.name == "code" for f in model._meta.fields)
        for code in model._default_manager.values_list("code", flat=True)
    }
    codes |= set(PeriodicRun.objects.values_list("name", flat=True))
    codes |= set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    client = Client()
    client.force_login(superuser)
    found: dict[str, list[str]] = {}
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        app, name = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls.append(reverse(f"admin:{app}_{name}_changelist"))
        if model_admin.has_add_permission(_request(superuser)):
            urls.append(reverse(f"admin:{app}_{name}_add"))
        obj: models.Model | None = model._default_manager.first()
        assert obj is not None
        urls.append(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
        urls.append(reverse(f"admin:{app}_{name}_history", args=[obj.pk]))
        if model_admin.has_delete_permission(_request(superuser), obj):
            urls.append(reverse(f"admin:{app}_{name}_delete", args=[obj.pk]))
    for url in dict.fromkeys(urls):
        answer = client.get(url)
        assert answer.status_code == 200, url
        # The list of accounts shows each login: it is the account's code there, as a unit's is «01».
        logins = set(User.objects.values_list("username", flat=True)) if "/accounts/user/" in url else set()
        words = english_on(answer.content.decode(), codes | logins)
        if words:
            found[url] = words
    assert not found, "\n".join(f"{url}: {words}" for url, words in found.items())


def _request(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
