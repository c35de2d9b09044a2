"""HTTP API: other systems send feedback in batches; the answer says per record what became of it."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import typing
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.security import HttpBearer
from pydantic import create_model

from otklik.audit import services as audit
from otklik.intake.models import ApiClient
from otklik.registry.masking import mask_message
from otklik.registry.record import EARLIEST_DATE, LATEST_DATE, FeedbackRecord, PersonalData
from otklik.registry.services import register_many

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


def _schema_fields(of: type[Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The API's fields of a record's dataclass: each field's type, default and description (its name, its
    word for the API, its limit from `record.py`): a longer value, a NUL or half of a surrogate pair rejects
    that record alone, saying which field and why."""
    types = typing.get_type_hints(of)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(of):
        if f.name in skip:
            continue
        meta = f.metadata
        said = [meta["about"] or meta["name"]]
        if meta["limit"]:
            said.append(f"не длиннее {meta['limit']} символов")
        if types[f.name] is str:
            said.append("без символа NUL и непарных суррогатов")
        if meta["kind"] in ("datetime", "date"):
            said.append(_YEARS)
        if f.default_factory is not dataclasses.MISSING:
            field = Field(default_factory=f.default_factory, description="; ".join(said))
        else:
            required = f.default is dataclasses.MISSING
            field = Field(... if required else f.default, description="; ".join(said))
        fields[f.name] = (types[f.name], field)
    return fields


# The schema is the record's (`registry/record.py`): a field added there is in the API at once.
PersonalIn = create_model("PersonalIn", __base__=Schema, **_schema_fields(PersonalData))
FeedbackIn = create_model(
    "FeedbackIn",
    __base__=Schema,
    **_schema_fields(FeedbackRecord, skip=("personal", "raw")),
    personal=(PersonalIn, Field(default_factory=PersonalIn, description="персональные данные")),
)


class ErrorOut(Schema):
    detail: Any = Field(..., description="что не так с запросом (по-русски) или список ошибок по полям")


class BatchIn(Schema):
    records: list[FeedbackIn] = Field(..., max_length=MAX_BATCH)  # type: ignore[valid-type]


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


def to_record(item: Schema) -> FeedbackRecord:
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
    received = [to_record(r) for r in batch.records]
    outcomes = register_many(received, acting_user=None)
    records = [
        {
            "index": i,
            "source_id": r.source_id,
            "status": o.status,
            "id": o.feedback_id,
            # The answer does not echo personal data: a rejected ИНН or name is masked in the reason.
            "reason": mask_message(o.reason, r.personal.as_dict().values()) if o.reason else "",
            "field": o.field,
        }
        for i, (r, o) in enumerate(zip(received, outcomes, strict=True))
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
