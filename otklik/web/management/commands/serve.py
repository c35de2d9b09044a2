from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from otklik.lib.env import PRIVATE_UMASK

# The path without its query string, and no referrer: search words and filters (names among them) stay out of
# the log. The request id ties a line to the audit record of the same request.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'


class Command(BaseCommand):
    help = "Запустить веб-сервер (gunicorn) приложения"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import run

        argv = [
            "gunicorn",
            "otklik.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--timeout",
            "120",
            "--access-logfile",
            "-",
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--umask",
            oct(PRIVATE_UMASK),
        ]
        sys.argv = argv  # gunicorn reads its options from the command line
        run()
