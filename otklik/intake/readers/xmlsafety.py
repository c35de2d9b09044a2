"""XML is parsed only through defusedxml: no DTD, no entities, no external references, ever."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from otklik.intake.readers.errors import UnreadableFile

_HOSTILE = (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden)


def hostile_message(what: str) -> str:
    return (
        f"{what} содержит объявление DOCTYPE или ENTITY (внешние сущности, «XML-бомба»): такие файлы не "
        "принимаются."
    )


def parse_error_text(exc: ParseError) -> str:
    """Where and what an XML parse stopped on, in Russian."""
    line, column = getattr(exc, "position", (0, 0))
    reason = str(exc).split(":", 1)[0]
    where = f"строка {line}, позиция {column + 1}"
    if reason.startswith("no element found"):
        return f"файл обрывается ({where}): он обрезан или скачан не полностью"
    if reason.startswith("unclosed token"):
        return f"незакрытый тег ({where}): файл обрезан или повреждён"
    if reason.startswith("mismatched tag"):
        return f"закрывающий тег не соответствует открытому ({where})"
    if reason.startswith("undefined entity"):
        return f"неизвестная сущность вида «&…;» ({where})"
    if reason.startswith("not well-formed"):
        return f"недопустимый символ ({where})"
    if reason.startswith("junk after document element"):
        return f"после конца документа есть лишний текст ({where})"
    return f"это не правильно построенный XML ({where})"


def check_prolog(stream: IO[bytes], what: str) -> None:
    """Refuse a DOCTYPE or entity declaration: they may only stand before the root element, so the rest
    of the document need not be read."""
    try:
        for _event, _element in safe_et.iterparse(stream, events=("start",), forbid_dtd=True):
            return
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: {parse_error_text(exc)}.") from exc


def iter_elements(stream: IO[bytes] | str, what: str) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs for start and end tags, with hostile and broken XML as `UnreadableFile`."""
    events: Any = safe_et.iterparse(stream, events=("start", "end"), forbid_dtd=True)
    try:
        yield from events
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: {parse_error_text(exc)}.") from exc


def parse_document(data: bytes, what: str) -> Element:
    """A whole (small) document as a tree, no DTD allowed, with hostile and broken XML as `UnreadableFile`."""
    try:
        root: Element = safe_et.fromstring(data, forbid_dtd=True)
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: {parse_error_text(exc)}.") from exc
    return root


def check_document(data: bytes, what: str) -> None:
    """Refuse entity declarations, external references and a document that is not well-formed (a feed cut
    short would otherwise lose its last items quietly), but tolerate a plain DOCTYPE (old RSS 0.91 feeds
    carry one)."""
    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждена: {parse_error_text(exc)}.") from exc
