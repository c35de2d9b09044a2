from __future__ import annotations

import re
from typing import Any

from otklik.accounts.models import User
from otklik.reports.tests.factory import build_quarter
from otklik.reports.tests.support import client_for, figures_of, total


def test_every_dashboard_figure_equals_the_count_of_the_list_it_links_to(users: dict[str, User]) -> None:
    build_quarter()
    client = client_for("leader")
    for query in ("period=2026Q3", "period=2026Q3&channel=2", "period=2026Q2"):
        page = client.get(f"/reports/dashboard/?{query}")
        links = figures_of(page)
        assert len(links) > 5, query
        for count, href in links:
            assert total(client.get(href)) == str(count), (query, href)


def test_the_dashboard_shows_the_quarters_figures(users: dict[str, User]) -> None:
    build_quarter()
    links = figures_of(client_for("leader").get("/reports/dashboard/?period=2026Q3"))
    assert links[0][0] == 10 and links[1][0] == 5  # volume and negatives of the quarter


def test_a_quarterly_report_page_links_its_figures_to_the_registry(users: dict[str, User]) -> None:
    build_quarter()
    client = client_for("analyst")
    page = client.get("/reports/quarterly/2026Q3/")
    links = re.findall(r'<td class="num"><a href="([^"]+)">([\d\u00a0]+)</a>', page.content.decode())
    assert len(links) > 10
    for href, text in links:
        assert total(client.get(href.replace("&amp;", "&"))) == text.replace("\u00a0", "")


def test_the_cli_writes_the_report_file(reference: Any, tmp_path: Any) -> None:
    from django.core.management import call_command

    build_quarter()
    for kind, code in (("quarterly", "2026Q3"), ("weekly", "2026-W33"), ("daily", "2026-08-10")):
        target = tmp_path / f"{kind}.docx"
        call_command("report", kind, code, "--format", "docx", "-o", str(target))
        assert target.stat().st_size > 5000
