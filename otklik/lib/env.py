"""Strict readers of settings from the environment: a wrong value stops the start with a clear message."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(RuntimeError):
    """A setting in the environment is missing or malformed."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: ожидается одно из 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: ожидается целое число") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value}: значение должно быть не меньше {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets readers work beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked" mid-transaction.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA busy_timeout=30000;PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            ),
        },
        # A file (a killed import's child process must reach it), one per test run, so runs side by side
        # in one checkout never share it.
        "TEST": {"NAME": str(path.with_name(f"{path.stem}-test-{os.getpid()}.sqlite3"))},
    }


def database_from_url(url: str, *, default_sqlite: Path) -> dict[str, Any]:
    """A Django DATABASES entry from `sqlite:///path` or `postgres://user:pass@host:port/name?opt=...`."""
    if not url:
        return sqlite_database(default_sqlite)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ConfigError(f"DATABASE_URL={url!r}: не указан путь к файлу SQLite")
        return sqlite_database(Path(path[1:] if path.startswith("//") else path))
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError(f"DATABASE_URL={url!r}: не указано имя базы данных PostgreSQL")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ConfigError(f"DATABASE_URL={url!r}: поддерживаются схемы sqlite:// и postgres://")


PRIVATE_UMASK = 0o077


def restrict_new_files() -> None:
    """Files and folders the process creates from now on are its owner's alone (0600/0700): the database, its
    WAL, uploads, exports and the secret key under `var/` hold personal data or keys. Every entry point calls
    this first."""
    os.umask(PRIVATE_UMASK)
