from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join

from otklik.audit import labels
from otklik.audit.models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    title = "действие"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        return [(code, labels.action_label(code)) for code in codes]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class OriginFilter(admin.SimpleListFilter):
    title = "источник"
    parameter_name = "origin"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, labels.origin_label(code)) for code in ("web", "api", "worker", "cli", "system")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(origin=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit log as the auditor's page shows it: people by name, actions and fields in words; the codes
    stay in the records for search and export."""

    list_display = ["at", "who", "what", "record", "ip", "request_id"]
    list_filter = [ActionFilter, OriginFilter]
    list_select_related = ["actor"]
    search_fields = ["actor_label", "actor__last_name", "object_repr", "object_id", "request_id"]
    readonly_fields = (
        "at",
        "who",
        "what",
        "record",
        "changes_in_words",
        "ip",
        "origin_in_words",
        "request_id",
    )
    fields = readonly_fields

    @admin.display(description="пользователь", ordering="actor_label")
    def who(self, event: AuditEvent) -> str:
        return labels.actor_label(event)

    @admin.display(description="действие", ordering="action")
    def what(self, event: AuditEvent) -> str:
        return labels.action_label(event.action)

    @admin.display(description="объект")
    def record(self, event: AuditEvent) -> str:
        if not event.object_type:
            return event.object_repr or "—"
        number = f" № {event.object_id}" if event.object_id else ""
        shown = f" «{event.object_repr}»" if event.object_repr else ""
        return f"{labels.object_label(event.object_type)}{number}{shown}"

    @admin.display(description="изменения")
    def changes_in_words(self, event: AuditEvent) -> str:
        lines = labels.record_lines(
            labels.record_model(event.object_type), event.changes, diff=event.action.endswith("updated")
        )
        return format_html_join("", "{}<br>", ((line,) for line in lines)) or "—"

    @admin.display(description="источник")
    def origin_in_words(self, event: AuditEvent) -> str:
        return labels.origin_label(event.origin)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
