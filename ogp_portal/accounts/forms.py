from typing import Any

from allauth.account.forms import LoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import ApiToken


class PortalLoginForm(LoginForm):
    """allauth's log-in form, its first field labelled for what it accepts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class ApiTokenCreateForm(forms.Form):
    """A new API token: a name to recognise it by and what it may do."""

    label = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("To recognise it later, e.g. the script or system that uses it."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
