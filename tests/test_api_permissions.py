"""Who may write what through the API: the matrix of roles x resources x own/other member.
The rules live in commitments.permissions and irm_reviews.permissions; this proves the API
asks them, and that a token never grants more than its user has."""

import pytest
from rest_framework.test import APIClient

from commitments.models import ProgressUpdate
from core.api.tokens import api_token_issue
from irm_reviews.models import CommitmentAssessment
from members.models import Role
from tests.commitments.factories import MilestoneFactory
from tests.irm_reviews.factories import ReviewAssignmentFactory, ReviewCycleFactory
from tests.members.factories import ForumSeatFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "point_of_contact",
    "government_official",
    "civil_society_with_seat",
    "civil_society_without_seat",
    "irm_staff_assigned",
    "irm_staff",
    "support_unit",
    "anonymous",
]
RESOURCES = [
    "progress_government",
    "progress_civil_society",
    "progress_irm",
    "milestone_status",
    "assessment",
]
# (role, resource) -> allowed on the role's own member's commitment. Roles that work for no
# member (IRM staff) are allowed or refused the same for every member. Assessments are written
# by the researchers assigned to the review and the Support Unit only.
ALLOWED_ON_OWN = {
    ("point_of_contact", "progress_government"),
    ("point_of_contact", "milestone_status"),
    ("government_official", "progress_government"),
    ("government_official", "milestone_status"),
    ("civil_society_with_seat", "progress_civil_society"),
    ("irm_staff", "progress_irm"),
    ("irm_staff_assigned", "progress_irm"),
    ("irm_staff_assigned", "assessment"),
    ("support_unit", "assessment"),
}
MEMBERLESS_ROLES = {"irm_staff", "irm_staff_assigned", "support_unit", "anonymous"}


def make_user(role: str, member):
    if role == "anonymous":
        return None
    if role.startswith("civil_society"):
        user = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
        if role == "civil_society_with_seat":
            ForumSeatFactory(forum__member=member, user=user)
        return user
    if role in ("irm_staff", "irm_staff_assigned"):
        return UserFactory(role=Role.IRM_STAFF, member=None)
    if role == "support_unit":
        return UserFactory(role=role, member=None)
    return UserFactory(role=role, member=member)


def write(client: APIClient, resource: str, milestone, assign=None):
    commitment = milestone.commitment
    if resource.startswith("progress_"):
        return client.post(
            "/api/v1/progress-updates/",
            {
                "commitment_ogp_id": commitment.ogp_id,
                "milestone": milestone.pk,
                "source": resource.removeprefix("progress_"),
                "completion": "limited",
                "text": "Two of five datasets are online.",
                "evidence_links": ["https://example.org/data"],
            },
            format="json",
        )
    if resource == "milestone_status":
        return client.patch(
            f"/api/v1/milestones/{milestone.pk}/", {"completion": "complete"}, format="json"
        )
    cycle = ReviewCycleFactory(plan=commitment.plan)
    if assign is not None:
        ReviewAssignmentFactory(cycle=cycle, researcher=assign)
    return client.post(
        "/api/v1/assessments/",
        {"cycle": cycle.pk, "commitment": commitment.pk, "verifiable": "yes"},
        format="json",
    )


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_lets_each_role_write_only_what_its_permissions_allow(role, resource, whose):
    own = MemberFactory()
    user = make_user(role, own)
    milestone = MilestoneFactory(
        commitment__plan__member=own if whose == "own" else MemberFactory()
    )
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[1]}")

    response = write(client, resource, milestone, user if role == "irm_staff_assigned" else None)

    allowed = (role, resource) in ALLOWED_ON_OWN and (whose == "own" or role in MEMBERLESS_ROLES)
    if role == "anonymous":
        assert response.status_code == 401
    elif allowed:
        assert response.status_code in (200, 201), response.json()
    else:
        assert response.status_code == 403, response.json()
        assert response.json()["error"]["status"] == response.status_code
    stored = ProgressUpdate.objects.exists() or CommitmentAssessment.objects.exists()
    milestone.refresh_from_db()
    changed = stored or milestone.completion == "complete"
    assert changed == allowed


def test_a_refused_write_is_a_403_naming_the_rule():
    milestone = MilestoneFactory()
    client = APIClient()
    client.force_authenticate(UserFactory(member=MemberFactory()))

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/", {"completion": "complete"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_an_implementer_sets_a_milestone_complete_with_its_date():
    milestone = MilestoneFactory()
    client = APIClient()
    client.force_authenticate(UserFactory(member=milestone.commitment.plan.member))

    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/",
        {"completion": "complete", "completed_on": "2024-05-01"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["completed_on"] == "2024-05-01"
    assert response.json()["completion_label"] == "Complete"


def test_the_irm_updates_an_assessment_and_cannot_once_the_report_is_published():
    irm = UserFactory(role=Role.IRM_STAFF, member=None)
    milestone = MilestoneFactory()
    cycle = ReviewCycleFactory(plan=milestone.commitment.plan)
    ReviewAssignmentFactory(cycle=cycle, researcher=irm)
    client = APIClient()
    client.force_authenticate(irm)
    created = client.post(
        "/api/v1/assessments/",
        {"cycle": cycle.pk, "commitment_ogp_id": milestone.commitment.ogp_id, "verifiable": "yes"},
        format="json",
    )
    url = f"/api/v1/assessments/{created.json()['id']}/"

    changed = client.patch(url, {"potential_for_results": "substantial"}, format="json")
    wrong = client.patch(url, {"early_results": "moderate"}, format="json")
    cycle.state = "published"
    cycle.published_on = "2024-06-01"
    cycle.save()
    final = client.patch(url, {"potential_for_results": "modest"}, format="json")

    assert created.status_code == 201
    assert changed.status_code == 200
    assert changed.json()["potential_for_results"] == "substantial"
    assert changed.json()["verifiable"] == "yes"
    assert wrong.status_code == 400
    assert "early_results" in wrong.json()["error"]["fields"]
    assert final.status_code == 403


def test_progress_on_an_unknown_commitment_is_a_400_naming_it():
    client = APIClient()
    client.force_authenticate(UserFactory())

    response = client.post(
        "/api/v1/progress-updates/",
        {
            "commitment_ogp_id": "XX0000",
            "source": "government",
            "completion": "limited",
            "text": "Done.",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "commitment" in response.json()["error"]["fields"]
