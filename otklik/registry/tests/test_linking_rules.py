"""What belongs together: the stated link, the same contact, near-identical text, a publication from two
sources; what does not: a letter many people sent, another outlet's story, personal data after erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.registry.linking import chain, link_pending
from otklik.registry.models import Feedback, FeedbackLink, LinkKey, counted_once
from otklik.registry.record import FeedbackRecord
from otklik.registry.record import PersonalData as PD
from otklik.registry.retention import erase_expired
from otklik.registry.services import register_many

DAY = dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.UTC)
LETTER = (
    "Прошу провести перерасчет транспортного налога за 2024 год: автомобиль продан в марте, а налог начислен "
    "за весь год, в личном кабинете уведомление не исправлено, инспекция на звонки не отвечает"
)
STORY = (
    "В налоговой инспекции на улице Ленина третий день очереди: электронная очередь не работает, талоны "
    "выдают вручную, посетители ждут по два часа и жалуются на духоту в зале ожидания"
)


def appeal(
    source_id: str, days: int, text: str = LETTER, personal: PD | None = None, **extra: object
) -> FeedbackRecord:
    return FeedbackRecord(
        channel=str(extra.pop("channel", "appeals")),
        source_id=source_id,
        received_at=DAY + dt.timedelta(days=days),
        text=text,
        personal=personal or PD(),
        **extra,  # type: ignore[arg-type]
    )


def publication(
    source_id: str, days: int, url: str, outlet: str, text: str = STORY, title: str = "Очереди в налоговой"
) -> FeedbackRecord:
    return FeedbackRecord(
        channel="media",
        source_id=source_id,
        source="online",
        received_at=DAY + dt.timedelta(days=days, hours=3),
        title=title,
        text=text,
        url=url,
        raw={"outlet": outlet},
    )


def links() -> set[tuple[str, str, str]]:
    return {
        (x.earlier.source_id, x.later.source_id, x.kind)
        for x in FeedbackLink.objects.select_related("earlier", "later")
    }


def test_an_appeal_citing_an_earlier_registration_number_is_its_repeat(reference: object) -> None:
    register_many(
        [
            appeal(
                "first",
                0,
                "Прошу вернуть переплату по налогу на имущество",
                registration_number="01-12/00417@",
            ),
            appeal(
                "other", 1, "Прошу разъяснить порядок получения вычета", registration_number="01-12/00418@"
            ),
            appeal(
                "again",
                30,
                "Ранее я направлял обращение № 01-12/00417@ от 02.02.2026, ответа нет.",
                registration_number="01-13/00950@",
            ),
        ]
    )
    link_pending()
    assert links() == {("first", "again", "repeat")}
    assert FeedbackLink.objects.get().basis == "ссылка на обращение № 01-12/00417@"


def test_the_same_phone_or_e_mail_finds_the_same_taxpayer_whatever_the_spelling(reference: object) -> None:
    register_many(
        [
            appeal("a", 0, personal=PD(phone="8 (914) 123-45-67")),
            appeal("b", 10, "Когда будет ответ по вычету за лечение?", personal=PD(phone="+79141234567")),
            appeal("c", 12, "Благодарю за консультацию", personal=PD(email="Ivanov@Mail.ru")),
            appeal("d", 40, "Не получил справку о расчетах", personal=PD(email="ivanov@mail.ru")),
            appeal("e", 41, "Не получил справку о расчетах", personal=PD(phone="+79990001122")),
        ]
    )
    link_pending()
    found = links()
    assert ("a", "b", "same_taxpayer") in found and ("c", "d", "same_taxpayer") in found
    assert not any("e" in (x[0], x[1]) and x[2] != "repeat" for x in found)


def test_near_identical_text_links_an_anonymous_repeat_but_not_the_same_letter_from_other_people(
    reference: object,
) -> None:
    register_many(
        [
            appeal("anon-1", 0),
            appeal("anon-2", 20, LETTER + ". Прошу ответить."),
            appeal("ivanov", 2, personal=PD(full_name="Иванов Петр Сергеевич")),
            appeal("petrov", 3, personal=PD(full_name="Петров Иван Ильич")),
            appeal("late", 200),
        ]
    )
    link_pending()
    found = links()
    assert ("anon-1", "anon-2", "repeat") in found
    assert ("ivanov", "petrov", "repeat") not in found, "a letter many people sent is not one person's repeat"
    assert not any("late" in pair for pair in found), "outside the term"


def test_the_same_publication_from_a_feed_and_an_agency_table_is_one_publication_with_two_sources(
    reference: object,
) -> None:
    register_many(
        [
            publication("rss-1", 0, "https://dvnovosti.ru/news/2026/02/02/ocheredi-123/", "ДВ Новости"),
            publication(
                "xlsx-1", 1, "http://www.dvnovosti.ru/news/2026/02/02/ocheredi-123?utm_source=x", "ДВ Новости"
            ),
            publication("print-1", 1, "", "ДВ Новости", text="02.02. " + STORY),
            publication("other-outlet", 1, "", "Амур Медиа", text="02.02. " + STORY),
            publication(
                "same-title",
                2,
                "https://dvnovosti.ru/news/2026/02/04/ocheredi-200",
                "ДВ Новости",
                text="Новая электронная очередь заработала во всех инспекциях края, жалоб стало меньше, "
                "талоны больше не выдают вручную, зал ожидания отремонтирован",
            ),
        ]
    )
    link_pending()
    found = links()
    assert {("rss-1", "xlsx-1", "duplicate"), ("rss-1", "print-1", "duplicate")} <= found
    assert not any("other-outlet" in pair or "same-title" in pair for pair in found)
    media = Feedback.objects.filter(channel__code="media")
    assert counted_once(media).count() == media.count() - 2, "the second copies are not counted again"


def test_the_chain_holds_earlier_and_later_appeals_of_the_matter(reference: object) -> None:
    author = PD(full_name="Морозова Елена Викторовна", inn="500100732259")
    register_many(
        [
            appeal("one", 0, personal=author),
            appeal("two", 20, personal=author),
            appeal("three", 60, personal=author),
        ]
    )
    link_pending()
    middle = Feedback.objects.get(source_id="two")
    ids, chain_links = chain(middle.pk)
    assert set(Feedback.objects.filter(pk__in=ids).values_list("source_id", flat=True)) == {
        "one",
        "two",
        "three",
    }
    assert len(chain_links) >= 2


def test_erasure_of_personal_data_takes_the_taxpayer_keys_with_it(reference: object, settings: Any) -> None:
    register_many(
        [
            appeal("old", -400, personal=PD(inn="500100732259")),
            appeal("new", 0, personal=PD(inn="500100732259")),
        ]
    )
    link_pending()
    Feedback.objects.update(analysed_at=DAY, masked_text="текст")
    settings.PD_RETENTION_DAYS = 365
    assert LinkKey.objects.filter(kind=LinkKey.Kind.TAXPAYER).count() == 2
    erase_expired(now=DAY + dt.timedelta(days=1))
    old = Feedback.objects.get(source_id="old")
    assert not LinkKey.objects.filter(feedback=old, kind=LinkKey.Kind.TAXPAYER).exists()
