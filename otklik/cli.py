"""The `otklik` console command: the product's management commands, `otklik import` = `manage.py import`."""

from __future__ import annotations

import os
import secrets
import sys

from otklik.lib.env import restrict_new_files

# Commands that use neither the database nor the web sign nothing that outlives them: without a key of the
# installation they run with one made for the process, so they work in any shell.
OFFLINE_COMMANDS = {"analyse", "evaluate_tone"}


def main() -> None:
    restrict_new_files()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "otklik"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `otklik evaluate-tone` runs the evaluate_tone command
    if len(argv) > 1 and argv[1] in OFFLINE_COMMANDS and not os.environ.get("OTKLIK_SECRET_KEY"):
        os.environ["OTKLIK_SECRET_KEY"] = secrets.token_urlsafe(50)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
