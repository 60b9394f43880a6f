"""The forms of a review's page: comments on the draft, the IRM's answers, errata. Each edit
form carries the version of the comment it was loaded from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .comments import COMMENT_MAX_LENGTH
from .errata import REASON_MAX_LENGTH
from .services import FLAG_FIELDS

STALE_MESSAGE = _(
    "Someone saved this comment since you opened the page. Nothing was stored: read its "
    "current text on this page, then send your change again."
)


class _UniqueIds(forms.Form):
    """Several copies of a form on one page: `key` keeps their element ids apart."""

    def __init__(self, *args, key: str = "", **kwargs):
        kwargs.setdefault("auto_id", f"id_{key}_%s" if key else "id_%s")
        super().__init__(*args, **kwargs)


class ReviewCommentForm(_UniqueIds):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Plain text. Comments and the IRM's answers are published with the report."),
    )
    commitment = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ReviewCommentEditForm(_UniqueIds):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewAnswerForm(_UniqueIds):
    answer = forms.CharField(
        label=_("The IRM's answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Plain text. Revise the assessment itself in the IRM's assessment form."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ErratumForm(_UniqueIds):
    """One correction: `correction` is "<indicator>=<level>" (a flag's level is yes or no, an
    empty level is no value) or "narrative" with the new text in `narrative`."""

    assessment = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    correction = forms.ChoiceField(label=_("Corrected value"))
    narrative = forms.CharField(
        label=_("Corrected assessment text"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when you correct the assessment's text."),
    )
    reason = forms.CharField(
        label=_("Reason for the erratum"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_MAX_LENGTH,
    )

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        correction = self.fields["correction"]
        assert isinstance(correction, forms.ChoiceField)
        correction.choices = choices

    def field_and_value(self) -> tuple[str, object]:
        """The indicator and its value as irm_reviews.errata takes it."""
        correction = self.cleaned_data["correction"]
        if correction == "narrative":
            return "narrative", self.cleaned_data["narrative"]
        field, _sep, level = correction.partition("=")
        if field in FLAG_FIELDS:
            return field, None if level == "" else level == "yes"
        return field, level
