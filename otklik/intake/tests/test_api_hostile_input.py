"""The API answers every odd input without a server error: bad values reject their record, a body over the
limit gets a JSON 413 saying why, concurrent batches of the same records in another order both succeed, the
OpenAPI description lists its error answers, and a schemathesis run finds no server error."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from otklik.intake.api import issue_token
from otklik.intake.tests.support import call, post
from otklik.registry.models import Feedback, PersonalData


@pytest.fixture
def token(reference: object) -> str:
    return issue_token("СЭД региона")[1]


def post_text(token: str, body: str) -> Any:
    return Client().post(
        "/api/v1/feedback", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"text": "до\u0000после"}, "text"),
        ({"title": "\ud800"}, "title"),
        ({"received_at": "0001-01-01T00:00:00+03:00"}, "received_at"),
        ({"registered_at": "9999-12-31T23:59:59+03:00"}, "registered_at"),
        ({"forwarding_letter_date": "0001-01-01"}, "forwarding_letter_date"),
        ({"personal": {"phone": "8" * 100}}, "personal.phone"),
        ({"personal": {"full_name": "Ф" * 300}}, "personal.full_name"),
        ({"grades": {"\u0000": 3}}, "grades"),
    ],
    ids=[
        "nul",
        "lone-surrogate",
        "year-1",
        "year-9999",
        "letter-year-1",
        "long-phone",
        "long-name",
        "nul-key",
    ],
)
def test_a_value_the_registry_cannot_keep_rejects_that_record_and_the_rest_go_in(
    token: str, extra: dict[str, Any], field: str
) -> None:
    body = json.dumps({"records": [call("c-bad", **extra), call("c-good")]})  # \u escapes, as clients send
    response = post_text(token, body)
    assert response.status_code == 200, response.content
    bad, good = response.json()["records"]
    assert (bad["status"], bad["field"]) == ("rejected", field)
    assert good["status"] == "created"
    assert list(Feedback.objects.values_list("source_id", flat=True)) == ["c-good"]
    assert not PersonalData.objects.exclude(feedback__source_id="c-good").exists()


def test_a_javascript_link_is_not_stored_as_a_link(token: str) -> None:
    response = post(
        token, [call("c-1", url="javascript:alert(document.cookie)"), call("c-2", url="http://x.ru")]
    )
    assert response.status_code == 200
    assert dict(Feedback.objects.values_list("source_id", "url")) == {"c-1": "", "c-2": "http://x.ru"}


def test_a_body_over_the_limit_gets_a_json_413_saying_why(token: str, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = post(token, [call(f"c-{i}") for i in range(100)])
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "больше допустимых" in response.json()["detail"]
    assert not Feedback.objects.exists()


def test_the_openapi_description_lists_the_error_answers(reference: object) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/feedback"]["post"]["responses"]
    assert {"200", "400", "401", "413", "422"} <= set(answers)
    phone = schema["components"]["schemas"]["PersonalIn"]["properties"]["phone"]
    assert "не длиннее 64 символов" in phone["description"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_of_the_same_records_in_another_order_both_succeed(token: str) -> None:
    for round_ in range(3):
        records = [call(f"r{round_}-{i:03d}") for i in range(150)]
        answers: list[int] = []

        def send(batch: list[dict[str, Any]], answers: list[int] = answers) -> None:
            try:
                answers.append(post(token, batch).status_code)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=send, args=(records,)),
            threading.Thread(target=send, args=(records[::-1],)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [200, 200]
        assert Feedback.objects.filter(source_id__startswith=f"r{round_}-").count() == 150


@pytest.fixture
def open_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, as a server should; here it
    is the test's own connection, kept for the next generated request (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_never_get_a_server_error(case: Any, token: str, open_connection: None) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, response.text[:2000]
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
