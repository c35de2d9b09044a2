"""Reading ahead in a thread hands out the same chunks as reading in turn, and keeps to its bounds."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from otklik.intake.importer import Item, read_ahead
from otklik.intake.readers import UnreadableFile


def items(count: int, *, fail_at: int | None = None, log: list[int] | None = None) -> Iterator[Item]:
    for i in range(1, count + 1):
        if fail_at == i:
            raise UnreadableFile("На листе больше 10 строк данных: разделите его.")
        if log is not None:
            log.append(i)
        yield Item(i, [], {})


@pytest.mark.parametrize(("count", "sizes"), [(5, [2, 2, 1]), (4, [2, 2, 0]), (0, [0]), (1, [1])])
def test_chunks_are_those_of_reading_in_turn_the_last_one_flagged(count: int, sizes: list[int]) -> None:
    chunks = list(read_ahead(items(count), 2))
    assert [len(chunk) for chunk, _ in chunks] == sizes
    assert [last for _, last in chunks] == [False] * (len(sizes) - 1) + [True]
    assert [it.row for chunk, _ in chunks for it in chunk] == list(range(1, count + 1))


def test_a_file_found_unreadable_deep_inside_arrives_after_the_chunks_read_before_it() -> None:
    got: list[int] = []
    with pytest.raises(UnreadableFile, match="больше 10 строк"):
        for chunk, _ in read_ahead(items(100, fail_at=8), 3):
            got.extend(it.row for it in chunk)
    assert got == [1, 2, 3, 4, 5, 6]  # row 7 was read but its chunk never completed, as before


def test_the_reader_stays_a_bounded_number_of_chunks_ahead_and_stops_with_the_caller() -> None:
    log: list[int] = []
    closed = threading.Event()

    def rows() -> Iterator[Item]:
        try:
            yield from items(10_000, log=log)
        finally:
            closed.set()

    chunks = read_ahead(rows(), 10)
    first, _ = next(chunks)
    time.sleep(0.3)  # time enough for an unbounded reader to read everything
    assert len(first) == 10
    assert len(log) <= 10 * 4 + 1
    chunks.close()  # the caller stops: the thread ends and the file is closed
    assert closed.is_set()
    assert not any(t.name == "import-reader" and t.is_alive() for t in threading.enumerate())
