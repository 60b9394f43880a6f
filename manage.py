#!/usr/bin/env python
"""Django's command-line utility, with one readable line for a bad configuration."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        from django.core.management import execute_from_command_line

        if sys.argv[1:2] == ["runserver"]:
            _check_database_reachable()
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        sys.exit(f"Cannot reach the database named by DATABASE_URL: {first_line}")


def _check_database_reachable() -> None:
    """runserver checks migrations in a thread of its auto-reloading child, where a database
    error becomes a traceback and the reloader keeps waiting; connect here first instead."""
    import django
    from django.db import connection

    django.setup()
    connection.ensure_connection()


if __name__ == "__main__":
    main()
