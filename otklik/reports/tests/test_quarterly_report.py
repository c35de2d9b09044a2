from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from otklik.lib.periods import parse_period
from otklik.registry.models import Feedback
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
    signature = [c.text for c in doc.tables[-1].rows[0].cells]
    assert signature[0] == "Начальник отдела работы с налогоплательщиками"
    assert "И. О. Фамилия" not in data.decode("latin-1") and "И. О. Фамилия" not in text


def sheet_rows(sheet: Any) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_the_xlsx_has_every_section_on_a_readable_sheet_with_numbers_as_numbers(quarter: Any) -> None:
    document = quarterly(Q3)
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    names = book.sheetnames
    assert names[0] == "Справка"
    assert len(names) == 1 + len(document.sections)  # every section, those without tables too
    for number, (name, section) in enumerate(zip(names[1:], document.sections, strict=True), start=1):
        assert name == f"{number}. {section.short_title}" and len(name) <= 31
        assert sheet_rows(book[name])[0][0] == f"{number}. {section.title}"
    assert names[6] == "6. Основные проблемы" and names[-1] == "10. Выводы и предложения"
    volume = sheet_rows(book[names[1]])
    assert row_of(volume, "Итого")[1] == db_counts()[0]
    rows = sheet_rows(book[names[2]])
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
    assert "«Налоговые уведомления»: 3 отрицательных отзыва из 3" in html
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


def test_a_long_sheet_name_is_cut_at_a_word() -> None:
    from otklik.reports.render.xlsx import sheet_title

    taken: set[str] = set()
    name = sheet_title("12", "Обратная связь по структурным подразделениям", taken)
    assert name == "12. Обратная связь по…" and len(name) <= 31
    assert (
        sheet_title("12", "Обратная связь по структурным подразделениям", taken)
        == "12. Обратная связь по… (2)"
    )


def pdf_words(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [word for page in reader.pages for word in page.extract_text().split()]


def document_words(document: Any) -> set[str]:
    from otklik.reports.document import Chart, Paragraph, Quote, Table
    from otklik.reports.render.text import cell_text

    texts = [document.organisation.upper(), document.kind.upper(), document.subject, document.made_on]
    texts += [document.performer, "Содержание", "Исполнитель:", "Дата составления:", "____________________"]
    if document.signature:
        texts += [document.signature.position, document.signature.name]
    for number, section in enumerate(document.sections, start=1):
        texts.append(f"{number}. {section.title}")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Quote):
                texts.append(f"«{block.text}» ({block.source})")
            elif isinstance(block, Table):
                texts += [f"Таблица {number}.{i} — {block.title}" for i in range(1, 10)]
                texts += block.columns + [cell_text(v) for row in block.rows for v in row]
            elif isinstance(block, Chart):
                texts += [f"Рисунок {i} — {block.title}" for i in range(1, 20)]
    return {word for text in texts for word in text.split()}


def test_no_word_or_number_is_broken_anywhere_in_the_pdf(quarter: Any) -> None:
    """Every word the PDF shows is a whole word of the document: a word or a date cut by a narrow table
    column («Подразделе/ние», «24.11.202/6») would leave pieces that are not."""
    document = quarterly(Q3)
    known = document_words(document) | {str(n) for n in range(1, 100)}
    shown = pdf_words(render(document, "pdf"))
    assert len(shown) > 300
    pieces = [word for word in shown if word not in known]
    assert pieces == []


def test_a_narrow_column_is_never_narrower_than_its_longest_word() -> None:
    from otklik.reports.document import Table
    from otklik.reports.render import pdf

    table = Table(
        "Проверка",
        ["Подразделение", "Дата", "Всего", "Отрицательных", "Доля, %", "Изменение, п.п.", "Дата", "Тематика"],
        [
            [
                "Отдел урегулирования задолженности физических лиц",
                "24.11.2026",
                3238,
                1234,
                76.2,
                -0.4,
                "01.01.2026",
                "Налоговое администрирование",
            ]
        ],
    )
    document = pdf._new("проверка")
    size, widths = pdf._fitted(document, table)
    assert size >= pdf.SMALLEST_TABLE_PT and abs(sum(widths) - document.epw) < 0.01
    document.set_font(pdf.FAMILY, "B", size)
    for title, width in zip(table.columns, widths, strict=True):
        assert max(document.get_string_width(w) for w in title.split()) < width
    document.set_font(pdf.FAMILY, "", size)
    assert document.get_string_width("24.11.2026") < widths[1]


def test_a_heading_or_caption_is_kept_with_the_start_of_its_table() -> None:
    """What the PDF keeps together before a table (its caption, its header, two rows) is at least what they
    take when drawn: otherwise a section heading is left alone at a page's foot, its table on the next."""
    from otklik.reports.document import Table
    from otklik.reports.render import pdf
    from otklik.reports.render.text import cell_text

    table = Table(
        "Отрицательные отзывы по налоговым органам за квартал и их изменение по сравнению с прошлым",
        ["Налоговый орган", "Всего", "Отрицательных", "Доля, % (II квартал 2026)", "Изменение, п.п."],
        [
            ["Межрайонная инспекция по управлению долгом по Хабаровскому краю", 397, 181, 45.6, -2.7],
            ["Территориально обособленное рабочее место в поселке Ванино", 199, 66, 33.2, 1.4],
            ["УФНС", 1, 0, 0.0, 0.0],
        ],
    )
    document = pdf._new("проверка")
    document.add_page()
    needed = pdf._table_start(document, "3.1", table)
    top = document.get_y()
    pdf._table(document, "3.1", table)
    drawn = document.get_y() - top - 3  # the space after a table
    size, widths = pdf._fitted(document, table)
    last_row = pdf._row_height(document, [cell_text(v) for v in table.rows[2]], widths, size)
    assert document.page == 1
    assert needed >= drawn - last_row - 0.5


def test_the_conclusions_come_from_the_analyses_and_measures(quarter: Any, users: Any) -> None:
    from otklik.monitoring.models import Analysis, Cause
    from otklik.org.models import Unit

    negatives = list(in_period(Feedback.objects.filter(tone="negative"), Q3).order_by("pk"))
    assert len(negatives) == 5
    cause = Cause.objects.create(name="Недостаточное информирование")
    unit = Unit.objects.get(code="07")
    verdicts = ["yes", "partly", "no", None, None]
    for item, verdict in zip(negatives, verdicts, strict=True):
        Analysis.objects.create(
            feedback=item,
            unit=unit,
            state="closed" if verdict else "open",
            well_founded=verdict or "",
            # a complaint found not well-founded keeps its cause, which is not a cause of a well-founded one
            cause=cause if verdict else None,
        )
    section = quarterly(Q3).sections[-1]
    assert section.title == "Выводы и предложения"
    text = " ".join(getattr(b, "text", "") for b in section.blocks)
    assert "Подразделения завершили анализ 3 из 5 отрицательных отзывов периода" in text
    assert "обоснованными (полностью или частично) признаны 2 (66,7\u00a0%)" in text
    assert "недостаточное информирование — 2" in text
    assert "Завершить анализ 2 отрицательных отзывов, по которым он не окончен." in text
    assert "Меры по устранению недостатков в периоде не предлагались." in text
    assert "рассмотреть и предложить меры по тематике" in text


def test_the_signature_names_the_head_and_the_performer_is_the_person_who_made_it(
    quarter: Any, users: Any
) -> None:
    from otklik.org.models import Unit
    from otklik.reports import catalogue

    Unit.objects.filter(code="07").update(head_name="Е. В. Григорьева")
    officer = users["officer"]
    officer.last_name, officer.first_name, officer.patronymic = "Лебедев", "Дмитрий", "Сергеевич"
    officer.save()
    document = catalogue.build("quarterly", Q3, made_by=officer)
    assert document.signature is not None and document.signature.name == "Е. В. Григорьева"
    assert document.performer == "Лебедев Дмитрий Сергеевич, отдел работы с налогоплательщиками"
    doc = open_docx(io.BytesIO(render(document, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Исполнитель: Лебедев Дмитрий Сергеевич" in text and "officer" not in text
    assert [c.text for c in doc.tables[-1].rows[0].cells][2] == "Е. В. Григорьева"
    unit_report = quarterly(Q3, Unit.objects.get(code="16"))
    assert unit_report.signature is not None
    assert unit_report.signature.position == "Начальник отдела камерального контроля имущественных налогов"


def test_the_docx_uses_heading_styles_a_contents_field_and_page_numbers_from_page_two(quarter: Any) -> None:
    data = render(quarterly(Q3), "docx")
    doc = open_docx(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[0] == "1. Общие сведения о поступившей обратной связи" and len(headings) == 10
    body = doc.element.body.xml
    assert "TOC \\o" in body
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
