from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "otklik.reports"
    verbose_name = "Отчеты и сводка"
