"""WSGI entry point for gunicorn. A bad configuration stops start-up with one readable line
naming the variable (gunicorn would otherwise print a traceback for every worker). Exit code 3
is gunicorn's "worker failed to boot", which stops the master instead of respawning workers."""

import gc
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

# What start-up built (modules, settings, URL patterns: about 95,000 objects) lives as long as
# the process: frozen, the garbage collector no longer walks it on every full collection. A
# page that reads thousands of rows (the comparison at ten times OGP's size) had a p95 a half
# above its median from those walks; frozen, about a quarter (docs/performance.md).
gc.freeze()
