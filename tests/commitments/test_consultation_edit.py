"""Changing a public consultation while it runs: the point of contact edits the introduction
and moves the closing date (never into the past; the opening date is fixed once it has opened)
with a version check, or closes it early; nobody else may."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import consultation
from commitments.consultation import consultation_submission_problems
from commitments.models import PublicConsultation
from core.models import Event
from core.versioning import StaleVersion

from .consultation_fixtures import NOW, TODAY, consultation_world, opened

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "point_of_contact",
    "official",
    "forum_member",
    "other_signed_in",
    "other_members_official",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return consultation_world()


def _update(world, consult, **values):
    values.setdefault("introduction", consult.introduction)
    values.setdefault("closes_on", consult.closes_on)
    return consultation.consultation_update(
        user=world["point_of_contact"],
        consultation=consult,
        version=values.pop("version", consult.version),
        **values,
    )


def test_the_point_of_contact_edits_the_introduction_and_moves_the_closing_date(world):
    consult = opened(world)
    later = TODAY + datetime.timedelta(days=45)

    changed = _update(world, consult, introduction="Now with a hearing.", closes_on=later)

    assert changed.introduction == "Now with a hearing." and changed.closes_on == later
    assert changed.version == 2
    event = Event.objects.get(kind="consultation.updated")
    assert event.data["changed"] == ["introduction", "closes_on"]


def test_the_closing_date_cannot_move_into_the_past(world):
    consult = opened(world, opens_on=TODAY - datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as refusal:
        _update(world, consult, closes_on=TODAY - datetime.timedelta(days=1))
    assert "closes_on" in refusal.value.message_dict
    consult.refresh_from_db()
    assert consult.version == 1


def test_the_opening_date_is_fixed_once_the_consultation_has_opened(world):
    consult = opened(world)
    with pytest.raises(ValidationError) as refusal:
        _update(world, consult, opens_on=TODAY + datetime.timedelta(days=2))
    assert "opens_on" in refusal.value.message_dict


def test_the_opening_date_of_a_consultation_not_yet_open_moves_but_not_into_the_past(world):
    consult = opened(world, opens_on=TODAY + datetime.timedelta(days=3))
    moved = _update(world, consult, opens_on=TODAY + datetime.timedelta(days=1))
    assert moved.opens_on == TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refusal:
        _update(world, moved, opens_on=TODAY - datetime.timedelta(days=1))
    assert "opens_on" in refusal.value.message_dict


def test_an_edit_started_from_an_older_version_stores_nothing(world):
    consult = opened(world)
    seen = consult.version
    _update(world, consult, introduction="The first change.")

    with pytest.raises(StaleVersion):
        _update(world, consult, introduction="The second change.", version=seen)
    consult.refresh_from_db()
    assert consult.introduction == "The first change."


def test_closing_early_makes_today_the_closing_date_and_takes_no_more_input(world):
    consult = opened(world)

    closed = consultation.consultation_close_early(
        user=world["point_of_contact"], consultation=consult, version=consult.version
    )

    assert closed.closes_on == TODAY and closed.has_closed and not closed.is_open
    assert not consultation_submission_problems(world["plan"])
    with pytest.raises(PermissionDenied):
        consultation.consultation_input_submit(
            user=world["other_signed_in"], consultation=closed, text="Too late?"
        )
    with pytest.raises(PermissionDenied):
        _update(world, closed, introduction="After the close.")
    assert Event.objects.filter(kind="consultation.closed_early").count() == 1


def test_a_consultation_not_open_yet_cannot_be_closed_early(world):
    consult = opened(world, opens_on=TODAY + datetime.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        consultation.consultation_close_early(
            user=world["point_of_contact"], consultation=consult, version=consult.version
        )


def _url(plan, rest=""):
    return f"/members/{plan.member.slug}/plans/{plan.pk}/consultation/{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_point_of_contact_changes_or_closes_the_consultation(client, world, role):
    consult = opened(world)
    if role != "anonymous":
        client.force_login(world[role])
    page = client.get(_url(world["plan"], "edit/"))
    edit = client.post(
        _url(world["plan"], "edit/"),
        {"version": 1, "closes_on": "2027-01-20", "introduction": "Changed."},
    )
    close = client.post(_url(world["plan"], "close/"), {"version": 2})
    consult.refresh_from_db()
    if role == "anonymous":
        assert page.status_code == edit.status_code == close.status_code == 302
        assert "/accounts/login/" in edit["Location"]
    elif role == "point_of_contact":
        assert page.status_code == 200 and edit.status_code == close.status_code == 302
        assert consult.introduction == "Changed." and consult.closed_early_at is not None
        return
    else:
        assert page.status_code == edit.status_code == close.status_code == 403
    assert consult.introduction.startswith("Tell us") and consult.closed_early_at is None


def test_a_concurrent_edit_is_refused_with_what_is_stored_now_beside_what_was_typed(client, world):
    consult = opened(world)
    _update(world, consult, introduction="Someone else's change.")
    client.force_login(world["point_of_contact"])

    response = client.post(
        _url(world["plan"], "edit/"),
        {"version": 1, "closes_on": "2027-01-20", "introduction": "My change."},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed this consultation since you opened the page" in html
    assert "Someone else&#x27;s change." in html and "My change." in html
    assert PublicConsultation.objects.get().introduction == "Someone else's change."


def test_a_closing_date_in_the_past_is_an_error_next_to_the_field(client, world):
    opened(world, opens_on=TODAY - datetime.timedelta(days=5))
    client.force_login(world["point_of_contact"])
    response = client.post(
        _url(world["plan"], "edit/"),
        {"version": 1, "closes_on": "2026-11-30", "introduction": "Changed."},
    )
    assert response.status_code == 400
    assert "The closing date cannot be moved into the past." in response.content.decode()
