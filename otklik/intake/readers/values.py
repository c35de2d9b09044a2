"""Parsing of single cell values: dates, booleans, grades, codes, ИНН. Each parser returns the value or
raises `ValueError` with the reason in Russian, which the mapping turns into a `RowError`."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from otklik.lib.identifiers import is_valid_inn
from otklik.registry.record import APPEAL_KINDS, APPEAL_REGIMES, APPEAL_RESULTS, TAXPAYER_KINDS

_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_CLASSIFIER_CODE = re.compile(r"^\d{4}(\.\d{4}){3,4}$")
_FORMULA_SIGNS = re.compile(r"[(|!=]")
_PHONE_LIKE = re.compile(r"^[+\-]?[\d\s().\-]+$")
DEFAULT_DATE_FORMATS = ("iso", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")
# The usual Russian formats read without strptime, which costs several microseconds a call. The patterns
# are strptime's own for these directives (a space in the format matches any run of spaces), so what is
# accepted and how it reads is unchanged; the calendar checks are the datetime constructor's, as there.
_D, _MO, _Y = r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])", r"(1[0-2]|0[1-9]|[1-9])", r"(\d\d\d\d)"
_H, _MI, _S = r"(2[0-3]|[0-1]\d|\d)", r"([0-5]\d|\d)", r"(6[0-1]|[0-5]\d|\d)"
_QUICK_FORMATS = {
    "%d.%m.%Y": re.compile(rf"{_D}\.{_MO}\.{_Y}", re.IGNORECASE),
    "%d.%m.%Y %H:%M": re.compile(rf"{_D}\.{_MO}\.{_Y}\s+{_H}:{_MI}", re.IGNORECASE),
    "%d.%m.%Y %H:%M:%S": re.compile(rf"{_D}\.{_MO}\.{_Y}\s+{_H}:{_MI}:{_S}", re.IGNORECASE),
}


def value_key(text: str) -> str:
    """The form in which cell values are compared with value maps: case, ё and spacing do not matter."""
    key = _VALUE_KEYS.get(text)
    if key is None:
        key = _SPACES.sub(" ", text.casefold().replace("ё", "е")).strip()
        if len(_VALUE_KEYS) >= 4096:
            _VALUE_KEYS.clear()
        _VALUE_KEYS[text] = key
    return key


# Cells of coded columns repeat the same few words («Да», «Почта», «ФЛ»): their keys are made once. The
# cache is bounded, so a column of free text passing through costs only the clearing now and then.
_VALUE_KEYS: dict[str, str] = {}


def _keys(mapping: Mapping[str, str]) -> dict[str, str]:
    return {value_key(k): v for k, v in mapping.items()}


BOOLEANS = _keys(
    {
        "да": "true",
        "нет": "false",
        "true": "true",
        "false": "false",
        "1": "true",
        "0": "false",
        "+": "true",
        "-": "false",
        "истина": "true",
        "ложь": "false",
        "yes": "true",
        "no": "false",
        "д": "true",
        "н": "false",
    }
)
GRADES = _keys(
    {
        "очень плохо": "1",
        "плохо": "2",
        "нормально": "3",
        "удовлетворительно": "3",
        "хорошо": "4",
        "отлично": "5",
    }
)
CHOICES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "taxpayer_kind": (
        TAXPAYER_KINDS,
        _keys(
            {
                "фл": "fl",
                "физическое лицо": "fl",
                "физ. лицо": "fl",
                "юл": "ul",
                "юридическое лицо": "ul",
                "ип": "ip",
                "индивидуальный предприниматель": "ip",
                "не указан": "unknown",
            }
        ),
    ),
    "appeal_kind": (
        APPEAL_KINDS,
        _keys(
            {"обращение": "appeal", "заявление": "appeal", "жалоба": "complaint", "предложение": "proposal"}
        ),
    ),
    "regime": (
        APPEAL_REGIMES,
        _keys(
            {
                "59-фз": "59fz",
                "фз-59": "59fz",
                "федеральный закон № 59-фз": "59fz",
                "гл. 19 нк рф": "nk19",
                "глава 19 нк рф": "nk19",
                "нк рф": "nk19",
            }
        ),
    ),
    "result": (
        APPEAL_RESULTS,
        _keys(
            {
                "поддержано": "supported",
                "разъяснено": "explained",
                "не поддержано": "not_supported",
                "направлено по компетенции": "forwarded",
                "переадресовано": "forwarded",
            }
        ),
    ),
}


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would run as a formula («=HYPERLINK(…)», «+cmd|…», «@SUM(…)»), for a
    warning. Such text is stored verbatim and never evaluated; an export to CSV or XLSX must still escape
    every cell that starts with = + - @, a tab or a carriage return, whatever this says."""
    if len(text) < 2:
        return False
    if text[0] in "=@":
        return True
    return text[0] in "+-\t\r" and bool(_FORMULA_SIGNS.search(text)) and not _PHONE_LIKE.match(text)


def translate(text: str, values: Mapping[str, str]) -> str:
    return values.get(value_key(text), text)


def parse_bool(text: str, values: Mapping[str, str]) -> bool:
    mapped = value_key(translate(text, values))
    if mapped in BOOLEANS:
        return BOOLEANS[mapped] == "true"
    raise ValueError(f"«{_short(text)}» — не «Да» и не «Нет»")


def parse_grade(text: str, values: Mapping[str, str]) -> int:
    mapped = value_key(translate(text, values))
    mapped = GRADES.get(mapped, mapped)
    if mapped.endswith(".0"):
        mapped = mapped[:-2]
    if not mapped.isdigit():
        raise ValueError(
            f"«{_short(text)}» — не оценка: ожидается число от 1 до 5 или «Отлично»…«Очень плохо»"
        )
    grade = int(mapped)
    if not 1 <= grade <= 5:
        raise ValueError(f"оценка {grade} вне шкалы от 1 до 5")
    return grade


def parse_choice(field: str, text: str, values: Mapping[str, str]) -> str:
    allowed, builtin = CHOICES[field]
    mapped = translate(text, values)
    mapped = builtin.get(value_key(mapped), mapped.strip())
    if mapped not in allowed:
        raise ValueError(f"«{_short(text)}» — недопустимое значение; допустимы: {', '.join(allowed)}")
    return mapped


def parse_inn(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) not in (10, 12):
        raise ValueError(f"ИНН «{_short(text)}» должен состоять из 10 (ЮЛ) или 12 (ФЛ, ИП) цифр")
    if not is_valid_inn(digits):
        raise ValueError(f"ИНН {digits} не проходит проверку контрольных цифр")
    return digits


def parse_codes(text: str) -> list[str]:
    codes = [code for code in re.split(r"[;,\s]+", text) if code]
    bad = [code for code in codes if not _CLASSIFIER_CODE.match(code)]
    if bad:
        raise ValueError(f"код классификатора «{_short(bad[0])}» не вида 0000.0000.0000.0000")
    return codes


def parse_datetime(text: str, formats: Sequence[str], tz: ZoneInfo) -> dt.datetime:
    """An aware datetime; naive values are in `tz`. ISO is always accepted, as XLSX date cells arrive so."""
    value = text.strip()
    # ISO first when it looks so (dates of XLSX cells arrive so): no other format of the list reads it.
    order = _iso_first(tuple(formats)) if value[4:5] == "-" else (*formats, "iso")
    for fmt in order:
        parsed = _try_format(value, fmt)
        if parsed is not None:
            if not 1990 <= parsed.year <= 2100:
                raise ValueError(f"дата «{_short(text)}» вне разумного диапазона")
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    shown = ", ".join(f for f in formats if f not in ("iso", "excel")) or "ДД.ММ.ГГГГ"
    raise ValueError(f"«{_short(text)}» не разбирается как дата (ожидается {shown})")


@functools.lru_cache(maxsize=64)
def _iso_first(formats: tuple[str, ...]) -> tuple[str, ...]:
    if any(f.startswith("%Y-") for f in formats):
        return (*formats, "iso")  # a format of the list reads ISO-looking text: its own way first
    return ("iso", *formats)


def parse_date(text: str, formats: Sequence[str], tz: ZoneInfo) -> dt.date:
    return parse_datetime(text, formats, tz).date()


def _try_format(value: str, fmt: str) -> dt.datetime | None:
    try:
        if fmt == "iso":
            # Every ISO form starts with the four digits of the year; anything else fails as fast.
            return dt.datetime.fromisoformat(value) if value[:4].isdigit() else None
        if fmt == "excel":
            serial = float(value.replace(",", "."))
            if not 1 <= serial < 2958466:
                return None
            return _EXCEL_EPOCH + dt.timedelta(seconds=round(serial * 86400))
        quick = _QUICK_FORMATS.get(fmt)
        if quick is not None:
            parts = quick.fullmatch(value)
            if parts is None:
                return None
            day, month, year, hour, minute, second = (int(p) for p in (*parts.groups(), 0, 0, 0)[:6])
            return dt.datetime(year, month, day, hour, minute, second)
        return dt.datetime.strptime(value, fmt)
    except (ValueError, OverflowError):
        return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"
