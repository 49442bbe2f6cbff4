#!/usr/bin/env python
import os
import re
import sys

# How the settings say a required variable is missing (django-environ's wording:
# "Set the SECRET_KEY environment variable", or "Set the A and B environment variables").
MISSING_VARIABLE = re.compile(r"Set the ([A-Z][A-Z0-9_]*(?: and [A-Z][A-Z0-9_]*)*) environment variables?\b")


def load_settings_or_exit(argv: list[str]) -> None:
    """Load the settings before any command runs: without a required variable
    manage.py says in one line what to set (exit status 2), not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    # --settings and --pythonpath first, as Django's own ManagementUtility reads them.
    parser = CommandParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    try:
        options, _rest = parser.parse_known_args(argv[2:])
        handle_default_options(options)
    except CommandError:
        pass  # bad options: the command itself reports them
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads them all
    except ImproperlyConfigured as exc:
        missing = MISSING_VARIABLE.match(str(exc))
        if missing is None:
            raise
        sys.stderr.write(
            f"manage.py: set {missing.group(1)} (or DJANGO_ENV=development for a local setup); see docs/operations.md\n"
        )
        sys.exit(2)
    except ImportError:
        pass  # a wrong DJANGO_SETTINGS_MODULE: Django's own message below


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jkp_portal.settings.base")
    load_settings_or_exit(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
