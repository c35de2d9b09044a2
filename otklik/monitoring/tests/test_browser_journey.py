"""The order at work in a real browser: an officer opens an overdue round, analyses a negative item and
proposes a measure; leadership approves it; the officer closes the analysis and the round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from otklik.accounts.models import User
from otklik.conftest import sign_in
from otklik.measures.models import Measure, MeasureState
from otklik.monitoring import services
from otklik.monitoring.models import Analysis, Cause, MonitoringRound
from otklik.monitoring.tests.factory import negative_item
from otklik.registry.linking import link_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_analyses_an_overdue_round_and_leadership_approves_the_measure(
    browser_page: Any, users: dict[str, User], tmp_path: Path
) -> None:
    # Transactional tests empty the tables between tests, data migrations' rows included.
    Cause.objects.get_or_create(code="behaviour", defaults={"name": "Поведение сотрудника"})
    item = negative_item("media", dt.datetime(2026, 11, 20, 10, 0), topic="media.service_quality")
    services.open_rounds(until=dt.date(2026, 11, 29), start=dt.date(2026, 11, 20))
    link_pending()  # publications are routed once checked for copies from other sources
    services.route_pending()
    analysis = Analysis.objects.get(feedback=item)
    assert analysis.unit.code == "07"
    page = browser_page

    sign_in(page, "officer")
    page.goto("/monitoring/my/")
    overdue = page.locator("tr", has_text="2026-11-20").filter(has_text="просрочен").first
    overdue.locator("a").first.click()
    page.wait_for_url("**/monitoring/rounds/**")
    page.screenshot(path=str(tmp_path / "round.png"), full_page=True)

    page.locator(f"a[href='/monitoring/analyses/{analysis.pk}/']").click()
    page.wait_for_url(f"**/monitoring/analyses/{analysis.pk}/")
    page.select_option("select[name=well_founded]", "yes")
    page.select_option("select[name=cause]", label="Поведение сотрудника")
    page.fill("textarea[name=comment]", "Сотрудник не дал ответа на вопрос о записи на прием.")
    page.click("#analysis-form button[value=save]")
    page.wait_for_load_state()
    # Closing a well-founded complaint without a measure is refused, with the reason shown.
    page.click("#analysis-form button[value=close]")
    page.wait_for_load_state()
    assert "мер" in page.locator("main").inner_text()
    analysis.refresh_from_db()
    assert analysis.state == Analysis.State.OPEN and analysis.well_founded == "yes"

    page.click("text=Предложить меру")
    page.wait_for_url("**/measures/new/**")
    page.fill("input[name=title]", "Провести занятие с операторами по ответам на вопросы о записи")
    page.fill("input[name=due_date]", "2026-12-25")
    page.click("button:has-text('Предложить')")
    page.wait_for_url("**/measures/*/")
    assert page.locator("#state").inner_text() == MeasureState.PROPOSED.label
    measure = Measure.objects.get()
    assert measure.feedback.filter(pk=item.pk).exists()

    page.context.clear_cookies()
    sign_in(page, "leader")
    page.goto(f"/measures/{measure.pk}/")
    page.click("button:has-text('Согласовать')")
    page.wait_for_load_state()
    assert page.locator("#state").inner_text() == MeasureState.APPROVED.label
    page.screenshot(path=str(tmp_path / "measure.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, "officer")
    page.goto(f"/monitoring/analyses/{analysis.pk}/")
    page.click("#analysis-form button[value=close]")
    page.wait_for_load_state()
    analysis.refresh_from_db()
    assert analysis.state == Analysis.State.CLOSED
    media_round = MonitoringRound.objects.get(unit__code="07", period_code="2026-11-20")
    page.goto(f"/monitoring/rounds/{media_round.pk}/")
    page.fill("textarea[name=conclusion]", "Недостаток устранен мерой по обучению операторов.")
    page.click("button:has-text('Закрыть с выводом')")
    page.wait_for_load_state()
    media_round.refresh_from_db()
    assert media_round.state == MonitoringRound.State.CLOSED
