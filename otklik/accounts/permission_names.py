"""Russian names for the permissions Django makes for every model («Can add topic» → «Добавление:
тематики»), so that the administration's lists of rights read Russian. The codenames stay as they are."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.utils import translation

ACTIONS = {"add": "Добавление", "change": "Изменение", "delete": "Удаление", "view": "Просмотр"}


def default_permission_name(action: str, verbose_name_plural: Any) -> str:
    return f"{ACTIONS[action]}: {verbose_name_plural}"[:255]


def name_default_permissions(app_config: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate, after Django has made the app's permissions: rename those it named in English."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    if not app_config.models_module:
        return
    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            content_type = ContentType.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            for action in ACTIONS:
                name = default_permission_name(action, model._meta.verbose_name_plural)
                Permission.objects.using(using).filter(
                    content_type=content_type, codename=f"{action}_{model._meta.model_name}"
                ).exclude(name=name).update(name=name)
