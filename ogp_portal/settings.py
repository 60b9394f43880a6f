"""Settings for the OGP Action Plan Portal. Every value that differs between machines comes
from the environment (see README.md and .env.example)."""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    database_config,
    email_config,
    env_bool,
    env_int,
    env_int_list,
    env_list,
    env_str,
    mfa_required_roles,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ogp_portal",
    "core",
    "members",
    "action_plans",
    "commitments",
    "irm_reviews",
    "ogp_portal.open_data",
    "ogp_portal.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.RefuseNulBytesMiddleware",
    "core.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ogp_portal.languages.PathOrVisitorLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateForSignedInMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ogp_portal.accounts.mfa.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.QueryTimeoutMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "ogp_portal.urls"
WSGI_APPLICATION = "ogp_portal.wsgi.application"
ASGI_APPLICATION = "ogp_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": database_config(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# No query runs longer than this (ms; 0 = no limit): a runaway query answers 503 instead of
# holding a worker past its timeout while PostgreSQL goes on (core.middleware).
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30000)
if IS_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )

AUTH_USER_MODEL = "members.User"
# Accounts (django-allauth): everyone signs in at /accounts/login/ by username or e-mail; /admin/
# is only for administrators. A public sign-up gets no role and no member until invited.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_overview"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 first; a PBKDF2 hash of an older account is rehashed with Argon2 at its next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
ACCOUNT_ADAPTER = "ogp_portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {"login": "ogp_portal.accounts.forms.PortalLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OGP Action Plan Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Against password guessing: failed log-ins per address and per account (counted in CACHES).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
}
# The client address of every rate limit: the X-Forwarded-For entry added by the last of
# TRUSTED_PROXY_COUNT proxies of our own, else REMOTE_ADDR; never a value the client chose.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Two-factor sign-in: an authenticator app (TOTP) with recovery codes, at /accounts/2fa/.
# Users of MFA_REQUIRED_ROLES reach only its set-up page until they have set it up.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OGP Action Plan Portal"
MFA_REQUIRED_ROLES = mfa_required_roles(DEBUG)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Redis when REDIS_URL is set (production, CI); otherwise local memory and eager Celery, so
# that `make run` needs nothing but Python. Sessions live in the database either way, so the
# web tier keeps no state of its own and scales out by adding processes.
REDIS_URL = redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ogp"),
            # A Redis that does not answer costs a request a second at most, then a miss.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The host in "memory://localhost//" only keeps kombu from warning that none was given.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost//"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "advance-review-cycles": {
        "task": "irm_reviews.tasks.advance_review_cycles",
        "schedule": 60 * 60,
    },
    # The deadline calendar runs hourly: each member's reminders go out once its local day
    # reaches the lead time (core.reminders), whatever its time zone.
    "send-deadline-reminders": {
        "task": "action_plans.tasks.send_deadline_reminders",
        "schedule": 60 * 60,
    },
    "send-milestone-reminders": {
        "task": "commitments.tasks.send_milestone_reminders",
        "schedule": 60 * 60,
    },
    "notify-followers-of-deadlines": {
        "task": "ogp_portal.notifications.tasks.notify_followers_of_deadlines",
        "schedule": 60 * 60,
    },
    "send-consultation-reminders": {
        "task": "commitments.tasks.send_consultation_reminders",
        "schedule": 60 * 60,
    },
    "send-review-deadline-reminders": {
        "task": "irm_reviews.tasks.send_review_deadline_reminders",
        "schedule": 60 * 60,
    },
    "send-daily-digests": {
        "task": "ogp_portal.notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=0),  # the previous UTC day
    },
    "send-weekly-digests": {
        "task": "ogp_portal.notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),  # the previous week
    },
    "export-open-data": {
        "task": "ogp_portal.open_data.tasks.export_open_data",
        "schedule": crontab(hour=2, minute=0),  # 02:00 UTC (CELERY_TIMEZONE)
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "filesystem")
# Uploaded documents (core.uploads): on this server's disk, or in an S3-compatible store shared
# by several web servers (django-storages; docs/operations.md).
DEFAULT_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if STORAGE_BACKEND == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set when STORAGE_BACKEND=s3")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured("STORAGE_BACKEND must be filesystem or s3")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "core.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# --- Request body limits (core.middleware.RequestBodyLimitMiddleware): refused with a 413
# on Content-Length, before the body is read. Forms and JSON bodies (the API caps a text at
# 20,000 characters, so 2.5 MB leaves room for any write); uploads (multipart) as a whole.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("REQUEST_BODY_MAX_BYTES", 2_621_440)
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_BYTES", 2 * UPLOAD_MAX_BYTES)
EXPORTS_DIR = Path(env_str("EXPORTS_DIR", str(MEDIA_ROOT / "exports")))
OPEN_DATA_DUMPS_KEEP = env_int("OPEN_DATA_DUMPS_KEEP", 7)

globals().update(email_config(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OGP Action Plan Portal <noreply@localhost>")

# --- Security: proxies, HTTPS, headers (docs/operations.md, "HTTPS and security headers") --
# TRUSTED_PROXY_COUNT (above) also gives the API throttles their address (core.client_address).
# Off DEBUG the portal is served over HTTPS only, by a TLS-terminating proxy that sets
# X-Forwarded-Proto (and strips any the client sent); the container health checks ask
# gunicorn over plain HTTP, so /healthz and /readyz are never redirected.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages load only their own scripts, styles and images (htmx is vendored under static/);
# the API's documentation pages relax it for themselves (ogp_portal/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the portal never uses, refused to every frame (core.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# API writes without If-Match are refused (428) when on; a stale If-Match is a 412 always.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", default=False)
# Days an API token works before its holder must get a new one.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ApiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["core.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonThrottle",
        "core.api.throttling.UserThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # the throttles' client address, as allauth's
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OGP Action Plan Portal API",
    "DESCRIPTION": "Members, action plans, commitments, progress and IRM assessments of the "
    "Open Government Partnership, as JSON.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MemberKindEnum": "members.models.MemberKind",
        "ReviewKindEnum": "irm_reviews.models.ReviewKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # In-process (eager) Celery would print a line for every task the demo's writes run; a
    # worker keeps them, since there they are the job log.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}

# The deadline calendar (core.reminders): reminders this many days before each deadline, one
# after it (within REMINDER_OVERDUE_DAYS), sent on the member's local day; e-mails retried
# with backoff; the jobs read REMINDER_BATCH_SIZE subjects at a time.
REMINDER_LEAD_DAYS = env_int_list("REMINDER_LEAD_DAYS", [30, 14, 7, 1])
REMINDER_OVERDUE_DAYS = env_int("REMINDER_OVERDUE_DAYS", 7, minimum=1)
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 500, minimum=1)
REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 5, minimum=0)
REMINDER_RETRY_SECONDS = env_int("REMINDER_RETRY_SECONDS", 60, minimum=1)
REMINDER_CLAIM_SECONDS = env_int("REMINDER_CLAIM_SECONDS", 15 * 60, minimum=1)
MEMBER_DEFAULT_TIME_ZONE = env_str("MEMBER_DEFAULT_TIME_ZONE", "UTC")
# An Action Plan Review is due this many months after the plan's submission, a Results Report
# this many months after the plan ends (DOMAIN.md: about four).
IRM_REPORT_MONTHS = env_int("IRM_REPORT_MONTHS", 4, minimum=1)
# A draft report's comment periods last this many days from the day the IRM opens them: the
# member and its forum (pre-publication), then anyone signed in (public comment). Comments
# are refused after the last day (irm_reviews.permissions.is_comment_period_open).
IRM_PRE_PUBLICATION_DAYS = env_int("IRM_PRE_PUBLICATION_DAYS", 21, minimum=1)
IRM_PUBLIC_COMMENT_DAYS = env_int("IRM_PUBLIC_COMMENT_DAYS", 14, minimum=1)

# Public consultation (commitments.consultation): how many inputs one person may give per day,
# across consultations, so that nobody floods one.
CONSULTATION_INPUTS_PER_DAY = env_int("CONSULTATION_INPUTS_PER_DAY", 10)

# --- Following, notifications and webhooks (ogp_portal/notifications/) ---
# Webhook addresses must resolve to public addresses (no SSRF into our own network) unless
# this is on; it is on in DEBUG so that a partner can try webhooks against localhost.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
