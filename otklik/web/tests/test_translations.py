"""Our Russian for Django's interface (otklik/locale): compiled, still matching Django's own strings, and
served to the admin's JavaScript (calendar, clock, time zone note)."""

from __future__ import annotations

import ast
import gettext
import json
from pathlib import Path
from typing import Any

import django
import django_tasks_db
import pytest
from django.conf import settings
from django.test import Client

from otklik.conftest import PASSWORD

LOCALE = Path(settings.LOCALE_PATHS[0]) / "ru" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent
# Where each string we translate comes from: Django's English catalogs list every string it has.
SOURCES = [
    DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
]
CONTEXT = "\x04"  # how gettext joins a context and a string


def entries(path: Path) -> dict[str, str | list[str]]:
    """msgid (with its context, if any) → msgstr, or the list of plural forms, from a .po file."""
    found: dict[str, str | list[str]] = {}
    fields: dict[str, str] = {}

    def flush() -> None:
        if fields.get("msgid"):
            key = (
                fields["msgid"]
                if "msgctxt" not in fields
                else f"{fields['msgctxt']}{CONTEXT}{fields['msgid']}"
            )
            plurals = sorted(k for k in fields if k.startswith("msgstr["))
            found[key] = [fields[k] for k in plurals] if plurals else fields.get("msgstr", "")
        fields.clear()

    current = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _, value = line.partition(" ")
            fields[current] = ast.literal_eval(value)
    return found


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalog_holds_every_translation_of_the_source(domain: str) -> None:
    written = entries(LOCALE / f"{domain}.po")
    with (LOCALE / f"{domain}.mo").open("rb") as compiled:
        catalog: dict[Any, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    assert written
    for msgid, msgstr in written.items():
        if isinstance(msgstr, list):
            assert [catalog[(msgid, n)] for n in range(len(msgstr))] == msgstr, msgid
        else:
            assert catalog[msgid] == msgstr, f"{domain}.mo устарел: выполните make messages ({msgid})"


def test_every_translated_string_is_still_one_that_django_or_the_task_queue_uses() -> None:
    known: set[str] = set()
    for path in SOURCES:
        known |= set(entries(path))
    queue_models = (Path(django_tasks_db.__file__).parent / "models.py").read_text(encoding="utf-8")
    for domain in ("django", "djangojs"):
        for msgid in entries(LOCALE / f"{domain}.po"):
            assert msgid in known or f'_("{msgid}")' in queue_models, msgid


def test_the_admin_javascript_speaks_russian(users: dict[str, Any]) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    script = client.get("/admin/jsi18n/").content.decode("utf-8")
    for english in ("Note: Enter times", "Today (%(date)s)"):
        assert english in script  # the catalog maps Django's string…
    ours = "даты и время здесь указываются по часовому поясу управления"
    for russian in (ours, "Сегодня (%(date)s)", "Сейчас", "Полночь"):
        assert json.dumps(russian)[1:-1] in script  # …to ours; Django's own Russian is there too
