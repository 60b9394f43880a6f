"""The forms of a forum's own pages. Each edit form carries the version it was loaded from."""

import unicodedata

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.uploads import DocumentFileField

from .models import ForumMeeting, MultiStakeholderForum, Sector, member_display_name

STALE_MESSAGE = _(
    "Someone else saved this since you opened it. Nothing was stored: reload the page to see "
    "their version, then make your change again."
)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ForumForm(VersionedForm):
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    rules = forms.CharField(
        label=_("Rules of participation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text=_("How members are chosen, how the forum decides, how often it meets."),
    )
    rules_url = forms.URLField(
        label=_("Link to the rules of participation"), required=False, assume_scheme="https"
    )

    @classmethod
    def for_forum(cls, forum: MultiStakeholderForum) -> "ForumForm":
        return cls(
            initial={
                "version": forum.version,
                "description": forum.description,
                "rules": forum.rules,
                "rules_url": forum.rules_url,
            }
        )


class InvitationForm(forms.Form):
    person_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    is_co_chair = forms.BooleanField(label=_("Co-chair of the forum"), required=False)


class MeetingForm(VersionedForm):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=300)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    government_attendees = forms.IntegerField(
        label=_("Government attendees"), min_value=0, max_value=10000, initial=0
    )
    civil_society_attendees = forms.IntegerField(
        label=_("Civil society attendees"), min_value=0, max_value=10000, initial=0
    )
    other_attendees = forms.IntegerField(
        label=_("Other attendees"), min_value=0, max_value=10000, initial=0
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    is_public = forms.BooleanField(
        label=_("Public: anyone can read about this meeting"), required=False, initial=True
    )
    # Last, so that a refused oversized upload loses no other field (core.uploads).
    minutes_file = DocumentFileField(label=_("Minutes as a file"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False

    @classmethod
    def for_meeting(cls, meeting: ForumMeeting) -> "MeetingForm":
        initial = {
            name: getattr(meeting, name) for name in cls.base_fields if name != "minutes_file"
        }
        return cls(initial=initial)


def _alphabetical(text: str) -> str:
    """A sort key that files "Émirats" under E and "Åland" under A, as a reader expects."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


class _MembersByDisplayName(ModelChoiceIterator):
    """(slug, name in the page's language) for every member, from their columns alone: building
    2,000 model instances for a list of names took longer than the rest of the page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.order_by().values_list(
            self.field.to_field_name or "pk", "name", "kind", "country_code"
        )
        language = get_language() or "en"
        choices = [
            (value, member_display_name(name, kind, country_code, language))
            for value, name, kind, country_code in rows
        ]
        yield from sorted(choices, key=lambda choice: _alphabetical(choice[1]))


class MemberChoiceField(forms.ModelChoiceField):
    """A member picked from a list of every member, each named in the page's language
    (Member.display_name: "Allemagne" on a French page) and in that language's order."""

    iterator = _MembersByDisplayName

    def label_from_instance(self, obj) -> str:
        return obj.display_name
