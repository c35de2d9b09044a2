from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "otklik.analysis"
    verbose_name = "Анализ текста"
