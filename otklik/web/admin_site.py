"""The administration site, in Russian that reads right.

Django builds «Добавить %s», «Изменить %s» and «Выберите %s для изменения» from a model's `verbose_name`, in
the nominative: «Добавить рассылка отчета». A model admin whose name changes in the accusative says so with
`verbose_name_accusative`; the site gives every registered admin, ours and the libraries', the titles built
from it. The rest of Django's wording that does not suit Russian (messages that agree with the name in gender,
«Удалить выбранные …») is rephrased in `otklik/locale` so that it holds for any name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class RussianTitles(admin.ModelAdmin):  # type: ignore[type-arg]
    """Titles and the «add» button in the accusative; the list of what a deletion takes along without
    Django's link rows («Связь user-group: User_groups object (1)»)."""

    def accusative(self) -> str:
        return str(getattr(self, "verbose_name_accusative", "") or self.opts.verbose_name)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if admin.options.IS_POPUP_VAR in request.GET:
            title = _("Select %s")
        elif self.has_change_permission(request):
            title = _("Select %s to change")
        else:
            title = _("Select %s to view")
        context = {
            "title": title % self.accusative(),
            "accusative": self.accusative(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: models.Model | None = None,
    ) -> HttpResponse:
        if add:
            title = _("Add %s")
        elif self.has_change_permission(request, obj):
            title = _("Change %s")
        else:
            title = _("View %s")
        context["title"] = title % self.accusative()
        context["accusative"] = self.accusative()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_models()
        prefixes = tuple(f"{capfirst(m._meta.verbose_name)}: " for m in links)
        plurals = {str(m._meta.verbose_name_plural) for m in links}
        return (
            _without(deleted, prefixes),
            {name: n for name, n in counts.items() if str(name) not in plurals},
            perms_needed,
            protected,
        )


def _link_models() -> list[type[models.Model]]:
    """The tables Django makes for many-to-many fields: a row there is a link, not a record of its own."""
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if m._meta.auto_created]


def _without(items: Iterable[Any], prefixes: tuple[str, ...]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, list):
            nested = _without(item, prefixes)
            if nested:
                kept.append(nested)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


class Site(admin.AdminSite):
    site_header = "Отклик — администрирование"
    site_title = "Отклик"
    index_title = "Справочники, регламент и пользователи"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, RussianTitles):
            # RussianTitles sits just above Django's ModelAdmin: the admin's own methods still come first.
            base = type(base.__name__, (base, RussianTitles), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class AdminConfig(DjangoAdminConfig):
    default_site = "otklik.web.admin_site.Site"
