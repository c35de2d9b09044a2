"""What every response and every file carries: a strict CSP, no caching of personal data, private files."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from otklik.accounts.models import User
from otklik.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_strict_content_security_policy(users: dict[str, User]) -> None:
    client = Client()
    for response in (client.get("/login/"), client.get("/health")):
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    client.login(username="admin", password=PASSWORD)
    assert "script-src 'self'" in client.get("/admin/").headers["Content-Security-Policy"]


def test_no_template_has_an_inline_script_handler_or_style() -> None:
    offenders = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if path.name == "document_standalone.html":
            continue  # a report saved as one HTML file: it is downloaded, never shown as a page of the site
        html = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html):
            offenders.append(f"{path}: встроенный сценарий")
        if re.search(r"\son[a-z]+\s*=", html):
            offenders.append(f"{path}: обработчик события в разметке")
        if re.search(r"\sstyle\s*=|<style", html):
            offenders.append(f"{path}: встроенный стиль")
        if "javascript:" in html:
            offenders.append(f"{path}: ссылка javascript:")
    assert not offenders, offenders


def test_pages_of_a_signed_in_user_and_downloads_are_never_stored(users: dict[str, User]) -> None:
    client = Client()
    assert "no-store" not in client.get("/static/otklik/otklik.css").headers.get("Cache-Control", "")
    client.login(username="leader", password=PASSWORD)
    for path in (
        "/",
        "/reports/registry/",
        "/reports/registry/export?format=csv",
        "/reports/registry/export?format=xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path
        assert "private" in response.headers["Cache-Control"], path


def test_the_access_log_keeps_no_query_string_nor_referrer() -> None:
    from otklik.web.management.commands import serve

    assert "%(U)s" in serve.ACCESS_LOG_FORMAT
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({referer}i)s"):
        assert atom not in serve.ACCESS_LOG_FORMAT
    with mock.patch("gunicorn.app.wsgiapp.run") as run:
        from django.core.management import call_command

        call_command("serve", "--port", "8123")
    assert run.called
    assert serve.ACCESS_LOG_FORMAT in sys.argv and "0o77" in sys.argv
    atoms: dict[str, Any] = {
        "h": "10.0.0.1",
        "t": "[04/Dec/2026:10:00:00 +0000]",
        "m": "GET",
        "U": "/reports/registry/",
        "q": "q=Иванов+Иван",
        "r": "GET /reports/registry/?q=Иванов+Иван HTTP/1.1",
        "H": "HTTP/1.1",
        "s": "200",
        "b": "512",
        "M": "12",
        "a": "Mozilla",
        "f": "https://otklik/reports/registry/?q=Иванов",
        "{x-request-id}o": "abc",
    }
    line = serve.ACCESS_LOG_FORMAT % atoms
    assert "/reports/registry/" in line and "Иванов" not in line


SHELL_SCRIPT = """
import os, pathlib
from django.db import connection
connection.cursor().execute("CREATE TABLE t (x int)")  # the database, its WAL and shared memory
var = pathlib.Path(os.environ["OTKLIK_VAR_DIR"])
(var / "uploads").mkdir()
(var / "uploads" / "f.csv").write_text("x")
print(sorted((p.name, oct(p.stat().st_mode & 0o777)) for p in var.rglob("*")))
"""


def test_files_the_product_creates_under_var_are_its_owner_s_alone(tmp_path: Path) -> None:
    var = tmp_path / "var"
    argv = ["otklik", "shell", "-c", SHELL_SCRIPT]
    code = f"import sys\nsys.argv = {argv!r}\nfrom otklik.cli import main\nmain()\n"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(OTKLIK_VAR_DIR=str(var), OTKLIK_SECRET_KEY="test")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    modes = dict(ast.literal_eval(result.stdout.strip().splitlines()[-1]))
    assert modes["otklik.sqlite3"] == "0o600"
    assert modes["otklik.sqlite3-wal"] == "0o600" and modes["otklik.sqlite3-shm"] == "0o600"
    assert modes["uploads"] == "0o700" and modes["f.csv"] == "0o600"
    assert oct(var.stat().st_mode & 0o777) == "0o700"


@pytest.mark.parametrize("status", ["done", "failed"])
def test_an_uploaded_file_is_removed_once_its_batch_is_finished(
    reference: object, settings: Any, tmp_path: Path, status: str
) -> None:
    from otklik.intake.upload_files import remove_if_final, upload_dir
    from otklik.org.models import Channel
    from otklik.registry.models import ImportBatch

    settings.VAR_DIR = tmp_path
    kept = tmp_path / "elsewhere.csv"
    kept.write_text("x")
    uploaded = upload_dir() / "abc_file.csv"
    uploaded.write_text("x")
    channel = Channel.objects.get(code="appeals")
    running = ImportBatch.objects.create(channel=channel, file_path=str(uploaded), status="running")
    assert not remove_if_final(running) and uploaded.exists()  # a running batch may yet resume from it
    running.status = status
    assert remove_if_final(running) and not uploaded.exists()
    own = ImportBatch.objects.create(channel=channel, file_path=str(kept), status=status)
    assert not remove_if_final(own) and kept.exists()  # an operator's file imported from the command line
