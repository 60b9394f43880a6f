from django import forms
from django.utils.translation import gettext_lazy as _

from .plan_workflow import REASON_MAX_LENGTH, STATUS_TRANSITIONS, TRANSITIONS


class PlanVersionForm(forms.Form):
    """A sign-off or its withdrawal, from the plan's version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(label=_("Step"), choices=())
    reason = forms.CharField(
        label=_("Reason (for a withdrawal)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text, shown on the plan's page."),
    )

    def __init__(self, *args, steps: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer(STATUS_TRANSITIONS if steps is None else steps)

    def offer(self, steps) -> None:
        """Offer these steps (all of them are accepted: the service decides)."""
        step = self.fields["step"]
        assert isinstance(step, forms.ChoiceField)
        step.choices = [(name, TRANSITIONS[name].label) for name in steps]


class CarryForwardSearchForm(forms.Form):
    q = forms.CharField(label=_("Search earlier commitments"), required=False, max_length=200)
