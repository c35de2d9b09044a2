"""Personal data in Russian text (152-ФЗ): find it and mask it.

Numbers are found by pattern and confirmed by their check digits (ИНН, СНИЛС, card) or by their shape and
context (phone, passport, date of birth); a number that fails its check is left alone. Phones may be
written partly in words («восемь девятьсот четырнадцать 123 45 67») and e-mails with «собака» or «at».
Postal addresses are chains of index, region, district, settlement, street, house and flat; a street with
only a house number is masked unless the sentence says it is an office («инспекция на ул. Ленина, д. 5»).
Names come from two sources: rules over pymorphy3's name, surname and patronymic tags that agree in case
(«иванова мария петровна», «Я, Кан Виктор Сергеевич,», a surname with initials), which also catch names
in lower case; and natasha's offline NER (PER spans), run only on the sentences that contain a word
pymorphy3 knows as a first name, surname or patronymic, or initials: most feedback has none, and the NER
is the slowest step of the analysis. A street, square or organisation named after a person («на Ленина»,
«ул. Карла Маркса», «имени Пушкина») is a place, not a name.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from otklik.lib.identifiers import is_valid_inn, is_valid_luhn, is_valid_snils
from otklik.nlp.lemmas import morph, normalise, sentences

MASKS = {
    "inn": "[ИНН]",
    "snils": "[СНИЛС]",
    "phone": "[ТЕЛЕФОН]",
    "email": "[EMAIL]",
    "passport": "[ПАСПОРТ]",
    "card": "[КАРТА]",
    "birth": "[ДАТА РОЖДЕНИЯ]",
    "address": "[АДРЕС]",
    "name": "[ФИО]",
}
PLACES = Path(__file__).resolve().parent / "data" / "pdata_places.yaml"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zа-я]{2,}(?![\w-])", re.IGNORECASE)
# «ivanov собака mail.ru», «ivanov at mail dot ru», «petrova(at)yandex.ru», «olga.k @ mail. ru»
_AT = r"(?:\s*@\s*|\s*[(\[{]\s*(?:at|собака|собачка)\s*[)\]}]\s*|\s+(?:at|собака|собачка|собачку)\s+)"
_DOT = r"(?:\s?\.\s?|\s*[(\[{]\s*(?:dot|точка)\s*[)\]}]\s*|\s+(?:dot|точка)\s+)"
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._+-]*{_AT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}[a-z]{{2,6}}(?![\w-])",
    re.IGNORECASE,
)
_SPOKEN_AT = re.compile(r"\bat\b|собак|собачк", re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")
_PASSPORT = re.compile(
    r"(?:паспорт\w*|серия|серии|сер\.)[^\d\n]{0,25}?(\d{2}\s?\d{2})[\s\-–]*(?:№|N|номер|ном\.|н\.)?\s*"
    r"(\d{3}\s?\d{3})(?!\d)",
    re.IGNORECASE,
)
_CARD = re.compile(
    r"(?<![\d-])\d{4}(?:(?:\s{1,3}|\s?[-–]\s?)?\d{4}){2}(?:\s{1,3}|\s?[-–]\s?)?\d{1,7}(?![\d-])"
)
_SNILS = re.compile(r"(?<![\d-])\d{3}[-– .]?\d{3}[-– .]?\d{3}[-– ]?\d{2}(?![\d-])")
_INN = re.compile(r"(?<!\d)(?:\d{12}|\d{10})(?!\d)")
_GROUPED_INN = re.compile(r"(?<![\d-])\d{2,5}(?:[ \-–]\d{2,5}){1,5}(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?7|8|7)?[\s\-.]?(?:\(\d{3,5}\)|\d{3,5})[\s\-.]?\d{1,3}[\s\-.]?\d{2}[\s\-.]?\d{2}(?!\d)"
)
_BARE_LOCAL_PHONE = re.compile(r"(?<![\d\-./])(\d{2,3})-(\d{2})-\d{2}(?![\d\-]|\.\d)")
_LOCAL_PHONE = re.compile(r"(?:тел\w*\.?|т\.)\s*:?\s*(\d{2,3}[\s\-]\d{2}[\s\-]\d{2})(?!\d)", re.IGNORECASE)
_NUMBERED = re.compile(r"№\s*$")  # «обращение № 8277167774» is a document's number
_SNILS_CONTEXT = re.compile(r"снилс|страхов\w+ (?:номер|свидетельств)", re.IGNORECASE)
_INN_CONTEXT = re.compile(r"инн|идентификационн", re.IGNORECASE)
_PHONE_CONTEXT = re.compile(r"тел|моб|звон|whatsapp|вотсап|номер", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class PDSpan:
    kind: str  # a key of MASKS
    start: int
    end: int
    text: str


# --- phones written partly in words: «восемь девятьсот четырнадцать 123 45 67» ---
_UNITS = ["ноль", "нуль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_TEENS = "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать "
_TEENS += "восемнадцать девятнадцать"
_TENS = ["двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
_HUNDREDS = [
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]
_NUMBER_WORDS: dict[str, int] = {w: (0 if i < 2 else i - 1) for i, w in enumerate(_UNITS)}
_NUMBER_WORDS |= {"одна": 1, "две": 2}
_NUMBER_WORDS |= {w: 10 + i for i, w in enumerate(_TEENS.split())}
_NUMBER_WORDS |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUMBER_WORDS |= {w: 100 * (i + 1) for i, w in enumerate(_HUNDREDS)}
# every word and number: a regex alternation of the number words is several times slower than a dict look-up
_PIECE = re.compile(r"\+|\d+|[^\W\d_]+")
_DATE_INSIDE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")  # «30.07.2014 02:04» is a date and a time
_NUMBER_GAP = re.compile(r"[\s\-–—./_()]{0,4}")


def _spoken_digits(pieces: Sequence[str]) -> str:
    """«восемь», «девятьсот», «четырнадцать», «123» → «8914123»: words join into the numbers they make."""
    out: list[str] = []
    value, last = -1, 0  # the number being built from words and the size of its last word
    for piece in pieces:
        word = piece.lower()
        n = _NUMBER_WORDS.get(word)
        if n is None:
            if value >= 0:
                out.append(str(value))
                value = -1
            out.append(piece if piece.isdigit() else "")
            continue
        size = 100 if n >= 100 else 20 if n >= 20 else 10 if n >= 10 else 1
        fits = value >= 0 and ((last == 100 and size < 100) or (last == 20 and size == 1 and n > 0))
        if fits:
            value, last = value + n, size
        else:
            if value >= 0:
                out.append(str(value))
            value, last = n, size
    if value >= 0:
        out.append(str(value))
    return "".join(out)


def _is_phone_number(digits: str, plus: bool) -> bool:
    if len(digits) == 11 and digits[0] in "78":
        return not digits.startswith(("8800", "7800"))  # toll-free lines are organisations' numbers
    return len(digits) == 10 and not plus and digits[0] in "3489"


def _loose_phones(text: str) -> list[tuple[int, int]]:
    """Runs of digits and number words with any separators that make a phone number."""
    runs: list[list[re.Match[str]]] = []
    for m in _PIECE.finditer(text):
        piece = m.group().lower()
        if not (piece[0].isdigit() or piece in _NUMBER_WORDS or piece in ("+", "плюс")):
            continue
        if runs and _NUMBER_GAP.fullmatch(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    found = []
    for run in runs:
        if run[-1].group() in ("+", "плюс"):
            run = run[:-1]
        if len(run) < 2 or _DATE_INSIDE.search(text, run[0].start(), run[-1].end()):
            continue
        plus = run[0].group().lower() in ("+", "плюс")
        digits = _spoken_digits([m.group() for m in run if m.group().lower() not in ("+", "плюс")])
        if _is_phone_number(digits, plus):
            start = run[0].start()
            found.append((start - 1 if text[start - 1 : start] == "(" else start, run[-1].end()))
    return found


# --- dates of birth ---
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./](?:19|20)?\d{2}"
_DATE = rf"(?:{_NUMERIC_DATE}|\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}})"
_BIRTH_WORD = r"г\.\s?р\.?(?![а-яё])|года?\s+рождения|г\.\s+рождения"
_BIRTH_GATE = re.compile(r"рожд|родил|г\.\s?р|д\.\s?р|д/р", re.IGNORECASE)
_BIRTH = re.compile(
    rf"(?:(?:дата|дату|даты|год)\s+рожд(?:ения|\.)?|д\.\s?р\.|д/р|родил(?:ся|ась|ись)|рожд\.)\s*[:\-–—]?\s*"
    rf"({_DATE})(?!\d)(?:\s*(?:г\.|года?)(?!\s*р))?|"
    rf"(?<![\d.])((?:{_DATE})\s*(?:{_BIRTH_WORD}))|"
    rf"((?:{_BIRTH_WORD})\s*(?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)

# --- postal addresses ---
_HOUSE = (
    r"(?:(?:д|дом)\.?\s*№?\s*)?\d{1,4}(?:\s?[а-еж](?![а-яё]))?(?:\s?/\s?\d{1,3}[а-е]?)?(?:\s?-\s?\d{1,4})?"
    r"(?![\d:])(?!\.\d)(?!\s*(?:год|лет|руб|час|мин|раз|%|км|окн|кабинет|-?летия))"
)
_CORPUS = r"(?:корп\.?|корпус|стр\.|строение|лит\.?)\s*\d{1,3}[а-е]?"
_FLAT = r"(?:кв\.?|квартира|квартиры|кв-ра|комн\.|комната)\s*№?\s*\d{1,4}[а-е]?(?!\d)(?!\.\d)"
_STREET_MARK = (
    r"(?:ул\.?|улица|улице|улицы|пр-т|пр-кт|пр-те|просп\.|проспект|проспекте|пр\.|пер\.|переулок|б-р|бульвар|"
    r"ш\.|шоссе|пл\.|площадь|наб\.|набережная|проезд|пр-д|туп\.|тупик|мкр\.?|микрорайон|"
    r"аллея)"
)
_STREET_NAME = r"(?:\d{1,3}-(?:летия|го|й|я)\s+)?[^\W\d_][\w-]*(?:\s+(?!(?:д|дом|кв)\b)[^\W\d_][\w-]*){0,2}"
_SETTLEMENT_MARK = (
    r"(?:г\.?|гор\.|город|пос\.|посёлок|поселок|п\.|с\.|село|рп\.?|пгт\.?|дер\.|д\.|ст\.|мкр\.)"
)
_WORDS = r"[^\W\d_][\w-]*(?:\s[А-ЯЁ][\w-]*)?"


def _address_pattern(settlements: Sequence[str]) -> re.Pattern[str]:
    town = "|".join(re.escape(s[:-1] if s[-1] in "аеоь" else s) for s in sorted(settlements, key=len))
    sep = r"[,\s]\s*"
    region = r"(?:Хабаровск(?:ий|ого)\s+кра[йя]|Еврейская\s+автономная\s+область|ЕАО)"
    district = r"(?:[^\W\d_][\w-]*(?:ий|ый|ой)\s+(?:р-н|район|р-на|района|р\.)|р-н\s+[^\W\d_][\w-]*)"
    settlement = rf"(?:{_SETTLEMENT_MARK}\s*{_WORDS}|\b(?:{town})[а-яё]{{0,3}}\b)"
    return re.compile(
        rf"(?<![\w-])(?:\d{{6}}{sep})?(?:{region}{sep})?(?:{district}{sep})?(?:{settlement}{sep}(?:на\s+)?)?"
        rf"(?:{_STREET_MARK}\s*{_STREET_NAME}{sep}{_HOUSE}|(?<=[\s,])(?:д\.|дом)\s*{_HOUSE})"
        rf"(?:{sep}{_CORPUS})?(?:{sep}{_FLAT})?(?:,\s*\d{{6}}(?!\d))?",
        re.IGNORECASE,
    )


_ADDRESS_GATE = re.compile(
    r"\b(?:ул|улиц|пр|просп|пер|переул|б-р|бульв|ш|шоссе|пл|площад|наб|проезд|пр-д|туп|мкр|микрорайон|"
    r"аллея|д|дом)\b",
    re.IGNORECASE,
)
_STRONG_ADDRESS = re.compile(rf"{_FLAT}|\d{{6}}|\d\s?-\s?\d|\b{_SETTLEMENT_MARK}\s*[^\W\d_]", re.IGNORECASE)
_RESIDENT_CUE = re.compile(
    r"прожива\w*|живу|живем|живём|живет|живёт|прописан\w*|зарегистрир\w*|регистрац\w*|адрес\w*|"
    r"месту\s+жительства|мой\s+дом|наш\s+дом|дом\s+по|квартир\w*|уведомлени\w*|квитанц\w*|почтальон\w*",
    re.IGNORECASE,
)
_OFFICE_CUE = re.compile(
    r"инспекц\w*|налогов\w*|\bифнс|\bмифнс|\bуфнс|\bфнс|\bОП\b|отделени\w*|офис\w*|здани\w*|при[её]м\w*|"
    r"принима\w*|\bмфц|окн[оаеу]\b|вывеск\w*|терминал\w*|парковк\w*|филиал\w*|центр\w*",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], frozenset[str]]:
    data = yaml.safe_load(PLACES.read_text(encoding="utf-8"))
    return _address_pattern(data["settlements"]), frozenset(normalise(s) for s in data["eponym_streets"])


def _office_address(text: str, start: int, end: int) -> bool:
    """A street and a house number alone: an office's address when the sentence speaks of the office and
    not of where the author lives."""
    left = max(text.rfind(".", 0, max(0, start - 1)), text.rfind("\n", 0, start), text.rfind("!", 0, start))
    before = text[left + 1 : start]
    if _RESIDENT_CUE.search(before):
        return False
    stop = min((i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return bool(_OFFICE_CUE.search(before) or _OFFICE_CUE.search(text, end, stop))


def _addresses(text: str) -> list[tuple[int, int]]:
    if not _ADDRESS_GATE.search(text):
        return []
    found = []
    for m in _places()[0].finditer(text):
        start, end = m.start(), m.end()
        value = text[start:end].rstrip(" ,")
        end = start + len(value)
        if not _STRONG_ADDRESS.search(value) and _office_address(text, start, end):
            continue
        found.append((start, end))
    return found


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def _before(text: str, start: int, width: int = 25) -> str:
    return text[max(0, start - width) : start]


def _numbers(text: str) -> list[PDSpan]:
    """Number-like personal data and addresses; earlier kinds win an overlap, so the order here is the
    precedence."""
    found: list[PDSpan] = []

    def add(kind: str, start: int, end: int) -> None:
        if all(end <= s.start or start >= s.end for s in found):
            found.append(PDSpan(kind, start, end, text[start:end]))

    at = "@" in text
    for m in _EMAIL.finditer(text) if at else ():
        add("email", m.start(), m.end())
    for m in _SPOKEN_EMAIL.finditer(text) if at or _SPOKEN_AT.search(text) else ():
        add("email", m.start(), m.end())
    if not _ANY_DIGIT.search(text):  # every pattern below but the phone in words needs a digit
        for start, end in _loose_phones(text):
            add("phone", start, end)
        return found
    for m in _PASSPORT.finditer(text):
        add("passport", m.start(1), m.end(2))
    for m in _CARD.finditer(text):
        if is_valid_luhn(_digits(m.group())) and len(_digits(m.group())) >= 15:
            add("card", m.start(), m.end())
    for m in _SNILS.finditer(text):
        d = _digits(m.group())
        plain = m.group().isdigit()
        phone_like = plain and d[0] in "78" and not _SNILS_CONTEXT.search(_before(text, m.start(), 40))
        if is_valid_snils(d) and not phone_like:
            add("snils", m.start(), m.end())
    for m in _INN.finditer(text):
        d = m.group()
        context = _before(text, m.start(), 30)
        mobile = len(d) == 10 and d[0] == "9" and not _INN_CONTEXT.search(context)
        if is_valid_inn(d) and not mobile:
            add("inn", m.start(), m.end())
    for m in _GROUPED_INN.finditer(text):
        if is_valid_inn(_digits(m.group())) and _INN_CONTEXT.search(_before(text, m.start(), 40)):
            add("inn", m.start(), m.end())
    for start, end in _loose_phones(text):
        add("phone", start, end)
    for m in _PHONE.finditer(text):
        d = _digits(m.group())
        plus = m.group().lstrip().startswith("+")
        if (len(d) == 11 and d[0] in "78" and not d.startswith("8800")) or (
            len(d) == 10 and not plus and d[0] in "3489"
        ):
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            if not _NUMBERED.search(_before(text, start, 4)):
                add("phone", start, m.end())
    for m in _LOCAL_PHONE.finditer(text):
        add("phone", m.start(1), m.end(1))
    for m in _BARE_LOCAL_PHONE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if len(m.group(1)) == 3 or not (1 <= day <= 31 and 1 <= month <= 12):  # «12-03-24» is a date
            add("phone", m.start(), m.end())
    for m in _BIRTH.finditer(text) if _BIRTH_GATE.search(text) else ():
        group = next(g for g in (1, 2, 3) if m.group(g))
        add("birth", m.start(group), m.end(group))
    for start, end in _addresses(text):
        add("address", start, end)
    return found


# --- names ---
_INITIALS = re.compile(r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.")
_CAPITALISED = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\b")
_CHUNK = re.compile(r"\S+")
_NER_REACH = 6  # words either side of a possible name that the NER sees
_WORD = re.compile(r"[А-ЯЁа-яё]\.\s?[А-ЯЁа-яё]\.|[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
# A street, a square, a city district or an organisation is named after a person but is not personal data.
_PLACE_BEFORE = re.compile(
    r"(?:\bул|улиц\w*|\bпр|просп\w*|пр-к?т\w*|\bпер|переул\w*|\bпл|площад\w*|\bим|имени|бульв\w*|б-р|"
    r"\bнаб\w*|шоссе|\bмкр|микрорайон\w*|остановк\w*)\.?\s*$",
    re.IGNORECASE,
)
# «имени профессора Сергеева», «им. Героя Советского Союза Иванова»
_NAMED_AFTER = re.compile(r"(?:\bим\.|\bимени)\s+(?:[А-ЯЁа-яё]+\s+){0,3}$", re.IGNORECASE)
_ROLE_BEFORE = re.compile(
    r"(?:девушка-)?(?:инспектор|специалист|сотрудни[кц]|консультант|оператор|начальни[кц]|заместител)\w*$",
    re.IGNORECASE,
)
_SURNAME_ADJ = re.compile(r"[сц]к(?:ий|ого|ому|им|ом|ая|ой|ую)$", re.IGNORECASE)
_AT_PLACE = re.compile(r"\b(?:на|по|у|с|со|от|до|около|возле|напротив|угол|углу)\s+$", re.IGNORECASE)
_NOT_A_SURNAME = frozenset(
    [
        "VERB",
        "INFN",
        "PREP",
        "CONJ",
        "PRCL",
        "ADVB",
        "NPRO",
        "PRTF",
        "PRTS",
        "GRND",
        "ADJS",
        "COMP",
        "NUMR",
        "PRED",
        "INTJ",
    ]
)
_ROLE_WORDS = frozenset(
    [
        "гражданин",
        "гражданка",
        "гражданина",
        "гражданки",
        "гр",
        "заявитель",
        "заявителя",
        "заявительница",
        "инспектор",
        "инспектора",
        "инспектору",
        "специалист",
        "специалиста",
        "сотрудник",
        "сотрудника",
        "сотрудница",
        "сотрудницу",
        "сотруднику",
        "абонент",
        "абонента",
        "налогоплательщик",
        "налогоплательщика",
        "ип",
        "фио",
        "сын",
        "сына",
        "дочь",
        "дочери",
        "муж",
        "мужа",
        "жена",
        "жены",
        "мать",
        "матери",
        "отец",
        "отца",
        "бабушка",
        "бабушки",
        "дедушка",
        "дедушки",
        "соседка",
        "соседки",
        "сосед",
        "соседа",
        "начальник",
        "начальника",
        "заместитель",
        "заместителя",
        "звонила",
        "звонил",
        "спасибо",
        "благодарю",
        "уважением",
        "от",
        "я",
        "меня",
        "мне",
        "лично",
        "уважаемая",
        "уважаемый",
        "уважаемые",
        "дорогая",
        "дорогой",
    ]
)


@dataclasses.dataclass(frozen=True, slots=True)
class _NameTags:
    roles: dict[str, frozenset[tuple[str, str]]]  # Name/Surn/Patr → {(case, gender)}
    first: str  # the role of the most probable parse, or ""
    pos: str  # part of speech of the most probable parse
    known: bool


@functools.lru_cache(maxsize=200_000)
def _tags(word: str) -> _NameTags:
    parses = morph().parse(word.lower())
    roles: dict[str, set[tuple[str, str]]] = {}
    for p in parses:
        for role in ("Name", "Surn", "Patr"):
            if role in p.tag.grammemes and p.tag.number != "plur":
                roles.setdefault(role, set()).add((str(p.tag.case), str(p.tag.gender)))
    top = parses[0].tag
    first = next((r for r in ("Name", "Surn", "Patr") if r in top.grammemes), "")
    frozen = {r: frozenset(v) for r, v in roles.items()}
    return _NameTags(frozen, first, str(top.POS or ""), any(p.is_known for p in parses))


def _agree(*forms: frozenset[tuple[str, str]]) -> bool:
    """Some case is shared by all the words, with compatible genders (ms-f goes with both)."""
    for case, gender in forms[0]:
        if all(
            any(c == case and (g == gender or "ms-f" in (g, gender) or "None" in (g, gender)) for c, g in f)
            for f in forms[1:]
        ):
            return True
    return False


def _may_be_surname(word: str, lower_text: bool) -> bool:
    """A word beside a first name and patronymic that is the surname: tagged so, or unknown to the
    dictionary, or a short Korean surname (Ким, Кан, Пак, Тен, Ли)."""
    if word.lower() in _ROLE_WORDS or "." in word:
        return False
    t = _tags(word)
    if "Surn" in t.roles:
        return True
    if t.pos in _NOT_A_SURNAME:
        return len(word) <= 3 and (word[0].isupper() or lower_text)
    capitalised = word[0].isupper() and t.pos in ("NOUN", "ADJF") and not lower_text
    return not t.known or len(word) <= 3 or capitalised


def _lone_surname(word: str) -> bool:
    t = _tags(word)
    if t.first == "Surn" or ("Surn" in t.roles and word[0].isupper()):
        return True
    if not word[0].isupper() or word.isupper():
        return False
    return not t.known or len(word) <= 3 or bool(t.pos == "ADJF" and _SURNAME_ADJ.search(word))


_NAME_ENDING = re.compile(
    r"(?:[оеё]в|[иы]н|[сц]к|[иы]х|ко|[юу]к|ян|дзе|швили|вич|вн|ич|ичн)"
    r"(?:а|у|ы|ым|ой|ою|ом|е|ого|ому|ая|ую|ий|им|и|ем|ов)?$"
)


def _may_open(word: str, following: str) -> bool:
    """A word without a name's ending may still open a name before one that has it: a first name before
    a patronymic or surname in the same case style, or a role word before a surname."""
    return word.islower() == following.islower() or bool(_ROLE_BEFORE.match(word))


def _rule_names(text: str) -> list[tuple[int, int]]:
    """Names built of words that pymorphy3 tags as first name, surname and patronymic, agreeing in case:
    these hold in lower case too, where the NER sees nothing."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    # Only words that may start or end a name are looked up (a dictionary look-up per new word is the
    # cost here): capitalised words, initials, and words with a surname's or patronymic's ending.
    hint = [not w.islower() or "." in w or bool(_NAME_ENDING.search(w)) for _, _, w in words]
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if not (hint[i] or (i + 1 < len(words) and hint[i + 1] and _may_open(words[i][2], words[i + 1][2]))):
            i += 1
            continue
        span = _name_at(text, words, i)
        if span:
            found.append(span[:2])
            i = span[2]
        else:
            i += 1
    return found


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return text[a[1] : b[0]] in (" ", ", ") or text[a[1] : b[0]].isspace()


def _name_at(text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, int, int] | None:
    w = words[i][2]
    if "." in w:  # initials followed by a surname: «В.П. Гришин», «п. в. петровой», not «75 Л.С., А»
        if re.search(r"\d\s*$", text[max(0, words[i][0] - 3) : words[i][0]]):
            return None
        if i + 1 < len(words) and text[words[i][1] : words[i + 1][0]].isspace() and len(words[i + 1][2]) > 1:
            following = words[i + 1][2]
            surname = bool(_tags(following).roles.get("Surn"))
            if w[0].isupper() and following[0].isupper():
                surname = surname or not _tags(following).known or len(following) <= 3
            if surname:
                return words[i][0], words[i + 1][1], i + 2
        return None
    t = _tags(w)
    nxt = words[i + 1] if i + 1 < len(words) and _adjacent(text, words[i], words[i + 1]) else None
    lower = w.islower()
    # a surname followed by initials: «Волков А.Н.», «Семёнова Ю. Н.»
    if nxt and "." in nxt[2] and w.lower() not in _ROLE_WORDS:
        capitalised = w[0].isupper() and nxt[2][0].isupper()
        if t.roles.get("Surn") or (
            capitalised and (not t.known or len(w) <= 3 or t.pos not in _NOT_A_SURNAME)
        ):
            return words[i][0], nxt[1], i + 2
    # initials without dots: «Тарасова НФ»
    if (
        nxt
        and t.roles.get("Surn")
        and w[0].isupper()
        and len(nxt[2]) == 2
        and nxt[2].isupper()
        and (not _tags(nxt[2]).known)
    ):
        return words[i][0], nxt[1], i + 2
    if not nxt or "." in nxt[2]:
        return None
    # a surname alone after a role word: «инспектору зиминой», «специалиста Петровой»
    if _ROLE_BEFORE.match(w) and _lone_surname(nxt[2]):
        return nxt[0], nxt[1], i + 1  # the surname's own position may join initials after it
    n = _tags(nxt[2])
    third = words[i + 2] if i + 2 < len(words) and _adjacent(text, nxt, words[i + 2]) else None
    # first name + patronymic, with the surname before or after
    if "Name" in t.roles and "Patr" in n.roles and _agree(t.roles["Name"], n.roles["Patr"]):
        start, end, after = words[i][0], nxt[1], i + 2
        if third and "." not in third[2]:
            surn = _tags(third[2]).roles.get("Surn")
            if (surn and _agree(surn, n.roles["Patr"])) or (
                third[2][0].isupper() and not lower and _may_be_surname(third[2], False)
            ):
                end, after = third[1], i + 3
        if i > 0 and _adjacent(text, words[i - 1], words[i]):
            prev = words[i - 1][2]
            surn = _tags(prev).roles.get("Surn") if "." not in prev else None
            if (surn and _agree(surn, t.roles["Name"])) or _may_be_surname(prev, lower):
                start = words[i - 1][0]
        return start, end, after
    # surname + first name (+ patronymic handled above when the name is first): «Смирнов Олег»
    if "Surn" in t.roles and "Name" in n.roles and _agree(t.roles["Surn"], n.roles["Name"]):
        if third and "Patr" in _tags(third[2]).roles:
            return None  # the next position starts «Name Patr» and takes the surname from here
        if lower and not (t.first == "Surn" and n.first == "Name"):
            return None
        if not lower and not (w[0].isupper() and nxt[2][0].isupper()):
            return None
        return words[i][0], nxt[1], i + 2
    name_surname = "Name" in t.roles and "Surn" in n.roles and _agree(t.roles["Name"], n.roles["Surn"])
    if name_surname and (
        (lower and t.first == "Name" and n.first == "Surn") or (w[0].isupper() and nxt[2][0].isupper())
    ):
        return words[i][0], nxt[1], i + 2
    return None


def _ner_windows(sentence: str, offset: int, known: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of the sentence (a few words either side) around initials and capitalised words that may
    be names and that neither the rules nor the number patterns have taken already. A word that opens the
    sentence counts only when its most probable reading is a name («Вопрос решен» is not worth the NER).
    The NER sees only these stretches: a run-on call note can be hundreds of words long, and the NER's
    cost grows with the longest text of its batch."""
    hits = [m.start() for m in _INITIALS.finditer(sentence)]
    for m in _CAPITALISED.finditer(sentence):
        tags = _tags(m.group())
        if tags.roles and (m.start() > 0 or tags.first):
            hits.append(m.start())
    hits = [h for h in hits if not any(s <= offset + h < e for s, e in known)]
    if not hits:
        return []
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(sentence)]
    windows: list[tuple[int, int]] = []
    for h in sorted(hits):
        k = next(i for i, (s, e) in enumerate(chunks) if e > h)
        start, end = chunks[max(0, k - _NER_REACH)][0], chunks[min(len(chunks) - 1, k + _NER_REACH)][1]
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_ner_lock = threading.Lock()
_ner: Any = None


def ner_tagger() -> Any:
    """natasha's NewsNERTagger on NewsEmbedding, loaded once (~0.5 s). natasha's MorphVocab is never
    touched: it needs pymorphy2, which does not run on current Python."""
    global _ner
    with _ner_lock:
        if _ner is None:
            from natasha import NewsEmbedding, NewsNERTagger

            _ner = NewsNERTagger(NewsEmbedding())
            _ner.batch_size = 32
        return _ner


def _is_place(text: str, start: int, end: int) -> bool:
    """The words name a street, a square or an organisation after a person, not a person."""
    before = _before(text, start, 40)
    if _NAMED_AFTER.search(before):
        return True
    if _PLACE_BEFORE.search(before[-15:]) and not _INITIALS.search(text[start:end]):
        return True
    eponyms = _places()[1]
    return normalise(text[start:end]) in eponyms and bool(_AT_PLACE.search(before))


def _person_words(text: str, start: int, end: int) -> bool:
    """Some word of a PER span is most probably a name, a surname or a patronymic, or is a word the
    dictionary does not know that does not open a sentence: the NER also takes «Дана консультация Вопрос»
    in call notes written without full stops."""
    opens = not text[:start].rstrip() or text[:start].rstrip()[-1] in '.!?:\n«"'
    for k, m in enumerate(_WORD.finditer(text, start, end)):
        tags = _tags(m.group())
        if tags.first or "." in m.group() or (not tags.known and (k > 0 or not opens)):
            return True
    return False


def _ner_names(
    texts: Sequence[str], known: Sequence[Sequence[tuple[int, int]]]
) -> list[list[tuple[int, int]]]:
    """PER spans of all texts, with one batched NER call over the sentences that may hold a name."""
    jobs: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        for offset, _, sentence in sentences(text):
            for start, end in _ner_windows(sentence, offset, known[i]):
                jobs.append((i, offset + start, sentence[start:end]))
    jobs.sort(key=lambda job: len(job[2]))  # batches of texts of like length waste less on padding
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    if not jobs:
        return out
    for (i, offset, _sentence), markup in zip(jobs, ner_tagger().map([s for *_, s in jobs]), strict=True):
        for span in markup.spans:
            if span.type != "PER":
                continue
            start, end = offset + span.start, offset + span.stop
            if not any(ch.isupper() for ch in texts[i][start:end]) or not _person_words(texts[i], start, end):
                continue
            out[i].append((start, end))
    return out


def _names(texts: Sequence[str], taken: Sequence[Sequence[PDSpan]]) -> list[list[PDSpan]]:
    rules = [_rule_names(text) for text in texts]
    known = [r + [(s.start, s.end) for s in t] for r, t in zip(rules, taken, strict=True)]
    out: list[list[PDSpan]] = []
    for text, ner, ruled in zip(texts, _ner_names(texts, known), rules, strict=True):
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ner + ruled):
            if _is_place(text, start, end):
                continue
            # the NER sometimes splits «Волкова С.В.» in two; one person is one mask
            if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        out.append([PDSpan("name", s, e, text[s:e]) for s, e in merged])
    return out


def find_batch(texts: Sequence[str], names: bool = True) -> list[list[PDSpan]]:
    per_text = [_numbers(t) for t in texts]
    if names:
        for found, extra in zip(per_text, _names(texts, per_text), strict=True):
            found += [n for n in extra if all(n.end <= s.start or n.start >= s.end for s in found)]
    return [sorted(found, key=lambda s: s.start) for found in per_text]


def find(text: str, names: bool = True) -> list[PDSpan]:
    return find_batch([text], names)[0]


def mask(text: str, spans: Sequence[PDSpan]) -> str:
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out += [text[pos : s.start], MASKS[s.kind]]
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def mask_batch(texts: Sequence[str]) -> list[tuple[str, list[PDSpan]]]:
    return [(mask(t, spans), spans) for t, spans in zip(texts, find_batch(texts), strict=True)]
