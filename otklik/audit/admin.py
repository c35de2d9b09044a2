from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor_label", "action", "object_type", "object_repr", "ip", "request_id"]
    list_filter = ["action", "origin"]
    search_fields = ["actor_label", "object_repr", "object_id", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
