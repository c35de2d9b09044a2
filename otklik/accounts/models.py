from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


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
        ]

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()

    def display_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p) or self.username
