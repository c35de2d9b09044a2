"""RSS 2.0 and Atom feeds of media outlets (stream 7): a conditional GET, and entries as records.

feedparser only ever sees bytes that `fetch_feed` (or the caller) already fetched: handed a string it
would fetch a URL or open a local file by itself.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import html
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import feedparser

from otklik.intake.readers.errors import RowError, UnreadableFile
from otklik.intake.readers.limits import DEFAULT_LIMITS, MB, ReadLimits, human_size
from otklik.intake.readers.xmlsafety import check_document
from otklik.registry.record import FeedbackRecord

_WHAT = "Лента новостей"
_BLOCK_TAGS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"}
USER_AGENT = "Otklik feed reader (+https://nalog.gov.ru)"


class FeedFetchError(Exception):
    """The feed could not be fetched; the message is in Russian."""


@dataclasses.dataclass(frozen=True, slots=True)
class FeedResponse:
    status: int  # 200, or 304 when nothing changed since the etag / last-modified given
    body: bytes
    etag: str
    last_modified: str
    url: str  # after redirects

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise FeedFetchError(f"Лента перенаправляет на недопустимый адрес: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_feed(
    url: str,
    etag: str = "",
    last_modified: str = "",
    *,
    timeout: float = 20.0,
    max_bytes: int = 10 * MB,
) -> FeedResponse:
    """GET the feed, sending the validators of the previous fetch so an unchanged feed costs a 304."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FeedFetchError(f"Адрес ленты должен начинаться с http:// или https://: {url}")
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked above
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:  # the scheme is checked above
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_bytes:
                raise FeedFetchError(f"Лента слишком большая: {human_size(declared)}.")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FeedFetchError(f"Лента больше {human_size(max_bytes)}: чтение прервано.")
            return FeedResponse(
                response.status,
                body,
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
                response.geturl(),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FeedResponse(
                304, b"", exc.headers.get("ETag", etag), exc.headers.get("Last-Modified", last_modified), url
            )
        if 300 <= exc.code < 400:
            raise FeedFetchError(
                f"Лента перенаправляет на недопустимый адрес: {exc.headers.get('Location')}"
            ) from exc
        raise FeedFetchError(f"Сервер ленты ответил ошибкой {exc.code} {exc.reason}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FeedFetchError(f"Ленту не удалось загрузить: {reason}.") from exc


def parse_feed(
    data: bytes,
    *,
    source: str = "online",
    base_url: str = "",
    fetched_at: dt.datetime | None = None,
    limits: ReadLimits | None = None,
) -> list[FeedbackRecord | list[RowError]]:
    """The entries of an RSS 2.0 or Atom document as media records; `RowError.row` is the entry's
    ordinal number. An entry without a date is dated `fetched_at`, when given."""
    limits = limits or DEFAULT_LIMITS
    if not data.strip():
        raise UnreadableFile(f"{_WHAT} пуста.")
    if len(data) > limits.max_bytes:
        raise UnreadableFile(f"{_WHAT} слишком большая: {human_size(len(data))}.")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise UnreadableFile(f"{_WHAT}: это не RSS и не Atom (и вообще не XML).")
    check_document(data, _WHAT)
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        raise UnreadableFile(f"{_WHAT}: это не RSS и не Atom.")
    if len(parsed.entries) > limits.max_items:
        raise UnreadableFile(f"{_WHAT}: больше {limits.max_items} записей.")
    outlet = strip_html(parsed.feed.get("title", ""))
    return [
        _entry(entry, number, source, outlet, fetched_at, limits)
        for number, entry in enumerate(parsed.entries, start=1)
    ]


def _entry(
    entry: Mapping[str, Any],
    number: int,
    source: str,
    outlet: str,
    fetched_at: dt.datetime | None,
    limits: ReadLimits,
) -> FeedbackRecord | list[RowError]:
    errors: list[RowError] = []
    link = str(entry.get("link", "")).strip()
    source_id = str(entry.get("id", "")).strip()
    if not source_id and link:
        source_id = "link:" + hashlib.sha256(link.encode()).hexdigest()[:32]
    if not source_id:
        errors.append(RowError(number, "guid", "у записи нет ни идентификатора, ни ссылки"))
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    received = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC) if stamp else fetched_at
    if received is None:
        errors.append(RowError(number, "pubDate", "у записи нет даты публикации"))
    title = strip_html(str(entry.get("title", "")))
    contents = [str(c.get("value", "")) for c in entry.get("content", [])]
    text = strip_html(max(contents, key=len) if contents else str(entry.get("summary", "")))
    for column, value in (("title", title), ("description", text)):
        if len(value) > limits.max_cell_chars:
            errors.append(RowError(number, column, f"текст длиннее {limits.max_cell_chars} символов"))
    if errors or received is None:
        return errors
    raw = {"outlet": outlet, "id": source_id, "link": link, "published": entry.get("published", "")}
    return FeedbackRecord(
        channel="media",
        source=source,
        source_id=source_id,
        received_at=received,
        title=title,
        text=text,
        url=link,
        raw=raw,
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(markup: str) -> str:
    """Plain text of an HTML fragment: paragraphs on their own lines, spacing collapsed."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = html.unescape("".join(collector.parts))
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
