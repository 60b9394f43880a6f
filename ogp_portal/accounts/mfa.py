"""Two-factor sign-in required by role (settings.MFA_REQUIRED_ROLES): until such a user has an
authenticator app, every page but its set-up sends them there, /admin/ included."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from members.permissions import is_active_user

# What such a user may still reach: setting up the app (and proving it is them again), the
# recovery codes shown once it is set up, signing out and choosing a language.
SET_UP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


def mfa_required_for(user) -> bool:
    """Whether this user's role requires two-factor sign-in (`administrator`: is_staff)."""
    if not is_active_user(user):
        return False
    required = set(settings.MFA_REQUIRED_ROLES)
    return user.role in required or ("administrator" in required and user.is_staff)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _is_set_up_path(request: HttpRequest) -> bool:
    if request.path.startswith((settings.STATIC_URL or "/static/", "/healthz")):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in SET_UP_URL_NAMES


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_ROLES
            and user is not None
            and mfa_required_for(user)
            and not _is_set_up_path(request)
            and not has_authenticator_app(user)
        ):
            messages.info(
                request,
                _("Your role requires two-step sign-in: set it up to continue using the portal."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
