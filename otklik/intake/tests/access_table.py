from __future__ import annotations

from otklik.web.tests.access import NOT_ALLOWED, OK, AccessTable, row

TABLE: AccessTable = {
    # The API answers with its own token authentication, never with a login redirect.
    "api:post_feedback": (lambda ctx: "/api/v1/feedback", row(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api:openapi-json": (lambda ctx: "/api/v1/openapi.json", row(OK, anonymous=OK)),
    "api:openapi-view": (lambda ctx: "/api/v1/docs", row(OK, anonymous=OK)),
}
