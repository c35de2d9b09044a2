import datetime as dt

import pytest

from otklik.lib.deadlines import NonWorkingEnd, Regime, appeal_deadlines
from otklik.lib.workdays import default_calendar

D = dt.date
CALENDAR = default_calendar()


def test_a_citizens_appeal_is_registered_in_3_days_forwarded_in_7_and_answered_in_30() -> None:
    due = appeal_deadlines(
        Regime.CITIZENS_APPEAL, received=D(2026, 3, 2), registered=D(2026, 3, 3), calendar=CALENDAR
    )
    assert due.register_by == D(2026, 3, 5)
    assert due.forward_by == D(2026, 3, 10)
    assert due.answer_by == D(2026, 4, 2)
    assert not due.extended


def test_one_extension_adds_up_to_30_days_to_the_answer() -> None:
    due = appeal_deadlines(
        Regime.CITIZENS_APPEAL,
        received=D(2026, 3, 2),
        registered=D(2026, 3, 3),
        extension_days=30,
        calendar=CALENDAR,
    )
    assert due.original_answer_by == D(2026, 4, 2)
    # Day 60 is Saturday 02.05.2026 and 01.05 is a holiday: the working day before is 30.04.
    assert due.answer_by == D(2026, 4, 30)
    assert due.extended


def test_an_extension_beyond_30_days_is_refused() -> None:
    with pytest.raises(ValueError, match="30"):
        appeal_deadlines(Regime.CITIZENS_APPEAL, received=D(2026, 3, 2), extension_days=31, calendar=CALENDAR)


def test_a_term_ending_on_a_day_off_moves_to_the_working_day_before_by_default() -> None:
    # Registered 01.12.2025: day 30 is 31.12.2025, a day off; the working day before is 30.12.2025.
    def answer_by(rule: NonWorkingEnd) -> dt.date:
        return appeal_deadlines(
            Regime.CITIZENS_APPEAL,
            received=D(2025, 11, 28),
            registered=D(2025, 12, 1),
            calendar=CALENDAR,
            non_working_end=rule,
        ).answer_by

    assert answer_by(NonWorkingEnd.PREVIOUS_WORKING_DAY) == D(2025, 12, 30)
    assert answer_by(NonWorkingEnd.NEXT_WORKING_DAY) == D(2026, 1, 12)
    assert answer_by(NonWorkingEnd.KEEP) == D(2025, 12, 31)
    assert appeal_deadlines(
        Regime.CITIZENS_APPEAL, received=D(2025, 11, 28), registered=D(2025, 12, 1), calendar=CALENDAR
    ).answer_by == D(2025, 12, 30)


def test_an_unregistered_appeal_counts_from_the_last_day_allowed_for_registration() -> None:
    due = appeal_deadlines(Regime.CITIZENS_APPEAL, received=D(2026, 3, 2), calendar=CALENDAR)
    # 05.03 + 30 days = Saturday 04.04 → Friday 03.04.
    assert due.answer_by == D(2026, 4, 3)


def test_a_tax_complaint_is_decided_in_15_working_days_from_receipt() -> None:
    # Received Friday 24.04.2026; the term starts the next day and skips 1–3 and 9–11 May.
    due = appeal_deadlines(Regime.TAX_COMPLAINT, received=D(2026, 4, 24), calendar=CALENDAR)
    assert due.answer_by == D(2026, 5, 19)
    assert due.register_by is None and due.forward_by is None


def test_a_tax_complaint_extension_adds_working_days_up_to_15() -> None:
    due = appeal_deadlines(
        Regime.TAX_COMPLAINT, received=D(2026, 4, 24), extension_days=15, calendar=CALENDAR
    )
    assert due.original_answer_by == D(2026, 5, 19)
    assert due.answer_by == D(2026, 6, 9)
    with pytest.raises(ValueError, match="140"):
        appeal_deadlines(Regime.TAX_COMPLAINT, received=D(2026, 4, 24), extension_days=16, calendar=CALENDAR)


def test_a_tax_complaint_over_new_year_skips_the_holidays() -> None:
    due = appeal_deadlines(Regime.TAX_COMPLAINT, received=D(2025, 12, 25), calendar=CALENDAR)
    # Working days after 25.12.2025: 26, 29, 30 December, then twelve from 12.01.2026.
    assert due.answer_by == D(2026, 1, 27)


def test_a_negative_extension_is_refused() -> None:
    with pytest.raises(ValueError):
        appeal_deadlines(Regime.TAX_COMPLAINT, received=D(2026, 4, 24), extension_days=-1, calendar=CALENDAR)
