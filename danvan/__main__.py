"""The `danvan` console script: Django's manage.py for the project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo is a development server: debug pages and the demo log-ins.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
