"""core.choices.ChoiceLabels: get_FOO_display from choices kept per field, still translated."""

import pytest
from django.utils import translation

from members.models import Member, MemberStatus
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_choice_label_follows_the_active_language_after_it_was_kept():
    member = MemberFactory(status=MemberStatus.UNDER_PROCEDURAL_REVIEW)
    assert member.get_status_display() == "Under procedural review"
    with translation.override("fr"):
        assert member.get_status_display() == "En examen procédural"
    assert member.get_status_display() == "Under procedural review"


def test_a_value_outside_the_choices_is_shown_as_it_is_stored():
    member = Member(status="archived")
    assert member.get_status_display() == "archived"
    assert Member(status="").get_status_display() == ""
