"""The leadership journey through the reports in a real browser: the dashboard, a figure followed to the
records behind it, a search, an export of the selection and the quarterly report downloaded."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from otklik.accounts.models import User
from otklik.conftest import sign_in
from otklik.reports.tests.factory import build_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leadership_reads_the_dashboard_follows_a_figure_searches_exports_and_downloads_the_report(
    browser_page: Any, users: dict[str, User], tmp_path: Path
) -> None:
    quarter = build_quarter()
    page = browser_page
    sign_in(page, "leader")

    page.goto("/reports/dashboard/?period=2026Q3")
    assert page.locator("h1").inner_text().startswith("Сводка")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    # The written appeals' negative count, followed to its list: the list holds exactly that many.
    appeals = page.locator("#streams tbody tr", has_text="Письменные обращения")
    figure = appeals.locator("a.figure").nth(1)
    assert figure.get_attribute("data-count") == str(quarter.appeals_negative)
    figure.click()
    page.wait_for_url("**/reports/registry/**")
    assert page.locator("#total").get_attribute("data-total") == str(quarter.appeals_negative)
    assert page.locator("#registry-table tbody tr").count() == quarter.appeals_negative

    # A search narrows the selection by the word in any of its forms.
    page.fill("input[name=q]", "уведомлений")
    page.click("#registry-filters button[type=submit]")
    page.wait_for_url("**q=**")
    rows = page.locator("#registry-table tbody tr")
    assert rows.count() == 3
    page.wait_for_selector("#total[data-total]")  # the count follows the page
    assert page.locator("#total").get_attribute("data-total") == "3"
    assert all("ведомлен" in text for text in rows.all_inner_texts())

    # The selection exported as the user sees it.
    with page.expect_download() as download_info:
        page.click("#export-csv")
    exported = download_info.value.path().read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported), delimiter=";"))
    assert len(lines) == 1 + 3
    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    xlsx = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(xlsx)
    assert xlsx.suffix == ".xlsx"
    sheet = load_workbook(xlsx).active
    assert sheet is not None and len(list(sheet.iter_rows(values_only=True))) == 1 + 3

    # The quarterly report, on the page and downloaded as an official document.
    page.goto("/reports/")
    page.click("a[href$='/reports/quarterly/2026Q3/']")
    page.wait_for_url("**/quarterly/2026Q3/")
    assert page.locator("h1").inner_text().upper() == "АНАЛИТИЧЕСКАЯ СПРАВКА"
    assert "2026" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "quarterly.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("a.download-docx")
    docx = download_info.value
    assert docx.suggested_filename.endswith(".docx")
    saved = tmp_path / docx.suggested_filename
    docx.save_as(saved)
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs).lower()
    assert "аналитическая справка" in text and "2026" in text
