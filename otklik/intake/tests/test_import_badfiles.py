"""The bad-file corpus through the whole import: refused whole, or quarantined row by row, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from otklik.intake import importer
from otklik.intake.importer import import_file
from otklik.intake.models import Feedback, ImportBatch, SavedMapping
from otklik.intake.tests.badfiles import CORPUS, TEST_MAPPING, BadFile
from otklik.org.models import Channel

CHANNEL = {"table": "appeals", "vk": "vashkontrol", "feed": "media"}
DEFAULT_LIMITS_ONLY = [bad for bad in CORPUS if bad.limits == type(bad.limits)()]


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
    batch = import_file(
        path, channel=CHANNEL[bad.reader], mapping="test_bad" if bad.reader == "table" else ""
    )
    stored = Feedback.objects.count()
    if bad.expect == "unreadable":
        assert batch.status == ImportBatch.Status.FAILED
        assert batch.message and stored == 0
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
