"""The settings of the Celery workers that test_real_worker.py starts: the portal's, with
e-mail written to files in the directory the test reads."""

import os

from ogp_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["NOTIFY_TEST_OUTBOX"]
