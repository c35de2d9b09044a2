from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "otklik.accounts"
    verbose_name = "Пользователи и роли"

    def ready(self) -> None:
        from otklik.accounts.permission_names import name_default_permissions
        from otklik.accounts.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="otklik_sync_roles")
        post_migrate.connect(name_default_permissions, dispatch_uid="otklik_permission_names")
