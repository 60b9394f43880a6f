"""The public consultation's services: opening freezes the text, input within the daily
limit, reasoned responses with a version check, hiding without deleting, and what blocks the
plan's submission."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import consultation, drafting
from commitments.consultation_selectors import consultation_input_list_for, consultation_summary
from commitments.models import ConsultationInput, ConsultationText, ReasonedResponse
from core.models import Event
from core.versioning import StaleVersion

from .consultation_fixtures import NOW, TODAY, consultation_world, opened

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return consultation_world()


def _input(world, consult, who="other_signed_in", text="More datasets, please.", **kwargs):
    return consultation.consultation_input_submit(
        user=world[who], consultation=consult, text=text, **kwargs
    )


def test_opening_freezes_the_text_of_every_commitment(world):
    consult = opened(world)

    texts = {text.commitment_id: text for text in ConsultationText.objects.all()}
    first, second = world["drafts"]
    assert set(texts) == {first.pk, second.pk}
    assert texts[first.pk].fields["description"] == "Publish the budget as open data every month."
    assert texts[first.pk].milestones == ["Publish the 2027 budget as CSV"]
    assert texts[first.pk].commitment_version == first.version
    assert Event.objects.filter(kind="consultation.opened", object_id=consult.pk).count() == 1


def test_the_frozen_text_does_not_change_when_the_draft_does(world):
    opened(world)
    first = world["drafts"][0]

    drafting.commitment_update(
        user=world["forum_member"],
        commitment=first,
        version=first.version,
        values={"description": "Publish the budget as open data every week."},
        milestones=[drafting.MilestoneDraft("Publish weekly")],
    )

    text = ConsultationText.objects.get(commitment=first)
    assert text.fields["description"] == "Publish the budget as open data every month."
    assert text.milestones == ["Publish the 2027 budget as CSV"]


def test_only_the_point_of_contact_opens_the_consultation_once(world):
    for who in ("official", "forum_member", "other_signed_in", "other_members_official"):
        with pytest.raises(PermissionDenied):
            consultation.consultation_open(
                user=world[who],
                plan=world["plan"],
                opens_on=TODAY,
                closes_on=TODAY,
                introduction="x",
            )
    opened(world)
    with pytest.raises(PermissionDenied):
        opened(world)


def test_opening_refuses_dates_in_the_wrong_order_and_a_missing_introduction(world):
    with pytest.raises(ValidationError) as refused:
        consultation.consultation_open(
            user=world["point_of_contact"],
            plan=world["plan"],
            opens_on=TODAY,
            closes_on=TODAY - datetime.timedelta(days=1),
            introduction="  ",
        )
    assert set(refused.value.message_dict) == {"closes_on", "introduction"}
    assert not ConsultationText.objects.exists()


def test_any_signed_in_person_gives_input_on_the_plan_or_a_commitment(world):
    consult = opened(world)
    on_plan = _input(world, consult)
    on_commitment = _input(world, consult, who="forum_member", commitment=world["drafts"][1])

    assert on_plan.commitment is None
    assert on_commitment.commitment == world["drafts"][1]
    assert Event.objects.filter(kind="consultation.input_submitted").count() == 2


def test_input_is_refused_before_the_consultation_opens_and_after_it_closes(world):
    consult = opened(world, opens_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _input(world, consult)
    with time_machine.travel(NOW + datetime.timedelta(days=32), tick=False):
        with pytest.raises(PermissionDenied):
            _input(world, consult)


def test_input_on_another_plans_commitment_is_refused(world):
    consult = opened(world)
    other = consultation_world()["drafts"][0]
    with pytest.raises(ValidationError) as refused:
        _input(world, consult, commitment=other)
    assert "commitment" in refused.value.message_dict


def test_nobody_gives_more_inputs_a_day_than_the_setting_allows(world, settings):
    settings.CONSULTATION_INPUTS_PER_DAY = 2
    consult = opened(world)
    _input(world, consult)
    _input(world, consult)

    with pytest.raises(ValidationError) as refused:
        _input(world, consult)

    assert "most one person may give in a day" in refused.value.message_dict["text"][0]
    assert ConsultationInput.objects.count() == 2
    _input(world, consult, who="forum_member")  # someone else still may
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        _input(world, consult)  # and the same person again the next day


def test_the_government_side_answers_with_a_reason_and_edits_with_the_version(world):
    consult = opened(world)
    given = _input(world, consult)

    response = consultation.consultation_input_answer(
        user=world["point_of_contact"],
        consultation_input=given,
        outcome="partly_accepted",
        reason="Monthly, not weekly: the treasury closes its books monthly.",
    )
    assert response.version == 1
    edited = consultation.consultation_input_answer(
        user=world["official"],
        consultation_input=given,
        outcome="accepted",
        reason="The treasury agreed to weekly data.",
        version=1,
    )
    assert (edited.version, edited.outcome, edited.responded_by) == (
        2,
        "accepted",
        world["official"],
    )
    assert Event.objects.filter(kind="consultation.input_answered").count() == 2


def test_a_response_started_from_a_stale_version_stores_nothing(world):
    consult = opened(world)
    given = _input(world, consult)
    answer = consultation.consultation_input_answer
    answer(user=world["official"], consultation_input=given, outcome="accepted", reason="Yes.")

    with pytest.raises(StaleVersion):  # someone answered while this person was writing
        answer(
            user=world["point_of_contact"],
            consultation_input=given,
            outcome="not_accepted",
            reason="No.",
        )
    with pytest.raises(StaleVersion):
        answer(
            user=world["point_of_contact"],
            consultation_input=given,
            outcome="not_accepted",
            reason="No.",
            version=7,
        )
    assert ReasonedResponse.objects.get().reason == "Yes."


def test_a_response_needs_an_outcome_and_a_reason(world):
    consult = opened(world)
    given = _input(world, consult)
    with pytest.raises(ValidationError) as refused:
        consultation.consultation_input_answer(
            user=world["official"], consultation_input=given, outcome="maybe", reason=""
        )
    assert set(refused.value.message_dict) == {"outcome", "reason"}


def test_civil_society_and_outsiders_do_not_give_the_reasoned_response(world):
    consult = opened(world)
    given = _input(world, consult)
    for who in ("forum_member", "other_signed_in", "other_members_official"):
        with pytest.raises(PermissionDenied):
            consultation.consultation_input_answer(
                user=world[who], consultation_input=given, outcome="accepted", reason="Yes."
            )


def test_a_hidden_input_is_kept_and_seen_by_its_author_and_the_forum_only(world):
    consult = opened(world)
    abusive = _input(world, consult, text="You are all crooks.")
    fine = _input(world, consult, who="official", text="Add a milestone on procurement.")

    consultation.consultation_input_hide(
        user=world["forum_member"], consultation_input=abusive, reason="Insults."
    )

    abusive.refresh_from_db()
    assert abusive.is_hidden and abusive.hidden_reason == "Insults."
    assert ConsultationInput.objects.count() == 2

    def seen_by(user):
        return list(consultation_input_list_for(user, consult))

    from django.contrib.auth.models import AnonymousUser

    assert seen_by(AnonymousUser()) == [fine]
    assert seen_by(world["other_members_official"]) == [fine]
    assert seen_by(world["other_signed_in"]) == [abusive, fine]  # its author
    assert seen_by(world["forum_member"]) == [abusive, fine]
    assert seen_by(world["point_of_contact"]) == [abusive, fine]
    summary = consultation_summary(world["plan"])
    assert (summary.received, summary.answered, summary.hidden) == (2, 0, 1)
    assert Event.objects.filter(kind="consultation.input_hidden").count() == 1


def test_an_input_is_hidden_once_with_a_reason_by_a_forum_member(world):
    consult = opened(world)
    given = _input(world, consult)
    with pytest.raises(ValidationError):
        consultation.consultation_input_hide(
            user=world["forum_member"], consultation_input=given, reason=" "
        )
    for who in ("other_signed_in", "other_members_official"):
        with pytest.raises(PermissionDenied):
            consultation.consultation_input_hide(
                user=world[who], consultation_input=given, reason="Spam."
            )
    consultation.consultation_input_hide(
        user=world["point_of_contact"], consultation_input=given, reason="Spam."
    )
    with pytest.raises(PermissionDenied):
        consultation.consultation_input_hide(
            user=world["forum_member"], consultation_input=given, reason="Spam again."
        )


def test_submission_is_blocked_without_a_consultation(world):
    problems = consultation.consultation_submission_problems(world["plan"])

    assert [problem.message for problem in problems] == [
        "No public consultation has been held on this action plan."
    ]
    assert (
        problems[0].url
        == f"/members/{world['plan'].member.slug}/plans/{world['plan'].pk}/consultation/"
    )


def test_submission_is_blocked_while_open_and_by_each_unanswered_input(world):
    consult = opened(world)
    answered = _input(world, consult)
    waiting = _input(world, consult, commitment=world["drafts"][0])
    hidden = _input(world, consult, who="forum_member", text="Spam")
    consultation.consultation_input_answer(
        user=world["official"], consultation_input=answered, outcome="accepted", reason="Yes."
    )
    consultation.consultation_input_hide(
        user=world["official"], consultation_input=hidden, reason="Spam."
    )

    problems = consultation.consultation_submission_problems(world["plan"])

    assert [problem.message for problem in problems] == [
        "The public consultation is open until Dec. 31, 2026: the plan is signed off once it "
        "has closed (its point of contact may close it early).",
        f"Input {waiting.pk}, on commitment {world['drafts'][0].number}, has no reasoned "
        "response yet.",
    ]
    assert problems[1].url.endswith(f"/consultation/#input-{waiting.pk}")


def test_the_link_of_an_unanswered_input_opens_for_a_forum_member_who_may_not_respond(
    world, client
):
    consult = opened(world)
    waiting = _input(world, consult)
    [problem] = [
        problem
        for problem in consultation.consultation_submission_problems(world["plan"])
        if problem.url.endswith(f"#input-{waiting.pk}")
    ]
    client.force_login(world["forum_member"])

    page = client.get(problem.url.split("#")[0])

    assert page.status_code == 200
    assert f'id="input-{waiting.pk}"' in page.content.decode()


def test_a_closed_consultation_with_every_input_answered_blocks_nothing(world):
    consult = opened(world, closes_on=TODAY)
    given = _input(world, consult)
    consultation.consultation_input_answer(
        user=world["official"],
        consultation_input=given,
        outcome="not_accepted",
        reason="Out of scope.",
    )
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        assert consultation.consultation_submission_problems(world["plan"]) == []
