"""Media feeds: polled with conditional requests; a publication seen twice is stored once."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from otklik.intake.feeds import poll_due_feeds
from otklik.intake.models import MediaFeed
from otklik.registry.models import Feedback

RSS = (Path(__file__).resolve().parents[3] / "docs" / "formats" / "samples" / "media.rss").read_bytes()


class FeedHandler(http.server.BaseHTTPRequestHandler):
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:
        FeedHandler.requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(RSS)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    FeedHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/rss"
    server.shutdown()


def test_a_feed_is_polled_with_its_etag_and_stores_each_publication_once(
    reference: object, feed_url: str
) -> None:
    feed = MediaFeed.objects.create(name="Тестовая лента", url=feed_url, interval_minutes=60)
    first = poll_due_feeds()
    assert first > 0 and Feedback.objects.filter(channel__code="media").count() == first
    assert poll_due_feeds() == 0, "not due again within its interval"
    MediaFeed.objects.filter(pk=feed.pk).update(last_polled_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert poll_due_feeds() == 0
    assert FeedHandler.requests[-1].get("If-None-Match") == '"v1"'
    feed.refresh_from_db()
    assert "304" in feed.last_status
    MediaFeed.objects.filter(pk=feed.pk).update(etag="", last_polled_at=None)
    assert poll_due_feeds() == 0, "the same publications fetched again are not stored twice"
    assert Feedback.objects.filter(channel__code="media").count() == first
