"""docs/routing-table.md is the routing rule as the administration signs it; every row must hold."""

import datetime as dt
from pathlib import Path

import pytest

from otklik.lib.routing import CRITERIA, GradeAssignment, RoutingItem, RoutingPolicy, TopicAssignment, route
from otklik.lib.ru import NBSP

TABLE = Path(__file__).resolve().parents[3] / "docs" / "routing-table.md"
# The appendix: stream 1 goes to the unit that answered; the others by topic.
STREAMS = {
    "1": ("lk_comments", True),
    "2": ("written_appeals", False),
    "3": ("forwarded_appeals", False),
    "4": ("ekc_calls", False),
    "5": ("surveys", False),
    "6": ("vashkontrol", False),
    "7": ("media", False),
}
NONE = "—"


def _tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif current:
            tables.append([row for row in current[1:] if not set("".join(row)) <= set("-: ")])
            current = []
    return tables


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


CRITERION_CODES = {name: code for code, name in CRITERIA.items()}
FIVE_CRITERIA = ("time_service", "time_queue", "staff", "comfort", "information")


def _load() -> tuple[RoutingPolicy, dict[str, str], list[list[str]], dict[str, str], list[list[str]]]:
    unit_table, topic_table, cases, grade_table, grade_cases = _tables(TABLE.read_text(encoding="utf-8"))
    unit_names = {code: name for code, name in unit_table}
    codes = {name: code for name, code, *_ in topic_table}
    codes["Страховые взносы"] = "insurance"
    topic_map = tuple(
        TopicAssignment(code, unit, _date(since), None if until == NONE else _date(until))
        for _, code, unit, since, until in topic_table
    )
    services = {name: code for _, name, code, *_ in grade_table if code != NONE}
    services["Налоговые льготы и вычеты физических лиц"] = "benefits"
    grade_map = tuple(
        GradeAssignment(
            "" if criterion == NONE else CRITERION_CODES[criterion],
            "" if service == NONE else service,
            unit,
            _date(since),
            None if until == NONE else _date(until),
        )
        for criterion, _, service, unit, since, until in grade_table
    )
    policy = RoutingPolicy(
        topic_map=topic_map, grade_map=grade_map, confidence_threshold=0.6, unit_names=unit_names
    )
    return policy, codes, cases, services, grade_cases


POLICY, TOPIC_CODES, CASES, SERVICE_CODES, GRADE_CASES = _load()


def _grades(text: str) -> dict[str, int]:
    """«время ожидания в очереди 1, остальные 5» → the five grades of a review; «общая оценка 2» → one."""
    grades: dict[str, int] = {}
    for part in text.split(", "):
        name, value = part.rsplit(" ", 1)
        if name == "остальные":
            grades |= {c: int(value) for c in FIVE_CRITERIA if c not in grades}
        else:
            grades[CRITERION_CODES[name]] = int(value)
    return grades


def _spaces(text: str) -> str:
    """The table is typed with plain spaces; the product puts a no-break one before «%»."""
    return text.replace(NBSP, " ")


def test_the_table_has_enough_cases_to_be_worth_signing() -> None:
    assert len(CASES) >= 15
    assert len({row[1] for row in CASES}) == len(STREAMS)


@pytest.mark.parametrize("row", CASES, ids=[f"строка {row[0]}" for row in CASES])
def test_each_row_of_the_signed_table_routes_as_written(row: list[str]) -> None:
    _, stream, topic, confidence, answering_unit, on_date, expected_unit, why = row
    channel, to_answering_unit = STREAMS[stream]
    item = RoutingItem(
        channel=channel,
        on_date=_date(on_date),
        to_answering_unit=to_answering_unit,
        answering_unit=None if answering_unit == NONE else answering_unit,
        topic=None if topic == NONE else TOPIC_CODES[topic],
        topic_name=None if topic == NONE else topic,
        confidence=None if confidence in (NONE, "вручную") else float(confidence.replace(",", ".")),
    )
    result = route(item, POLICY)
    assert (result.unit, _spaces(result.reason)) == (expected_unit, why)


def test_the_grade_cases_cover_every_criterion_and_the_survey() -> None:
    rated = {code for row in GRADE_CASES for code, g in _grades(row[3]).items() if g <= 3}
    assert set(CRITERIA) <= rated
    assert len(GRADE_CASES) >= 12


@pytest.mark.parametrize("row", GRADE_CASES, ids=[f"строка {row[0]}" for row in GRADE_CASES])
def test_each_row_with_grades_routes_as_written(row: list[str]) -> None:
    _, stream, service, grades, topic, on_date, expected_unit, why = row
    channel, _ = STREAMS[stream]
    item = RoutingItem(
        channel=channel,
        on_date=_date(on_date),
        topic=None if topic == NONE else TOPIC_CODES[topic],
        topic_name=None if topic == NONE else topic,
        grades=_grades(grades),
        service=None if service == NONE else SERVICE_CODES[service],
        service_name=None if service == NONE else service,
    )
    result = route(item, POLICY)
    assert (result.unit, _spaces(result.reason)) == (expected_unit, why)
