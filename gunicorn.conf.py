"""gunicorn reads this file from the working directory. The master loads the settings once
before it forks, so a bad configuration stops start-up with one line naming the variable,
instead of every worker failing to boot with a traceback."""

import os
import sys


def on_starting(server) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - touching a setting loads them all
    except ImproperlyConfigured as exc:
        print(f"Configuration error: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)


# Threaded workers: the worker's main thread reports to the master while a request runs, so a
# long streamed download (the full CSV of commitments, an open-data dump read by a slow client)
# is never killed at `timeout` and cut off after its 200; `timeout` still catches a worker that
# hangs. The threads also overlap the time requests spend waiting on PostgreSQL and Redis.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
