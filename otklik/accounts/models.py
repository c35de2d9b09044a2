from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from otklik.lib.ru import person


class User(AbstractUser):
    """A member of staff; belongs to one unit, whose items they work on."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="подразделение",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    patronymic = models.CharField("отчество", max_length=150, blank=True)

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        permissions = [
            ("view_personal_data", "Просмотр персональных данных без маскирования"),
            ("view_all_units", "Просмотр материалов всех подразделений"),
            ("work_unit_items", "Работа с материалами своего подразделения"),
            ("manage_reference", "Ведение справочников и регламента"),
            ("erase_personal_data", "Удаление персональных данных человека по его требованию"),
        ]

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()

    def __str__(self) -> str:
        # A choice list or an admin page names the person; logs and the audit keep the login.
        return person(self)

    def display_name(self) -> str:
        return person(self, full=True)


class LoginFailure(models.Model):
    """Failed sign-ins of one account or from one address in the current window, and the lock they caused.

    The name or address is kept only as a hash: a mistyped password in the name field must not be stored.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", "учетная запись"
        ADDRESS = "address", "адрес"

    scope = models.CharField("что ограничено", max_length=8, choices=Scope.choices)
    key = models.CharField("хэш имени или адреса", max_length=64)
    failures = models.PositiveIntegerField("неудачных попыток", default=0)
    window_start = models.DateTimeField("начало отсчета")
    locked_until = models.DateTimeField("вход закрыт до", null=True, blank=True)

    class Meta:
        verbose_name = "неудачные попытки входа"
        verbose_name_plural = "неудачные попытки входа"
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="login_failure_unique")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.failures}"
