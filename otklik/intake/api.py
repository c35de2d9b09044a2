"""HTTP API: other systems send feedback in batches; the answer says per record what became of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.security import HttpBearer

from otklik.audit import services as audit
from otklik.intake.masking import mask_message
from otklik.intake.models import ApiClient
from otklik.intake.record import FeedbackRecord, PersonalData
from otklik.intake.services import register_many

MAX_BATCH = 1000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(name: str, *, acting_user: Any = None) -> tuple[ApiClient, str]:
    """A new system and its token; the token is shown once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, token_hash=hash_token(token), token_prefix=token[:8])
    audit.record("api.token_issued", acting_user=acting_user, obj=client)
    return client, token


@transaction.atomic
def revoke_token(client: ApiClient, *, acting_user: Any = None) -> None:
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    audit.record("api.token_revoked", acting_user=acting_user, obj=client)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        return ApiClient.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True).first()


api = NinjaAPI(
    title="Отклик API",
    version="1",
    description="Прием обратной связи налогоплательщиков от внешних систем. Авторизация: `Authorization: "
    "Bearer <токен>`; токен выдает администратор (`otklik api-token issue ИМЯ`).",
    urls_namespace="api",
)


class PersonalIn(Schema):
    full_name: str = ""
    inn: str = Field(default="", description="ИНН: 10 или 12 цифр с верными контрольными цифрами")
    phone: str = ""
    email: str = ""
    postal_address: str = ""


class FeedbackIn(Schema):
    channel: str = Field(
        ..., description="код потока: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media"
    )
    source_id: str = Field(..., description="идентификатор записи в системе-источнике")
    received_at: dt.datetime = Field(..., description="время поступления с часовым поясом (ISO 8601)")
    source: str = ""
    registered_at: dt.datetime | None = None
    office: str = ""
    answering_unit: str = ""
    service: str = ""
    taxpayer_kind: str = "unknown"
    title: str = ""
    text: str = ""
    url: str = ""
    grades: dict[str, int] = {}
    negative_mark: bool | None = None
    redirected_to: str = ""
    resolved_first_line: bool | None = None
    is_complaint: bool | None = None
    topic_hint: str = ""
    registration_number: str = ""
    appeal_kind: str = ""
    regime: str = ""
    is_repeat: bool = False
    classifier_codes: list[str] = []
    result: str = ""
    forwarded_by: str = ""
    forwarding_letter_number: str = ""
    forwarding_letter_date: dt.date | None = None
    forwarder_control: bool = False
    forwarder_due: dt.date | None = None
    personal: PersonalIn = PersonalIn()


class BatchIn(Schema):
    records: list[FeedbackIn] = Field(..., max_length=MAX_BATCH)


class RecordOut(Schema):
    index: int
    source_id: str
    status: Literal["created", "duplicate", "rejected"]
    id: int | None = None
    reason: str = ""
    field: str = ""


class BatchOut(Schema):
    created: int
    duplicate: int
    rejected: int
    records: list[RecordOut]


def to_record(item: FeedbackIn) -> FeedbackRecord:
    data = item.model_dump()
    personal = PersonalData(**data.pop("personal"))
    return FeedbackRecord(**data, personal=personal, raw=item.model_dump(mode="json"))


@api.post("/feedback", auth=TokenAuth(), response=BatchOut, summary="Принять пакет записей обратной связи")
def post_feedback(request: HttpRequest, batch: BatchIn) -> dict[str, Any]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    outcomes = register_many([to_record(r) for r in batch.records], acting_user=None)
    records = [
        {
            "index": i,
            "source_id": r.source_id,
            "status": o.status,
            "id": o.feedback_id,
            # The answer does not echo personal data: a rejected ИНН or name is masked in the reason.
            "reason": mask_message(o.reason, r.personal.model_dump().values()) if o.reason else "",
            "field": o.field,
        }
        for i, (r, o) in enumerate(zip(batch.records, outcomes, strict=True))
    ]
    audit.record(
        "api.feedback_posted",
        obj=client,
        changes={"records": len(records), "created": sum(o.status == "created" for o in outcomes)},
    )
    return {
        "created": sum(o.status == "created" for o in outcomes),
        "duplicate": sum(o.status == "duplicate" for o in outcomes),
        "rejected": sum(o.status == "rejected" for o in outcomes),
        "records": records,
    }
