from __future__ import annotations

from otklik.web.tests.access import DENIED, NOT_ALLOWED, OK, AccessTable, row

TABLE: AccessTable = {
    "analysis:models": (lambda ctx: "/analysis/models/", row(DENIED, admin=OK, leader=OK, analyst=OK)),
    "analysis:correct": (lambda ctx: f"/analysis/records/{ctx['feedback'].pk}/correct/", row(NOT_ALLOWED)),
    "analysis:retrain": (lambda ctx: "/analysis/models/retrain/", row(DENIED, admin=NOT_ALLOWED)),
}
