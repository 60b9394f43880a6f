from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.uploads import DocumentFileField

from . import progress_csv
from .comments import COMMENT_MAX_LENGTH
from .drafting import DRAFT_FIELDS, MilestoneDraft
from .models import TEMPLATE_TEXT_TYPED_LIMITS, Commitment, Completion

PROGRESS_TEXT_MAX_LENGTH = 5000


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Progress CSV"),
        help_text=format_lazy(
            _("UTF-8 CSV with the columns of the progress export, at most {rows} rows."),
            rows=progress_csv.MAX_ROWS,
        ),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _draft_fields() -> dict[str, forms.Field]:
    one_line = {
        name: forms.TextInput(attrs={"maxlength": n})
        for name, n in TEMPLATE_TEXT_TYPED_LIMITS.items()
    }
    fields = forms.fields_for_model(
        Commitment,
        fields=DRAFT_FIELDS,
        widgets={"start_date": DateInput(), "end_date": DateInput(), **one_line},
    )
    for name, limit in TEMPLATE_TEXT_TYPED_LIMITS.items():
        if name in fields:
            fields[name].validators.append(MaxLengthValidator(limit))
    fields["number"].required = False
    fields["number"].help_text = _("As numbered in the plan; left empty, the next number.")
    return fields


class CommitmentDraftForm(forms.Form):
    """OGP's commitment template, and the version it was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_draft_fields())

    def draft_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}

    def template_fields(self) -> list:
        return [self[name] for name in DRAFT_FIELDS]


class MilestoneForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Milestone"), widget=forms.Textarea(attrs={"rows": 2}))
    expected_output = forms.CharField(
        label=_("Expected output"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())


class BaseMilestoneFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove")

    def milestone_drafts(self) -> list[MilestoneDraft]:
        """The milestones in the order of their position numbers, without removed ones."""
        return [
            MilestoneDraft(
                id=form.cleaned_data.get("id"),
                description=form.cleaned_data["description"],
                expected_output=form.cleaned_data.get("expected_output") or "",
                start_date=form.cleaned_data.get("start_date"),
                end_date=form.cleaned_data.get("end_date"),
            )
            for form in self.ordered_forms
            if form.cleaned_data.get("description")
        ]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=1, can_order=True, can_delete=True
)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text. Write @username to let a forum member know."),
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


MILESTONES_PREFIX = "milestones"


def milestone_formset(data=None, initial: list[dict] | None = None) -> BaseMilestoneFormSet:
    formset = MilestoneFormSet(data, initial=initial, prefix=MILESTONES_PREFIX)
    assert isinstance(formset, BaseMilestoneFormSet)
    return formset


def _links(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProgressFields(forms.Form):
    """What a progress update says, as the progress page and its edit page ask it."""

    completion = forms.ChoiceField(
        label=_("Completion"), choices=[("", "—"), *Completion.choices], required=False
    )
    reported_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
        help_text=_("The day this progress was observed; today if left empty."),
    )
    text = forms.CharField(
        label=_("What has been done"),
        required=False,
        max_length=PROGRESS_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses (http or https), one per line."),
    )
    evidence_file = DocumentFileField(label=_("Evidence file"), required=False)

    # Errors of the service (services.progress_update_validate) shown next to these fields.
    SERVICE_FIELDS = ("completion", "reported_on", "text", "evidence_links")

    def links(self) -> list[str]:
        return _links(self.cleaned_data.get("evidence_links") or "")

    def evidence_files(self) -> list:
        file = self.cleaned_data.get("evidence_file")
        return [file] if file else []

    def show_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.SERVICE_FIELDS else None, message)


class ProgressRowForm(ProgressFields):
    """One row of the progress page: the commitment as a whole or one milestone. A row left
    empty records nothing."""

    milestone = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen_latest = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def is_filled(self) -> bool:
        data = self.cleaned_data
        return bool(
            data.get("completion")
            or (data.get("text") or "").strip()
            or (data.get("evidence_links") or "").strip()
            or data.get("evidence_file")
        )

    def clean(self):
        data = super().clean() or {}
        if self.is_filled() and not data.get("completion") and "completion" not in self.errors:
            self.add_error("completion", _("Choose a completion level."))
        return data


ProgressRowFormSet = forms.formset_factory(ProgressRowForm, extra=0, max_num=200)

PROGRESS_PREFIX = "progress"


def progress_formset(data=None, files=None, initial: list[dict] | None = None):
    return ProgressRowFormSet(data, files, initial=initial, prefix=PROGRESS_PREFIX)


class ProgressEditForm(ProgressFields):
    """An author's correction of their progress update, and the version it was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    remove_files = forms.MultipleChoiceField(
        label=_("Remove these files"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, update, **kwargs):
        super().__init__(*args, **kwargs)
        completion = self.fields["completion"]
        assert isinstance(completion, forms.ChoiceField)
        completion.required = True
        completion.choices = Completion.choices
        remove = self.fields["remove_files"]
        assert isinstance(remove, forms.MultipleChoiceField)
        remove.choices = [
            (str(evidence.pk), evidence.name) for evidence in update.evidence_files.all()
        ]
        if not remove.choices:
            del self.fields["remove_files"]

    @classmethod
    def for_update(cls, update) -> "ProgressEditForm":
        return cls(
            update=update,
            initial={
                "version": update.version,
                "completion": update.completion,
                "reported_on": update.reported_on,
                "text": update.text,
                "evidence_links": "\n".join(update.evidence_links),
            },
        )
