from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.tasks import TaskResultStatus
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult, get_date_max

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
    verbose_name_accusative = "рассылку отчета"
    list_display = ["kind", "fmt", "unit", "emails", "active", "created_at"]
    list_filter = ["kind", "active"]
    filter_horizontal = ["users"]
    inlines = [DeliveryInline]


# The queue's own admin speaks English («Task Results», «traceback»): the same rows are shown in Russian here.
admin.site.unregister(DBTaskResult)

QUEUES = {"default": "общая", "imports": "загрузка файлов", "analysis": "анализ текста"}


class TaskStateFilter(admin.SimpleListFilter):
    title = "состояние"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(state), str(label)) for state, label in TaskResultStatus.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(m.BackgroundTask)
class BackgroundTaskAdmin(ReadOnlyAdmin):
    verbose_name_accusative = "фоновую задачу"
    list_display = ["task", "state", "queue", "enqueued", "started", "finished"]
    list_filter = [TaskStateFilter]
    ordering = ["-enqueued_at"]
    readonly_fields = (
        "task",
        "state",
        "queue",
        "enqueued",
        "not_before",
        "started",
        "finished",
        "workers",
        "parameters",
        "outcome",
        "error",
    )
    fields = readonly_fields

    @admin.display(description="задача", ordering="task_path")
    def task(self, obj: m.BackgroundTask) -> str:
        return obj.title()

    @admin.display(description="состояние", ordering="status")
    def state(self, obj: m.BackgroundTask) -> str:
        return str(obj.get_status_display())

    @admin.display(description="очередь", ordering="queue_name")
    def queue(self, obj: m.BackgroundTask) -> str:
        return QUEUES.get(obj.queue_name, obj.queue_name)

    @admin.display(description="поставлена в очередь", ordering="enqueued_at")
    def enqueued(self, obj: m.BackgroundTask) -> Any:
        return obj.enqueued_at

    @admin.display(description="не раньше")
    def not_before(self, obj: m.BackgroundTask) -> Any:
        return "—" if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description="начата", ordering="started_at")
    def started(self, obj: m.BackgroundTask) -> Any:
        return obj.started_at or "—"

    @admin.display(description="завершена", ordering="finished_at")
    def finished(self, obj: m.BackgroundTask) -> Any:
        return obj.finished_at or "—"

    @admin.display(description="обработчики")
    def workers(self, obj: m.BackgroundTask) -> str:
        return ", ".join(map(str, obj.worker_ids or [])) or "—"

    @admin.display(description="параметры")
    def parameters(self, obj: m.BackgroundTask) -> str:
        given = obj.args_kwargs or {}
        shown = [json.dumps(a, ensure_ascii=False) for a in given.get("args", [])]
        shown += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in given.get("kwargs", {}).items()]
        return ", ".join(shown) or "—"

    @admin.display(description="результат")
    def outcome(self, obj: m.BackgroundTask) -> str:
        return "—" if obj.return_value is None else json.dumps(obj.return_value, ensure_ascii=False)

    @admin.display(description="ошибка")
    def error(self, obj: m.BackgroundTask) -> str:
        if not obj.traceback:
            return "—"
        return format_html("<pre>{}</pre>", obj.traceback)
