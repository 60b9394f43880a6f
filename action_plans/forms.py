"""The form of a member's document repository (uploaded files and links)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import DocumentFileField
from members.forms import VersionedForm
from members.models import ForumMeeting, Member

from .models import DocumentKind, RepositoryDocument
from .selectors import plan_list_for_repository


class RepositoryDocumentForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    published_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Action plan"), queryset=None, required=False, empty_label=_("No action plan")
    )
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Forum meeting"), queryset=None, required=False, empty_label=_("No meeting")
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the document, or upload the file below."),
    )
    # Last, so that a refused oversized upload loses no other field (core.uploads).
    file = DocumentFileField(label=_("File"), required=False)

    def __init__(self, *args, member: Member, document: RepositoryDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["version"].required = False
        self.fields["plan"].queryset = plan_list_for_repository(member)  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = ForumMeeting.objects.filter(  # type: ignore[attr-defined]
            forum__member=member
        ).order_by("-held_on")

    def clean(self):
        cleaned = super().clean() or {}
        has_file = bool(cleaned.get("file")) or bool(self.document and self.document.file)
        if not cleaned.get("url") and not has_file and "file" not in self.errors:
            self.add_error("url", _("Give a link to the document or upload its file."))
        return cleaned

    @classmethod
    def for_document(cls, document: RepositoryDocument) -> "RepositoryDocumentForm":
        initial = {
            "version": document.version,
            "title": document.title,
            "published_on": document.published_on,
            "kind": document.kind,
            "plan": document.plan_id,
            "meeting": document.meeting_id,
            "url": document.url,
        }
        return cls(initial=initial, member=document.member, document=document)
