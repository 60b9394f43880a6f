"""The public consultation's pages: every action x every role through the real views, what
each person sees of hidden input, form errors next to their field, query counts, and the
redline."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import consultation, drafting
from commitments.models import ConsultationInput, PublicConsultation, ReasonedResponse
from commitments.redline import DELETED, EQUAL, INSERTED, Segment, redline_segments
from tests.core.documents import PDF

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
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return consultation_world()


def _url(plan, rest=""):
    return f"/members/{plan.member.slug}/plans/{plan.pk}/consultation/{rest}"


def _sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])


def _given(world, consult, who="other_signed_in", text="Publish weekly, please."):
    return consultation.consultation_input_submit(user=world[who], consultation=consult, text=text)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_point_of_contact_opens_the_consultation(client, world, role):
    _sign_in(client, world, role)
    response = client.post(
        _url(world["plan"]),
        {"opens_on": "2026-12-01", "closes_on": "2026-12-31", "introduction": "Tell us."},
    )
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "point_of_contact":
        assert response.status_code == 302 and response["Location"] == _url(world["plan"])
    else:
        assert response.status_code == 403
    assert PublicConsultation.objects.exists() == (role == "point_of_contact")


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_person_gives_input(client, world, role):
    consult = opened(world)
    _sign_in(client, world, role)
    response = client.post(
        _url(world["plan"], "input/"),
        {"text": "Please add open procurement.", "commitment": world["drafts"][0].pk},
    )
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not ConsultationInput.objects.exists()
    else:
        assert response.status_code == 302
        assert ConsultationInput.objects.get().author == world[role]
        assert response["Location"].startswith(consult.get_absolute_url())


@pytest.mark.parametrize("role", ROLES)
def test_only_the_government_side_gives_the_reasoned_response(client, world, role):
    given = _given(world, opened(world))
    _sign_in(client, world, role)
    page = client.get(_url(world["plan"], f"inputs/{given.pk}/respond/"))
    response = client.post(
        _url(world["plan"], f"inputs/{given.pk}/respond/"),
        {"outcome": "accepted", "reason": "Agreed by the treasury."},
    )
    allowed = role in ("point_of_contact", "official")
    if role == "anonymous":
        assert page.status_code == response.status_code == 302
    else:
        assert page.status_code == response.status_code == (302 if allowed else 403) or (
            allowed and page.status_code == 200 and response.status_code == 302
        )
    assert ReasonedResponse.objects.exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_only_forum_members_hide_input(client, world, role):
    given = _given(world, opened(world))
    _sign_in(client, world, role)
    response = client.post(_url(world["plan"], f"inputs/{given.pk}/hide/"), {"reason": "Spam."})
    allowed = role in ("point_of_contact", "official", "forum_member")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if allowed else 403)
    given.refresh_from_db()
    assert given.is_hidden == allowed


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_input_shows_to_its_author_and_the_forum_never_to_the_public(client, world, role):
    consult = opened(world)
    hidden = _given(world, consult, who="other_members_official", text="Crooks, all of you.")
    hidden.attachment.save("insult.pdf", SimpleUploadedFile("insult.pdf", PDF), save=False)
    hidden.attachment_type = "application/pdf"
    hidden.save()
    consultation.consultation_input_hide(
        user=world["forum_member"], consultation_input=hidden, reason="Insults."
    )
    _given(world, consult, who="official", text="Add a milestone.")
    _sign_in(client, world, role)

    page = client.get(_url(world["plan"])).content.decode()
    attachment = client.get(_url(world["plan"], f"inputs/{hidden.pk}/attachment/"))

    sees = role in ("point_of_contact", "official", "forum_member", "other_members_official")
    assert ("Crooks, all of you." in page) == sees
    assert ("Insults." in page) == sees
    assert "Add a milestone." in page
    assert "1 hidden" in page  # counted for everyone
    assert attachment.status_code == (200 if sees else 404)


def test_the_plan_page_counts_the_input_received_answered_and_hidden(client, world):
    consult = opened(world)
    answered, hidden, _waiting = (_given(world, consult, text=f"Input {n}") for n in range(3))
    consultation.consultation_input_answer(
        user=world["official"], consultation_input=answered, outcome="accepted", reason="Yes."
    )
    consultation.consultation_input_hide(
        user=world["official"], consultation_input=hidden, reason="Spam."
    )
    page = client.get(world["plan"].get_absolute_url()).content.decode()
    assert "Inputs received</dt><dd>3" in page
    assert "Answered with a reasoned response</dt><dd>1" in page
    assert "Hidden by the forum</dt><dd>1" in page


def test_the_consultation_page_has_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    consult = opened(world)
    client.force_login(world["forum_member"])
    for n in range(3):
        answered = _given(world, consult, text=f"Input {n}")
        consultation.consultation_input_answer(
            user=world["official"], consultation_input=answered, outcome="accepted", reason="Ok"
        )
    with django_assert_max_num_queries(30) as few:
        client.get(_url(world["plan"]))
    for n in range(10):
        _given(world, consult, who="official", text=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(world["plan"]))


def test_input_over_the_daily_limit_is_an_error_next_to_the_text(client, world, settings):
    settings.CONSULTATION_INPUTS_PER_DAY = 1
    opened(world)
    client.force_login(world["other_signed_in"])
    client.post(_url(world["plan"], "input/"), {"text": "First"})
    response = client.post(_url(world["plan"], "input/"), {"text": "Second"})
    assert response.status_code == 400
    assert "id_text_error" in response.content.decode()
    assert "the most one person may give in a day" in response.content.decode()
    assert ConsultationInput.objects.count() == 1


def test_an_attachment_that_is_not_a_document_is_refused_next_to_its_field(client, world):
    opened(world)
    client.force_login(world["other_signed_in"])
    response = client.post(
        _url(world["plan"], "input/"),
        {"text": "See attached.", "attachment": SimpleUploadedFile("x.pdf", b"MZ\x90\x00exe")},
    )
    assert response.status_code == 400
    assert "id_attachment_error" in response.content.decode()
    assert not ConsultationInput.objects.exists()


def test_opening_with_bad_dates_shows_the_error_next_to_the_field(client, world):
    client.force_login(world["point_of_contact"])
    response = client.post(
        _url(world["plan"]),
        {"opens_on": "2026-12-10", "closes_on": "2026-12-01", "introduction": "Tell us."},
    )
    assert response.status_code == 400
    assert "id_closes_on_error" in response.content.decode()


def test_an_edit_of_a_response_from_a_stale_version_is_refused_with_409(client, world):
    given = _given(world, opened(world))
    consultation.consultation_input_answer(
        user=world["official"], consultation_input=given, outcome="accepted", reason="Yes."
    )
    client.force_login(world["point_of_contact"])
    response = client.post(
        _url(world["plan"], f"inputs/{given.pk}/respond/"),
        {"outcome": "not_accepted", "reason": "No.", "version": ""},
    )
    assert response.status_code == 409
    assert ReasonedResponse.objects.get().reason == "Yes."


def test_words_inserted_deleted_and_kept_make_the_redline():
    segments = redline_segments("Publish the budget monthly.", "Publish the whole budget weekly.")
    assert segments == [
        Segment(EQUAL, "Publish the "),
        Segment(INSERTED, "whole "),
        Segment(EQUAL, "budget "),
        Segment(DELETED, "monthly."),
        Segment(INSERTED, "weekly."),
    ]


def test_the_redline_page_marks_what_changed_since_the_consultation(client, world):
    opened(world)
    first = world["drafts"][0]
    drafting.commitment_update(
        user=world["official"],
        commitment=first,
        version=first.version,
        values={"description": "Publish the budget as open data every week."},
    )
    client.force_login(world["forum_member"])

    page = client.get(f"/commitments/{first.ogp_id or first.pk}/redline/").content.decode()

    assert (
        '<del><span class="visually-hidden">deleted: </span>month.</del>'
        '<ins><span class="visually-hidden">inserted: </span>week.</ins>'
    ) in page
    assert "Problem addressed" not in page.split("<dl")[-1]  # unchanged fields are left out
    detail = client.get(first.get_absolute_url()).content.decode()
    assert f"/commitments/{first.pk}/redline/" in detail


def test_a_commitment_drafted_after_the_consultation_has_no_redline(client, world):
    opened(world)
    later = drafting.commitment_create(
        user=world["official"], plan=world["plan"], values={"title": "Later"}
    )
    client.force_login(world["official"])
    page = client.get(f"/commitments/{later.pk}/redline/").content.decode()
    assert "was not put to public consultation" in page


def test_the_public_does_not_see_the_redline_of_a_draft(client, world):
    opened(world)
    response = client.get(f"/commitments/{world['drafts'][0].pk}/redline/")
    assert response.status_code == 404


def test_the_consultation_page_before_opening(client, world):
    assert (
        "No public consultation has been opened" in client.get(_url(world["plan"])).content.decode()
    )
    client.force_login(world["point_of_contact"])
    page = client.get(_url(world["plan"])).content.decode()
    assert "Open the consultation" in page
    assert TODAY.isoformat() in page
    assert (TODAY + datetime.timedelta(days=30)).isoformat() in page
