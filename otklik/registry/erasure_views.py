"""Erasure of one person's data on their request (152-ФЗ, art. 21): search, preview, confirm with a reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from otklik.audit import services as audit
from otklik.lib.ru import plural
from otklik.registry import retention


class PersonForm(forms.Form):
    kind = forms.ChoiceField(
        label="Искать по", choices=list(retention.KEY_KINDS.items()), widget=forms.RadioSelect, initial="inn"
    )
    key = forms.CharField(label="ИНН, ФИО, телефон или эл. почта", max_length=255)
    reason = forms.CharField(
        label="Основание (номер и дата заявления; без ФИО и ИНН)", max_length=500, required=False
    )

    def person(self) -> retention.Person:
        try:
            return retention.person(self.cleaned_data["kind"], self.cleaned_data["key"])
        except retention.PersonNotGiven as exc:
            self.add_error("key", str(exc))
            raise


@login_required
@permission_required("accounts.erase_personal_data", raise_exception=True)
def erasure(request: HttpRequest) -> HttpResponse:
    # Only POST: the person's ИНН or name never goes into an address, a browser's history or a server log.
    form = PersonForm(request.POST or None)
    matches: list[retention.Match] = []
    if request.method == "POST" and form.is_valid():
        try:
            who = form.person()
        except retention.PersonNotGiven:
            return render(request, "registry/erasure.html", {"form": form, "matches": None})
        matches = retention.find_records(who)
        if request.POST.get("confirm"):
            found = {m.feedback.pk for m in matches}
            chosen = [int(i) for i in request.POST.getlist("ids") if i.isdigit() and int(i) in found]
            if not chosen:
                form.add_error(None, "Не выбрано ни одной записи.")
            else:
                try:
                    count = retention.erase_person(
                        who, chosen, reason=form.cleaned_data["reason"], acting_user=request.user
                    )
                except retention.PersonNotGiven as exc:
                    form.add_error("reason", str(exc))
                else:
                    records = plural(count, "записи", "записей", "записей")
                    messages.success(request, f"Персональные данные удалены из {count} {records}.")
                    return redirect("registry:erasure")
        else:
            audit.record(
                "pd.erasure_search",
                acting_user=request.user,
                object_type="registry.personaldata",
                object_repr=f"поиск по: {retention.KEY_KINDS[who.kind]}",
                changes={"records": len(matches)},
            )
    return render(
        request, "registry/erasure.html", {"form": form, "matches": matches if form.is_bound else None}
    )
