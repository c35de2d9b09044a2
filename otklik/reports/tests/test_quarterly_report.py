from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from otklik.intake.models import Feedback
from otklik.lib.periods import parse_period
from otklik.reports.builders.quarterly import quarterly
from otklik.reports.figures import in_period
from otklik.reports.render import render
from otklik.reports.tests.factory import build_quarter

Q3 = parse_period("2026Q3")


@pytest.fixture
def quarter(reference: Any) -> Any:
    return build_quarter()


def db_counts(channel: int | None = None) -> tuple[int, int]:
    qs = in_period(Feedback.objects.all(), Q3)
    if channel:
        qs = qs.filter(channel__number=channel)
    return qs.count(), qs.filter(tone="negative").count()


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = open_docx(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def row_of(table: list[list[Any]], label: str) -> list[Any]:
    return next(r for r in table if isinstance(r[0], str) and r[0].startswith(label))


def test_the_docx_figures_equal_those_computed_from_the_database(quarter: Any) -> None:
    data = render(quarterly(Q3), "docx")
    doc = open_docx(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "УФНС РОССИИ ПО ХАБАРОВСКОМУ КРАЮ" in text and "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert "за III квартал 2026 года" in text
    assert "1. Общие сведения о поступившей обратной связи" in text
    tables = docx_tables(data)
    volume, negative = tables[0], tables[1]
    total, neg = db_counts()
    assert row_of(volume, "Итого")[1] == str(total) == "10"
    assert row_of(volume, "Итого")[2] == "5"  # the previous quarter
    assert row_of(volume, "Итого")[4] == "2"  # the same quarter a year before
    vk_total, vk_negative = db_counts(6)
    assert row_of(negative, "6.")[1:4] == [str(vk_total), str(vk_negative), "33,3"]
    assert row_of(negative, "Итого")[2] == str(neg) == "5"
    assert len(doc.inline_shapes) >= 3  # charts
    assert "Начальник отдела" in [c.text for c in doc.tables[-1].rows[0].cells]


def test_the_xlsx_has_a_sheet_per_table_with_numbers_as_numbers(quarter: Any) -> None:
    book = load_workbook(io.BytesIO(render(quarterly(Q3), "xlsx")))
    names = book.sheetnames
    assert names[0] == "Справка" and any(n.startswith("1.1 ") for n in names)
    volume = [list(r) for r in book[names[1]].iter_rows(min_row=3, values_only=True)]
    assert row_of(volume, "Итого")[1] == db_counts()[0]
    grades = next(book[n] for n in names if n.startswith("2.1 "))
    rows = [list(r) for r in grades.iter_rows(min_row=3, values_only=True)]
    staff = row_of(rows, "Вежливость")
    expected = round(sum((1, 2, 5, 5, 4, 4)) / 6, 2)
    assert staff[1] == expected and isinstance(staff[1], float) and staff[2] == 6
    assert row_of(rows, "Вежливость")[4] == 1.0  # a year before


def test_the_main_problems_quote_masked_text_and_give_the_count(quarter: Any) -> None:
    Feedback.objects.filter(text__startswith="Не пришло").update(
        text="Иванов: не пришло уведомление", masked_text="[ФИО]: не пришло уведомление"
    )
    document = quarterly(Q3)
    html = render(document, "html").decode()
    assert "«Налоговые уведомления»: 3 отрицательных отзывов из 3" in html
    assert "[ФИО]: не пришло уведомление" in html and "Иванов" not in html


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_report_renders_in_every_format(quarter: Any, fmt: str) -> None:
    data = render(quarterly(Q3), fmt)
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"<!doctype html>")


def test_the_report_builds_for_an_empty_quarter(reference: Any) -> None:
    for fmt in ("html", "docx", "xlsx", "pdf"):
        assert render(quarterly(parse_period("2019Q1")), fmt)


def test_a_unit_report_keeps_only_the_units_records(quarter: Any) -> None:
    from otklik.org.models import Unit

    document = quarterly(Q3, Unit.objects.get(code="16"))
    volume = document.tables()[0][1]
    assert row_of(volume.rows, "Итого")[1] == 3  # the three appeals on tax notices
