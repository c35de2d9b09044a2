"""The record's fields and vocabularies are defined once (`registry/record.py`): the API's schema, the
readers' mapping, the registry's columns and the deadlines all follow that one definition."""

from __future__ import annotations

import dataclasses

import pytest
from django.db.models import Field
from django.test import Client

from otklik.intake.readers import mapping
from otklik.lib import deadlines
from otklik.registry import models, record


def test_the_api_schema_has_exactly_the_records_fields() -> None:
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    fields = {f.name for f in dataclasses.fields(record.FeedbackRecord)} - {"raw"}
    assert set(schema["FeedbackIn"]["properties"]) == fields
    assert set(schema["FeedbackIn"]["required"]) == set(record.REQUIRED_FIELDS)
    personal = {f.name for f in dataclasses.fields(record.PersonalData)}
    assert set(schema["PersonalIn"]["properties"]) == personal
    described = schema["FeedbackIn"]["properties"]["title"]["description"]
    assert "заголовок" in described and f"не длиннее {record.FIELD_LIMITS['title']} символов" in described


def test_a_mapping_can_fill_every_field_of_the_record_but_the_source_payload() -> None:
    keys = sorted({key for key, _ in record.record_fields()} - {"grades", "raw"})
    columns = [{"field": key, "name": f"столбец {i}"} for i, key in enumerate(keys)]
    made = mapping.mapping_from_dict({"name": "all_fields", "columns": columns})
    assert sorted(f for rule in made.columns for f in rule.fields) == keys
    for wrong in ("raw", "personal", "grades"):
        with pytest.raises(mapping.MappingError, match="Неизвестное поле"):
            mapping.mapping_from_dict({"name": "wrong", "columns": [*columns, {"field": wrong, "name": "x"}]})


def test_the_registrys_columns_take_the_records_limits() -> None:
    for key, limit in record.FIELD_LIMITS.items():
        model, name = (models.PersonalData, key.split(".", 1)[1]) if "." in key else (models.Feedback, key)
        column = model._meta.get_field(name)
        assert isinstance(column, Field) and column.max_length == limit, key


def test_one_spelling_of_each_vocabulary() -> None:
    assert models.Feedback._meta.get_field("regime").choices == record.Regime.choices
    assert {r.value for r in deadlines.Regime} == set(record.APPEAL_REGIMES) == {"59fz", "nk19"}
    assert models.Feedback._meta.get_field("taxpayer_kind").choices == record.TaxpayerKind.choices
    assert models.Feedback._meta.get_field("appeal_kind").choices == record.AppealKind.choices
    assert models.Feedback._meta.get_field("result").choices == record.AppealResult.choices
