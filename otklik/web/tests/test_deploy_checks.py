"""`otklik check --deploy` is clean in the production configuration of the README (behind a TLS proxy)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "OTKLIK_DEBUG": "0",
    "OTKLIK_SECURE_COOKIES": "1",
    "OTKLIK_ALLOWED_HOSTS": "otklik.nalog.local",
    "OTKLIK_EMAIL_HOST": "smtp.nalog.local",
}


def _check(env_changes: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTKLIK_") and k != "DATABASE_URL"}
    env.update(OTKLIK_VAR_DIR=str(tmp_path), OTKLIK_SECRET_KEY=secrets.token_urlsafe(50), **env_changes)
    code = "import sys\nsys.argv = ['otklik', 'check', '--deploy', '--fail-level', 'WARNING']\n"
    code += "from otklik.cli import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_the_deploy_checks_pass_in_the_production_configuration(tmp_path: Path) -> None:
    result = _check(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_fail_without_the_tls_proxy_settings(tmp_path: Path) -> None:
    result = _check({**PRODUCTION, "OTKLIK_SECURE_COOKIES": "0"}, tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, check
