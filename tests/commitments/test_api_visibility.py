"""The API's visibility rule (commitments.api.selectors.commitment_visibility) for each kind of
user: the same commitments as the permission predicate says one by one, never another member's
drafts or a deleted draft, in a constant number of queries, and read from an index."""

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from commitments.api.selectors import (
    commitment_api_list,
    milestone_api_list,
    progress_update_api_list,
)
from commitments.models import Commitment
from commitments.permissions import can_see_commitment
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
)
from tests.members.factories import ForumSeatFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/commitments/"
DRAFT = Commitment.PublicationState.DRAFT


@pytest.fixture
def world():
    """Two members, each with a published commitment and a draft; the first also with a
    deleted draft; and someone of each kind."""
    own, other = MemberFactory(), MemberFactory()
    commitments = {}
    for name, member in (("own", own), ("other", other)):
        plan = ActionPlanFactory(member=member)
        draft_plan = ActionPlanFactory(member=member, status="co_creation")
        commitments[f"{name} published"] = CommitmentFactory(plan=plan)
        commitments[f"{name} draft"] = CommitmentFactory(plan=draft_plan, publication_state=DRAFT)
    deleted = CommitmentFactory(plan=commitments["own draft"].plan, publication_state=DRAFT)
    Commitment.with_deleted.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    for commitment in commitments.values():
        MilestoneFactory(commitment=commitment)
        ProgressUpdateFactory(commitment=commitment)
    cso = UserFactory(role=Role.CIVIL_SOCIETY, member=own)
    ForumSeatFactory(forum__member=own, user=cso)
    users = {
        "anonymous": None,
        "official": UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=own),
        "CSO forum member": cso,
        "user of no member": UserFactory(role=Role.CIVIL_SOCIETY, member=None),
        "IRM staff": UserFactory(role=Role.IRM_STAFF, member=None),
    }
    return commitments, deleted, users


def _user(users, name):
    from django.contrib.auth.models import AnonymousUser

    return users[name] or AnonymousUser()


SEES = {
    "anonymous": {"own published", "other published"},
    "official": {"own published", "other published", "own draft"},
    "CSO forum member": {"own published", "other published", "own draft"},
    "user of no member": {"own published", "other published"},
    "IRM staff": {"own published", "other published", "own draft", "other draft"},
}


@pytest.mark.parametrize("name", list(SEES))
def test_each_user_sees_what_the_permission_says_and_no_other_members_drafts(world, name):
    commitments, deleted, users = world
    user = _user(users, name)
    by_pk = {commitment.pk: label for label, commitment in commitments.items()}

    seen = {by_pk[pk] for pk in commitment_api_list(user).values_list("pk", flat=True)}

    assert seen == SEES[name]
    assert seen == {
        label
        for label, commitment in commitments.items()
        if can_see_commitment(user, Commitment.objects.select_related("plan").get(pk=commitment.pk))
    }
    assert deleted.pk not in by_pk
    assert not commitment_api_list(user).filter(pk=deleted.pk).exists()
    milestones = {by_pk[pk] for pk in milestone_api_list(user).values_list("commitment", flat=True)}
    updates = {
        by_pk[pk] for pk in progress_update_api_list(user).values_list("commitment", flat=True)
    }
    assert milestones == updates == SEES[name]


def test_an_officials_list_runs_as_many_queries_as_the_publics(django_assert_max_num_queries):
    member = MemberFactory()
    drafts = ActionPlanFactory(member=member, status="co_creation")
    for n in range(110):
        plan = drafts if n % 10 == 0 else None
        commitment = CommitmentFactory(
            **({"plan": plan, "publication_state": DRAFT} if plan else {})
        )
        MilestoneFactory(commitment=commitment)
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=member))

    with django_assert_max_num_queries(5):
        first = client.get(URL, {"page_size": 100})
    with django_assert_max_num_queries(5):
        second = client.get(URL, {"page_size": 100, "page": 2})

    assert first.json()["count"] == 110
    assert len(first.json()["results"]) + len(second.json()["results"]) == 110


@pytest.mark.postgres
def test_an_officials_page_and_count_are_read_from_the_index_alone(world):
    commitments, _deleted, users = world
    page = commitment_api_list(users["official"]).values_list("pk", flat=True)[:100]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # The tables are tiny: without this the planner reads them whole.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "commitment_visible_order" in plan
    assert "action_plans_actionplan_pkey" not in plan  # no join to the plans for the rule
