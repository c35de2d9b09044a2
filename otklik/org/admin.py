from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from otklik.audit.admin_mixins import AuditedAdmin
from otklik.org import models as m


@admin.register(m.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "short_name", "head_name", "parent", "valid_from", "valid_to"]
    search_fields = ["code", "name", "short_name"]
    list_filter = ["valid_to"]


@admin.register(m.TaxOffice)
class TaxOfficeAdmin(AuditedAdmin):
    list_display = ["code", "name", "short_name", "city", "valid_from", "valid_to"]
    search_fields = ["code", "name", "city"]


class ChannelSourceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.ChannelSource
    extra = 0


@admin.register(m.Channel)
class ChannelAdmin(AuditedAdmin):
    list_display = ["number", "code", "name"]
    inlines = [ChannelSourceInline]


@admin.register(m.PublicService)
class PublicServiceAdmin(AuditedAdmin):
    verbose_name_accusative = "государственную услугу"
    list_display = ["code", "name", "is_active"]
    search_fields = ["name"]


class TopicUnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.TopicUnit
    extra = 0


@admin.register(m.Topic)
class TopicAdmin(AuditedAdmin):
    verbose_name_accusative = "тематику"
    list_display = ["code", "name", "parent", "classifier_code", "is_active"]
    search_fields = ["code", "name", "classifier_code"]
    list_filter = ["parent", "is_active"]
    inlines = [TopicUnitInline]


@admin.register(m.GradeUnit)
class GradeUnitAdmin(AuditedAdmin):
    verbose_name_accusative = "компетенцию подразделения по критерию оценки"
    list_display = ["criterion", "service", "unit", "valid_from", "valid_to"]
    list_filter = ["criterion", "unit"]


class RuleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.ResponsibilityRule
    extra = 0


@admin.register(m.Regulation)
class RegulationAdmin(AuditedAdmin):
    list_display = ["number", "date", "effective_from", "effective_to"]
    inlines = [RuleInline]
    actions = None  # the list's «delete selected» would delete regulations in force too

    def has_delete_permission(self, request: HttpRequest, obj: m.Regulation | None = None) -> bool:
        """A regulation that is or was in force is replaced from a date (a new regulation), never deleted:
        the rounds of its time were opened under it. One that has not yet come into force may be deleted."""
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)
