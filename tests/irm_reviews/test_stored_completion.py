"""The completion every page shows is stored in the commitment and kept current by the writes
that change it (commitments.completion, irm_reviews.services.commitment_completion_refresh)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from commitments.services import progress_update_create
from irm_reviews.models import CommitmentAssessment, ReviewCycle
from irm_reviews.selectors import commitment_list_for_search
from irm_reviews.services import (
    assessment_save,
    commitment_completion_refresh,
    review_cycle_advance,
)
from members.models import Role
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import ReviewAssignmentFactory, ReviewCycleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _shown(commitment: Commitment) -> tuple[str, str | None, str | None]:
    row = commitment_list_for_search().get(pk=commitment.pk)
    return row.completion_level, row.completion_irm_level, row.self_reported_completion


def _report(commitment, source, completion, reported_on=TODAY):
    role = Role.IRM_STAFF if source == "irm" else Role.GOVERNMENT_OFFICIAL
    member = None if source == "irm" else commitment.plan.member
    return progress_update_create(
        author=UserFactory(role=role, member=member),
        commitment=commitment,
        source=source,
        completion=completion,
        reported_on=reported_on,
        text="Progress so far.",
    )


def test_a_self_assessment_sets_the_completion_shown():
    commitment = CommitmentFactory()
    assert _shown(commitment) == ("", None, None)

    _report(commitment, "government", "limited")

    assert _shown(commitment) == ("limited", None, "limited")


def test_the_irm_word_outranks_the_self_assessment():
    commitment = CommitmentFactory()
    _report(commitment, "government", "complete")
    _report(commitment, "irm", "limited", reported_on=datetime.date(2026, 1, 1))

    assert _shown(commitment) == ("limited", "limited", "complete")


def test_an_assessment_counts_once_its_report_is_published():
    commitment = CommitmentFactory()
    _report(commitment, "government", "complete")
    irm_staff = UserFactory(role=Role.IRM_STAFF, member=None)
    cycle = ReviewCycleFactory(
        plan=commitment.plan,
        kind=ReviewCycle.Kind.RESULTS_REPORT,
        state=ReviewCycle.State.PUBLIC_COMMENT,
    )
    ReviewAssignmentFactory(cycle=cycle, researcher=irm_staff)
    assessment_save(
        user=irm_staff,
        cycle=cycle,
        commitment=commitment,
        values={"completion": "substantial"},
    )
    assert _shown(commitment) == ("complete", None, "complete")

    review_cycle_advance(user=irm_staff, cycle=cycle, today=TODAY)

    assert _shown(commitment) == ("substantial", "substantial", "complete")


def test_the_refresh_recomputes_what_the_backfill_computes():
    [plan, *_rest] = build_many_commitments(members=1, plans_per_member=1, per_plan=4)
    expected = {c.pk: _shown(c) for c in plan.commitments.all()}
    Commitment.objects.update(completion_level="", completion_by_irm=False)
    CommitmentAssessment.objects.filter(commitment__plan=plan).update(completion="withdrawn")

    commitment_completion_refresh(Commitment.objects.all())

    assert {pk: _shown(Commitment(pk=pk))[0] for pk in expected} == dict.fromkeys(
        expected, "withdrawn"
    )


def test_a_search_page_reads_the_completion_without_subqueries():
    build_many_commitments(members=1, plans_per_member=1, per_plan=5)

    with CaptureQueriesContext(connection) as queries:
        list(commitment_list_for_search()[:5])

    assert "progressupdate" not in queries[0]["sql"]
    assert "commitmentassessment" not in queries[0]["sql"]
