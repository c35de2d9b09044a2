"""Reference data as a document (YAML or JSON): load the defaults, export, import an installation's own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from otklik.audit import services as audit
from otklik.lib.routing import CRITERIA
from otklik.org.models import (
    Channel,
    ChannelSource,
    GradeUnit,
    PublicService,
    Regulation,
    ResponsibilityRule,
    TaxOffice,
    Topic,
    TopicUnit,
    Unit,
)
from otklik.org.services import RuleSpec, adopt_regulation

DEFAULTS = Path(__file__).resolve().parent / "defaults" / "reference.yaml"
TOPIC_VALID_FROM = dt.date(2016, 1, 1)


class RefDataError(ValueError):
    """The document is not valid reference data."""


def read_document(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RefDataError(f"Не удалось прочитать {path}: {exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise RefDataError(f"{path}: синтаксическая ошибка: {exc}") from None
    if not isinstance(data, dict):
        raise RefDataError(
            f"{path}: ожидается словарь с разделами units, offices, channels, topics, regulations"
        )
    for reg in data.get("regulations", []):
        if "text_file" in reg and "text" not in reg:
            reg["text"] = (path.parent / reg.pop("text_file")).read_text(encoding="utf-8")
    return data


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RefDataError(f"{field}: дата {value!r} не в формате ГГГГ-ММ-ДД") from None


def _upsert(model: type[models.Model], key: dict[str, Any], values: dict[str, Any], acting_user: Any) -> Any:
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        obj = model._default_manager.create(**key, **values)
        audit.record("refdata.created", acting_user=acting_user, obj=obj, changes=audit.snapshot(obj))
        return obj
    before = audit.snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    after = audit.snapshot(obj)
    if before != after:
        obj.save()
        audit.record("refdata.updated", acting_user=acting_user, obj=obj, changes=audit.diff(before, after))
    return obj


def _req(item: dict[str, Any], field: str, section: str) -> Any:
    if field not in item or item[field] in (None, ""):
        raise RefDataError(f"{section}: у записи {item!r} нет поля {field}")
    return item[field]


@transaction.atomic
def load(data: dict[str, Any], *, acting_user: Any = None) -> dict[str, int]:
    """Create or update every record the document names (by code); nothing is deleted."""
    counts: dict[str, int] = {}
    for item in data.get("units", []):
        _upsert(
            Unit,
            {"code": str(_req(item, "code", "units"))},
            {
                "name": _req(item, "name", "units"),
                "short_name": item.get("short_name", ""),
                "valid_from": _date(item.get("valid_from"), "units.valid_from") or TOPIC_VALID_FROM,
                "valid_to": _date(item.get("valid_to"), "units.valid_to"),
                # who signs the unit's documents: kept as the administrator set it unless the file names it
                **{key: str(item[key]) for key in ("head_position", "head_name") if key in item},
            },
            acting_user,
        )
    for item in data.get("units", []):
        if item.get("parent"):
            _upsert(
                Unit,
                {"code": str(item["code"])},
                {"parent": Unit.objects.get(code=str(item["parent"]))},
                acting_user,
            )
    counts["units"] = len(data.get("units", []))
    for item in data.get("offices", []):
        _upsert(
            TaxOffice,
            {"code": str(_req(item, "code", "offices"))},
            {
                "name": _req(item, "name", "offices"),
                "short_name": item.get("short_name", ""),
                "city": item.get("city", ""),
                "aliases": list(item.get("aliases") or []),
            },
            acting_user,
        )
    counts["offices"] = len(data.get("offices", []))
    for item in data.get("channels", []):
        channel = _upsert(
            Channel,
            {"code": _req(item, "code", "channels")},
            {
                "number": int(_req(item, "number", "channels")),
                "name": _req(item, "name", "channels"),
            },
            acting_user,
        )
        for src in item.get("sources", []):
            _upsert(
                ChannelSource,
                {"channel": channel, "code": _req(src, "code", "sources")},
                {"name": _req(src, "name", "sources")},
                acting_user,
            )
    counts["channels"] = len(data.get("channels", []))
    for item in data.get("services", []):
        _upsert(
            PublicService,
            {"code": _req(item, "code", "services")},
            {"name": _req(item, "name", "services")},
            acting_user,
        )
    counts["services"] = len(data.get("services", []))
    counts["topics"] = _load_topics(data.get("topics", []), None, acting_user)
    counts["grade_units"] = _load_grade_units(data.get("grade_units", []), acting_user)
    counts["regulations"] = _load_regulations(data.get("regulations", []), acting_user)
    return counts


def _load_topics(items: list[dict[str, Any]], parent: Topic | None, acting_user: Any) -> int:
    count = 0
    for item in items:
        topic = _upsert(
            Topic,
            {"code": _req(item, "code", "topics")},
            {
                "name": _req(item, "name", "topics"),
                "parent": parent,
                "classifier_code": item.get("classifier_code", ""),
                "classifier_edition": str(item.get("classifier_edition", "")),
                "key_phrases": list(item.get("key_phrases") or []),
            },
            acting_user,
        )
        count += 1
        if item.get("unit"):
            unit = Unit.objects.filter(code=str(item["unit"])).first()
            if unit is None:
                raise RefDataError(
                    f"topics: у тематики {topic.code} указан неизвестный отдел {item['unit']!r}"
                )
            since = _date(item.get("unit_from"), "topics.unit_from") or TOPIC_VALID_FROM
            if not TopicUnit.objects.filter(topic=topic, unit=unit, valid_from=since).exists():
                from otklik.org.services import assign_topic

                assign_topic(topic=topic, unit=unit, valid_from=since, acting_user=acting_user)
        count += _load_topics(item.get("children", []), topic, acting_user)
    return count


def _load_grade_units(items: list[dict[str, Any]], acting_user: Any) -> int:
    for item in items:
        criterion, service_code = str(item.get("criterion") or ""), str(item.get("service") or "")
        if criterion and criterion not in CRITERIA:
            raise RefDataError(f"grade_units: неизвестный критерий оценки {criterion!r}")
        if not criterion and not service_code:
            raise RefDataError(f"grade_units: у записи {item!r} нет ни критерия, ни услуги")
        service = PublicService.objects.filter(code=service_code).first() if service_code else None
        if service_code and service is None:
            raise RefDataError(f"grade_units: неизвестная государственная услуга {service_code!r}")
        unit = Unit.objects.filter(code=str(_req(item, "unit", "grade_units"))).first()
        if unit is None:
            raise RefDataError(f"grade_units: неизвестный отдел {item['unit']!r}")
        since = _date(item.get("valid_from"), "grade_units.valid_from") or TOPIC_VALID_FROM
        _upsert(
            GradeUnit,
            {"criterion": criterion, "service": service, "valid_from": since},
            {"unit": unit, "valid_to": _date(item.get("valid_to"), "grade_units.valid_to")},
            acting_user,
        )
    return len(items)


def _load_regulations(items: list[dict[str, Any]], acting_user: Any) -> int:
    for item in sorted(items, key=lambda r: str(r.get("effective_from"))):
        effective_from = _date(_req(item, "effective_from", "regulations"), "regulations.effective_from")
        assert effective_from is not None
        if Regulation.objects.filter(effective_from=effective_from).exists():
            continue
        rules = [
            RuleSpec(
                row=int(_req(r, "row", "rules")),
                channel=str(_req(r, "channel", "rules")),
                unit=None if r.get("unit") == "answering" else str(_req(r, "unit", "rules")),
                periodicity=str(_req(r, "periodicity", "rules")),
                working_days=int(r.get("working_days", 5)),
            )
            for r in item.get("rules", [])
        ]
        adopt_regulation(
            number=str(_req(item, "number", "regulations")),
            date=_date(item.get("date"), "regulations.date") or effective_from,
            title=str(item.get("title", "")),
            effective_from=effective_from,
            rules=rules,
            text=str(item.get("text", "")),
            acting_user=acting_user,
        )
    return len(items)


def load_defaults(*, acting_user: Any = None) -> dict[str, int]:
    return load(read_document(DEFAULTS), acting_user=acting_user)


def dump() -> dict[str, Any]:
    """The whole reference data in the document form that `load` reads back."""

    def topic_tree(parent: Topic | None) -> list[dict[str, Any]]:
        out = []
        for t in Topic.objects.filter(parent=parent).order_by("code"):
            item: dict[str, Any] = {"code": t.code, "name": t.name, "key_phrases": t.key_phrases}
            if t.classifier_code:
                item |= {"classifier_code": t.classifier_code, "classifier_edition": t.classifier_edition}
            link = TopicUnit.objects.filter(topic=t, valid_to__isnull=True).select_related("unit").first()
            if link:
                item |= {"unit": link.unit.code, "unit_from": link.valid_from.isoformat()}
            children = topic_tree(t)
            if children:
                item["children"] = children
            out.append(item)
        return out

    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "short_name": u.short_name,
                "head_position": u.head_position,
                "head_name": u.head_name,
                "parent": u.parent.code if u.parent else None,
                "valid_from": iso(u.valid_from),
                "valid_to": iso(u.valid_to),
            }
            for u in Unit.objects.select_related("parent")
        ],
        "offices": [
            {"code": o.code, "name": o.name, "short_name": o.short_name, "city": o.city, "aliases": o.aliases}
            for o in TaxOffice.objects.all()
        ],
        "channels": [
            {
                "number": c.number,
                "code": c.code,
                "name": c.name,
                "sources": [{"code": s.code, "name": s.name} for s in c.sources.all()],
            }
            for c in Channel.objects.prefetch_related("sources")
        ],
        "services": [{"code": s.code, "name": s.name} for s in PublicService.objects.all()],
        "topics": topic_tree(None),
        "grade_units": [
            {
                "criterion": g.criterion,
                "service": g.service.code if g.service else "",
                "unit": g.unit.code,
                "valid_from": iso(g.valid_from),
                "valid_to": iso(g.valid_to),
            }
            for g in GradeUnit.objects.select_related("service", "unit")
        ],
        "regulations": [
            {
                "number": r.number,
                "date": iso(r.date),
                "title": r.title,
                "effective_from": iso(r.effective_from),
                "text": r.text,
                "rules": [
                    {
                        "row": rule.row,
                        "channel": rule.channel.code,
                        "unit": "answering" if rule.answering_unit else rule.unit.code if rule.unit else None,
                        "periodicity": rule.periodicity,
                        "working_days": rule.working_days,
                    }
                    for rule in ResponsibilityRule.objects.filter(regulation=r).select_related(
                        "channel", "unit"
                    )
                ],
            }
            for r in Regulation.objects.order_by("effective_from")
        ],
    }
