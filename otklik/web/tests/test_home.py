"""The home page is the to-do list of the person who signs in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from otklik.audit.models import AuditEvent
from otklik.intake.models import MediaFeed
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import services
from otklik.monitoring.models import Analysis
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Channel, Unit
from otklik.registry.models import Feedback, ImportBatch


def _page(user: Any, address: str = "/") -> str:
    client = Client()
    client.force_login(user)
    answer = client.get(address)
    assert answer.status_code == 200
    return answer.content.decode()


def _listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-analysis="(\d+)"', html)]


def test_an_officer_sees_overdue_rounds_and_the_oldest_and_most_serious_analyses_first(
    reference: Any, users: dict[str, Any]
) -> None:
    old = negative_item("lk_comments", dt.datetime(2025, 11, 3, 10, 0), answering_unit="16")
    new = negative_item("lk_comments", dt.datetime(2025, 11, 20, 10, 0), answering_unit="16")
    serious = negative_item("lk_comments", dt.datetime(2025, 11, 20, 9, 0), answering_unit="16")
    Feedback.objects.filter(pk=serious.pk).update(is_complaint=True, tone_probability=0.99)
    services.open_rounds(dt.date(2026, 1, 1), start=dt.date(2025, 10, 1))
    services.route_pending()
    ids = {f.pk: Analysis.objects.get(feedback=f).pk for f in (old, new, serious)}

    html = _page(users["officer16"])
    assert "Мониторинги к сроку" in html and "просрочен" in html
    assert _listed(html) == [ids[old.pk], ids[serious.pk], ids[new.pk]]
    assert _listed(_page(users["officer16"], "/?sort=serious")) == [ids[serious.pk], ids[old.pk], ids[new.pk]]
    assert "Разграничение ответственности" not in html  # the regulation has its own page in the menu
    assert 'href="/regulation/"' in html
    # Another unit's officer sees none of it.
    assert _listed(_page(users["officer"])) == []


def test_the_officers_list_filters_pages_and_shows_what_was_handed_over(
    reference: Any, users: dict[str, Any]
) -> None:
    for day in range(1, 28):
        negative_item("lk_comments", dt.datetime(2025, 11, day, 10, 0), answering_unit="16")
    handed = negative_item("lk_comments", dt.datetime(2025, 11, 28, 10, 0), answering_unit="19")
    services.route_pending()
    analysis = Analysis.objects.get(feedback=handed)
    services.transfer(analysis, Unit.objects.get(code="16"), "Ответ готовил наш отдел", users["officer"])
    officer = users["officer16"]
    first = _page(officer)
    assert len(_listed(first)) == 25 and "Страница 1 из 2" in first
    assert len(_listed(_page(officer, "/?page=2"))) == 3
    assert _listed(_page(officer, "/?who=handed")) == [analysis.pk]
    services.take(Analysis.objects.filter(unit=officer.unit).order_by("pk").first(), officer)  # type: ignore[arg-type]
    assert len(_listed(_page(officer, "/?who=mine"))) == 1
    assert len(_listed(_page(officer, "/?who=free&page=2"))) == 2  # 27 of the 28 on two pages
    assert len(_listed(_page(officer, "/?who=nonsense&sort=bogus&channel=x"))) == 25  # defaults, no error


def test_leadership_approves_a_waiting_measure_from_home(reference: Any, users: dict[str, Any]) -> None:
    measure = Measure.objects.create(
        title="Обучить операторов", unit=Unit.objects.get(code="16"), due_date=dt.date(2026, 12, 25)
    )
    html = _page(users["leader"])
    assert "Меры на согласовании" in html and "Обучить операторов" in html
    assert "мера ждет согласования" in html  # one measure: the singular form
    officer = Client()
    officer.force_login(users["officer16"])
    assert officer.post(f"/home/measures/{measure.pk}/approve").status_code == 403
    leader = Client()
    leader.force_login(users["leader"])
    answer = leader.post(f"/home/measures/{measure.pk}/approve", follow=True)
    assert "Мера согласована" in answer.content.decode()
    measure.refresh_from_db()
    assert measure.state == MeasureState.APPROVED
    assert AuditEvent.objects.filter(actor=users["leader"]).exists()


def test_the_administrator_sees_failed_imports_feeds_in_error_and_a_stopped_worker(
    reference: Any, users: dict[str, Any]
) -> None:
    ImportBatch.objects.create(
        channel=Channel.objects.get(number=6),
        file_name="vk-ноябрь.xlsx",
        status=ImportBatch.Status.FAILED,
        message="Не найден столбец «Дата отзыва»",
    )
    MediaFeed.objects.create(name="Губерния", url="https://example.org/rss", last_status="ошибка: таймаут")
    MediaFeed.objects.create(
        name="Тихоокеанская звезда", url="https://example.org/toz", last_status="новых 2"
    )
    html = _page(users["admin"])
    assert "vk-ноябрь.xlsx" in html and "Не найден столбец" in html
    assert "Губерния" in html and "Тихоокеанская звезда" not in html
    assert "Ни один обработчик не подает сигнала" in html


def test_the_officers_list_shows_texts_with_personal_data_masked(
    reference: Any, users: dict[str, Any]
) -> None:
    item = negative_item("lk_comments", dt.datetime(2025, 11, 3, 10, 0), answering_unit="16")
    Feedback.objects.filter(pk=item.pk).update(
        text="Петров Петр Петрович, тел. 89141234567: ответа нет",
        masked_text="[ФИО], тел. [ТЕЛЕФОН]: ответа нет",
    )
    services.route_pending()
    before = AuditEvent.objects.count()
    html = _page(users["officer16"])
    assert "[ФИО], тел. [ТЕЛЕФОН]: ответа нет" in html
    assert "Петров" not in html and "89141234567" not in html
    assert AuditEvent.objects.count() == before  # nothing personal shown, so no look to record
