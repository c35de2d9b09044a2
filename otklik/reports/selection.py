"""The registry's current selection: filters from the query string, applied to feedback, and back to links.

The dashboard and the reports build their links with the same `Selection`, so a figure and the list
behind it always count the same records. The second copy of a publication (the same story from a second
source, linked to the first) is left out unless asked for, as every count leaves it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from otklik.lib.periods import parse_period
from otklik.lib.workdays import PERIOD_YEARS
from otklik.org.models import Channel, ChannelSource, TaxOffice, Topic, TopicUnit, Unit
from otklik.registry.models import Feedback, Tone, counted_once
from otklik.reports import analyses, search
from otklik.reports.periods import received_range
from otklik.reports.widgets import QuickSelect

SORTS = {
    "new": "сначала новые",
    "old": "сначала старые",
    "grade": "сначала низкие оценки",
}


@dataclasses.dataclass(frozen=True)
class Selection:
    period: str = ""  # a period code (2026Q3, 2026-W47, 2026-11-27) as a shorthand for date_from/date_to
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: int | None = None  # Channel.number
    source: int | None = None  # ChannelSource.pk
    office: int | None = None
    unit: int | None = None
    topic: int | None = None
    tone: str = ""
    analysed: str = ""  # "", "yes", "no"
    copies: str = ""  # "": without the second copies of a publication, as every count; "yes": with them
    q: str = ""
    sort: str = "new"

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        start, end = self.date_from, self.date_to
        if self.period:
            period = parse_period(self.period)
            start, end = start or period.start, end or period.end
        return start, end

    def params(self, **changes: Any) -> dict[str, str]:
        """The selection as query parameters, without the empty ones."""
        changed = dataclasses.replace(self, **changes) if changes else self
        out = {}
        for field in dataclasses.fields(changed):
            key, value = field.name, getattr(changed, field.name)
            if value in (None, "") or (key == "sort" and value == "new"):
                continue
            out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    def query_string(self, **changes: Any) -> str:
        return urlencode(self.params(**changes))

    def received(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The bounds as moments: (from, before) in UTC, either None when open."""
        start, end = self.bounds()
        return (
            received_range(start, start)[0] if start else None,
            received_range(end, end)[1] if end else None,
        )

    def apply(self, queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
        qs = queryset
        end = self.bounds()[1]
        received_from, received_before = self.received()
        if received_from:
            qs = qs.filter(received_at__gte=received_from)
        if received_before:
            qs = qs.filter(received_at__lt=received_before)
        if self.channel:
            qs = qs.filter(channel__number=self.channel)
        if self.source:
            qs = qs.filter(sub_source_id=self.source)
        if self.office:
            qs = qs.filter(office_id=self.office)
        if self.unit:
            qs = qs.filter(unit_scope(self.unit, end or timezone.localdate()))
        if self.topic:
            qs = qs.filter(Q(topic_id=self.topic) | Q(topic__parent_id=self.topic))
        if self.tone:
            qs = qs.filter(tone=self.tone)
        if self.analysed:
            qs = analyses.with_analysis(qs, self.analysed == "yes")
        if self.copies != "yes":
            qs = counted_once(qs)
        if self.q:
            qs = search.search(qs, self.q, (received_from, received_before))
        return qs


def unit_scope(unit_id: int, on: dt.date) -> Q:
    """A unit's records: those it answered (stream 1) and those whose topic is its competence."""
    topics = TopicUnit.objects.in_force(on).filter(unit_id=unit_id).values("topic_id")
    return Q(answering_unit_id=unit_id) | Q(topic_id__in=topics)


def competent_topics(unit_id: int, on: dt.date) -> list[int]:
    """The topics in a unit's competence on a day, as `unit_scope` takes them."""
    return list(TopicUnit.objects.in_force(on).filter(unit_id=unit_id).values_list("topic_id", flat=True))


class SelectionForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, max_length=200)
    period = forms.CharField(label="Период (код)", required=False, max_length=16)
    date_from = forms.DateField(label="С", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="По", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.TypedChoiceField(
        label="Поток", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    source = forms.TypedChoiceField(
        label="Источник", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    office = forms.TypedChoiceField(
        label="Налоговый орган", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    unit = forms.TypedChoiceField(
        label="Подразделение", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    topic = forms.TypedChoiceField(
        label="Тематика", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    tone = forms.ChoiceField(
        label="Тональность", required=False, choices=[("", "любая"), *Tone.choices], widget=QuickSelect
    )
    analysed = forms.ChoiceField(
        label="Анализ",
        required=False,
        choices=[("", "все"), ("yes", "с анализом"), ("no", "без анализа")],
        widget=QuickSelect,
    )
    copies = forms.ChoiceField(
        label="Копии публикаций",
        required=False,
        choices=[("", "без вторых копий"), ("yes", "со вторыми копиями")],
        widget=QuickSelect,
    )
    sort = forms.ChoiceField(label="Порядок", required=False, choices=list(SORTS.items()), widget=QuickSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", "все")]
        choice_fields = self.fields
        choice_fields["channel"].choices = any_ + [  # type: ignore[attr-defined]
            (c.number, f"{c.number}. {c.name}") for c in Channel.objects.all()
        ]
        choice_fields["source"].choices = any_ + [  # type: ignore[attr-defined]
            (s.pk, f"{s.channel.number}: {s.name}") for s in ChannelSource.objects.select_related("channel")
        ]
        choice_fields["office"].choices = any_ + [  # type: ignore[attr-defined]
            (o.pk, str(o)) for o in TaxOffice.objects.all()
        ]
        choice_fields["unit"].choices = any_ + [(u.pk, str(u)) for u in Unit.objects.all()]  # type: ignore[attr-defined]
        choice_fields["topic"].choices = any_ + [  # type: ignore[attr-defined]
            (t.pk, f"{'— ' if t.parent_id else ''}{t.name}") for t in Topic.objects.all()
        ]

    def clean_period(self) -> str:
        code: str = self.cleaned_data.get("period") or ""
        if code:
            try:
                parse_period(code)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
        return code.strip().upper()

    def clean_date_from(self) -> dt.date | None:
        return _within_years(self.cleaned_data.get("date_from"))

    def clean_date_to(self) -> dt.date | None:
        return _within_years(self.cleaned_data.get("date_to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "дата «По» раньше даты «С»")
        return data

    def selection(self) -> Selection:
        """The filters as a selection; call after `is_valid()` is true."""
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        data.setdefault("sort", "new")
        return Selection(**data)

    def reasons(self) -> list[str]:
        """Each invalid filter with its label and what is wrong, for a person."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                out.append(f"«{label}»: {error}" if label else str(error))
        return out


class InvalidSelection(Exception):
    """Filters that cannot be applied; `reasons` are in Russian, one per invalid filter."""

    def __init__(self, form: SelectionForm) -> None:
        self.form = form
        self.reasons = form.reasons()
        super().__init__("; ".join(self.reasons))


def selection_from(query: QueryDict) -> tuple[SelectionForm, Selection]:
    """The filters of a query string, every one of them valid, or `InvalidSelection`: an invalid value is
    never dropped, so that a list or an export never shows more than was asked for."""
    form = SelectionForm(query or None)
    if not form.is_bound:
        return form, Selection()
    if not form.is_valid():
        raise InvalidSelection(form)
    return form, form.selection()


def _within_years(day: dt.date | None) -> dt.date | None:
    if day is not None and day.year not in PERIOD_YEARS:
        raise forms.ValidationError(
            f"дата вне {PERIOD_YEARS[0]}–{PERIOD_YEARS[-1]} годов, которые ведет система"
        )
    return day
