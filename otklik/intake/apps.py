from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "otklik.intake"
    verbose_name = "Прием обратной связи"

    def ready(self) -> None:
        from otklik.intake.erasure import erase_from_quarantine
        from otklik.registry.retention import person_erased

        person_erased.connect(erase_from_quarantine, dispatch_uid="otklik.intake.erase_from_quarantine")
