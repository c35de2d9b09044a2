from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "otklik.org"
    verbose_name = "Справочники и регламент"
