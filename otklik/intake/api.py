"""HTTP API: other systems send feedback in batches; the answer says per record what became of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.security import HttpBearer

from otklik.audit import services as audit
from otklik.intake.masking import mask_message
from otklik.intake.models import ApiClient
from otklik.intake.record import EARLIEST_DATE, FIELD_LIMITS, LATEST_DATE, FeedbackRecord, PersonalData
from otklik.intake.services import register_many

MAX_BATCH = 1000
_YEARS = f"даты вне {EARLIEST_DATE.year}–{LATEST_DATE.year} годов отклоняют запись"


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


def _text(description: str = "", *, field: str = "", default: Any = "") -> Any:
    """A text field of the schema, its limit from the registry's table (`record.FIELD_LIMITS`): a longer
    value, a NUL or half of a surrogate pair rejects that record alone, saying which field and why."""
    limit = FIELD_LIMITS.get(field)
    said = f"не длиннее {limit} символов; " if limit else ""
    return Field(
        default=default,
        description=f"{description}{'; ' if description else ''}{said}без символа NUL и непарных суррогатов",
    )


class PersonalIn(Schema):
    full_name: str = _text("ФИО", field="personal.full_name")
    inn: str = _text("ИНН: 10 или 12 цифр с верными контрольными цифрами", field="personal.inn")
    phone: str = _text("телефон", field="personal.phone")
    email: str = _text("электронная почта", field="personal.email")
    postal_address: str = _text("почтовый адрес", field="personal.postal_address")


class FeedbackIn(Schema):
    channel: str = Field(
        ..., description="код потока: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media"
    )
    source_id: str = _text("идентификатор записи в системе-источнике", field="source_id", default=...)
    received_at: dt.datetime = Field(
        ..., description=f"время поступления с часовым поясом (ISO 8601); {_YEARS}"
    )
    source: str = ""
    registered_at: dt.datetime | None = Field(default=None, description=_YEARS)
    office: str = ""
    answering_unit: str = ""
    service: str = ""
    taxpayer_kind: str = "unknown"
    title: str = _text("заголовок", field="title")
    text: str = _text("текст")
    url: str = _text("ссылка; сохраняется только адрес http:// или https://", field="url")
    grades: dict[str, int] = {}
    negative_mark: bool | None = None
    redirected_to: str = _text("куда переадресовано", field="redirected_to")
    resolved_first_line: bool | None = None
    is_complaint: bool | None = None
    topic_hint: str = _text("тематика по данным источника", field="topic_hint")
    registration_number: str = _text("регистрационный номер", field="registration_number")
    appeal_kind: str = ""
    regime: str = ""
    is_repeat: bool = False
    classifier_codes: list[str] = []
    result: str = ""
    forwarded_by: str = _text("направивший орган", field="forwarded_by")
    forwarding_letter_number: str = _text("номер сопроводительного письма", field="forwarding_letter_number")
    forwarding_letter_date: dt.date | None = None
    forwarder_control: bool = False
    forwarder_due: dt.date | None = None
    personal: PersonalIn = PersonalIn()


class ErrorOut(Schema):
    detail: Any = Field(..., description="что не так с запросом (по-русски) или список ошибок по полям")


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


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request,
        {
            "detail": f"Тело запроса больше допустимых {limit / (1 << 20):.1f} МБ".replace(".", ",")
            + f": разделите записи на несколько пакетов поменьше (не более {MAX_BATCH} записей в пакете)."
        },
        status=413,
    )


@api.post(
    "/feedback",
    auth=TokenAuth(),
    response={200: BatchOut, 400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Принять пакет записей обратной связи",
    description=(
        "Каждая запись проверяется отдельно: запись с ошибкой (неизвестный код, значение длиннее предела "
        "поля, символ NUL, дата вне 2000–2099 годов) отклоняется с причиной, остальные сохраняются. "
        "400 — тело не JSON; 401 — нет или неверен токен; 413 — тело больше допустимого; "
        "422 — тело не соответствует схеме."
    ),
)
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
