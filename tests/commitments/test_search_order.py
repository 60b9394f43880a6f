"""The search's order (newest plan first, then member name, then position) read from the copies
of plan start and member name that the database keeps in every commitment (commitments.sort_keys),
whoever changes the plan, the member or the commitment; and deep pages that cost what the first
one does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plans.models import ActionPlan
from commitments import drafting, plan_workflow, removal
from commitments.models import Commitment
from commitments.selectors import commitment_list_for_search
from members.models import Member
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.bulk import build_many_commitments
from tests.members.factories import MemberFactory

from .factories import CommitmentFactory
from .plan_workflow_fixtures import _today, person, ready_plan  # noqa: F401

pytestmark = pytest.mark.django_db


def _keys(commitment: Commitment) -> tuple[datetime.date | None, str]:
    return Commitment.with_deleted.values_list("plan_period_start", "member_sort_name").get(
        pk=commitment.pk
    )


def _ids(response) -> list[str]:
    return [c.ogp_id for c in response.context["page"].object_list]


def _plan(name: str, start: datetime.date) -> ActionPlan:
    member = MemberFactory(name=name, slug=name.lower())
    return ActionPlanFactory(
        member=member, period_start=start, period_end=datetime.date(2030, 1, 1)
    )


def test_the_search_lists_newest_plans_first_then_by_member_name_and_position(client):
    old = _plan("Albania", datetime.date(2016, 1, 1))
    new_b = _plan("Brazil", datetime.date(2024, 1, 1))
    new_a = _plan("Armenia", datetime.date(2024, 1, 1))
    CommitmentFactory(plan=old, ogp_id="AL0001", position=1)
    CommitmentFactory(plan=new_b, ogp_id="BR0002", position=2)
    CommitmentFactory(plan=new_b, ogp_id="BR0001", position=1)
    CommitmentFactory(plan=new_a, ogp_id="AM0001", position=1)

    response = client.get(reverse("commitments:search"))

    assert _ids(response) == ["AM0001", "BR0001", "BR0002", "AL0001"]


def test_a_new_commitment_takes_its_plans_start_and_members_name(plan, official):
    created = drafting.commitment_create(
        user=official, plan=plan, values={"title": "Open budget data"}, milestones=[]
    )
    bulk = Commitment.objects.bulk_create(
        [Commitment(plan=plan, number="99", position=99, title="Bulk")]
    )[0]

    assert _keys(created) == _keys(bulk) == (plan.period_start, plan.member.name)


def test_a_plans_new_start_reaches_its_commitments_however_it_is_written(client):
    plan = _plan("Albania", datetime.date(2016, 1, 1))
    commitment = CommitmentFactory(plan=plan, ogp_id="AL0001")
    CommitmentFactory(plan=_plan("Brazil", datetime.date(2020, 1, 1)), ogp_id="BR0001")

    plan.period_start = datetime.date(2022, 1, 1)
    plan.save()
    assert _keys(commitment) == (datetime.date(2022, 1, 1), "Albania")
    assert _ids(client.get(reverse("commitments:search"))) == ["AL0001", "BR0001"]
    ActionPlan.objects.filter(pk=plan.pk).update(period_start=datetime.date(2018, 1, 1))
    assert _keys(commitment) == (datetime.date(2018, 1, 1), "Albania")
    assert _ids(client.get(reverse("commitments:search"))) == ["BR0001", "AL0001"]


def test_a_plan_moved_to_another_member_takes_its_name():
    plan = _plan("Albania", datetime.date(2016, 1, 1))
    commitment = CommitmentFactory(plan=plan)

    plan.member = MemberFactory(name="Brazil", slug="brazil")
    plan.save()

    assert _keys(commitment) == (datetime.date(2016, 1, 1), "Brazil")


def test_a_members_new_name_reaches_the_commitments_of_all_its_plans(client):
    member = MemberFactory(name="Zambia", slug="zambia")
    first = CommitmentFactory(plan=ActionPlanFactory(member=member, number=1), ogp_id="ZM0001")
    second = CommitmentFactory(plan=ActionPlanFactory(member=member, number=2), ogp_id="ZM0002")
    CommitmentFactory(plan=_plan("Brazil", datetime.date(2024, 1, 1)), ogp_id="BR0001")

    member.name = "Albania"
    member.save()
    assert _keys(first)[1] == _keys(second)[1] == "Albania"
    assert _ids(client.get(reverse("commitments:search")))[0] in {"ZM0001", "ZM0002"}
    Member.objects.filter(pk=member.pk).update(name="Zimbabwe")
    assert _keys(first)[1] == _keys(second)[1] == "Zimbabwe"
    assert _ids(client.get(reverse("commitments:search")))[0] == "BR0001"


def test_a_commitment_moved_to_another_plan_or_saved_with_stale_copies_keeps_the_plans():
    commitment = CommitmentFactory(plan=_plan("Albania", datetime.date(2016, 1, 1)))
    other = _plan("Brazil", datetime.date(2024, 1, 1))

    commitment.plan = other
    commitment.save()
    assert _keys(commitment) == (datetime.date(2024, 1, 1), "Brazil")
    commitment.plan_period_start, commitment.member_sort_name = datetime.date(1999, 1, 1), "x"
    commitment.save()
    assert _keys(commitment) == (datetime.date(2024, 1, 1), "Brazil")


def test_publishing_a_plan_lists_its_commitments_in_the_order():
    plan = ready_plan()
    draft = plan.commitments.get()
    plan_workflow.plan_sign_off(
        user=person("point_of_contact", plan.member), plan=plan, version=plan.version
    )
    plan.refresh_from_db()
    plan_workflow.plan_sign_off(
        user=person("civil_society_co_chair", plan.member), plan=plan, version=plan.version
    )

    assert list(commitment_list_for_search().values_list("pk", flat=True)) == [draft.pk]
    assert _keys(draft) == (plan.period_start, plan.member.name)


def test_a_deleted_and_restored_draft_keeps_its_copies(draft, official, plan):
    removal.commitment_delete_draft(user=official, commitment=draft, version=draft.version)
    assert _keys(draft) == (plan.period_start, plan.member.name)
    plan.period_start = datetime.date(2027, 2, 1)
    plan.save()

    restored = removal.commitment_restore_deleted(
        user=official, commitment=Commitment.with_deleted.get(pk=draft.pk)
    )

    assert _keys(restored) == (datetime.date(2027, 2, 1), plan.member.name)


def test_deep_and_last_pages_make_as_many_queries_as_the_first(client):
    build_many_commitments(members=5, plans_per_member=2, per_plan=30)  # 15 pages of 20
    counts = []
    for page in (1, 8, 15):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("commitments:search"), {"page": page})
        assert len(_ids(response)) == 20
        counts.append(len(captured))

    assert counts[0] == counts[1] == counts[2] <= 9


def test_the_pages_follow_one_another_without_gaps_or_repeats(client):
    build_many_commitments(members=3, plans_per_member=2, per_plan=10)  # 3 pages of 20

    seen = [
        ogp_id
        for page in (1, 2, 3)
        for ogp_id in _ids(client.get(reverse("commitments:search"), {"page": page}))
    ]

    expected = list(
        Commitment.objects.published()
        .order_by("-plan__period_start", "plan__member__name", "position", "pk")
        .values_list("ogp_id", flat=True)
    )
    assert seen == expected


@pytest.mark.postgres
def test_a_deep_page_reads_the_search_order_index_without_sorting():
    build_many_commitments(members=2, plans_per_member=2, per_plan=10)
    ids = commitment_list_for_search().values_list("pk", flat=True)[20:40]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE commitments_commitment")
        # A few rows: without these the planner rightly sorts them; with them a sort remains
        # only if no index gives the order.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")

    plan = ids.explain()

    assert "commitment_search_order" in plan
    assert "Sort" not in plan


def test_the_search_stays_current_when_the_order_s_copies_change(client):
    plan = _plan("Albania", datetime.date(2016, 1, 1))
    commitment = CommitmentFactory(plan=plan, ogp_id="AL0001", title="Lobbying register")
    plan.period_start = datetime.date(2020, 1, 1)
    plan.save()
    plan.member.name = "Albania (Republic)"
    plan.member.save()
    commitment.refresh_from_db()
    commitment.title = "Beneficial ownership register"
    commitment.save()

    assert _ids(client.get(reverse("commitments:search"), {"q": "beneficial"})) == ["AL0001"]
    assert _ids(client.get(reverse("commitments:search"), {"q": "lobbying"})) == []
