from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import Form
from django.http import HttpRequest

from otklik.audit import services as audit


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every save and delete through the admin writes its audit record in the same transaction."""

    audit_exclude: tuple[str, ...] = ()  # fields kept out of the record (a password hash, a login time)

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        names = [f.attname for f in obj._meta.concrete_fields if f.attname not in self.audit_exclude]
        return audit.snapshot(obj, names)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Form, change: bool) -> None:
        before = self._snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        after = self._snapshot(obj)
        audit.record(
            "refdata.updated" if change else "refdata.created",
            acting_user=request.user,
            obj=obj,
            changes=audit.diff(before, after) if change else after,
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit.record("refdata.deleted", acting_user=request.user, obj=obj, changes=self._snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit.record("refdata.deleted", acting_user=request.user, obj=obj, changes=self._snapshot(obj))
        super().delete_queryset(request, queryset)
