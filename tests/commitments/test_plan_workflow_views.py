"""The plan workflow's pages: the sign-off section of the plan's page, refusals explained item
by item, the status form, the .docx download, carry forward, and the frozen edit page."""

import datetime
import io

import docx
import pytest

from action_plans.models import PlanStatus
from commitments.models import Commitment
from tests.action_plans.factories import ActionPlanFactory

from .factories import CommitmentFactory, MilestoneFactory
from .plan_workflow_fixtures import ROLES, _today, person, ready_plan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return ready_plan()


def sign_url(plan):
    return f"/members/{plan.member.slug}/plans/{plan.pk}/sign-off/sign/"


def status_url(plan):
    return f"/members/{plan.member.slug}/plans/{plan.pk}/status/"


def post_sign(client, user, plan, action="sign"):
    if user is not None:
        client.force_login(user)
    plan.refresh_from_db()
    response = client.post(sign_url(plan), {"version": plan.version, "action": action})
    client.logout()
    return response


def test_both_sign_offs_through_the_pages_submit_the_plan_and_show_both_signatures(client, plan):
    poc = person("point_of_contact", plan.member)
    chair = person("civil_society_co_chair", plan.member)
    assert post_sign(client, poc, plan).status_code == 302
    assert post_sign(client, chair, plan).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    html = client.get(plan.get_absolute_url()).content.decode()  # anonymous: signatures are public
    assert poc.get_full_name() in html and chair.get_full_name() in html
    assert "Civil-society co-chair of" in html
    assert "Not signed yet" not in html
    assert f'href="/members/{plan.member.slug}/plans/{plan.pk}/document.docx"' in html


@pytest.mark.parametrize("role", ROLES)
def test_who_may_sign_off_through_the_page(client, plan, role):
    user = person(role, plan.member)
    response = post_sign(client, user, plan)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ("point_of_contact", "civil_society_co_chair"):
        assert response.status_code == 302 and response["Location"].endswith("#sign-off")
    else:
        assert response.status_code == 403
    assert plan.sign_offs.exists() is (role in ("point_of_contact", "civil_society_co_chair"))


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw_a_plan_through_the_page(client, plan, role):
    user = person(role, plan.member)
    if user is not None:
        client.force_login(user)
    response = client.post(
        status_url(plan), {"version": plan.version, "step": "withdraw", "reason": "Elections."}
    )
    plan.refresh_from_db()
    if role in ("point_of_contact", "support_unit"):
        assert response.status_code == 302
        assert plan.status == PlanStatus.WITHDRAWN
    else:
        assert response.status_code in (302, 403) if role == "anonymous" else 403
        assert plan.status == PlanStatus.CO_CREATION


@pytest.mark.parametrize("role", ROLES)
def test_only_the_signers_side_withdraws_a_standing_sign_off_through_the_page(client, plan, role):
    assert post_sign(client, person("point_of_contact", plan.member), plan).status_code == 302
    response = post_sign(client, person(role, plan.member), plan, action="withdraw")
    standing = plan.sign_offs.filter(withdrawn_at__isnull=True)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "point_of_contact":  # the government side: any of its points of contact
        assert response.status_code == 302
    else:  # the co-chair has no sign-off of their own to withdraw; others may not sign at all
        assert response.status_code == 403
    assert standing.exists() is (role != "point_of_contact")


def test_the_plan_page_offers_the_signer_the_button_and_withdraw_after_signing(client, plan):
    poc = person("point_of_contact", plan.member)
    client.force_login(poc)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Sign off for government" in html
    assert "Every condition for submission holds" in html
    post_sign(client, poc, plan)
    client.force_login(poc)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Withdraw my sign-off" in html
    assert post_sign(client, poc, plan, action="withdraw").status_code == 302
    assert not plan.sign_offs.filter(withdrawn_at__isnull=True).exists()


def test_the_plan_page_lists_a_withdrawn_sign_off_beside_the_standing_ones(client, plan):
    poc = person("point_of_contact", plan.member)
    post_sign(client, poc, plan)
    post_sign(client, poc, plan, action="withdraw")
    post_sign(client, poc, plan)
    html = client.get(plan.get_absolute_url()).content.decode()  # anonymous: signatures are public
    assert "Sign-offs withdrawn" in html
    assert html.count(f"{poc.get_full_name()} (Point of contact") == 1
    assert ", withdrawn on " in html
    assert html.count("Not signed yet") == 1  # the civil-society side


def test_a_plan_page_without_a_withdrawn_sign_off_has_no_such_list(client, plan):
    post_sign(client, person("point_of_contact", plan.member), plan)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Sign-offs withdrawn" not in html


def test_a_refused_sign_off_explains_each_problem_with_a_link_to_fix_it(client, plan):
    commitment = plan.commitments.get()
    commitment.lead_agency = ""
    commitment.save()
    commitment.milestones.all().delete()
    chair = person("civil_society_co_chair", plan.member)
    response = post_sign(client, chair, plan)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The step was refused: nothing was stored" in html
    edit = f"/commitments/{commitment.pk}/edit/"
    assert (
        f'<a href="{edit}#id_lead_agency">Commitment 1 (Open parliamentary data) has no lead implementing agency.</a>'
        in html
    )
    assert (
        f'<a href="{edit}#id_milestones-0-description">Commitment 1 (Open parliamentary data) has no milestone.</a>'
        in html
    )
    assert not plan.sign_offs.exists()


def test_the_plan_page_lists_the_problems_to_forum_members_but_not_to_the_public(client, plan):
    plan.commitments.update(lead_agency="")
    member = person("forum_member", plan.member)
    client.force_login(member)
    assert "has no lead implementing agency" in client.get(plan.get_absolute_url()).content.decode()
    client.logout()
    assert (
        "has no lead implementing agency"
        not in client.get(plan.get_absolute_url()).content.decode()
    )


def test_a_sign_off_from_a_stale_page_is_a_409_that_stores_nothing(client, plan):
    poc = person("point_of_contact", plan.member)
    chair = person("civil_society_co_chair", plan.member)
    seen = plan.version
    post_sign(client, poc, plan)
    client.force_login(chair)
    response = client.post(sign_url(plan), {"version": seen, "action": "sign"})
    assert response.status_code == 409
    assert "The plan changed since you opened this page" in response.content.decode()
    assert plan.sign_offs.count() == 1


def test_a_withdrawal_without_reason_is_an_error_next_to_the_field(client, plan):
    client.force_login(person("point_of_contact", plan.member))
    response = client.post(status_url(plan), {"version": plan.version, "step": "withdraw"})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CO_CREATION


def test_a_step_whose_precondition_fails_is_explained(client, plan):
    ActionPlanFactory._meta.model.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    client.force_login(person("support_unit", plan.member))
    response = client.post(
        status_url(plan), {"version": plan.version, "step": "begin_implementation"}
    )
    assert response.status_code == 400
    assert "The plan&#x27;s period starts on Jan. 1, 2027" in response.content.decode()


def _submit(client, plan):
    post_sign(client, person("point_of_contact", plan.member), plan)
    post_sign(client, person("civil_society_co_chair", plan.member), plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_after_submission_the_edit_page_refuses_with_a_clear_message(client, plan):
    _submit(client, plan)
    commitment = plan.commitments.get()
    client.force_login(person("point_of_contact", plan.member))
    response = client.get(f"/commitments/{commitment.pk}/edit/")
    assert response.status_code == 403
    assert "no longer in co-creation" in response.content.decode()
    assert "Edit this draft" not in client.get(commitment.get_absolute_url()).content.decode()


def test_the_document_opens_and_holds_every_commitment_and_milestone(client, plan):
    second = CommitmentFactory(
        plan=plan,
        ogp_id=None,
        number="2",
        title="A register of lobbying contacts",
        lead_agency="Assembly Secretariat",
        publication_state="draft",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2028, 3, 1),
    )
    MilestoneFactory(
        commitment=second,
        number=1,
        description="Adopt the register's rules.",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 9, 1),
    )
    MilestoneFactory(
        commitment=second,
        number=2,
        description="Open the register online.",
        start_date=datetime.date(2027, 9, 1),
        end_date=datetime.date(2028, 3, 1),
    )
    url = f"/members/{plan.member.slug}/plans/{plan.pk}/document.docx"
    assert client.get(url).status_code == 404  # in co-creation
    _submit(client, plan)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for commitment in plan.commitments.all():
        assert f"Commitment {commitment.number}: {commitment.title}" in text
        assert commitment.lead_agency in cells
        for milestone in commitment.milestones.all():
            assert milestone.description in cells
    assert "Lead implementing agency" in cells and "Expected output" in cells
    assert "Endorsed by" in text


def test_the_plan_page_has_a_print_stylesheet(client, plan):
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'href="/static/css/plan-print.css" media="print"' in html


@pytest.fixture
def earlier(plan):
    plan.number = 5
    plan.save()
    earlier_plan = ActionPlanFactory(member=plan.member, number=4)
    return [
        CommitmentFactory(plan=earlier_plan, title="Open budget data", problem="No budget data."),
        CommitmentFactory(plan=earlier_plan, title="Petitions online", problem="Paper petitions."),
    ]


def test_carry_forward_searches_the_members_earlier_commitments_without_js(client, plan, earlier):
    CommitmentFactory(title="Open budget data elsewhere")  # another member's: never offered
    client.force_login(person("forum_member", plan.member))
    url = f"/members/{plan.member.slug}/plans/{plan.pk}/commitments/carry-forward/"
    html = client.get(url).content.decode()
    assert "Open budget data" in html and "Petitions online" in html
    assert "elsewhere" not in html
    html = client.get(url, {"q": "petitions"}).content.decode()
    assert "Petitions online" in html and "Open budget data" not in html


def test_carry_forward_copies_the_text_and_keeps_the_link_shown_both_ways(client, plan, earlier):
    source = earlier[1]
    member = person("forum_member", plan.member)
    client.force_login(member)
    url = f"/members/{plan.member.slug}/plans/{plan.pk}/commitments/carry-forward/"
    response = client.post(url, {"source": source.pk})
    assert response.status_code == 302
    draft = Commitment.objects.get(plan=plan, carried_forward_from=source)
    assert (draft.title, draft.problem, draft.description, draft.lead_agency) == (
        source.title,
        source.problem,
        source.description,
        source.lead_agency,
    )
    assert draft.publication_state == "draft" and draft.start_date is None
    assert response["Location"] == f"/commitments/{draft.pk}/edit/"
    assert source.get_absolute_url() in client.get(draft.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() in client.get(source.get_absolute_url()).content.decode()
    client.logout()  # the public does not see the draft from the earlier commitment
    assert draft.get_absolute_url() not in client.get(source.get_absolute_url()).content.decode()


def test_carry_forward_refuses_a_commitment_of_another_member(client, plan, earlier):
    client.force_login(person("forum_member", plan.member))
    url = f"/members/{plan.member.slug}/plans/{plan.pk}/commitments/carry-forward/"
    response = client.post(url, {"source": CommitmentFactory().pk})
    assert response.status_code == 400
    assert not plan.commitments.filter(carried_forward_from__isnull=False).exists()


@pytest.mark.parametrize("role", ["other_members_official", "irm_staff", "support_unit"])
def test_carry_forward_is_for_the_forum_only(client, plan, role):
    client.force_login(person(role, plan.member))
    url = f"/members/{plan.member.slug}/plans/{plan.pk}/commitments/carry-forward/"
    assert client.get(url).status_code == 403


def test_the_api_refuses_draft_writes_on_a_submitted_plan_with_the_reason(client, plan):
    from rest_framework.test import APIClient

    from core.api.tokens import api_token_issue

    _submit(client, plan)
    poc = person("point_of_contact", plan.member)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=poc)[1]}")
    commitment = plan.commitments.get()
    etag = api.get(f"/api/v1/commitments/{commitment.pk}/")["ETag"]
    response = api.patch(
        f"/api/v1/commitments/{commitment.pk}/", {"title": "New"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 403
    assert "no longer in co-creation" in response.json()["error"]["message"]
    response = api.post("/api/v1/commitments/", {"plan": plan.pk, "title": "X"}, format="json")
    assert response.status_code == 403


def test_the_document_keeps_line_breaks_and_drops_characters_xml_cannot_hold(client, plan):
    plan.commitments.update(problem="First line\nSecond line\x0b with a vertical tab")
    _submit(client, plan)
    response = client.get(f"/members/{plan.member.slug}/plans/{plan.pk}/document.docx")
    cells = [
        cell.text
        for table in docx.Document(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert "First line\nSecond line with a vertical tab" in cells


def test_the_sign_off_section_makes_as_many_queries_for_30_commitments_as_for_1(client, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(person("point_of_contact", plan.member))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(plan.get_absolute_url()).status_code == 200
        return len(captured)

    queries()  # the header's unread count is cached after the first page
    few = queries()
    for number in range(2, 31):
        commitment = CommitmentFactory(
            plan=plan, ogp_id=None, number=str(number), publication_state="draft", lead_agency=""
        )
        MilestoneFactory(commitment=commitment, number=1, end_date=datetime.date(2030, 1, 1))
    assert queries() == few
