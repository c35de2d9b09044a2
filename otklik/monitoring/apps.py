from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "otklik.monitoring"
    verbose_name = "Мониторинг"
