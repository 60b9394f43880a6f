import datetime

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from action_plans.models import ActionPlan, CoCreationKind
from commitments.models import Commitment, ProgressSource, ProgressUpdate
from irm_reviews.models import CycleState, ReviewCycle
from members.models import ForumSeat, Member, Role, User
from ogp_portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_seed
from tests.members.factories import MemberFactory

TODAY = datetime.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def seeded():
    return demo_seed(today=TODAY)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("members", "action_plans", "commitments", "irm_reviews")
        for model in apps.get_app_config(app).get_models()
    }


def test_it_imports_the_whole_real_extract(seeded):
    assert seeded.import_report.rejected == 0
    assert Commitment.objects.exclude(ogp_id=None).count() == 558
    assert Member.objects.count() == 75


def test_it_creates_an_account_for_every_role_and_an_admin(seeded):
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser
    for account in DEMO_ACCOUNTS:
        assert authenticate(username=account.username, password=DEMO_PASSWORD) is not None


def test_government_and_civil_society_accounts_belong_to_a_real_member_and_hold_a_seat(seeded):
    sides = User.objects.filter(
        role__in=[Role.POINT_OF_CONTACT, Role.GOVERNMENT_OFFICIAL, Role.CIVIL_SOCIETY]
    ).select_related("member")
    assert sides.count() == 16
    for user in sides:
        assert user.member.ogp_code, user.username
        assert ForumSeat.objects.filter(user=user, forum__member=user.member).exists()
    co_chairs = ForumSeat.objects.filter(forum__member__ogp_code="ALB", is_co_chair=True)
    assert set(co_chairs.values_list("sector", flat=True)) == {"government", "civil_society"}


def test_it_adds_a_plan_in_co_creation_and_a_submitted_plan(seeded):
    plan = ActionPlan.objects.get(ogp_id="AP_ALB07")
    assert plan.status == ActionPlan.Status.CO_CREATION
    assert plan.submission_deadline > TODAY
    kinds = set(plan.cocreation_steps.values_list("kind", flat=True))
    assert {
        CoCreationKind.ADVANCE_NOTICE,
        CoCreationKind.CONSULTATION,
        CoCreationKind.REASONED_RESPONSE,
    } <= kinds
    consultation = plan.cocreation_steps.get(kind=CoCreationKind.CONSULTATION)
    assert consultation.opens_on <= TODAY <= consultation.closes_on
    assert plan.commitments.filter(publication_state="draft").count() == 3
    assert ActionPlan.objects.get(ogp_id="AP_MAR03").status == ActionPlan.Status.SUBMITTED


def test_a_new_commitment_carries_one_forward_from_the_previous_plan(seeded):
    plan = ActionPlan.objects.get(ogp_id="AP_MAR03")
    carried = plan.commitments.exclude(carried_forward_from=None).get()

    assert carried.carried_forward_from.ogp_id == "MO0051"
    assert carried.carried_forward_from.plan.ogp_id == "AP_MAR02"


def test_it_has_review_cycles_in_every_state(seeded):
    states = set(ReviewCycle.objects.values_list("state", flat=True))
    assert states == set(CycleState.values)
    scheduled = ReviewCycle.objects.get(state=CycleState.SCHEDULED)
    assert scheduled.opens_on > TODAY


def test_a_handful_of_commitments_have_progress_from_all_three_sources(seeded):
    sources_by_commitment: dict[int, set[str]] = {}
    for commitment_id, source in ProgressUpdate.objects.filter(milestone=None).values_list(
        "commitment_id", "source"
    ):
        sources_by_commitment.setdefault(commitment_id, set()).add(source)
    complete = [
        ids
        for ids, sources in sources_by_commitment.items()
        if sources == set(ProgressSource.values)
    ]
    assert len(complete) >= 3
    completions = {
        commitment_id: set(
            ProgressUpdate.objects.filter(commitment_id=commitment_id, milestone=None).values_list(
                "completion", flat=True
            )
        )
        for commitment_id in complete
    }
    assert any(len(levels) == 1 for levels in completions.values())  # the sources agree
    assert any(len(levels) > 1 for levels in completions.values())  # the sources differ


def test_milestones_are_written_for_their_own_commitment_not_copied(seeded):
    from commitments.models import Milestone

    declarations = Milestone.objects.filter(commitment__ogp_id="GH0042").order_by("number")
    assert declarations.first().description == "Draft Bill approved by Cabinet."
    assert not declarations.filter(description__icontains="committee votes").exists()
    descriptions = list(Milestone.objects.values_list("commitment_id", "description"))
    by_text: dict[str, set[int]] = {}
    for commitment_id, description in descriptions:
        by_text.setdefault(description, set()).add(commitment_id)
    assert all(len(commitments) == 1 for commitments in by_text.values())


def test_milestones_near_today_end_soon_or_are_overdue(seeded):
    from django.contrib.auth.models import AnonymousUser

    from commitments.display import milestone_progress_table
    from commitments.selectors import commitment_get_for_progress

    due = set()
    for ref in ("GH0042", "GH0056", "MK0200", "MK0202"):
        commitment = commitment_get_for_progress(ref, AnonymousUser())
        due |= {row.due for row in milestone_progress_table(commitment, TODAY)}
        assert commitment.progress_updates.filter(milestone__isnull=False).exists()
    assert {"due_soon", "overdue"} <= due


def test_moroccos_government_and_civil_society_can_record_progress_on_the_submitted_plan(
    seeded, client
):
    from commitments.permissions import progress_sources_for

    commitment = ActionPlan.objects.get(ogp_id="AP_MAR03").commitments.order_by("position")[0]
    assert commitment.milestones.count() == 3
    for username, source in (("gov.morocco", "government"), ("cso.morocco", "civil_society")):
        user = User.objects.get(username=username)
        assert progress_sources_for(user, commitment) == [source]
        client.force_login(user)
        assert client.get(f"/commitments/{commitment.pk}/progress/").status_code == 200


def test_a_second_run_creates_and_changes_nothing(seeded):
    before = row_counts()
    plan_changes = list(ActionPlan.objects.order_by("pk").values_list("pk", "updated_at"))

    report = demo_seed(today=TODAY + datetime.timedelta(days=3))

    assert report.created_total == 0
    assert report.import_report.created == report.import_report.updated == 0
    assert row_counts() == before
    assert list(ActionPlan.objects.order_by("pk").values_list("pk", "updated_at")) == plan_changes


def test_if_empty_does_nothing_on_a_populated_database(capsys):
    MemberFactory()
    before = row_counts()

    call_command("seed_demo", "--if-empty")

    assert row_counts() == before
    assert "already has members" in capsys.readouterr().out


def test_list_accounts_prints_the_table_without_touching_the_database(
    capsys, django_assert_num_queries
):
    with django_assert_num_queries(0):
        call_command("seed_demo", "--list-accounts")

    output = capsys.readouterr().out
    assert "gov.albania" in output and DEMO_PASSWORD in output
    assert "OGP Support Unit" in output
    assert "poc.indonesia" in output and "AP_IDN08" in output  # which account tries what
    assert not User.objects.exists()


def test_albanias_forum_pages_can_be_tried_at_once(seeded, client):
    from action_plans.models import RepositoryDocument
    from members.models import ForumInvitation, ForumMeeting
    from ogp_portal.demo.forums import DEMO_INVITATION_TOKEN

    uploaded = RepositoryDocument.objects.get(
        member__ogp_code="ALB", title="Forum minutes (uploaded PDF)"
    )
    assert uploaded.file.read().startswith(b"%PDF-")
    assert ForumMeeting.objects.filter(forum__member__ogp_code="ALB", is_public=False).exists()
    assert ForumInvitation.objects.pending().filter(forum__member__ogp_code="ALB").count() == 1
    assert client.get(f"/forum/invitations/{DEMO_INVITATION_TOKEN}/").status_code == 200
    for username in ("poc.albania", "cso.albania"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/members/albania/forum/").status_code == 200


def test_albanias_draft_has_versions_by_several_people_and_a_comment_thread(seeded):
    from commitments.permissions import can_create_commitment, can_edit_commitment

    plan = ActionPlan.objects.get(ogp_id="AP_ALB07")
    draft = plan.commitments.get(number="1")
    authors = {
        record.history_user.username for record in draft.history.all() if record.history_user
    }
    assert authors == {"poc.albania", "cso.albania", "gov.albania"}
    assert draft.version == 4
    assert draft.comments.filter(reply_to__isnull=True).get().replies.count() == 1
    for username in ("gov.albania", "poc.albania", "cso.albania"):
        user = User.objects.get(username=username)
        assert can_create_commitment(user, plan) and can_edit_commitment(user, draft)
