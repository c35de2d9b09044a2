from __future__ import annotations

from typing import Any

from django import forms

from otklik.monitoring.models import Analysis, Cause
from otklik.org.models import Channel, Periodicity, Unit

STATUS_CHOICES = [
    ("", "любое"),
    ("open", "открыт"),
    ("overdue", "просрочен"),
    ("on_time", "закрыт в срок"),
    ("late", "закрыт с опозданием"),
]


class AnalysisForm(forms.Form):
    well_founded = forms.ChoiceField(
        label="Обоснованность", choices=[("", "—"), *Analysis.WellFounded.choices], required=False
    )
    cause = forms.ModelChoiceField(
        label="Причина", queryset=Cause.objects.filter(is_active=True), required=False, empty_label="—"
    )
    comment = forms.CharField(
        label="Результат анализа", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    no_measure_reason = forms.CharField(
        label="Почему мера не нужна", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="Подразделение", queryset=Unit.objects.none(), empty_label="—")
    reason = forms.CharField(label="Причина передачи", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, exclude_unit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(valid_to__isnull=True).order_by("code")
        if exclude_unit:
            units = units.exclude(pk=exclude_unit)
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class CloseRoundForm(forms.Form):
    conclusion = forms.CharField(
        label="Вывод по итогам мониторинга", widget=forms.Textarea(attrs={"rows": 4})
    )


class RoundFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label="Подразделение", queryset=Unit.objects.order_by("code"), required=False, empty_label="все"
    )
    channel = forms.ModelChoiceField(
        label="Поток", queryset=Channel.objects.order_by("number"), required=False, empty_label="все"
    )
    periodicity = forms.ChoiceField(
        label="Периодичность",
        choices=[("", "любая"), *Periodicity.choices],
        required=False,
    )
    period = forms.CharField(label="Период (2026Q3, 2026-W05, 2026-03)", required=False, max_length=16)
    status = forms.ChoiceField(label="Состояние", choices=STATUS_CHOICES, required=False)


class BulkForm(forms.Form):
    """One action on the analyses ticked on the to-do list."""

    action = forms.ChoiceField(
        label="Действие",
        choices=[
            ("take", "Взять в работу"),
            ("transfer", "Передать подразделению"),
            ("close_unfounded", "Закрыть как необоснованные"),
        ],
    )
    to_unit = forms.ModelChoiceField(
        label="Подразделение", queryset=Unit.objects.none(), required=False, empty_label="—"
    )
    cause = forms.ModelChoiceField(
        label="Причина", queryset=Cause.objects.filter(is_active=True), required=False, empty_label="—"
    )
    reason = forms.CharField(label="Основание (одно на все отмеченные)", required=False, max_length=2000)

    def __init__(self, *args: Any, exclude_unit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(valid_to__isnull=True).order_by("code")
        if exclude_unit:
            units = units.exclude(pk=exclude_unit)
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
