from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.audit.admin_mixins import AuditedAdmin
from otklik.worker import models as m


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records the worker writes: administrators read them, nobody edits them by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "started_at", "finished_at", "outcome", "summary", "worker_id", "attempts"]
    list_filter = ["outcome", "name"]
    search_fields = ["name", "summary", "error", "worker_id"]
    date_hierarchy = "started_at"


@admin.register(m.WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "host", "pid", "started_at", "last_seen", "current"]


class DeliveryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.MailingDelivery
    extra = 0
    can_delete = False
    readonly_fields = ["period", "status", "claimed_at", "sent_at", "recipients", "attachment"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.ReportMailing)
class ReportMailingAdmin(AuditedAdmin):
    list_display = ["kind", "fmt", "unit", "emails", "active", "created_at"]
    list_filter = ["kind", "active"]
    filter_horizontal = ["users"]
    inlines = [DeliveryInline]
