"""The `otklik` console command: the product's management commands, `otklik import` = `manage.py import`."""

from __future__ import annotations

import os
import sys

from otklik.lib.env import restrict_new_files


def main() -> None:
    restrict_new_files()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "otklik"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `otklik evaluate-tone` runs the evaluate_tone command
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
