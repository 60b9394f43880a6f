"""Read settings from the environment, with one clear error per bad variable."""

import os
from typing import TYPE_CHECKING, overload

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from dj_database_url import DBConfig


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value!r}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name: str, default: list[int]) -> list[int]:
    """Whole numbers of 0 or more, separated by commas (such as 30,14,7,1)."""
    value = env_str(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items or not all(item.isdigit() for item in items):
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas, such as 30,14,7,1, not {value!r}"
        )
    return [int(item) for item in items]


def database_config(url: str) -> "DBConfig":
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({exc}): {url!r}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme: {url!r}")
    return config


def redis_url(name: str) -> str | None:
    """A Redis URL (redis:// or rediss://) or None when the variable is unset."""
    from urllib.parse import urlsplit

    url = env_str(name)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like redis://host:6379/0 or rediss://host:6380/0, not {url!r}"
        )
    return url


def email_config(url: str | None) -> dict:
    """EMAIL_URL: smtp://user:password@host:port, smtp+tls://..., or console:// (default)."""
    from urllib.parse import unquote, urlsplit

    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL must look like smtp://user:password@host:port, not {url!r}"
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }


MFA_ROLE_NAMES = frozenset(
    {
        "point_of_contact",
        "government_official",
        "civil_society",
        "irm_staff",
        "support_unit",
        "administrator",
    }
)


def mfa_required_roles(debug: bool) -> list[str]:
    """MFA_REQUIRED_ROLES: the roles that must set up two-factor sign-in before using the site
    (`administrator` means is_staff). By default IRM staff, the Support Unit and administrators,
    except with DEBUG on (`make run`), so that the demo's accounts sign in with a password only."""
    default = [] if debug else ["irm_staff", "support_unit", "administrator"]
    roles = env_list("MFA_REQUIRED_ROLES", default)
    if roles == ["none"]:
        return []
    unknown = sorted(set(roles) - MFA_ROLE_NAMES)
    if unknown:
        raise ImproperlyConfigured(
            f"MFA_REQUIRED_ROLES has unknown roles {unknown}; use some of "
            f"{sorted(MFA_ROLE_NAMES)} or none"
        )
    return roles
