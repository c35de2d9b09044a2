from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.registry.models import Feedback
from otklik.reports.search import reindex_all, search
from otklik.reports.tests.factory import make

DAY = dt.date(2026, 8, 3)


def found(query: str) -> set[str]:
    return set(search(Feedback.objects.all(), query).values_list("text", flat=True))


def test_a_search_for_a_word_finds_its_inflected_forms(reference: Any) -> None:
    make(2, DAY, text="Не пришли уведомления за 2025 год")
    make(2, DAY, text="Сколько уведомлений можно ждать?")
    make(2, DAY, text="Налоговое уведомление с ошибкой")
    make(2, DAY, text="Очередь в инспекции")
    assert found("уведомление") == {
        "Не пришли уведомления за 2025 год",
        "Сколько уведомлений можно ждать?",
        "Налоговое уведомление с ошибкой",
    }
    assert found("уведомлениями ошибки") == {"Налоговое уведомление с ошибкой"}


def test_query_syntax_in_the_search_box_is_taken_as_words(reference: Any) -> None:
    make(2, DAY, text="Ошибка в налоговом уведомлении")
    for hostile in (
        '"уведомление',
        "уведомление OR *",
        "NEAR(a b)",
        "уведомление & !ошибка",
        "'; DROP TABLE",
    ):
        search(Feedback.objects.all(), hostile).count()  # must not raise
    assert found("!!!") == found("") == {"Ошибка в налоговом уведомлении"}


def test_only_the_masked_text_is_searchable(reference: Any) -> None:
    make(2, DAY, text="Иванов Петр жалуется на очередь", masked_text="[ФИО] жалуется на очередь")
    assert found("Иванов") == set()
    assert found("очередь") == {"Иванов Петр жалуется на очередь"}


def test_reindex_rebuilds_the_index_from_the_registry(reference: Any) -> None:
    make(2, DAY, text="Вычет за лечение не предоставлен")
    Feedback.objects.update(masked_text="Вычет за обучение не предоставлен")
    assert found("обучение") == set()
    assert reindex_all() == 1
    assert len(found("обучения")) == 1


def test_a_common_word_finds_the_same_records_by_either_plan(reference: Any, monkeypatch: Any) -> None:
    make(2, DAY, text="Не пришли уведомления за 2025 год")
    make(2, DAY, text="Налоговое уведомление с ошибкой")
    make(2, DAY, text="Очередь в инспекции")
    by_lookup = found("уведомление")
    monkeypatch.setattr("otklik.reports.search.MANY_MATCHES", 0)  # every word counts as common
    assert (
        found("уведомление")
        == by_lookup
        == {
            "Не пришли уведомления за 2025 год",
            "Налоговое уведомление с ошибкой",
        }
    )
    assert found("уведомление ошибка") == {"Налоговое уведомление с ошибкой"}
    assert found("крокодил") == set()


def test_a_search_within_a_period_follows_a_records_new_time(reference: Any) -> None:
    from otklik.reports.models import SearchDocument
    from otklik.reports.selection import Selection

    moved = make(2, DAY, text="Уведомление пришло поздно")
    make(2, DAY + dt.timedelta(days=40), text="Уведомление в сентябре")
    make(2, DAY, text="Очередь в инспекции")

    def in_period(code: str) -> set[str]:
        chosen = Selection(period=code, q="уведомление").apply(Feedback.objects.all())
        return set(chosen.values_list("text", flat=True))

    assert in_period("2026-08") == {"Уведомление пришло поздно"}
    assert in_period("2026-09") == {"Уведомление в сентябре"}
    Feedback.objects.filter(pk=moved.pk).update(received_at=moved.received_at + dt.timedelta(days=31))
    assert SearchDocument.objects.get(feedback=moved).received_at == moved.received_at + dt.timedelta(days=31)
    assert in_period("2026-08") == set()
    assert in_period("2026-09") == {"Уведомление пришло поздно", "Уведомление в сентябре"}


def test_a_search_count_gets_room_for_exact_bitmaps_only_while_it_runs(reference: Any) -> None:
    from django.db import connection

    from otklik.reports.search import SEARCH_WORK_MEM, bitmap_memory

    if connection.vendor != "postgresql":
        with bitmap_memory():
            assert Feedback.objects.count() == 0  # a no-op elsewhere
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        before = cursor.fetchone()[0]
        with bitmap_memory():
            cursor.execute("SHOW work_mem")
            assert cursor.fetchone()[0] == SEARCH_WORK_MEM
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == before
