"""The masking rule: a record's own stored personal data is masked in its text in whatever form."""

from __future__ import annotations

import pytest

from otklik.registry.masking import Known, mask_known, mask_message

KNOWN = Known(
    full_name="Тарасенко Виолетта Игоревна",
    inn="272461964473",
    phone="+7 (914) 215-37-64",
    email="tarasenko.v@example.ru",
    postal_address="680021, г. Хабаровск, ул. Строителей, д. 45, кв. 114",
)


@pytest.mark.parametrize(
    ("written", "hidden"),
    [
        ("Я, тарасенко виолетта игоревна, прошу", "тарасенко"),
        ("Письмо от Тарасенко Виолетты Игоревны", "Тарасенко"),
        ("Прошу ответить Виолетте Игоревне", "Виолетте"),
        ("С уважением, Тарасенко В. И.", "Тарасенко"),
        ("Ответ получила Тарасенко.", "Тарасенко"),
        ("ИНН 2724 6196 4473 указан верно", "2724"),
        ("звоните 8-914-215-37-64 или 89142153764", "215"),
        ("пишите на TARASENKO.V@example.ru", "TARASENKO"),
        ("живу: ул. Строителей, д. 45, кв. 114", "кв. 114"),
        ("индекс 680021", "680021"),
    ],
)
def test_the_records_own_data_is_masked_in_any_form(written: str, hidden: str) -> None:
    masked = mask_known(written, KNOWN)
    assert hidden.lower() not in masked.lower(), masked
    assert "[" in masked


def test_ordinary_words_and_other_people_stay() -> None:
    text = "Инспекция на Ленина, окно 5, ответила за 45 минут; налог 2 100 руб."
    assert mask_known(text, KNOWN) == text


def test_an_inn_that_failed_its_check_is_masked_in_a_message() -> None:
    masked = mask_message("ИНН 272461964474 не проходит проверку контрольных цифр", [], names=False)
    assert "272461964474" not in masked and "не проходит проверку" in masked
    quoted = mask_message("значение «Тарасенко Виолетта» не распознано", ["Тарасенко Виолетта"], names=False)
    assert "Тарасенко" not in quoted
