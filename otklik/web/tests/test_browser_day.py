"""A unit's working day in a real browser, from the home page: the officer takes the oldest analysis,
closes three not well-founded items at once and proposes a measure; leadership approves it from its home."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from otklik.accounts.models import User
from otklik.conftest import sign_in
from otklik.intake.models import MediaFeed
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, Cause
from otklik.monitoring.tests.factory import negative_item
from otklik.org.models import Channel
from otklik.registry.linking import link_pending
from otklik.registry.models import ImportBatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the home pages' pictures go, to be looked at; a temporary folder unless named.
SHOTS = os.environ.get("OTKLIK_SCREENSHOTS", "")


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_day_from_the_home_page(browser_page: Any, users: dict[str, User], tmp_path: Path) -> None:
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    # Transactional tests empty the tables between tests, data migrations' rows included.
    for code, name in (("behaviour", "Поведение сотрудника"), ("other", "Другое")):
        Cause.objects.get_or_create(code=code, defaults={"name": name})
    items = [
        negative_item("media", dt.datetime(2026, 11, 16 + i, 10, 0), topic="media.service_quality")
        for i in range(5)
    ]
    services.open_rounds(until=dt.date(2026, 11, 29), start=dt.date(2026, 11, 16))
    link_pending()  # publications are routed once checked for copies from other sources
    services.route_pending()
    analyses = [Analysis.objects.get(feedback=item) for item in items]
    assert {a.unit.code for a in analyses} == {"07"}
    oldest = analyses[0]
    ImportBatch.objects.create(
        channel=Channel.objects.get(code="media"),
        file_name="публикации-ноябрь.xlsx",
        status=ImportBatch.Status.FAILED,
        message="В файле нет столбца «Дата публикации»",
    )
    MediaFeed.objects.create(
        name="Губерния", url="https://example.org/rss", last_status="ошибка: сервер не ответил за 30 секунд"
    )
    page = browser_page

    sign_in(page, "officer")
    assert urlparse(page.url).path == "/"  # the to-do list is where one lands
    rows = page.locator("#todo-analyses tbody tr")
    assert rows.count() == 5
    assert rows.first.get_attribute("data-analysis") == str(oldest.pk)  # the oldest first
    _shot(page, shots, "home-officer")

    rows.first.locator("button.take").click()
    page.wait_for_load_state()
    assert "Взяты в работу: 1" in page.locator(".messages").inner_text()
    oldest.refresh_from_db()
    assert oldest.taken_by == users["officer"]

    for analysis in analyses[1:4]:
        page.check(f"#todo-analyses tr[data-analysis='{analysis.pk}'] input[name=id]")
    page.select_option("select[name=action]", "close_unfounded")
    page.select_option("select[name=cause]", label="Другое")
    page.fill("input[name=reason]", "Публикация не о работе налоговых органов края")
    page.click("#bulk-apply")
    page.wait_for_load_state()
    assert "Закрыты как необоснованные: 3" in page.locator(".messages").inner_text()
    assert page.locator("#todo-analyses tbody tr").count() == 2
    for analysis in analyses[1:4]:
        analysis.refresh_from_db()
        assert (analysis.state, analysis.well_founded) == (Analysis.State.CLOSED, "no")

    page.click(f"#todo-analyses tr[data-analysis='{oldest.pk}'] td:nth-child(2) a")
    page.wait_for_url(f"**/monitoring/analyses/{oldest.pk}/")
    page.select_option("select[name=well_founded]", "yes")
    page.select_option("select[name=cause]", label="Поведение сотрудника")
    page.fill("textarea[name=comment]", "Оператор не ответил журналисту на вопрос о записи на прием.")
    page.click("#analysis-form button[value=save]")
    page.wait_for_load_state()
    page.click("text=Предложить меру")
    page.wait_for_url("**/measures/new/**")
    page.fill("input[name=title]", "Провести занятие с операторами по ответам на вопросы о записи")
    page.fill("input[name=due_date]", "2026-12-25")
    page.click("button:has-text('Предложить')")
    page.wait_for_url("**/measures/*/")
    measure = Measure.objects.get()
    assert measure.state == MeasureState.PROPOSED

    page.context.clear_cookies()
    sign_in(page, "leader")
    waiting = page.locator(f"#waiting tr[data-measure='{measure.pk}']")
    assert "Провести занятие с операторами" in waiting.inner_text()
    _shot(page, shots, "home-leadership")
    waiting.locator("button:has-text('Согласовать')").click()
    page.wait_for_load_state()
    assert "Мера согласована" in page.locator(".messages").inner_text()
    assert page.locator(f"#waiting tr[data-measure='{measure.pk}']").count() == 0
    measure.refresh_from_db()
    assert measure.state == MeasureState.APPROVED
    page.goto("/reports/dashboard/")
    assert "Все показатели страницы — за эти дни" in page.locator("#comparison").inner_text()
    _shot(page, shots, "dashboard")

    page.context.clear_cookies()
    sign_in(page, "admin")
    assert "публикации-ноябрь.xlsx" in page.locator("#failed-imports").inner_text()
    assert "Губерния" in page.locator("#feeds").inner_text()
    _shot(page, shots, "home-admin")
