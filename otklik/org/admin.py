from __future__ import annotations

from django.contrib import admin

from otklik.audit.admin_mixins import AuditedAdmin
from otklik.org import models as m


@admin.register(m.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "short_name", "parent", "valid_from", "valid_to"]
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
    list_display = ["code", "name", "is_active"]
    search_fields = ["name"]


class TopicUnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.TopicUnit
    extra = 0


@admin.register(m.Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ["code", "name", "parent", "classifier_code", "is_active"]
    search_fields = ["code", "name", "classifier_code"]
    list_filter = ["parent", "is_active"]
    inlines = [TopicUnitInline]


@admin.register(m.GradeUnit)
class GradeUnitAdmin(AuditedAdmin):
    list_display = ["criterion", "service", "unit", "valid_from", "valid_to"]
    list_filter = ["criterion", "unit"]


class RuleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.ResponsibilityRule
    extra = 0


@admin.register(m.Regulation)
class RegulationAdmin(AuditedAdmin):
    list_display = ["number", "date", "effective_from", "effective_to"]
    inlines = [RuleInline]
