from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from otklik.accounts.scope import sees_all_units
from otklik.measures.models import AlertState, Dimension, MeasureState
from otklik.org.models import TaxOffice, Topic, Unit
from otklik.registry.access import visible_to
from otklik.registry.models import Feedback


class MeasureForm(forms.Form):
    title = forms.CharField(label="Что будет сделано", max_length=300)
    description = forms.CharField(label="Описание", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    unit = forms.ModelChoiceField(
        label="Ответственное подразделение", queryset=Unit.objects.none(), empty_label="— выберите —"
    )
    responsible = forms.ModelChoiceField(
        label="Ответственный сотрудник",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="— не назначен —",
    )
    due_date = forms.DateField(label="Срок", widget=forms.DateInput(attrs={"type": "date"}))
    topics = forms.ModelMultipleChoiceField(
        label="Тематики",
        queryset=Topic.objects.filter(is_active=True).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    offices = forms.ModelMultipleChoiceField(
        label="Налоговые органы",
        queryset=TaxOffice.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    feedback = forms.CharField(
        label="Номера отзывов и обращений",
        required=False,
        help_text="через запятую или пробел",
        max_length=2000,
    )
    analysis = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units: QuerySet[Unit] = Unit.objects.filter(valid_to__isnull=True)
        if not sees_all_units(user):
            units = units.filter(pk=user.unit_id)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True, unit__in=units).order_by("last_name", "username")
        )

    def clean_feedback(self) -> list[Feedback]:
        raw: str = self.cleaned_data.get("feedback") or ""
        ids = {int(x) for x in re.findall(r"\d+", raw)}
        found = list(visible_to(self.user, Feedback.objects.filter(pk__in=ids)))
        missing = ids - {f.pk for f in found}
        if missing:
            raise forms.ValidationError(
                f"нет доступных записей с номерами {', '.join(map(str, sorted(missing)))}"
            )
        return found


class CompleteForm(forms.Form):
    """Marking a measure done: the unit says what it did and what came of it."""

    outcome = forms.CharField(
        label="Что сделано и каков результат",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Опишите, что сделано и каков результат: без этого мера не отмечается выполненной"
        },
    )


class MeasureFilter(forms.Form):
    state = forms.ChoiceField(
        label="Состояние", required=False, choices=[("", "любое"), *MeasureState.choices]
    )
    unit = forms.ModelChoiceField(
        label="Подразделение", required=False, queryset=Unit.objects.all(), empty_label="любое"
    )


class AlertFilter(forms.Form):
    state = forms.ChoiceField(label="Состояние", required=False, choices=[("", "любое"), *AlertState.choices])
    dimension = forms.ChoiceField(label="Разрез", required=False, choices=[("", "любой"), *Dimension.choices])
