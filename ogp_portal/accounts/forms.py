from typing import Any

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class PortalLoginForm(LoginForm):
    """allauth's log-in form, its first field labelled for what it accepts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
