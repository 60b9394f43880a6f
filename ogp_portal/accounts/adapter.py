from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, with a lockout message that says what to do next."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed log-in attempts. Wait a few minutes and try again, or reset "
            "your password with the link below."
        ),
    }
