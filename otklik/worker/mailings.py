"""The periodic reports, made on schedule and mailed to the recipients of each active mailing (the periodic
job `reports.send_due_reports`, declared in `worker/jobs.py`).

A report of a period is due from the first working day after the period, at `SEND_AT` local time: the
daily media digest each working day (Monday's mail brings Friday's, Saturday's and Sunday's), the weekly
report on Monday, the quarterly one on the first working day of the next quarter. Each mailing gets one mail
per period: the delivery row is written before sending, under a unique constraint, so it is never sent twice
— by this job's next run or by another worker. A mailing only sends the periods that fell due after it was
created, so a new mailing does not send the past.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.audit import context
from otklik.audit import services as audit
from otklik.lib.periods import Period, Periodicity, period_containing
from otklik.lib.workdays import ProductionCalendar, default_calendar
from otklik.reports import catalogue
from otklik.reports.render import CONTENT_TYPES, render
from otklik.worker.models import MailingDelivery, ReportMailing

log = logging.getLogger("otklik.worker")

SEND_AT = dt.time(8, 0)
STALE_SENDING = dt.timedelta(minutes=30)  # a delivery left "sending" by a worker that died is tried again
LOOK_BACK = 40  # periods examined backwards at most (long holidays for the daily digest)


def due_day(period: Period, calendar: ProductionCalendar) -> dt.date:
    return calendar.next_working_day(period.end + dt.timedelta(days=1))


def due_at(period: Period, calendar: ProductionCalendar) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(due_day(period, calendar), SEND_AT))


def due_periods(
    periodicity: Periodicity, now: dt.datetime, since: dt.datetime, calendar: ProductionCalendar
) -> list[Period]:
    """The periods whose report is due at `now` and fell due at or after `since`, oldest first."""
    periods = []
    period = period_containing(timezone.localtime(now).date() - dt.timedelta(days=1), periodicity)
    for _ in range(LOOK_BACK):
        moment = due_at(period, calendar)
        if moment < since:
            break
        if moment <= now:
            periods.append(period)
        period = period_containing(period.start - dt.timedelta(days=1), periodicity)
    return sorted(periods)


def _claim(mailing: ReportMailing, period: Period, now: dt.datetime) -> MailingDelivery | None:
    try:
        with transaction.atomic():
            return MailingDelivery.objects.create(mailing=mailing, period=period.code, claimed_at=now)
    except IntegrityError:
        pass
    retaken = MailingDelivery.objects.filter(
        mailing=mailing,
        period=period.code,
        status=MailingDelivery.Status.SENDING,
        claimed_at__lt=now - STALE_SENDING,
    ).update(claimed_at=now)
    return MailingDelivery.objects.get(mailing=mailing, period=period.code) if retaken else None


def send(mailing: ReportMailing, period: Period, delivery: MailingDelivery, recipients: list[str]) -> None:
    kind = catalogue.kinds()[mailing.kind]
    document = catalogue.build(mailing.kind, period, mailing.unit if kind.takes_unit else None)
    data = render(document, mailing.fmt)
    filename = f"{document.file_stem}.{mailing.fmt}"
    unit = f", {mailing.unit}" if kind.takes_unit and mailing.unit else ""
    message = EmailMessage(
        subject=f"{kind.title}{unit}: {period.label}",
        body=(
            f"{kind.title}{unit} за период «{period.label}» — во вложении ({filename}).\n\n"
            "Письмо отправлено автоматически системой «Отклик». Состав рассылки меняет администратор."
        ),
        to=recipients,
    )
    message.attach(filename, data, CONTENT_TYPES[mailing.fmt].split(";")[0])
    message.send()
    with transaction.atomic():
        MailingDelivery.objects.filter(pk=delivery.pk).update(
            status=MailingDelivery.Status.SENT,
            sent_at=timezone.now(),
            recipients=", ".join(recipients),
            attachment=filename,
        )
        audit.record(
            "report.mailed",
            obj=mailing,
            object_repr=f"{kind.title}{unit}, {period.label} ({mailing.fmt})",
            changes={"kind": mailing.kind, "period": period.code, "format": mailing.fmt, "to": recipients},
        )


def send_due_reports(now: dt.datetime | None = None, calendar: ProductionCalendar | None = None) -> str:
    """Mail every due report of every active mailing; a failing mailing is retried on the next run and does
    not stop the others. Raises at the end when any failed, so the run is recorded as an error."""
    now = timezone.localtime(now or timezone.now())
    calendar = calendar or default_calendar()
    kinds = catalogue.kinds()
    sent, failures = 0, []
    token = context.bind(context.RequestContext(origin="worker"))
    try:
        for mailing in ReportMailing.objects.filter(active=True).select_related("unit"):
            recipients = mailing.recipients()
            if not recipients:
                continue
            for period in due_periods(kinds[mailing.kind].periodicity, now, mailing.created_at, calendar):
                delivery = _claim(mailing, period, now)
                if delivery is None:
                    continue
                try:
                    send(mailing, period, delivery, recipients)
                    sent += 1
                except Exception as exc:
                    log.exception("рассылка %s за %s не отправлена", mailing.pk, period.code)
                    MailingDelivery.objects.filter(
                        pk=delivery.pk, status=MailingDelivery.Status.SENDING
                    ).delete()
                    failures.append(f"рассылка {mailing.pk} ({mailing.kind}, {period.code}): {exc}")
    finally:
        context.reset(token)
    if failures:
        raise RuntimeError(f"отправлено писем: {sent}; не отправлено: " + "; ".join(failures))
    return f"отправлено писем: {sent}"
