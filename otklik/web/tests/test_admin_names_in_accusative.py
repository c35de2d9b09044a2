"""The administration names a model in the case the phrase wants: «Добавить рассылку отчета», «Выберите
пользователя для изменения», never Django's nominative («Добавить рассылка отчета»). The expected form is
worked out by the dictionary (pymorphy3), so a new model with a feminine or an animate name fails here until
its admin says `verbose_name_accusative`."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pymorphy3
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from otklik.accounts.models import User
from otklik.lib.ru import number


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def accusatives(name: str) -> set[str]:
    """Every accusative of a «[adjectives] noun [the rest]» name that the dictionary allows (a word may be
    animate or not: «обработчик» is a person or a program)."""
    words = name.split()
    morph = _morph()
    for i, word in enumerate(words):  # noqa: B007 - the head noun's position is used below
        nouns = [p for p in morph.parse(word) if "nomn" in p.tag and p.tag.POS == "NOUN"]
        if nouns:
            break
    else:
        return {name}
    forms = set()
    for noun in nouns:
        head = noun.inflect({"accs"})
        changed = [*words]
        changed[i] = head.word if head else word
        for j in range(i):
            adjective = next(
                (p for p in morph.parse(words[j]) if "nomn" in p.tag and p.tag.POS in ("ADJF", "PRTF")), None
            )
            if adjective is None:
                continue
            wanted = {"accs", noun.tag.gender or "masc"}
            if noun.tag.gender == "masc":
                wanted.add(noun.tag.animacy or "inan")
            form = adjective.inflect(wanted)
            changed[j] = form.word if form else words[j]
        forms.add(" ".join(changed))
    return forms


def test_the_dictionary_puts_names_in_the_accusative() -> None:
    assert accusatives("рассылка отчета") == {"рассылку отчета"}
    assert accusatives("государственная услуга") == {"государственную услугу"}
    assert accusatives("пользователь") == {"пользователя"}
    assert accusatives("структурное подразделение") == {"структурное подразделение"}
    assert "обработчик" in accusatives("обработчик")


def _h1(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found, html[:500]
    return re.sub(r"\s+", " ", found.group(1)).strip()


def test_every_admin_page_names_its_model_in_the_accusative(users: dict[str, Any]) -> None:
    root = User.objects.create_superuser("root", "root@example.ru", "correct-horse-battery-staple")
    client = Client()
    client.force_login(root)
    request = RequestFactory().get("/admin/")
    request.user = root
    wrong = []
    for model, model_admin in admin.site._registry.items():
        forms = accusatives(str(model._meta.verbose_name))
        app, name = model._meta.app_label, model._meta.model_name
        listing = client.get(reverse(f"admin:{app}_{name}_changelist")).content.decode()
        purpose = "изменения" if model_admin.has_change_permission(request) else "просмотра"
        shown = {"заголовок списка": (_h1(listing), f"Выберите {{}} для {purpose}")}
        count = model._default_manager.count()
        if f'<span class="result-count">Записей: {number(count)}</span>' not in listing:
            wrong.append(f"{model._meta.label}: нет строки «Записей: {number(count)}» под списком")
        if model_admin.has_add_permission(request):
            adding = client.get(reverse(f"admin:{app}_{name}_add")).content.decode()
            button = re.search(r'class="addlink">\s*(.*?)\s*</a>', listing, re.S)
            crumb = re.search(r'<li aria-current="page">(.*?)</li>', adding, re.S)
            shown |= {
                "кнопка": (button.group(1) if button else "", "Добавить {}"),
                "заголовок формы": (_h1(adding), "Добавить {}"),
                "путь": (crumb.group(1).strip() if crumb else "", "Добавить {}"),
            }
        for place, (text, pattern) in shown.items():
            if text not in {pattern.format(form) for form in forms}:
                wrong.append(
                    f"{model._meta.label}, {place}: «{text}», ожидается «{pattern.format(min(forms))}»"
                )
    assert not wrong, "\n".join(wrong)
