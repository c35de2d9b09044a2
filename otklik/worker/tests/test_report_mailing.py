"""Periodic reports are mailed on schedule with the report attached, once per mailing and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from otklik.lib.periods import Periodicity
from otklik.lib.workdays import default_calendar
from otklik.worker import mailings as jobs
from otklik.worker.models import MailingDelivery, ReportMailing


def local(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def make_mailing(kind: str, created: dt.datetime, **fields: Any) -> ReportMailing:
    mailing = ReportMailing.objects.create(kind=kind, **fields)
    ReportMailing.objects.filter(pk=mailing.pk).update(created_at=created)
    mailing.refresh_from_db()
    return mailing


def test_the_daily_digest_of_yesterday_is_mailed_once_with_the_report_attached(
    reference: Any, mailoutbox: list[Any]
) -> None:
    make_mailing("daily", local(2026, 11, 23, 12, 0), fmt="xlsx", emails="press@example.ru, chief@example.ru")
    tuesday_morning = local(2026, 11, 24, 9, 0)

    assert jobs.send_due_reports(now=tuesday_morning) == "отправлено писем: 1"
    assert jobs.send_due_reports(now=tuesday_morning + dt.timedelta(hours=1)) == "отправлено писем: 0"

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["press@example.ru", "chief@example.ru"]
    assert "23.11.2026" in mail.subject
    [(filename, content, mimetype)] = mail.attachments
    assert filename.endswith(".xlsx")
    assert content[:2] == b"PK"  # a real spreadsheet (a zip package)
    assert mimetype.endswith("spreadsheetml.sheet")
    delivery = MailingDelivery.objects.get()
    assert (delivery.period, delivery.status) == ("2026-11-23", MailingDelivery.Status.SENT)


def test_the_weekly_report_goes_on_monday_to_the_users_of_the_mailing(
    users: dict[str, Any], mailoutbox: list[Any]
) -> None:
    leader = users["leader"]
    leader.email = "leader@example.ru"
    leader.save()
    mailing = make_mailing("weekly", local(2026, 11, 25, 12, 0), fmt="docx")
    mailing.users.add(leader)

    jobs.send_due_reports(now=local(2026, 11, 30, 7, 0))  # Monday before the sending hour
    assert mailoutbox == []
    jobs.send_due_reports(now=local(2026, 11, 30, 8, 30))
    jobs.send_due_reports(now=local(2026, 12, 1, 8, 30))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["leader@example.ru"]
    assert mailoutbox[0].attachments[0][0].endswith(".docx")
    assert MailingDelivery.objects.get().period == "2026-W48"


def test_a_failed_mail_is_not_recorded_as_sent_and_goes_out_on_the_next_run(
    reference: Any, mailoutbox: list[Any], monkeypatch: Any
) -> None:
    make_mailing("daily", local(2026, 11, 23, 12, 0), fmt="pdf", emails="press@example.ru")
    now = local(2026, 11, 24, 9, 0)

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("SMTP недоступен")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        try:
            jobs.send_due_reports(now=now)
        except RuntimeError as exc:
            assert "SMTP недоступен" in str(exc)
        else:
            raise AssertionError("the failure must make the run fail")
    assert MailingDelivery.objects.count() == 0
    jobs.send_due_reports(now=now + dt.timedelta(minutes=15))
    assert len(mailoutbox) == 1


def test_monday_brings_the_digests_of_friday_and_the_weekend_and_nothing_before_the_mailing() -> None:
    calendar = default_calendar()
    monday = local(2026, 11, 30, 9, 0)
    friday = local(2026, 11, 27, 9, 0)
    due = jobs.due_periods(Periodicity.DAILY, monday, friday, calendar)
    assert [p.code for p in due] == ["2026-11-27", "2026-11-28", "2026-11-29"]
    assert jobs.due_periods(Periodicity.DAILY, monday - dt.timedelta(hours=2), friday, calendar) == []
    assert jobs.due_periods(Periodicity.WEEKLY, monday, friday, calendar)[0].code == "2026-W48"
    quarterly = jobs.due_periods(
        Periodicity.QUARTERLY, local(2026, 10, 1, 9, 0), local(2026, 9, 1, 0, 0), calendar
    )
    assert [p.code for p in quarterly] == ["2026Q3"]
