"""Registering one appeal by hand, e.g. one received in person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otklik.lib.identifiers import is_valid_inn
from otklik.org.models import ChannelSource, TaxOffice
from otklik.registry.models import AppealKind, Regime, TaxpayerKind
from otklik.registry.record import FeedbackRecord, PersonalData
from otklik.registry.services import register


class AppealForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Форма поступления",
        queryset=ChannelSource.objects.filter(channel__code="appeals"),
        to_field_name="code",
        empty_label=None,
    )
    registration_number = forms.CharField(label="Регистрационный номер", max_length=64)
    received_at = forms.DateTimeField(
        label="Дата и время поступления",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    office = forms.ModelChoiceField(
        label="Налоговый орган",
        queryset=TaxOffice.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="— не указан —",
    )
    appeal_kind = forms.ChoiceField(label="Вид", choices=AppealKind.choices)
    regime = forms.ChoiceField(label="Порядок рассмотрения", choices=Regime.choices)
    is_repeat = forms.BooleanField(label="Повторное", required=False)
    taxpayer_kind = forms.ChoiceField(label="Заявитель", choices=TaxpayerKind.choices)
    text = forms.CharField(label="Текст обращения", widget=forms.Textarea(attrs={"rows": 8}))
    full_name = forms.CharField(label="ФИО", max_length=255, required=False)
    inn = forms.CharField(label="ИНН", max_length=12, required=False)
    phone = forms.CharField(label="Телефон", max_length=64, required=False)
    email = forms.EmailField(label="Электронная почта", required=False)
    postal_address = forms.CharField(label="Почтовый адрес", max_length=500, required=False)

    def clean_inn(self) -> str:
        inn = str(self.cleaned_data["inn"]).strip()
        if inn and not is_valid_inn(inn):
            raise forms.ValidationError("ИНН с неверными контрольными цифрами")
        return inn

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError("Дата поступления не может быть в будущем")
        return value

    def record(self) -> FeedbackRecord:
        d = self.cleaned_data
        return FeedbackRecord(
            channel="appeals",
            source=d["source"].code,
            source_id=d["registration_number"],
            registration_number=d["registration_number"],
            received_at=d["received_at"],
            registered_at=timezone.now(),
            office=d["office"].code if d["office"] else "",
            appeal_kind=d["appeal_kind"],
            regime=d["regime"],
            is_repeat=d["is_repeat"],
            taxpayer_kind=d["taxpayer_kind"],
            text=d["text"],
            personal=PersonalData(
                full_name=d["full_name"],
                inn=d["inn"],
                phone=d["phone"],
                email=d["email"],
                postal_address=d["postal_address"],
            ),
            raw={"form": "manual"},
        )


@login_required
@permission_required("registry.add_feedback", raise_exception=True)
def new_appeal(request: HttpRequest) -> HttpResponse:
    form = AppealForm(
        request.POST or None, initial={"source": "in_person", "received_at": timezone.localtime()}
    )
    if request.method == "POST" and form.is_valid():
        outcome = register(form.record(), acting_user=request.user)
        if outcome.status == "created":
            messages.success(request, "Обращение зарегистрировано")
            return redirect("registry:detail", pk=outcome.feedback_id)
        if outcome.status == "duplicate":
            form.add_error("registration_number", "Обращение с этим номером уже зарегистрировано")
        else:
            form.add_error(None, outcome.reason)
    return render(request, "intake/new.html", {"form": form}, status=400 if form.errors else 200)
