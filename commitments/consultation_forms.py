"""The forms of the public consultation's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import DocumentFileField

from .consultation import INPUT_MAX_LENGTH, INTRODUCTION_MAX_LENGTH, REASON_MAX_LENGTH
from .models import Commitment, PublicConsultation, ReasonedResponse, ResponseOutcome

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationOpenForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    introduction = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=INTRODUCTION_MAX_LENGTH,
        help_text=_(
            "What is asked of the public, how input will be used and when the government "
            "will respond. Opening the consultation freezes the current text of every "
            "commitment as the consultation text."
        ),
    )


class ConsultationEditForm(forms.Form):
    """The introduction and the dates of a consultation that has not closed; the opening date
    is shown but fixed once the consultation has opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE, required=False)
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DATE,
        help_text=_("Not in the past. To stop taking input today, close the consultation below."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=INTRODUCTION_MAX_LENGTH,
        help_text=_("The text of the commitments stays as it was when the consultation opened."),
    )

    def __init__(self, *args, consultation: PublicConsultation, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "version": consultation.version,
                "opens_on": consultation.opens_on,
                "closes_on": consultation.closes_on,
                "introduction": consultation.introduction,
            },
        )
        super().__init__(*args, **kwargs)
        if consultation.has_opened:
            opens_on = self.fields["opens_on"]
            opens_on.disabled = True
            opens_on.initial = consultation.opens_on
            opens_on.help_text = _("The consultation has opened: its opening date is fixed.")


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("Commitment %(number)s: %(title)s") % {"number": obj.number, "title": obj.title}


class ConsultationInputForm(forms.Form):
    commitment = CommitmentChoiceField(
        label=_("Your input is about"),
        queryset=Commitment.objects.none(),
        required=False,
        empty_label=_("The action plan as a whole"),
    )
    text = forms.CharField(
        label=_("Your input"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=INPUT_MAX_LENGTH,
        help_text=_("Plain text. It is published with your name."),
    )
    # Last, so that a refused oversized upload loses no other field (core.uploads).
    attachment = DocumentFileField(label=_("Attachment"), required=False)

    def __init__(self, *args, consultation: PublicConsultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = consultation.plan.commitments.filter(  # type: ignore[attr-defined]
            consultation_texts__consultation=consultation
        ).order_by("position", "pk")


class ReasonedResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *ResponseOutcome.choices])
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=REASON_MAX_LENGTH,
        help_text=_("How the input was taken into account, or why not. Published beside it."),
    )

    @classmethod
    def for_response(cls, response: ReasonedResponse | None) -> "ReasonedResponseForm":
        if response is None:
            return cls()
        return cls(
            initial={
                "version": response.version,
                "outcome": response.outcome,
                "reason": response.reason,
            }
        )


class HideInputForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Shown to the input's author and to the forum. The input is kept and counted as "
            "hidden; nothing is deleted."
        ),
    )
