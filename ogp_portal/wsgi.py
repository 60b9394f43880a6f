"""WSGI entry point for gunicorn. A bad configuration stops start-up with one readable line
naming the variable (gunicorn would otherwise print a traceback for every worker). Exit code 3
is gunicorn's "worker failed to boot", which stops the master instead of respawning workers."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    print(f"Configuration error: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(3) from None
