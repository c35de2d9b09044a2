from __future__ import annotations

import subprocess
import sys

from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD


def test_passwords_are_stored_as_argon2_hashes(users: dict[str, User]) -> None:
    assert identify_hasher(users["officer"].password).algorithm == "argon2"


def test_the_login_page_signs_a_user_in_and_shows_their_unit(users: dict[str, User]) -> None:
    client = Client()
    page = client.get("/login/")
    assert "Вход в систему" in page.content.decode()
    response = client.post("/login/", {"username": "officer", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert "Мониторинги к сроку" in html  # the officer's home is their to-do list
    assert "Отдел работы с налогоплательщиками" in html and "Сотрудник подразделения" in html


def test_a_wrong_password_is_refused_with_a_message(users: dict[str, User]) -> None:
    html = Client().post("/login/", {"username": "officer", "password": "wrong"}).content.decode()
    assert "Неверное имя пользователя или пароль" in html


def test_roles_hold_their_permissions_after_migrate(users: dict[str, User]) -> None:
    assert users["analyst"].has_perm("accounts.view_all_units")
    assert not users["analyst"].has_perm("accounts.view_personal_data")
    assert users["officer"].has_perm("accounts.view_personal_data")
    assert users["auditor"].has_perm("audit.view_audit_log")
    assert not users["leader"].has_perm("org.change_unit")
    assert users["admin"].has_perm("org.change_unit")


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='otklik.settings'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_with_the_default_secret_key(tmp_path: object) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("OTKLIK_SECRET")}
    env["OTKLIK_DEBUG"] = "0"
    result = run_settings(env)
    assert result.returncode != 0
    assert "OTKLIK_SECRET_KEY не задан" in result.stderr


def test_a_malformed_setting_stops_the_start_with_its_name(tmp_path: object) -> None:
    import os

    env = dict(os.environ, OTKLIK_DEBUG="maybe")
    result = run_settings(env)
    assert result.returncode != 0
    assert "OTKLIK_DEBUG='maybe'" in result.stderr
