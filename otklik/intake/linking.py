"""What belongs together: repeated appeals, appeals of the same taxpayer, the same publication from two
sources. Linked to each other, never merged; the rule is written down in docs/linking-table.md.

Each record is checked once, by the worker, after it is registered: the keys it can be found by are
computed (`LinkKey`), and the keys of a whole portion of records are looked up in one indexed query, so
the cost of a record does not grow with the registry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from otklik.intake.models import Feedback, FeedbackLink, LinkKey, PersonalData
from otklik.lib import neardup

# The term within which an appeal counts as a repeat of an earlier one, or of the same taxpayer.
TERM = dt.timedelta(days=90)
# A publication reprinted from another source turns up within days, not months.
MEDIA_TERM = dt.timedelta(days=14)
# Word overlap from which two appeals of one taxpayer are about the same matter.
MIN_SIMILARITY = 0.35
MAX_LINKS = 10
MEDIA = "media"
_WORD = re.compile(r"\w{3,}")
# A registration number cited in the text: «№ 01-13/00123@», «вх. № 27-15/1234», «№ ЗГ-3-19/01234@».
_CITED = re.compile(r"№\s*([0-9А-ЯA-Z][0-9А-Яа-яA-Za-z.\-]*/[0-9]+@?)")


def words(text: str) -> set[str]:
    # A crude stem (the first five letters) makes «налога» and «налогу» one word without a dictionary.
    return {w[:5] for w in _WORD.findall(text.lower().replace("ё", "е"))}


def similarity(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def normal_name(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def _hashed(kind: str, value: str) -> str:
    # Personal data is looked up by a hash, never kept in the clear outside PersonalData.
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-10:] if len(digits) >= 10 else ""


@dataclasses.dataclass(slots=True)
class _Checked:
    """A record as linking sees it: its keys, its text's shingles and who wrote it."""

    id: int
    channel_id: int
    is_media: bool
    received_at: dt.datetime
    text: str
    shingles: set[str]
    author: tuple[str, str]  # (ИНН, normalised name), either may be empty
    is_repeat: bool  # the source marks the appeal as repeated
    own: dict[str, str]  # key -> LinkKey.Kind
    wanted: set[str]


def _describe(f: Feedback, is_media: bool) -> _Checked:
    own: dict[str, str] = {}
    wanted: set[str] = set()
    # A publication's title is matched exactly by its key; its body is compared on its own.
    text = f.text
    shingled = neardup.shingles(text)
    inn = name = ""
    if is_media:
        url = neardup.normal_url(f.url)
        if url:
            own[_hashed("url", url)] = LinkKey.Kind.PUBLICATION
        outlet = str((f.raw or {}).get("outlet", "")).strip().lower()
        title = neardup.normal_title(f.title)
        if outlet and title:
            own[_hashed("title", f"{outlet}|{title}")] = LinkKey.Kind.PUBLICATION
        wanted = set(own)
    else:
        person: PersonalData | None = getattr(f, "personal", None)
        if person is not None and person.erased_at is None:
            inn, name = person.inn.strip(), normal_name(person.full_name)
            for kind, value in (
                ("inn", inn),
                ("tel", _phone(person.phone)),
                ("mail", person.email.strip().lower()),
            ):
                if value:
                    own[_hashed(kind, value)] = LinkKey.Kind.TAXPAYER
        for band in neardup.band_keys(shingled):
            own[f"txt:{band}"] = LinkKey.Kind.TEXT
        wanted = set(own)
        if f.registration_number:
            own[f"reg:{f.registration_number.strip().lower()}"] = LinkKey.Kind.NUMBER
        wanted |= {f"reg:{n.lower()}" for n in _CITED.findall(f.text)} - set(own)
    return _Checked(
        f.pk, f.channel_id, is_media, f.received_at, text, shingled, (inn, name), f.is_repeat, own, wanted
    )


def _media_channel_id() -> int | None:
    from otklik.org.models import Channel

    return Channel.objects.filter(code=MEDIA).values_list("pk", flat=True).first()


def link_pending(limit: int = 2000) -> int:
    """Check up to `limit` unchecked records against the registry and each other; returns links made."""
    media_id = _media_channel_id()
    with transaction.atomic():
        batch = list(
            Feedback.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(links_checked=False)
            .select_related("personal")
            .order_by("received_at", "pk")[:limit]
        )
        if not batch:
            return 0
        checked = [_describe(f, f.channel_id == media_id) for f in batch]
        made = _link(checked)
        LinkKey.objects.bulk_create(
            [LinkKey(feedback_id=c.id, kind=kind, key=key, received_at=c.received_at) for c in checked
             for key, kind in c.own.items()],
            batch_size=1000,
        )  # fmt: skip
        Feedback.objects.filter(pk__in=[f.pk for f in batch]).update(links_checked=True)
    return made


def _stored(
    keys: set[str], first: dt.datetime, last: dt.datetime
) -> dict[str, list[tuple[int, dt.datetime]]]:
    """The records already checked that hold any of `keys`, received within a term of the portion."""
    found: dict[str, list[tuple[int, dt.datetime]]] = defaultdict(list)
    ordered = sorted(keys)
    for i in range(0, len(ordered), 500):
        rows = LinkKey.objects.filter(
            key__in=ordered[i : i + 500], received_at__gte=first - TERM, received_at__lte=last + TERM
        ).values_list("key", "feedback_id", "received_at")
        for key, feedback_id, received_at in rows:
            found[key].append((feedback_id, received_at))
    return found


def _load(ids: Iterable[int], media_id: int | None) -> dict[int, _Checked]:
    rows = Feedback.objects.filter(pk__in=list(ids)).select_related("personal")
    return {f.pk: _describe(f, f.channel_id == media_id) for f in rows}


def _link(checked: list[_Checked]) -> int:
    first, last = min(c.received_at for c in checked), max(c.received_at for c in checked)
    index = _stored(set().union(*(c.wanted for c in checked)), first, last)
    matches: dict[int, dict[int, set[str]]] = {}
    for c in checked:
        found: dict[int, set[str]] = defaultdict(set)
        for key in c.wanted:
            for other_id, received_at in index.get(key, ()):
                term = MEDIA_TERM if c.is_media else TERM
                if other_id != c.id and abs(received_at - c.received_at) <= term:
                    found[other_id].add(key)
        matches[c.id] = found
        for key in c.own:  # later records of the same portion find this one
            index[key].append((c.id, c.received_at))
    known = {c.id: c for c in checked}
    missing = {o for found in matches.values() for o in found} - set(known)
    known |= _load(missing, _media_channel_id()) if missing else {}
    links: dict[tuple[int, int], FeedbackLink] = {}
    for c in checked:
        decided = [
            (known[other], link)
            for other, keys in matches[c.id].items()
            if (link := _decide(c, known[other], keys)) is not None
        ]
        decided.sort(key=lambda pair: abs(pair[0].received_at - c.received_at))
        for _, link in decided[:MAX_LINKS]:
            links.setdefault((link.earlier_id, link.later_id), link)
    existing = set(
        FeedbackLink.objects.filter(
            earlier_id__in={e for e, _ in links}, later_id__in={lt for _, lt in links}
        ).values_list("earlier_id", "later_id")
    )
    new = [link for pair, link in links.items() if pair not in existing]
    FeedbackLink.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _decide(c: _Checked, other: _Checked, keys: set[str]) -> FeedbackLink | None:
    earlier, later = sorted((c, other), key=lambda x: (x.received_at, x.id))
    text_score = neardup.jaccard(c.shingles, other.shingles)

    def link(kind: str, score: float, basis: str) -> FeedbackLink:
        return FeedbackLink(
            earlier_id=earlier.id, later_id=later.id, kind=kind, similarity=round(score, 3), basis=basis
        )

    if c.is_media != other.is_media:
        return None
    if c.is_media:
        if any(k.startswith("url:") for k in keys):
            return link(FeedbackLink.Kind.DUPLICATE, text_score, "тот же адрес публикации")
        if neardup.containment(c.shingles, other.shingles) >= neardup.NEAR_IDENTICAL:
            return link(FeedbackLink.Kind.DUPLICATE, text_score, "то же издание, заголовок и текст")
        return None
    same_matter = (
        FeedbackLink.Kind.REPEAT if c.channel_id == other.channel_id else FeedbackLink.Kind.CROSS_STREAM
    )
    if any(k.startswith("reg:") for k in keys) and not _different_authors(c.author, other.author):
        number = next(k for k in keys if k.startswith("reg:"))[4:].upper()
        return link(FeedbackLink.Kind.REPEAT, text_score, f"ссылка на обращение № {number}")
    if any(k.startswith(("inn:", "tel:", "mail:")) for k in keys):
        score = similarity(c.text, other.text)
        who = "тот же ИНН" if any(k.startswith("inn:") for k in keys) else "те же контактные данные"
        if score >= MIN_SIMILARITY:
            return link(same_matter, score, f"{who}, сходный текст")
        if later.is_repeat and later.channel_id == earlier.channel_id:
            return link(FeedbackLink.Kind.REPEAT, score, f"{who}, обращение отмечено как повторное")
        return link(FeedbackLink.Kind.SAME_TAXPAYER, score, who)
    if text_score >= neardup.NEAR_IDENTICAL and not _different_authors(c.author, other.author):
        return link(same_matter, text_score, "почти тот же текст")
    return None


def _different_authors(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two known and different authors: a letter many people sent is not one person's repeat."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


MAX_CHAIN = 50


def chain(feedback_id: int) -> tuple[list[int], list[FeedbackLink]]:
    """The records linked to this one directly or through others, and the links between them (at most
    MAX_CHAIN records, the nearest first): the history of one matter, earlier and later."""
    seen, frontier, links = {feedback_id}, {feedback_id}, {}
    while frontier and len(seen) < MAX_CHAIN:
        step = FeedbackLink.objects.filter(Q(earlier_id__in=frontier) | Q(later_id__in=frontier))
        frontier = set()
        for link in step:
            links[link.pk] = link
            for other in (link.earlier_id, link.later_id):
                if other not in seen and len(seen) < MAX_CHAIN:
                    seen.add(other)
                    frontier.add(other)
    kept = [link for link in links.values() if link.earlier_id in seen and link.later_id in seen]
    return sorted(seen), kept
