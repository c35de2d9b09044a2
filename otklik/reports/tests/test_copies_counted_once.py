"""The same story from a feed and from an agency's table is one publication with two sources: the dashboard,
the reports and the registry count it once, on SQLite (monthly tallies) as on PostgreSQL (by query)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.accounts.models import User
from otklik.lib.periods import parse_period
from otklik.registry.linking import link_pending
from otklik.registry.models import Feedback, FeedbackLink, Tone
from otklik.registry.record import FeedbackRecord
from otklik.registry.services import register_many
from otklik.reports import figures, tallies
from otklik.reports.builders.quarterly import quarterly
from otklik.reports.dashboard import dashboard
from otklik.reports.document import Table
from otklik.reports.selection import Selection
from otklik.reports.tests.support import client_for, figures_of, total

Q3 = parse_period("2026Q3")
DAY = dt.datetime(2026, 8, 3, 1, 0, tzinfo=dt.UTC)
STORY = (
    "В налоговой инспекции на улице Ленина третий день очереди: электронная очередь не работает, талоны "
    "выдают вручную, посетители ждут по два часа и жалуются на духоту в зале ожидания"
)


def publication(source_id: str, days: int, url: str) -> FeedbackRecord:
    return FeedbackRecord(
        channel="media",
        source_id=source_id,
        source="online",
        received_at=DAY + dt.timedelta(days=days),
        title="Очереди в налоговой",
        text=STORY,
        url=url,
        raw={"outlet": "ДВ Новости"},
    )


def plant_the_pair() -> None:
    register_many(
        [
            publication("rss-1", 0, "https://dvnovosti.ru/news/2026/08/03/ocheredi-123/"),
            publication("xlsx-1", 1, "http://www.dvnovosti.ru/news/2026/08/03/ocheredi-123?utm_source=x"),
        ]
    )
    while link_pending():
        pass
    assert FeedbackLink.objects.filter(kind=FeedbackLink.Kind.DUPLICATE).count() == 1
    Feedback.objects.filter(channel__code="media").update(tone=Tone.NEGATIVE)  # as the analysis finds it


def counted() -> figures.Tally:
    return figures.overall(
        figures.tallies(Selection(period=Q3.code), Q3, "channel_id", "office_id", "topic_id")
    )


def test_the_dashboard_counts_a_publication_from_two_sources_once(users: dict[str, User]) -> None:
    plant_the_pair()
    assert tallies.in_step()  # the monthly tallies are kept on SQLite and PostgreSQL alike
    figures_now = dashboard(Selection(), Q3, today=dt.date(2026, 10, 5))
    assert (figures_now["total"].value, figures_now["negative"].value) == (1, 1)
    client = client_for("leader")
    links = figures_of(client.get("/reports/dashboard/?period=2026Q3"))
    assert links[0][0] == 1 and links[1][0] == 1
    for count, href in links:
        assert total(client.get(href)) == str(count), href
    assert total(client.get("/reports/registry/?period=2026Q3&copies=yes")) == "2"


def test_the_quarterly_report_counts_it_once(reference: Any) -> None:
    plant_the_pair()
    assert figures.overall(figures.tallies(Feedback.objects.all(), Q3, "channel_id")).total == 1
    volume = next(
        block
        for section in quarterly(Q3).sections
        for block in section.blocks
        if isinstance(block, Table) and block.title.startswith("Количество поступившей")
    )
    assert [str(row[1]) for row in volume.rows if row[0] == "Итого"] == ["1"]


def test_the_copy_counts_again_when_its_link_goes_and_not_twice_when_erased(reference: Any) -> None:
    plant_the_pair()
    assert (counted().total, counted().negative) == (1, 1)
    link = FeedbackLink.objects.get()
    FeedbackLink.objects.filter(pk=link.pk).update(kind=FeedbackLink.Kind.REPEAT)  # corrected by hand
    assert counted().total == 2
    FeedbackLink.objects.filter(pk=link.pk).update(kind=FeedbackLink.Kind.DUPLICATE)
    assert counted().total == 1
    Feedback.objects.filter(source_id="xlsx-1").delete()  # the copy erased: its link goes with it
    assert (counted().total, counted().negative) == (1, 1)
    Feedback.objects.filter(source_id="rss-1").update(tone=Tone.NEUTRAL)
    assert (counted().total, counted().negative) == (1, 0)
