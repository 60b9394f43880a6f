"""The site's accounts: django-allauth's log-in, sign-up and password pages in the portal's own
templates (templates/account/), and the account page every signed-in person reaches."""

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, with a lockout message that says what to do next, and each lockout
    in the audit log."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed log-in attempts. Wait a few minutes and try again, or reset "
            "your password with the link below."
        ),
    }

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from .audit import LOCKED_OUT, record_failed_login

            login = str(credentials.get("username") or credentials.get("email") or "")[:150]
            record_failed_login(LOCKED_OUT, login, request)
            raise

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Setting up two-step sign-in right after logging in with the password (as a role that
        # requires it must) does not ask for that password a second time.
        if app == "allauth.mfa" and _logged_in_with_password_recently():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _logged_in_with_password_recently() -> bool:
    from allauth.account import app_settings
    from allauth.account.internal.flows.login import get_authentication_records
    from allauth.core import context

    request = context.request
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "password"
        and time.time() - record.get("at", 0) < app_settings.REAUTHENTICATION_TIMEOUT
        for record in records
    )
