from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EmailFrequency
from .registry import WEBHOOK_KINDS


class NotificationSettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me about what I follow"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)


class WebhookForm(forms.Form):
    url = forms.CharField(label=_("Address to POST to"), max_length=500)
    event_kinds = forms.MultipleChoiceField(
        label=_("Event types"),
        choices=[(kind, kind) for kind in WEBHOOK_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
