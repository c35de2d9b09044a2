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


def check_prolog(stream: IO[bytes], what: str) -> None:
    """Refuse a DOCTYPE or entity declaration: they may only stand before the root element, so the rest
    of the document need not be read."""
    try:
        for _event, _element in safe_et.iterparse(stream, events=("start",), forbid_dtd=True):
            return
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: это не правильно построенный XML ({exc}).") from exc


def iter_elements(stream: IO[bytes] | str, what: str) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs for start and end tags, with hostile and broken XML as `UnreadableFile`."""
    events: Any = safe_et.iterparse(stream, events=("start", "end"), forbid_dtd=True)
    try:
        yield from events
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: это не правильно построенный XML ({exc}).") from exc


def parse_document(data: bytes, what: str) -> Element:
    """A whole (small) document as a tree, no DTD allowed, with hostile and broken XML as `UnreadableFile`."""
    try:
        root: Element = safe_et.fromstring(data, forbid_dtd=True)
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: это не правильно построенный XML ({exc}).") from exc
    return root


def check_document(data: bytes, what: str) -> None:
    """Refuse entity declarations and external references in a whole document, but tolerate a plain
    DOCTYPE (old RSS 0.91 feeds carry one) and leave malformed XML to a lenient parser."""
    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError:
        return
