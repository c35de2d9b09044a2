from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "otklik.worker"
    verbose_name = "Фоновый обработчик"
