from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "otklik.audit"
    verbose_name = "Аудит"

    def ready(self) -> None:
        from otklik.audit.maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="otklik_audit_sqlite_function")
