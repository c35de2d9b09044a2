"""A report as a document model: what it says, independent of the format it is rendered to.

Builders (`builders/`) return a `Document`; renderers (`render/`) turn any `Document` into HTML, DOCX, XLSX
or PDF bytes. Cells hold numbers as numbers, so the spreadsheet stays calculable.
"""

from __future__ import annotations

import dataclasses

Cell = str | int | float | None


@dataclasses.dataclass
class Paragraph:
    text: str


@dataclasses.dataclass
class Quote:
    text: str
    source: str  # e.g. «“Ваш контроль”, ОП № 3, 12.08.2026»


@dataclasses.dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    # Per column: links from the page to the registry records behind a figure (HTML only).
    links: list[list[str]] = dataclasses.field(default_factory=list)

    def is_numeric(self, column: int) -> bool:
        values = [row[column] for row in self.rows if row[column] not in (None, "")]
        return bool(values) and all(isinstance(v, int | float) for v in values)

    def column_weights(self) -> list[float]:
        """Relative column widths for a fixed-width layout: no word is broken, long texts get the room."""
        weights = []
        for i, title in enumerate(self.columns):
            texts = [str(row[i]) for row in self.rows if row[i] not in (None, "")]
            longest_word = max((len(w) for t in [title, *texts] for w in t.split()), default=1)
            if self.is_numeric(i):
                weights.append(float(min(max(longest_word * 1.25 + 2, 7), 20)))
            else:
                mean = sum(map(len, texts)) / len(texts) if texts else len(title)
                weights.append(float(max(min(longest_word, 18), min(mean, 24))))
        return weights


@dataclasses.dataclass
class Chart:
    title: str
    png: bytes


Block = Paragraph | Quote | Table | Chart


@dataclasses.dataclass
class Section:
    title: str
    blocks: list[Block] = dataclasses.field(default_factory=list)
    short: str = ""  # a name of a few words for a spreadsheet's sheet tab; the title where it is short

    @property
    def short_title(self) -> str:
        return self.short or self.title

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclasses.dataclass
class Signature:
    position: str
    name: str


@dataclasses.dataclass
class Document:
    organisation: str  # «УФНС России по Хабаровскому краю»
    kind: str  # «Аналитическая справка», «Обзор публикаций СМИ», ...
    subject: str  # «о результатах мониторинга ... за III квартал 2026 года»
    period_label: str
    file_stem: str  # e.g. quarterly-2026Q3
    sections: list[Section]
    signature: Signature | None = None
    made_on: str = ""  # the date the document was built, dd.mm.yyyy
    performer: str = ""  # «Исполнитель»: who made the document, as a person's name

    def tables(self) -> list[tuple[str, Table]]:
        """Every table with its number «2.1», in reading order."""
        out = []
        for number, section in enumerate(self.sections, start=1):
            tables = [b for b in section.blocks if isinstance(b, Table)]
            out += [(f"{number}.{i}", t) for i, t in enumerate(tables, start=1)]
        return out
