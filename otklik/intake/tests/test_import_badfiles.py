"""The bad-file corpus through the whole import: refused whole, or quarantined row by row, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from otklik.intake import importer
from otklik.intake.importer import import_file
from otklik.intake.models import SavedMapping
from otklik.intake.tests.badfiles import CORPUS, TEST_MAPPING, BadFile
from otklik.org.models import Channel
from otklik.registry.models import Feedback, ImportBatch

CHANNEL = {"table": "appeals", "vk": "vashkontrol", "feed": "media"}

DEFAULT_LIMITS_ONLY = [bad for bad in CORPUS if bad.limits == type(bad.limits)()]


def test_the_corpus_holds_at_least_sixty_distinct_hostile_files() -> None:
    assert len(DEFAULT_LIMITS_ONLY) >= 60
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("apart", [False, True], ids=["read-here", "reading-process"])
@pytest.mark.parametrize("bad", DEFAULT_LIMITS_ONLY, ids=lambda bad: bad.name)
def test_a_bad_file_is_refused_or_quarantined_and_writes_only_its_good_rows(
    reference: object, tmp_path: Path, bad: BadFile, apart: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Through the reading process too: tables of any size are read there.
    monkeypatch.setattr(importer, "APART_FROM_BYTES", 0 if apart else 1 << 60)
    SavedMapping.objects.create(
        name="test_bad", channel=Channel.objects.get(code="appeals"), definition=TEST_MAPPING
    )
    path = bad.write(tmp_path)
    channel = bad.channel or CHANNEL[bad.reader]
    before = Feedback.objects.count()
    batch = import_file(path, channel=channel, mapping="test_bad" if channel == "appeals" else "")
    stored = Feedback.objects.count() - before
    if bad.expect == "unreadable":
        assert batch.status == ImportBatch.Status.FAILED
        assert (bad.import_hint or bad.hint) in batch.message
        assert stored == 0 and batch.created_count == 0 and not batch.quarantine.exists()
        return
    assert batch.status == ImportBatch.Status.DONE, batch.message
    places = set(batch.quarantine.values_list("row_number", "column"))
    for row, column in bad.errors:
        assert any(r == row and (not column or column in c.split(", ")) for r, c in places), (
            row,
            column,
            places,
        )
    if bad.expect == "accepted":
        assert batch.created_count + batch.duplicate_count == bad.records
    assert stored == batch.created_count
