"""The registry's filters render as Django's own select lists would, whitespace aside."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.http import QueryDict

from otklik.org.models import TaxOffice
from otklik.reports.selection import SelectionForm
from otklik.reports.widgets import QuickSelect


@pytest.mark.parametrize(
    "query",
    [
        "",
        "period=2026Q3&channel=3&tone=negative&sort=old",
        "unit=5&source=4&analysed=no&copies=yes&channel=99&tone=x",
    ],
)
def test_a_quick_select_writes_what_django_writes(reference: Any, query: str) -> None:
    TaxOffice.objects.create(code="Х<1>", name='«Кавычки" & <теги>')  # a label that must be escaped
    form = SelectionForm(QueryDict(query) if query else None)
    form.is_valid()
    compared = 0
    for name, field in form.fields.items():
        if not isinstance(field.widget, QuickSelect):
            continue
        bound = form[name]
        mine = str(bound)
        standard = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
        theirs = str(bound.as_widget(widget=standard))
        assert mine == re.sub(r">\s+<", "><", theirs), name
        compared += 1
    assert compared == 9
    assert "&lt;теги&gt;" in str(form["office"]) and "<теги>" not in str(form["office"])
