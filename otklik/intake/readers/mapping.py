# Own validation: as a pydantic model (tried) it took 94 lines, not 46, and its errors mapped back to Russian.
"""Named column mappings: which column of an export fills which `FeedbackRecord` field, and how.

A mapping is data (YAML shipped in `mappings/`, or a dict saved by a web page). `apply_mapping` turns one
`RawRow` into a record or into the list of everything wrong with the row. Cells that look like spreadsheet
formulas are kept as plain text: nothing here evaluates them, and exports must escape them.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from otklik.intake.readers import values as v
from otklik.intake.readers.errors import RowError, UnreadableFile
from otklik.intake.readers.limits import ReadLimits
from otklik.intake.readers.tabular import RawRow, Table, open_table
from otklik.registry.record import (
    CHANNELS,
    FIELD_KINDS,
    FIELD_LIMITS,
    REQUIRED_FIELDS,
    FeedbackRecord,
    PersonalData,
    field_name,
    too_long,
)

MAPPINGS_DIR = Path(__file__).with_name("mappings")
_GRADE_FIELD = re.compile(r"^grades\.[a-z][a-z0-9_]{0,39}$")


class MappingError(ValueError):
    """A mapping definition is wrong; the message is in Russian."""


def column_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\ufeff", "").casefold().replace("ё", "е")).strip()


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnRule:
    fields: tuple[str, ...]
    names: tuple[str, ...]
    formats: tuple[str, ...] = ()
    values: Mapping[str, str] = dataclasses.field(default_factory=dict)
    required: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnMapping:
    name: str
    title: str
    columns: tuple[ColumnRule, ...]
    defaults: Mapping[str, str]
    timezone: str = "Asia/Vladivostok"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def find_column(self, rule: ColumnRule, header: Sequence[str]) -> str | None:
        present = {column_key(name): name for name in header}
        return next((present[column_key(n)] for n in rule.names if column_key(n) in present), None)

    def missing_columns(self, header: Sequence[str]) -> list[str]:
        """Columns the file must have: rules marked required, and those of required fields without default."""
        missing = []
        for rule in self.columns:
            needed = rule.required or any(
                f in REQUIRED_FIELDS and f not in self.defaults for f in rule.fields
            )
            if needed and self.find_column(rule, header) is None:
                missing.append(rule.names[0])
        return missing

    def check_header(self, header: Sequence[str]) -> None:
        missing = self.missing_columns(header)
        if missing:
            raise UnreadableFile(
                f"В файле нет обязательных столбцов: {', '.join(f'«{m}»' for m in missing)} (шаблон "
                f"«{self.title}»). Найдены столбцы: {', '.join(f'«{h}»' for h in header)}."
            )

    def unmapped_columns(self, header: Sequence[str]) -> list[str]:
        known = {column_key(n) for rule in self.columns for n in rule.names}
        return [name for name in header if column_key(name) not in known]

    def to_dict(self) -> dict[str, Any]:
        """The YAML/JSON form that `mapping_from_dict` reads back."""
        columns = []
        for rule in self.columns:
            item: dict[str, Any] = {"field": list(rule.fields) if len(rule.fields) > 1 else rule.fields[0]}
            item["names"] = list(rule.names)
            if rule.formats:
                item["formats"] = list(rule.formats)
            if rule.values:
                item["values"] = dict(rule.values)
            if rule.required:
                item["required"] = True
            columns.append(item)
        return {
            "name": self.name,
            "title": self.title,
            "timezone": self.timezone,
            "defaults": dict(self.defaults),
            "columns": columns,
        }


def mapping_from_dict(data: Mapping[str, Any]) -> ColumnMapping:
    if not isinstance(data, Mapping):
        raise MappingError("Шаблон сопоставления должен быть словарём.")
    name = str(data.get("name") or "").strip()
    if not re.fullmatch(r"[a-z0-9_]{1,60}", name):
        raise MappingError("Имя шаблона: латинские строчные буквы, цифры и «_».")
    timezone = str(data.get("timezone") or "Asia/Vladivostok")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MappingError(f"Неизвестный часовой пояс «{timezone}».") from exc
    rules = tuple(_rule(item, i) for i, item in enumerate(data.get("columns") or [], start=1))
    if not rules:
        raise MappingError("В шаблоне нет ни одного столбца.")
    defaults = {str(k): str(val) for k, val in (data.get("defaults") or {}).items()}
    mapping = ColumnMapping(name, str(data.get("title") or name), rules, defaults, timezone)
    for field, text in defaults.items():
        _check_field(field, "defaults")
        errors: list[RowError] = []
        _store({}, {}, field, text, ColumnRule((field,), ("defaults",)), mapping, 0, "", errors)
        if errors:
            raise MappingError(f"Значение по умолчанию поля {field}: {errors[0].reason}.")
    for field in REQUIRED_FIELDS:
        if field not in defaults and not any(field in rule.fields for rule in rules):
            raise MappingError(f"Поле {field} не заполняется ни столбцом, ни значением по умолчанию.")
    return mapping


def _rule(item: Any, index: int) -> ColumnRule:
    if not isinstance(item, Mapping):
        raise MappingError(f"Столбец {index} шаблона описан не словарём.")
    raw_fields = item.get("field") or item.get("fields")
    fields = tuple(raw_fields) if isinstance(raw_fields, list) else (str(raw_fields or ""),)
    for field in fields:
        _check_field(field, f"столбец {index}")
    names = item.get("names") or item.get("name")
    names = tuple(str(n) for n in (names if isinstance(names, list) else [names] if names else []))
    if not names:
        raise MappingError(f"У столбца {index} шаблона нет имени.")
    values = {v.value_key(str(k)): _scalar(val) for k, val in (item.get("values") or {}).items()}
    formats = tuple(str(f) for f in item.get("formats") or ())
    return ColumnRule(fields, names, formats, values, bool(item.get("required", False)))


def _scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _check_field(field: str, where: str) -> None:
    if field not in FIELD_KINDS and not _GRADE_FIELD.match(field):
        raise MappingError(f"Неизвестное поле «{field}» ({where}).")


def load_mapping(name_or_path: str | os.PathLike[str]) -> ColumnMapping:
    """A shipped mapping by name (`appeals`) or a YAML file by path."""
    path = Path(name_or_path)
    if re.fullmatch(r"[a-z0-9_]+", str(name_or_path)):
        path = MAPPINGS_DIR / f"{name_or_path}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"Шаблон «{name_or_path}» не найден.") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"Шаблон «{name_or_path}» — не правильный YAML: {exc}") from exc
    return mapping_from_dict(data)


def available_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


_PLAIN, _PERSONAL, _GRADE = 0, 1, 2


@dataclasses.dataclass(frozen=True, slots=True)
class _Target:
    """One field a column fills: where it goes (the record, its personal data, its grades), under which
    name, and how its text is parsed (None: stored as it is)."""

    field: str
    slot: int
    name: str
    parse: Callable[[str], Any] | None


@dataclasses.dataclass(frozen=True, slots=True)
class _Plan:
    """How rows of one header are read with one mapping, worked out once: the column each rule reads (rules
    whose column is absent are left out) with its targets, the defaults already parsed (and what is wrong
    with those that do not parse), the column named when a required field is missing, and the columns of
    personal data, which stay out of `raw`."""

    columns: tuple[tuple[ColumnRule, str, tuple[_Target, ...]], ...]
    defaults: tuple[dict[str, Any], dict[str, Any], dict[str, int]]
    default_lists: tuple[str, ...]  # plain defaults that are lists, copied for every record
    default_errors: tuple[str, ...]
    required: tuple[tuple[str, str], ...]
    personal: frozenset[str]


# The plan of the last header seen per mapping: every row of a file has the same header, so the column
# names are matched once per file rather than once per row. The mapping itself is kept in the entry, so
# its id cannot be reused while the entry lives.
_PLANS: dict[int, tuple[ColumnMapping, tuple[str, ...], _Plan]] = {}


def _target(field: str, rule: ColumnRule, mapping: ColumnMapping) -> _Target:
    if field.startswith("grades."):
        values = rule.values
        return _Target(field, _GRADE, field.removeprefix("grades."), lambda text: v.parse_grade(text, values))
    slot, name = (
        (_PERSONAL, field.removeprefix("personal.")) if field.startswith("personal.") else (_PLAIN, field)
    )
    kind = FIELD_KINDS[field]
    if kind == "str" and not rule.values:
        return _Target(field, slot, name, None)
    return _Target(field, slot, name, _parser(field, kind, rule, mapping))


def _parser(field: str, kind: str, rule: ColumnRule, mapping: ColumnMapping) -> Callable[[str], Any]:
    """`_parse` for one field of one rule, with what it looks up per call looked up once."""
    formats, values = rule.formats or v.DEFAULT_DATE_FORMATS, rule.values
    if kind == "datetime":
        tz = mapping.tz
        return lambda text: v.parse_datetime(text, formats, tz)
    if kind == "date":
        tz = mapping.tz
        return lambda text: v.parse_date(text, formats, tz)
    if kind == "bool":
        return lambda text: v.parse_bool(text, values)
    if kind == "choice":
        return lambda text: v.parse_choice(field, text, values)
    if kind == "inn":
        return v.parse_inn
    if kind == "codes":
        return v.parse_codes
    return lambda text: _parse(field, kind, text, rule, mapping)


def _plan(mapping: ColumnMapping, header: tuple[str, ...]) -> _Plan:
    cached = _PLANS.get(id(mapping))
    if cached is not None and cached[0] is mapping and cached[1] == header:
        return cached[2]
    columns = []
    for rule in mapping.columns:
        column = mapping.find_column(rule, header)
        if column is not None:
            columns.append((rule, column, tuple(_target(f, rule, mapping) for f in rule.fields)))
    personal = frozenset(
        column for rule, column, _ in columns if any(f.startswith("personal.") for f in rule.fields)
    )
    fields: dict[str, Any] = {}
    grades: dict[str, int] = {}
    errors: list[RowError] = []
    for field, text in mapping.defaults.items():
        _store(fields, grades, field, text, ColumnRule((field,), ()), mapping, 0, "", errors)
    plain = {k: val for k, val in fields.items() if not k.startswith("personal.")}
    personal_defaults = {
        k.removeprefix("personal."): val for k, val in fields.items() if k.startswith("personal.")
    }
    required = tuple(
        (field, next((r.names[0] for r in mapping.columns if field in r.fields), ""))
        for field in REQUIRED_FIELDS
    )
    plan = _Plan(
        tuple(columns),
        (plain, personal_defaults, grades),
        tuple(k for k, val in plain.items() if isinstance(val, list)),
        tuple(e.reason for e in errors),
        required,
        personal,
    )
    if len(_PLANS) >= 64:
        _PLANS.clear()
    _PLANS[id(mapping)] = (mapping, header, plan)
    return plan


def apply_mapping(row: RawRow, mapping: ColumnMapping) -> FeedbackRecord | list[RowError]:
    values, number = row.values, row.number
    plan = _plan(mapping, tuple(values))
    errors = list(row.problems)
    for reason in plan.default_errors:
        errors.append(RowError(number, "", reason))
    plain_defaults, personal_defaults, grade_defaults = plan.defaults
    plain = dict(plain_defaults)
    for name in plan.default_lists:
        plain[name] = list(plain[name])
    personal = dict(personal_defaults)
    grades = dict(grade_defaults)
    slots: tuple[dict[str, Any], ...] = (plain, personal, grades)
    failed: set[str] = set()
    for rule, column, targets in plan.columns:
        text = values.get(column, "").strip()
        if not text:
            if rule.required:
                errors.append(RowError(number, column, "обязательное значение не заполнено"))
                failed.update(rule.fields)
            continue
        for target in targets:
            if target.parse is None:
                slots[target.slot][target.name] = text
                continue
            try:
                slots[target.slot][target.name] = target.parse(text)
            except ValueError as exc:
                errors.append(RowError(number, column, str(exc)))
                failed.add(target.field)
    for field, column in plan.required:
        if field not in plain and field not in failed:
            errors.append(RowError(number, column, f"не заполнено обязательное поле «{field_name(field)}»"))
    if errors:
        return errors
    personal_columns = plan.personal
    raw = (
        {k: val for k, val in values.items() if k not in personal_columns}
        if personal_columns
        else dict(values)
    )
    return FeedbackRecord(**plain, grades=grades, personal=PersonalData(**personal), raw=raw)


def _store(
    fields: dict[str, Any],
    grades: dict[str, int],
    field: str,
    text: str,
    rule: ColumnRule,
    mapping: ColumnMapping,
    number: int,
    column: str,
    errors: list[RowError],
) -> bool:
    kind = "grade" if field.startswith("grades.") else FIELD_KINDS[field]
    try:
        if kind == "grade":
            grades[field.removeprefix("grades.")] = v.parse_grade(text, rule.values)
        else:
            fields[field] = _parse(field, kind, text, rule, mapping)
    except ValueError as exc:
        errors.append(RowError(number, column, str(exc)))
        return False
    return True


def _parse(field: str, kind: str, text: str, rule: ColumnRule, mapping: ColumnMapping) -> Any:
    formats = rule.formats or v.DEFAULT_DATE_FORMATS
    match kind:
        case "datetime":
            return v.parse_datetime(text, formats, mapping.tz)
        case "date":
            return v.parse_date(text, formats, mapping.tz)
        case "bool":
            return v.parse_bool(text, rule.values)
        case "choice":
            return v.parse_choice(field, text, rule.values)
        case "inn":
            return v.parse_inn(text)
        case "codes":
            return v.parse_codes(text)
        case "channel":
            channel = v.translate(text, rule.values).strip()
            if channel not in CHANNELS:
                raise ValueError(f"«{channel}» — неизвестный канал; допустимы: {', '.join(CHANNELS)}")
            return channel
        case "id":
            if len(text) > FIELD_LIMITS["source_id"]:
                raise ValueError(too_long("source_id", len(text), FIELD_LIMITS["source_id"]))
            return text
        case _:
            return v.translate(text, rule.values) if rule.values else text


def read_records(
    path: str | os.PathLike[str],
    mapping: ColumnMapping,
    limits: ReadLimits | None = None,
    *,
    skip_rows: int = 0,
) -> Iterator[tuple[RawRow, FeedbackRecord | list[RowError]]]:
    """Every row of a file with its outcome. The file and its header are checked in this call, so an
    `UnreadableFile` comes before the caller has seen any row."""
    table = open_table(path, limits)
    try:
        mapping.check_header(table.columns)
    except UnreadableFile:
        table.close()
        raise
    return _outcomes(table, mapping, skip_rows)


def _outcomes(
    table: Table, mapping: ColumnMapping, skip_rows: int
) -> Iterator[tuple[RawRow, FeedbackRecord | list[RowError]]]:
    with table:
        for row in table.rows(skip_rows):
            yield row, apply_mapping(row, mapping)
