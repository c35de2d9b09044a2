"""Settings: everything that differs between installations comes from the environment (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from otklik.lib.env import ConfigError, database_from_url, env_bool, env_int, env_list, env_str

django_stubs_ext.monkeypatch()  # generic admin and queryset classes, as the type checker sees them

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OTKLIK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
os.environ.setdefault("OTKLIK_VAR_DIR", str(VAR_DIR))

_DEV_SECRET = "otklik-development-only-secret-key-change-me"  # noqa: S105 - refused below in production

try:
    DEBUG = env_bool("OTKLIK_DEBUG", default=False)
    SECRET_KEY = env_str("OTKLIK_SECRET_KEY")
    # `make run` writes var/secret.key: any `otklik` command of this installation finds it without a variable.
    _KEY_FILE = env_str("OTKLIK_SECRET_KEY_FILE") or (
        str(VAR_DIR / "secret.key") if (VAR_DIR / "secret.key").is_file() else ""
    )
    if not SECRET_KEY and _KEY_FILE:
        SECRET_KEY = Path(_KEY_FILE).read_text(encoding="utf-8").strip()
    SECRET_KEY = SECRET_KEY or _DEV_SECRET
    DATABASES = {
        "default": database_from_url(env_str("DATABASE_URL"), default_sqlite=VAR_DIR / "otklik.sqlite3")
    }
    ALLOWED_HOSTS = env_list("OTKLIK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    _EMAIL_PORT = env_int("OTKLIK_EMAIL_PORT", 25, minimum=1)
    DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("OTKLIK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
    PD_RETENTION_DAYS = env_int("OTKLIK_PD_RETENTION_DAYS", 5 * 365, minimum=1)
    LOGIN_FAILURES_PER_ACCOUNT = env_int("OTKLIK_LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
    LOGIN_FAILURES_PER_ADDRESS = env_int("OTKLIK_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
    LOGIN_LOCK_MINUTES = env_int("OTKLIK_LOGIN_LOCK_MINUTES", 15, minimum=1)
    WEB_WORKERS = env_int("OTKLIK_WEB_WORKERS", 2, minimum=1)
    DASHBOARD_CACHE_SECONDS = env_int("OTKLIK_DASHBOARD_CACHE_SECONDS", 10, minimum=0)
    EXPORT_INLINE_ROWS = env_int("OTKLIK_EXPORT_INLINE_ROWS", 5000, minimum=1)
    EXPORT_KEEP_HOURS = env_int("OTKLIK_EXPORT_KEEP_HOURS", 24, minimum=1)
    REPORT_INLINE_RECORDS = env_int("OTKLIK_REPORT_INLINE_RECORDS", 20000, minimum=0)
    BEHIND_TLS_PROXY = env_bool("OTKLIK_SECURE_COOKIES", default=False)
    _HSTS_SECONDS = env_int("OTKLIK_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
except (ConfigError, OSError) as exc:
    raise ImproperlyConfigured(str(exc)) from None

if not DEBUG and SECRET_KEY in {"", _DEV_SECRET}:
    raise ImproperlyConfigured(
        "OTKLIK_SECRET_KEY не задан: без режима отладки (OTKLIK_DEBUG=0) приложение не запускается "
        "с ключом по умолчанию. Задайте длинную случайную строку в переменной окружения OTKLIK_SECRET_KEY."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "otklik.worker.apps.TaskQueueConfig",  # django_tasks_db
    "ninja",
    "otklik.web",
    # After otklik.web, whose admin templates take precedence; the site names models in the right case.
    "otklik.web.admin_site.AdminConfig",
    "otklik.accounts",
    "otklik.audit",
    "otklik.org",
    "otklik.registry",
    "otklik.intake",
    "otklik.analysis",
    "otklik.monitoring",
    "otklik.measures",
    "otklik.reports",
    "otklik.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "otklik.web.middleware.NoStoreMiddleware",
    "otklik.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "otklik.urls"
WSGI_APPLICATION = "otklik.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "otklik.web.context.navigation",
            ]
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
# Our own Russian for what Django lacks or words wrongly; it takes precedence over Django's catalogs, and the
# admin's JavaScript catalog (calendar, clock, time zone note) reads it too.
LOCALE_PATHS = [BASE_DIR / "otklik" / "locale"]
TIME_ZONE = env_str("OTKLIK_TIME_ZONE", "Asia/Vladivostok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Pages render before `collectstatic` has run (tests, a first start): files are served from the apps.
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Official documents: the organisation in their heading, and the unit whose head signs the administration's
# quarterly note (a unit's own note is signed by that unit's head; heads are kept with the units).
OTKLIK_ORGANISATION_NAME = env_str("OTKLIK_ORGANISATION_NAME", "УФНС России по Хабаровскому краю")
REPORT_SIGNING_UNIT = env_str("OTKLIK_REPORT_SIGNING_UNIT", "07")

# Background jobs: Django's tasks framework with a queue in the product's own database, so the embedded
# default needs nothing more and any number of `otklik worker` processes share one PostgreSQL.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports", "analysis"]}
}

# E-mail: SMTP where OTKLIK_EMAIL_HOST is set; otherwise letters are printed to the console.
_EMAIL_HOST = env_str("OTKLIK_EMAIL_HOST")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": _EMAIL_PORT,
            "username": env_str("OTKLIK_EMAIL_USER"),
            "password": env_str("OTKLIK_EMAIL_PASSWORD"),
            "use_tls": env_bool("OTKLIK_EMAIL_TLS", default=False),
        },
    }
    if _EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env_str("OTKLIK_EMAIL_FROM", "otklik@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a reverse proxy that ends TLS (OTKLIK_SECURE_COOKIES=1): cookies only over HTTPS, the proxy's
# X-Forwarded-Proto trusted (the proxy must set it and drop a client's own), plain HTTP sent to HTTPS (the
# proxy's health check excepted), and browsers told to use HTTPS only (HSTS).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = BEHIND_TLS_PROXY
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The directive takes effect only once the domain is submitted to the browsers' preload list.
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: scripts, styles, fonts and requests from the site itself only; no inline scripts,
# styles or handlers anywhere; images also as data: URLs (the reports' charts); no frames, plugins, <base>.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("OTKLIK_LOG_LEVEL", "INFO")},
    # Libraries' own progress notes (a PDF's font subsetting: a hundred lines per document; the dictionary
    # loading) are not the product's events: only their warnings reach the log.
    "loggers": {name: {"level": "WARNING"} for name in ("fontTools", "pymorphy3")},
}
