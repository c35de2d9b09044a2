from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import Form
from django.http import HttpRequest

from otklik.audit import services as audit
from otklik.audit.labels import action_label, actor_label, record_lines, record_model, types_of

ACTION_LABELS = {"refdata.created": "добавлено", "refdata.updated": "изменено", "refdata.deleted": "удалено"}


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

    def save_formset(self, request: HttpRequest, form: Form, formset: Any, change: bool) -> None:
        """Inline rows (a regulation's rules, a topic's units) are audited like the object they belong to:
        each added, changed or deleted row with its before and after."""
        before: dict[Any, dict[str, Any]] = {}
        for row in formset.forms:
            instance = row.instance
            if instance.pk and (row.has_changed() or row in formset.deleted_forms):
                stored = type(instance)._default_manager.filter(pk=instance.pk).first()
                if stored is not None:
                    before[instance.pk] = audit.snapshot(stored)
        deleted_before = {
            row.instance.pk: (str(row.instance), type(row.instance)._meta.label_lower)
            for row in formset.deleted_forms
            if row.instance.pk
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit.record("refdata.created", acting_user=request.user, obj=obj, changes=audit.snapshot(obj))
        for obj, _fields in formset.changed_objects:
            audit.record(
                "refdata.updated",
                acting_user=request.user,
                obj=obj,
                changes=audit.diff(before.get(obj.pk, {}), audit.snapshot(obj)),
            )
        for pk, (label, object_type) in deleted_before.items():
            audit.record(
                "refdata.deleted",
                acting_user=request.user,
                object_type=object_type,
                object_id=str(pk),
                object_repr=label,
                changes=before.get(pk, {}),
            )

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        """«История» shows the audit log of the object and of its inline rows, not the admin's own log."""
        from django.shortcuts import get_object_or_404
        from django.template.response import TemplateResponse

        from otklik.audit.models import AuditEvent

        obj = get_object_or_404(self.model, pk=object_id)
        rows = AuditEvent.objects.filter(object_type__in=types_of(self.model), object_id=str(obj.pk))
        for inline in self.inlines:
            related = inline.model
            link = next(
                (
                    f.name
                    for f in related._meta.get_fields()
                    if getattr(f, "related_model", None) is self.model
                ),
                None,
            )
            if link:
                ids = [
                    str(pk)
                    for pk in related._default_manager.filter(**{link: obj}).values_list("pk", flat=True)
                ]
                rows = rows | AuditEvent.objects.filter(object_type__in=types_of(related), object_id__in=ids)
        context = {
            **self.admin_site.each_context(request),
            "title": f"История изменений: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "events": [
                {
                    "at": e.at,
                    "who": actor_label(e),
                    "what": ACTION_LABELS.get(e.action) or action_label(e.action),
                    "object": e.object_repr,
                    "changes": record_lines(
                        record_model(e.object_type), e.changes, diff=e.action == "refdata.updated"
                    ),
                }
                for e in rows.select_related("actor").order_by("-at", "-pk")[:500]
            ],
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/audited_history.html", context)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit.record("refdata.deleted", acting_user=request.user, obj=obj, changes=self._snapshot(obj))
        super().delete_queryset(request, queryset)
