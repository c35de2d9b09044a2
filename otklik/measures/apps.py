from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "otklik.measures"
    verbose_name = "Меры по устранению недостатков"
