"""«Ваш контроль» reviews in the XML of the MKGU form v0.0.4, as described in docs/formats/vashkontrol.md.

The site's own schema is not public; the structure read here is the one documented beside the sample.
Criteria ids 9–13 are the five criteria in `VK_CRITERIA` order; grade value ids 41–65 run in blocks of
five per criterion, worst first, so a value id both gives the grade and names the criterion it belongs to.
Each review comes out as a record or as the list of its problems; `RowError.row` is the review's ordinal
number in the file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

import yaml

from otklik.intake.readers.errors import RowError, UnreadableFile
from otklik.intake.readers.limits import DEFAULT_LIMITS, ReadLimits, human_size
from otklik.intake.readers.values import parse_datetime
from otklik.intake.readers.xmlsafety import check_prolog, iter_elements
from otklik.registry.record import VK_CRITERIA, FeedbackRecord, PersonalData

ROOT_TAG = "mkgu-reviews"
FORM_VERSION = "0.0.4"
FIRST_CRITERION = 9
FIRST_VALUE = 41
CODES_FILE = Path(__file__).with_name("vashkontrol_codes.yaml")
_WHAT = "Файл «Ваш контроль»"


def grade_of(criterion_id: int, value_id: int) -> int:
    """The grade 1–5 that a value id stands for, checked against the criterion it was given for."""
    if not FIRST_CRITERION <= criterion_id < FIRST_CRITERION + len(VK_CRITERIA):
        raise ValueError(f"неизвестный критерий {criterion_id} (ожидается 9–13)")
    if not FIRST_VALUE <= value_id < FIRST_VALUE + 5 * len(VK_CRITERIA):
        raise ValueError(f"неизвестное значение оценки {value_id} (ожидается 41–65)")
    owner = FIRST_CRITERION + (value_id - FIRST_VALUE) // 5
    if owner != criterion_id:
        raise ValueError(f"значение {value_id} относится к критерию {owner}, а не к {criterion_id}")
    return (value_id - FIRST_VALUE) % 5 + 1


def default_codes() -> dict[str, dict[str, str]]:
    """The site's office and service ids translated to ours: data that each installation edits."""
    data = yaml.safe_load(CODES_FILE.read_text(encoding="utf-8")) or {}
    return {
        part: {str(k): str(v) for k, v in (data.get(part) or {}).items()} for part in ("offices", "services")
    }


def read_vashkontrol_xml(
    source: str | os.PathLike[str] | bytes,
    limits: ReadLimits | None = None,
    *,
    office_codes: Mapping[str, str] | None = None,
    service_codes: Mapping[str, str] | None = None,
    timezone: str = "Asia/Vladivostok",
) -> Iterator[FeedbackRecord | list[RowError]]:
    """Check the file now (size, DTD, root and form version); the reviews are parsed as they are taken."""
    limits = limits or DEFAULT_LIMITS
    size = len(source) if isinstance(source, bytes) else _size(source)
    if size == 0:
        raise UnreadableFile(f"{_WHAT} пуст.")
    if size > limits.max_bytes:
        raise UnreadableFile(
            f"{_WHAT} слишком большой: {human_size(size)}, допустимо {human_size(limits.max_bytes)}."
        )
    with _open(source) as stream:
        check_prolog(stream, _WHAT)
        stream.seek(0)
        _check_root(stream)
    codes = default_codes()
    offices = codes["offices"] if office_codes is None else dict(office_codes)
    services = codes["services"] if service_codes is None else dict(service_codes)
    return _reviews(source, limits, offices, services, ZoneInfo(timezone))


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return os.path.getsize(path)
    except OSError as exc:
        raise UnreadableFile(f"Файл не открывается: {exc.strerror or exc}.") from exc


def _open(source: str | os.PathLike[str] | bytes) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def _check_root(stream: IO[bytes]) -> None:
    for _event, element in iter_elements(stream, _WHAT):
        if element.tag != ROOT_TAG:
            raise UnreadableFile(f"{_WHAT}: корневой элемент <{element.tag}>, ожидается <{ROOT_TAG}>.")
        version = element.get("version", "")
        if version != FORM_VERSION:
            raise UnreadableFile(f"{_WHAT}: версия формы «{version}», поддерживается {FORM_VERSION}.")
        return


def _reviews(
    source: str | os.PathLike[str] | bytes,
    limits: ReadLimits,
    offices: dict[str, str],
    services: dict[str, str],
    tz: ZoneInfo,
) -> Iterator[FeedbackRecord | list[RowError]]:
    with _open(source) as stream:
        root: Element | None = None
        number = 0
        for event, element in iter_elements(stream, _WHAT):
            if root is None:
                root = element
            if event != "end" or element.tag != "review":
                continue
            number += 1
            if number > limits.max_items:
                raise UnreadableFile(f"{_WHAT}: больше {limits.max_items} отзывов, разделите выгрузку.")
            yield _review(element, number, limits, offices, services, tz)
            root.clear()  # a review is done with: keep memory flat on a long file


def _review(
    element: Element,
    number: int,
    limits: ReadLimits,
    offices: dict[str, str],
    services: dict[str, str],
    tz: ZoneInfo,
) -> FeedbackRecord | list[RowError]:
    errors: list[RowError] = []
    review_id = (element.get("id") or "").strip()
    if not review_id:
        errors.append(RowError(number, "review/@id", "у отзыва нет идентификатора"))
    date_text = _text(element, "date")
    received = None
    try:
        received = parse_datetime(date_text, ("iso",), tz)
    except ValueError as exc:
        errors.append(RowError(number, "date", str(exc) if date_text else "нет даты отзыва"))
    grades: dict[str, int] = {}
    for answer in element.iterfind("answers/answer"):
        column = f"answer[{answer.get('criterion', '?')}]"
        try:
            criterion, value = int(answer.get("criterion", "")), int(answer.get("value", ""))
            grade = grade_of(criterion, value)
        except ValueError as exc:
            reason = str(exc) if "критери" in str(exc) or "значение" in str(exc) else "не число"
            errors.append(RowError(number, column, reason))
            continue
        name = VK_CRITERIA[criterion - FIRST_CRITERION]
        if name in grades:
            errors.append(RowError(number, column, "критерий оценён дважды"))
        grades[name] = grade
    comment = _text(element, "comment")
    if len(comment) > limits.max_cell_chars:
        errors.append(RowError(number, "comment", f"комментарий длиннее {limits.max_cell_chars} символов"))
    if not grades and not comment and not errors:
        errors.append(RowError(number, "answers", "в отзыве нет ни оценок, ни комментария"))
    if errors or received is None:
        return errors
    service, office = element.find("service"), element.find("office")
    raw: dict[str, Any] = {"id": review_id, "date": date_text, "answers": dict(grades)}
    for tag, node in (("service", service), ("office", office)):
        raw[f"{tag}_id"] = node.get("id", "") if node is not None else ""
        raw[f"{tag}_name"] = (node.text or "").strip() if node is not None else ""
    return FeedbackRecord(
        channel="vashkontrol",
        source="vashkontrol",
        source_id=review_id,
        received_at=received,
        office=offices.get(raw["office_id"]) or offices.get(raw["office_name"], ""),
        service=services.get(raw["service_id"]) or services.get(raw["service_name"], ""),
        grades=grades,
        text=comment,
        personal=PersonalData(full_name=_text(element, "author")),
        raw=raw,
    )


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
