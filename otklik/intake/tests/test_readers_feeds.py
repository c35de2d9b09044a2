"""Fetching feeds with a conditional GET, against a small HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from otklik.intake.readers import FeedFetchError, UnreadableFile, fetch_feed, parse_feed
from otklik.registry.record import FeedbackRecord

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples"
FEED = (SAMPLES / "media.rss").read_bytes()
ETAG = '"rss-v1"'
MODIFIED = "Sat, 08 Mar 2025 03:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        _Handler.seen.append(dict(self.headers.items()))
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == MODIFIED:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self._send(200, FEED, {"ETag": ETAG, "Last-Modified": MODIFIED})
        elif self.path == "/big.xml":
            self._send(200, b"<rss>" + b" " * 50_000 + b"</rss>", {})
        elif self.path == "/unsized.xml":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 50_000)
        elif self.path == "/to-file":
            self._send(302, b"", {"Location": "file:///etc/passwd"})
        elif self.path == "/to-ftp":
            self._send(301, b"", {"Location": "ftp://127.0.0.1/feed.xml"})
        else:
            self._send(404, b"not found", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_first_fetch_returns_the_body_and_the_validators(server: str) -> None:
    response = fetch_feed(f"{server}/feed.xml", timeout=5)
    assert response.status == 200 and not response.not_modified
    assert response.body == FEED
    assert (response.etag, response.last_modified) == (ETAG, MODIFIED)
    records = parse_feed(response.body)
    assert sum(isinstance(r, FeedbackRecord) for r in records) == 4


def test_a_fetch_with_the_etag_sends_it_and_gets_not_modified(server: str) -> None:
    response = fetch_feed(f"{server}/feed.xml", ETAG, timeout=5)
    assert response.not_modified and response.body == b""
    assert response.etag == ETAG
    assert _Handler.seen[-1].get("If-None-Match") == ETAG


def test_a_fetch_with_last_modified_sends_if_modified_since(server: str) -> None:
    response = fetch_feed(f"{server}/feed.xml", last_modified=MODIFIED, timeout=5)
    assert response.status == 304
    assert response.last_modified == MODIFIED
    assert _Handler.seen[-1].get("If-Modified-Since") == MODIFIED


@pytest.mark.parametrize("path", ["/big.xml", "/unsized.xml"])
def test_a_feed_over_the_size_cap_is_refused(server: str, path: str) -> None:
    with pytest.raises(FeedFetchError, match="больш"):
        fetch_feed(f"{server}{path}", timeout=5, max_bytes=10_000)


def test_an_http_error_becomes_a_fetch_error(server: str) -> None:
    with pytest.raises(FeedFetchError, match="404"):
        fetch_feed(f"{server}/missing.xml", timeout=5)


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_a_redirect_away_from_http_is_refused(server: str, path: str) -> None:
    with pytest.raises(FeedFetchError, match="недопустимый адрес"):
        fetch_feed(f"{server}{path}", timeout=5)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.ru/feed.xml", "/etc/passwd"])
def test_only_http_addresses_are_fetched(url: str) -> None:
    with pytest.raises(FeedFetchError, match="http"):
        fetch_feed(url)


def test_an_unreachable_server_is_a_fetch_error() -> None:
    with pytest.raises(FeedFetchError, match="не удалось"):
        fetch_feed("http://127.0.0.1:9/feed.xml", timeout=2)


def test_parse_feed_never_treats_its_bytes_as_a_file_name(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_bytes(FEED)
    with pytest.raises(UnreadableFile, match="не RSS"):
        parse_feed(str(target).encode())
