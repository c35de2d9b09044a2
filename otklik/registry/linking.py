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

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from otklik.lib import neardup
from otklik.registry.models import Feedback, FeedbackLink, LinkKey, PersonalData

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
    author: tuple[str, str, str, str]  # ИНН, name, phone, e-mail; any may be empty
    is_repeat: bool  # the source marks the appeal as repeated
    own: dict[str, str]  # key -> LinkKey.Kind
    wanted: set[str]


# Only letters are long and free enough for their text alone to say "the same appeal"; call notes and
# reviews are written from a few phrases, and two strangers' notes can be word for word the same.
WRITTEN = {"appeals", "forwarded"}
_FIELDS = (
    "id", "channel_id", "received_at", "text", "title", "url", "registration_number", "is_repeat",
    "personal__inn", "personal__full_name", "personal__phone", "personal__email", "personal__erased_at",
)  # fmt: skip


def _describe(f: Feedback, channel: str, outlet: str) -> _Checked:
    own: dict[str, str] = {}
    wanted: set[str] = set()
    is_media = channel == MEDIA
    # A publication's title is matched exactly by its key; its body is compared on its own.
    shingled = neardup.shingles(f.text)
    author = ("", "", "", "")
    if is_media:
        url = neardup.normal_url(f.url)
        if url:
            own[_hashed("url", url)] = LinkKey.Kind.PUBLICATION
        title = neardup.normal_title(f.title)
        if outlet and title:
            own[_hashed("title", f"{outlet.strip().lower()}|{title}")] = LinkKey.Kind.PUBLICATION
        wanted = set(own)
    else:
        person: PersonalData | None = getattr(f, "personal", None)
        if person is not None and person.erased_at is None:
            author = (
                person.inn.strip(),
                normal_name(person.full_name),
                _phone(person.phone),
                person.email.strip().lower(),
            )
            for kind, value in zip(("inn", "", "tel", "mail"), author, strict=True):
                if kind and value:
                    own[_hashed(kind, value)] = LinkKey.Kind.TAXPAYER
        if channel in WRITTEN:
            for band in neardup.band_keys(shingled):
                own[f"txt:{band}"] = LinkKey.Kind.TEXT
        wanted = set(own)
        if f.registration_number:
            own[f"reg:{f.registration_number.strip().lower()}"] = LinkKey.Kind.NUMBER
        wanted |= {f"reg:{n.lower()}" for n in _CITED.findall(f.text)} - set(own)
    return _Checked(
        f.pk, f.channel_id, is_media, f.received_at, f.text, shingled, author, f.is_repeat, own, wanted
    )


def _read(queryset: QuerySet[Feedback]) -> list[_Checked]:
    from otklik.org.models import Channel

    channels = dict(Channel.objects.values_list("pk", "code"))
    rows = list(queryset.select_related("personal").only(*_FIELDS))
    media = [f.pk for f in rows if channels.get(f.channel_id) == MEDIA]
    outlets = dict(Feedback.objects.filter(pk__in=media).values_list("pk", "raw__outlet")) if media else {}
    return [_describe(f, channels.get(f.channel_id, ""), str(outlets.get(f.pk) or "")) for f in rows]


def link_pending(limit: int = 2000) -> int:
    """Check up to `limit` unchecked records against the registry and each other; returns links made."""
    with transaction.atomic():
        ids = list(
            Feedback.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(links_checked=False)
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return 0
        checked = sorted(_read(Feedback.objects.filter(pk__in=ids)), key=lambda c: (c.received_at, c.id))
        made = _link(checked)
        _store_keys(checked)
        Feedback.objects.filter(pk__in=ids).update(links_checked=True)
    return made


def _store_keys(checked: list[_Checked]) -> None:
    # A plain executemany: building a model object per key cost more than the rest of linking together.
    ops = connection.ops
    rows = [
        (c.id, kind, key, ops.adapt_datetimefield_value(c.received_at))
        for c in checked
        for key, kind in c.own.items()
    ]
    table = LinkKey._meta.db_table
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            cursor.executemany(
                f"INSERT INTO {table} (feedback_id, kind, key, received_at) VALUES (%s, %s, %s, %s)",  # noqa: S608 - the table name is the model's
                rows[i : i + 1000],
            )


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


def _load(ids: Iterable[int]) -> dict[int, _Checked]:
    return {c.id: c for c in _read(Feedback.objects.filter(pk__in=list(ids)))}


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
    known |= _load(missing) if missing else {}
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


def _different_authors(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two known and different authors (nothing of the ИНН, name, phone, e-mail in common, something known
    of both that differs): a letter many people sent is not one person's repeat."""
    pairs = list(zip(a, b, strict=True))
    if any(x and x == y for x, y in pairs):
        return False
    return any(x and y and x != y for x, y in pairs)


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
