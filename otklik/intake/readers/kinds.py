"""What a file is, from its content: a table (CSV, XLSX), a «Ваш контроль» export or a news feed.

An XML file is told by its root element, found by a streaming parse that stops at the first start tag, so
that an XML declaration, comments, processing instructions (stylesheets) and blank lines before it, however
long, do not matter, and a word such as «<rss» inside a comment is never taken for the root. The parse
refuses entity declarations and external references, as every other XML parse of the product does; a plain
DOCTYPE without entities (old RSS 0.91 feeds carry one) is left for the reader of the stream to judge.
"""

from __future__ import annotations

import enum
import os
from typing import IO
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from otklik.intake.readers.errors import UnreadableFile
from otklik.intake.readers.xmlsafety import hostile_message, parse_error_text

_HOSTILE = (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden)
_BLANK = b"\xef\xbb\xbf \t\r\n"
_FEED_ROOTS = frozenset(("rss", "feed", "rdf"))  # RSS 2.0 and 0.9x, Atom, RSS 1.0 (rdf:RDF)
VASHKONTROL_ROOT = "mkgu-reviews"


class FileKind(enum.StrEnum):
    TABLE = "table"  # CSV or XLSX, read with a column mapping
    VASHKONTROL = "xml"  # the XML export of «Ваш контроль»
    FEED = "feed"  # RSS or Atom

    @property
    def looks_like(self) -> str:
        return _LOOKS_LIKE[self]


_LOOKS_LIKE = {
    FileKind.TABLE: "таблицу (CSV или XLSX)",
    FileKind.VASHKONTROL: "выгрузку «Ваш контроль» (XML)",
    FileKind.FEED: "ленту новостей RSS/Atom",
}
# The stream each kind of XML belongs to, and how a person names it.
_XML_STREAMS = {FileKind.VASHKONTROL: ("vashkontrol", "«Ваш контроль»"), FileKind.FEED: ("media", "СМИ")}


def file_kind(path: str | os.PathLike[str]) -> FileKind:
    """The kind of the file at `path`; an XML file that is neither kind is refused as `UnreadableFile`."""
    try:
        with open(path, "rb") as stream:
            if _first_byte(stream) != b"<":
                return FileKind.TABLE
            stream.seek(0)
            root = root_tag(stream)
    except OSError as exc:
        raise UnreadableFile(f"Файл не открывается: {exc.strerror or exc}.") from exc
    local = root.rsplit("}", 1)[-1].lower()
    if local in _FEED_ROOTS:
        return FileKind.FEED
    if local == VASHKONTROL_ROOT:
        return FileKind.VASHKONTROL
    if local == "html":
        raise UnreadableFile(
            "Файл — веб-страница (HTML), а не выгрузка: сохраните данные как CSV, XLSX или XML."
        )
    raise UnreadableFile(
        f"XML-файл с корневым элементом <{local[:40]}>: это не выгрузка «Ваш контроль» "
        f"(<{VASHKONTROL_ROOT}>) и не лента RSS/Atom."
    )


def _first_byte(stream: IO[bytes]) -> bytes:
    """The first byte that is not blank (nor a UTF-8 byte order mark), looked for in the first megabyte."""
    for _ in range(16):
        block = stream.read(64 * 1024)
        if not block:
            return b""
        rest = block.lstrip(_BLANK)
        if rest:
            return rest[:1]
    return b""


def root_tag(stream: IO[bytes]) -> str:
    """The name of the root element ({namespace}local), read up to its start tag and no further."""
    what = "XML-файл"
    events = safe_et.iterparse(
        stream, events=("start",), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        for _event, element in events:
            return str(element.tag)
    except _HOSTILE as exc:
        raise UnreadableFile(hostile_message(what)) from exc
    except ParseError as exc:
        raise UnreadableFile(f"{what} повреждён: {parse_error_text(exc)}.") from exc
    raise UnreadableFile(f"{what} повреждён: в нём нет ни одного элемента.")


def check_stream(kind: str, channel: str, channel_name: str = "") -> None:
    """Refuse XML chosen for a stream it does not belong to, saying what the file looks like."""
    kind = FileKind(kind)
    if kind not in _XML_STREAMS:
        return
    code, owner = _XML_STREAMS[kind]
    if channel == code:
        return
    chosen = f"поток «{channel_name}»" if channel_name else "другой поток"
    raise UnreadableFile(
        f"Файл похож на {FileKind(kind).looks_like}, а выбран {chosen}: такие файлы принимаются только "
        f"для потока {owner}."
    )
