"""A demo quarter, analysed: the analyst's export (CSV, XLSX) and the quarterly note in every format carry
none of the personal data stored for the records, nor any the detector finds in their texts.

The values looked for are the records' own `PersonalData` (name, ИНН, phone, e-mail, postal address) and
every piece of personal data that the detector finds in their raw texts and titles, so the test grows
stricter as the detector learns more.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from otklik.accounts.models import User
from otklik.analysis.services import analyse_pending
from otklik.conftest import PASSWORD
from otklik.nlp import pdata
from otklik.org.models import ChannelSource, PublicService, TaxOffice, Topic, Unit
from otklik.registry.models import Feedback, PersonalData
from otklik.reports.tests.extract import found_in, response_text, squeeze

QUARTER_END = dt.date(2026, 9, 30)
QUARTER = "2026Q3"
SCALE = 0.12  # about 400 records in the quarter


def _reference_words() -> str:
    """Names of offices, units, topics, services and sources: a value found in them is not the person's."""
    names = [str(o) for o in TaxOffice.objects.all()]
    for model in (Unit, Topic, PublicService, ChannelSource):
        names += [str(n) for n in model.objects.values_list("name", flat=True)]
    return squeeze(" | ".join(names))


def personal_values() -> list[str]:
    """Every stored value and every detector find in the records' raw texts."""
    values: set[str] = set()
    for pd in PersonalData.objects.filter(erased_at__isnull=True):
        values |= {pd.full_name, pd.inn, pd.phone, pd.email, pd.postal_address}
    for title, text in Feedback.objects.values_list("title", "text"):
        for source in (title, text):
            if source:
                values |= {span.text for span in pdata.find(source)}
    reference = _reference_words()
    # Very short finds (a two-letter name, a bare house number) would match ordinary words.
    return sorted(v for v in values if len(squeeze(v)) >= 5 and squeeze(v) not in reference)


@pytest.fixture
def demo_quarter(users: dict[str, User]) -> list[str]:
    call_command("demo", scale=SCALE, quarters=1, end=QUARTER_END, seed=2026, stdout=io.StringIO())
    analysed = analyse_pending(limit=100_000)
    assert analysed == Feedback.objects.count() > 200
    values = personal_values()
    assert len(values) > 200, "the demo must hold personal data for the test to mean anything"
    return values


def _download(username: str, path: str) -> str:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(path)
    assert response.status_code == 200, path
    return response_text(response)


def test_the_analysts_export_and_the_quarterly_note_carry_no_personal_data(demo_quarter: list[str]) -> None:
    outputs: dict[str, str] = {
        f"выгрузка реестра {fmt}": _download("analyst", f"/reports/registry/export?format={fmt}")
        for fmt in ("csv", "xlsx")
    }
    # The note is made by the leadership, who may see personal data: it quotes masked text all the same.
    for fmt in ("docx", "pdf", "xlsx", "html"):
        outputs[f"справка {fmt}"] = _download("leader", f"/reports/quarterly/{QUARTER}/{fmt}")
    assert "Основные проблемы" in outputs["справка docx"] and "Примеры" in outputs["справка pdf"]
    assert str(Feedback.objects.count()) in outputs["справка xlsx"]
    leaks = {name: found_in(text, demo_quarter) for name, text in outputs.items()}
    assert not any(leaks.values()), {k: v[:10] for k, v in leaks.items() if v}


def test_the_same_export_by_a_role_with_the_right_does_carry_it(demo_quarter: list[str]) -> None:
    """The search above can find what it looks for: the leadership's export holds the stored values."""
    text = _download("leader", "/reports/registry/export?format=csv")
    stored = [pd.inn for pd in PersonalData.objects.exclude(inn="")[:50]]
    assert stored and set(found_in(text, stored)) == set(stored)
    assert len(found_in(text, demo_quarter)) > 100
