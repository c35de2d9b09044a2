"""Generates pdata_cases.yaml: texts with personal data of every kind, and clean texts.

Valid ИНН, СНИЛС and card numbers are computed here (never typed by hand), and each has an invalid twin
with a broken check digit that must not be masked. Names are declined by pymorphy3 into all six cases.
Run: `python otklik/analysis/tests/data/make_pdata_cases.py` (deterministic: a fixed seed).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pymorphy3
import yaml

from otklik.lib.identifiers import is_valid_inn, is_valid_luhn, is_valid_snils

OUT = Path(__file__).with_name("pdata_cases.yaml")
rng = random.Random(20160101)
morph = pymorphy3.MorphAnalyzer()


def inn10() -> str:
    while True:
        d = "27" + "".join(rng.choice("0123456789") for _ in range(8))
        if is_valid_inn(d):
            return d


def inn12() -> str:
    while True:
        d = "27" + "".join(rng.choice("0123456789") for _ in range(10))
        if is_valid_inn(d):
            return d


def snils() -> str:
    while True:
        d = "".join(rng.choice("0123456789") for _ in range(9))
        for control in range(100):
            full = f"{d}{control:02d}"
            if d[0] not in "078" and is_valid_snils(full):
                return full


def card() -> str:
    while True:
        d = rng.choice(["4276", "5469", "2202", "4279"]) + "".join(
            rng.choice("0123456789") for _ in range(12)
        )
        if is_valid_luhn(d):
            return d


def broken(number: str, valid: Any) -> str:
    """The same number with its last digit changed so that the check fails."""
    for digit in "0123456789":
        candidate = number[:-1] + digit
        if candidate != number and not valid(candidate):
            return candidate
    raise AssertionError(number)


def case(text: str, *expected: tuple[str, str]) -> dict[str, Any]:
    for _, value in expected:
        assert value in text, (value, text)
    return {"text": text, "expect": [{"kind": k, "text": v} for k, v in expected]}


def numbers() -> list[dict[str, Any]]:
    out = []
    for template in ("ИНН {}", "Мой ИНН: {}, прошу проверить начисления.", "инн {} указан в заявлении"):
        v = inn12()
        out.append(case(template.format(v), ("inn", v)))
        out.append({"text": template.format(broken(v, is_valid_inn)), "expect": [], "forbid": ["inn"]})
    for template in ("ИНН организации {} КПП 272401001", "Организация (ИНН {}) не получила ответ", "ИНН:{}"):
        v = inn10()
        out.append(case(template.format(v), ("inn", v)))
        out.append({"text": template.format(broken(v, is_valid_inn)), "expect": [], "forbid": ["inn"]})
    for fmt in ("{}-{}-{} {}", "{}-{}-{}-{}", "{} {} {} {}", "{}{}{}{}"):
        v = snils()
        shown = fmt.format(v[:3], v[3:6], v[6:9], v[9:])
        out.append(case(f"СНИЛС {shown}, прошу учесть стаж.", ("snils", shown)))
        bad = broken(v, is_valid_snils)
        bad_shown = fmt.format(bad[:3], bad[3:6], bad[6:9], bad[9:])
        out.append({"text": f"СНИЛС {bad_shown}, прошу учесть стаж.", "expect": [], "forbid": ["snils"]})
    for fmt in ("{} {} {} {}", "{}-{}-{}-{}", "{}{}{}{}"):
        v = card()
        shown = fmt.format(v[:4], v[4:8], v[8:12], v[12:])
        out.append(case(f"С карты {shown} списали налог дважды.", ("card", shown)))
        bad = broken(v, is_valid_luhn)
        bad_shown = fmt.format(bad[:4], bad[4:8], bad[8:12], bad[12:])
        out.append({"text": f"С карты {bad_shown} списали налог дважды.", "expect": [], "forbid": ["card"]})
    phones = [
        "+7 (914) 123-45-67",
        "8-914-123-45-67",
        "89141234567",
        "8 (4212) 12-34-56",
        "+79241234567",
        "8 914 123 45 67",
        "+7 914 123-45-67",
        "7(4212)123456",
        "(4212) 45-67-89",
        "8(924)2345678",
        "+7-962-587-11-22",
        "8 (42137) 2-34-56",
        "9141234567",
    ]
    for i, p in enumerate(phones):
        template = ("Перезвоните мне по номеру {}.", "Тел. {}", "мой телефон {} звонить после 18")[i % 3]
        out.append(case(template.format(p), ("phone", p)))
    out.append(case("Справки по тел. 45-67-89 не дают", ("phone", "45-67-89")))
    for e in ("ivan.petrov@mail.ru", "test_user+1@yandex.ru", "a.b-c@nalog.gov.ru", "Olga1985@gmail.com"):
        out.append(case(f"Ответ прошу направить на почту {e}, спасибо.", ("email", e)))
    for text, value in (
        ("паспорт 08 15 123456 выдан УМВД", "08 15 123456"),
        ("Паспорт: серия 0815 № 654321", "0815 № 654321"),
        ("паспорт серии 08 04 номер 123789, выдан 2010 г.", "08 04 номер 123789"),
        ("данные паспорта 0815 123456 прилагаю", "0815 123456"),
    ):
        out.append(case(text, ("passport", value)))
    return out


PEOPLE = [
    ("masc", "Иван", "Петрович", "Иванов"),
    ("femn", "Анна", "Сергеевна", "Петрова"),
    ("masc", "Дмитрий", "Александрович", "Кузнецов"),
    ("femn", "Ольга", "Викторовна", "Смирнова"),
    ("masc", "Андрей", "Николаевич", "Соколов"),
    ("femn", "Елена", "Игоревна", "Морозова"),
    ("masc", "Сергей", "Владимирович", "Волков"),
    ("femn", "Татьяна", "Михайловна", "Лебедева"),
    ("masc", "Алексей", "Юрьевич", "Новиков"),
    ("femn", "Наталья", "Олеговна", "Козлова"),
]
CASES = {
    "nomn": "{} ведёт приём в окне 3.",
    "gent": "Прошу рассмотреть жалобу от {} на действия инспекции.",
    "datv": "Выражаю благодарность {} за помощь с вычетом.",
    "accs": "Прошу наказать {} за грубость.",
    "ablt": "Я разговаривал с {} по поводу налога.",
    "loct": "Это случилось при {} в кабинете 12.",
}
TAGS = {"Name": "Name", "Patr": "Patr", "Surn": "Surn"}


def decline(word: str, grammeme: str, gender: str, case_: str) -> str:
    for p in morph.parse(word):
        if grammeme in p.tag and (gender in p.tag or "ms-f" in p.tag or p.tag.gender is None):
            form = p.inflect({case_, "sing"})
            if form is not None:
                return "-".join(part.capitalize() for part in form.word.split("-"))
    raise AssertionError((word, grammeme, case_))


def names() -> list[dict[str, Any]]:
    out = []
    for i, (gender, first, patr, surname) in enumerate(PEOPLE):
        for j, (case_, template) in enumerate(CASES.items()):
            f = decline(first, "Name", gender, case_)
            p = decline(patr, "Patr", gender, case_)
            s = decline(surname, "Surn", gender, case_)
            style = (i + j) % 4
            full = (f"{s} {f} {p}", f"{f} {p}", f"{f} {s}", f"{s} {first[0]}.{patr[0]}.")[style]
            out.append(case(template.format(full), ("name", full)))
    out.append(case("Инспектор И.П. Сидоров отказался принять документы.", ("name", "И.П. Сидоров")))
    out.append(case("Спасибо Марине Олеговне, всё быстро.", ("name", "Марине Олеговне")))
    return out


CLEAN = [
    "Простояла в очереди два часа, работало одно окно из пяти.",
    "Прошу разъяснить порядок получения вычета за лечение в 2023 году.",
    "Налоговое уведомление пришло с ошибкой: мощность 150 л.с. вместо 105 л.с.",
    "Обращение № 12345 от 12.03.2024 осталось без ответа.",
    "ИФНС по Центральному району не отвечает на запросы уже месяц.",
    "Обособленное подразделение № 3 в Хабаровске работает с 9:00 до 18:00.",
    "Инспекция на ул. Ленина, д. 5, переполнена, нет стульев.",
    "Заблокировали счет ООО «Ромашка», КПП 272401001, долгов нет.",
    "Сумма налога 15 000 руб., пени 1 234,56 руб. начислены неверно.",
    "Декларация 3-НДФЛ за 2022 год подана 30 апреля.",
    "В Комсомольске-на-Амуре очередь в налоговой с утра.",
    "Спасибо инспектору за вежливое обслуживание!",
    "Личный кабинет налогоплательщика не работает с понедельника.",
    "Приказ ММВ-7-3/123 от 2016 года регулирует порядок.",
    "Код ОКТМО 08701000 указан правильно.",
    "Требование об уплате № 2045 пришло по ошибке.",
    "Налоговая служба Хабаровского края подвела итоги года.",
    "Сотрудница в окне 7 была очень вежлива и быстро всё сделала.",
    "Горячая линия 8-800 не отвечает, ждал 40 минут.",
    "Вычет вернули через 3 месяца, это слишком долго.",
    "Прошу выдать справку о состоянии расчетов на 01.01.2024.",
    "Электронная очередь зависла, талон А-125 так и не вызвали.",
    "Кадастровая стоимость квартиры 4 500 000 рублей завышена.",
    "Налог на автомобиль Toyota Camry 2015 года выпуска рассчитан неправильно.",
    "Отделение на проспекте Ленина закрыто на ремонт.",
    "Хочу поблагодарить сотрудников УФНС России по Хабаровскому краю.",
    "Сайт nalog.gov.ru постоянно зависает при входе.",
    "Советская Гавань: инспекция принимает по записи.",
    "Взыскание по судебному приказу № 2-1234/2023 незаконно.",
    "Николаевск-на-Амуре, ОП № 10, нет парковки.",
    "Оплатил 2 500 рублей 15 ноября, платеж не отражается.",
    "Обращался 3 раза, каждый раз дают разные ответы.",
    "Москва и Санкт-Петербург давно перешли на электронный документооборот.",
    "Улица Карла Маркса, дом 18: там теперь принимают декларации.",
]


def main() -> None:
    cases = numbers() + names()
    data = {"cases": cases, "clean": CLEAN}
    header = "# Generated by make_pdata_cases.py — edit the generator, not this file.\n"
    OUT.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    print(f"{len(cases)} cases, {len(CLEAN)} clean texts -> {OUT}")


if __name__ == "__main__":
    main()
