"""POST /api/v1/feedback: token authentication and a per-record answer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from otklik.intake.api import issue_token, revoke_token
from otklik.intake.importer import import_file
from otklik.intake.tests.support import SAMPLES, call, post
from otklik.registry.models import Feedback


@pytest.fixture
def token(reference: object) -> str:
    return issue_token("СЭД региона")[1]


def test_a_batch_is_answered_per_record(token: str) -> None:
    response = post(token, [call("c-1"), call("c-1"), call("c-2", personal={"inn": "123"})])
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["duplicate"], body["rejected"]) == (1, 1, 1)
    assert [r["status"] for r in body["records"]] == ["created", "duplicate", "rejected"]
    assert body["records"][2]["field"] == "personal.inn"
    assert Feedback.objects.get(source_id="c-1").is_complaint is True


def test_a_request_without_a_valid_token_is_refused(token: str) -> None:
    assert post("not-a-token", [call("c-1")]).status_code == 401
    assert Client().post("/api/v1/feedback", data="{}", content_type="application/json").status_code == 401
    assert Feedback.objects.count() == 0


def test_a_revoked_token_no_longer_works(reference: object) -> None:
    client, token = issue_token("Старая система")
    revoke_token(client)
    assert post(token, [call("c-1")]).status_code == 401


def test_malformed_json_gets_a_422_with_the_field(token: str) -> None:
    response = post(token, [{"channel": "calls"}])
    assert response.status_code == 422
    assert "source_id" in response.content.decode()


def test_the_same_record_through_a_file_and_the_api_is_stored_once(token: str) -> None:
    batch = import_file(SAMPLES / "calls.csv", channel="calls")
    first = Feedback.objects.filter(batch=batch).order_by("id").first()
    assert first is not None
    again = {
        "channel": "calls",
        "source_id": first.source_id,
        "received_at": first.received_at.isoformat(),
        "text": first.text,
    }
    body = post(token, [again]).json()
    assert body["records"][0]["status"] == "duplicate"
    assert Feedback.objects.filter(source_id=first.source_id).count() == 1


def test_the_openapi_document_describes_the_feedback_endpoint(db: object) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/feedback" in spec["paths"]
    assert "FeedbackIn" in json.dumps(spec["components"])
