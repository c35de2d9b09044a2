"""The two ways a reader reports trouble: the whole file is unusable, or one row is."""

from __future__ import annotations

import dataclasses


class UnreadableFile(Exception):
    """The file cannot be taken in at all; the message is in Russian and is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclasses.dataclass(frozen=True, slots=True)
class RowError:
    """One problem of one row: `row` counts the header as row 1, as a spreadsheet shows it."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"строка {self.row}"
        if self.column:
            where += f", столбец «{self.column}»"
        return f"{where}: {self.reason}"
