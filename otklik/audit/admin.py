from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from otklik.audit import labels
from otklik.audit.models import AuditEvent


class OriginFilter(admin.SimpleListFilter):
    title = "источник"
    parameter_name = "origin"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, labels.origin_label(code)) for code in ("web", "api", "worker", "cli", "system")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(origin=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "who", "what", "object_type", "object_repr", "ip", "request_id"]
    list_filter = ["action", OriginFilter]
    list_select_related = ["actor"]
    search_fields = ["actor_label", "actor__last_name", "object_repr", "object_id", "request_id"]

    @admin.display(description="пользователь", ordering="actor_label")
    def who(self, event: AuditEvent) -> str:
        return labels.actor_label(event)

    @admin.display(description="действие", ordering="action")
    def what(self, event: AuditEvent) -> str:
        return labels.action_label(event.action)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
