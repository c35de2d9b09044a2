"""A large report in a real browser: the download button leads to a page that says the file is being made,
the page turns into the download by itself once the worker has made it, and the file has its usual name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from otklik.accounts.models import User
from otklik.conftest import sign_in
from otklik.reports import export_jobs
from otklik.reports.models import ExportJob
from otklik.reports.tests.factory import build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_report_is_followed_on_its_page_and_downloaded_when_made(
    browser_page: Any, users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    settings.REPORT_INLINE_RECORDS = 5  # the constructed quarter holds ten records
    build_quarter()
    page = browser_page
    sign_in(page, "leader")

    page.goto("/reports/quarterly/2026Q3/")
    page.locator("a.download-docx").first.click()
    page.wait_for_url("**/reports/exports/*/")
    assert page.locator("h1").inner_text() == "Ежеквартальная аналитическая справка, III квартал 2026 (DOCX)"
    waiting = page.locator("[data-progress-text]")
    assert waiting.inner_text().startswith("в очереди, прошло")
    assert page.get_by_text("10 записей за период").count() == 1
    page.screenshot(path=str(tmp_path / "report-job-queued.png"), full_page=True)

    # The worker takes it: the page, polling, says so without reloading.
    ExportJob.objects.update(status=ExportJob.Status.RUNNING)
    page.locator("[data-progress-text]", has_text="готовится, прошло").wait_for()
    page.screenshot(path=str(tmp_path / "report-job-running.png"), full_page=True)

    export_jobs.run(ExportJob.objects.get().pk)

    button = page.locator("#export-download")  # the page polls and reloads itself
    button.wait_for()
    assert button.inner_text() == "Скачать quarterly-2026Q3.docx"
    page.screenshot(path=str(tmp_path / "report-job-done.png"), full_page=True)
    with page.expect_download() as caught:
        button.click()
    assert caught.value.suggested_filename == "quarterly-2026Q3.docx"
