"""Media feeds configured by an administrator, polled by the worker with conditional requests."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from otklik.audit import context
from otklik.intake import readers
from otklik.intake.models import MediaFeed
from otklik.registry.record import FeedbackRecord
from otklik.registry.services import register_many


def claim(feed: MediaFeed, now: dt.datetime) -> bool:
    """Take the feed for this run: a conditional UPDATE, so two workers never poll it at once."""
    due_before = now - dt.timedelta(minutes=feed.interval_minutes)
    return bool(
        MediaFeed.objects.filter(pk=feed.pk, enabled=True)
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=due_before))
        .update(last_polled_at=now)
    )


def poll(feed: MediaFeed) -> int:
    """Fetch one feed and register its new publications; returns how many were new."""
    try:
        response = readers.fetch_feed(feed.url, feed.etag, feed.last_modified)
    except readers.FeedFetchError as exc:
        MediaFeed.objects.filter(pk=feed.pk).update(last_status=f"ошибка: {exc}"[:500])
        return 0
    if response.not_modified:
        MediaFeed.objects.filter(pk=feed.pk).update(last_status="не изменилась (304)")
        return 0
    try:
        entries = readers.parse_feed(response.body, source=feed.source, fetched_at=timezone.now())
    except readers.UnreadableFile as exc:
        MediaFeed.objects.filter(pk=feed.pk).update(last_status=f"ошибка: {exc.message}"[:500])
        return 0
    records = [e for e in entries if isinstance(e, FeedbackRecord)]
    for record in records:
        record.raw.setdefault("outlet", feed.name)
    created = sum(o.status == "created" for o in register_many(records))
    MediaFeed.objects.filter(pk=feed.pk).update(
        etag=response.etag[:255],
        last_modified=response.last_modified[:255],
        last_status=f"записей в ленте {len(entries)}, новых {created}",
    )
    return created


def poll_due_feeds() -> int:
    """Poll every enabled feed whose interval has passed; the worker calls this on its schedule."""
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        now = timezone.now()
        return sum(poll(feed) for feed in MediaFeed.objects.filter(enabled=True) if claim(feed, now))
    finally:
        context.reset(token)
