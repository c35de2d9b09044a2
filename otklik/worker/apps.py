from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig


class WorkerConfig(AppConfig):
    name = "otklik.worker"
    verbose_name = "Фоновый обработчик"
    default = True


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db, the task queue, under a Russian name (its own is «Tasks Database Backend»)."""

    verbose_name = "Очередь фоновых задач"
