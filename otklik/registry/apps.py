from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "otklik.registry"
    verbose_name = "Реестр обратной связи"
