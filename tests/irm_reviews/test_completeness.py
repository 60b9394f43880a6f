"""The indicators each kind of IRM report requires before pre-publication: one rule, read in
Python and in SQL alike; the services that enforce it and record the state events."""

import datetime

import pytest

from core.models import Event
from core.versioning import StaleVersion
from irm_reviews.completeness import (
    assessment_missing_indicators,
    complete_assessment_q,
    missing_indicators,
)
from irm_reviews.models import CommitmentAssessment, CycleState, ReviewKind
from irm_reviews.services import ReviewIncomplete, assessment_save, review_cycle_advance
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.irm_reviews.factories import (
    CommitmentAssessmentFactory,
    ReviewCycleFactory,
    assigned_researcher,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def test_an_action_plan_review_asks_more_of_verifiable_commitments_only():
    kind = ReviewKind.ACTION_PLAN_REVIEW
    assert missing_indicators(kind, None) == ["verifiable"]
    assert missing_indicators(kind, {"verifiable": "no"}) == []
    assert missing_indicators(kind, {"verifiable": "yes", "potential_for_results": "modest"}) == [
        "open_government_lens",
        "is_promising",
    ]


def test_each_report_requires_its_own_indicators():
    assert missing_indicators(ReviewKind.RESULTS_REPORT, {"completion": "limited"}) == [
        "early_results"
    ]
    assert missing_indicators(ReviewKind.END_OF_TERM_REPORT, {}) == [
        "completion",
        "did_it_open_government",
    ]
    assert "potential_impact" in missing_indicators(ReviewKind.PROGRESS_REPORT, {})
    assert "is_relevant_technology" in missing_indicators(
        ReviewKind.PROGRESS_REPORT, {"is_relevant_technology": None}
    )
    assert "is_relevant_technology" not in missing_indicators(
        ReviewKind.PROGRESS_REPORT, {"is_relevant_technology": False}
    )


@pytest.mark.parametrize(
    "values",
    [
        {"verifiable": "no", "potential_for_results": ""},
        {"verifiable": "yes", "is_promising": True},
        {"verifiable": "yes", "is_promising": False, "open_government_lens": False},
        {"verifiable": "", "potential_for_results": ""},
    ],
)
def test_the_sql_reading_agrees_with_the_python_one(values):
    assessment = CommitmentAssessmentFactory(**values)
    kind = ReviewKind.ACTION_PLAN_REVIEW
    in_sql = CommitmentAssessment.objects.filter(complete_assessment_q(kind), pk=assessment.pk)

    assert in_sql.exists() == (assessment_missing_indicators(kind, assessment) == [])


def test_pre_publication_is_refused_listing_each_commitment_then_allowed():
    cycle = ReviewCycleFactory(kind=ReviewKind.RESULTS_REPORT)
    first, second = CommitmentFactory(plan=cycle.plan), CommitmentFactory(plan=cycle.plan)
    researcher = assigned_researcher(cycle)
    assessment_save(
        user=researcher, cycle=cycle, commitment=first, values={"completion": "complete"}
    )

    with pytest.raises(ReviewIncomplete) as refused:
        review_cycle_advance(user=researcher, cycle=cycle, today=TODAY)

    assert [(c.pk, missing) for c, missing in refused.value.missing] == [
        (first.pk, ["early_results"]),
        (second.pk, ["completion", "early_results"]),
    ]
    assert not Event.objects.filter(kind="review.pre_publication").exists()
    for commitment in (first, second):
        assessment_save(
            user=researcher,
            cycle=cycle,
            commitment=commitment,
            values={"completion": "complete", "early_results": "moderate"},
        )
    review_cycle_advance(user=researcher, cycle=cycle, today=TODAY)
    review_cycle_advance(user=researcher, cycle=cycle, today=TODAY)
    review_cycle_advance(user=researcher, cycle=cycle, today=TODAY)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLISHED
    assert cycle.published_on == TODAY
    assert list(
        Event.objects.filter(kind__startswith="review.")
        .order_by("pk")
        .values_list("kind", flat=True)
    ) == ["review.pre_publication", "review.public_comment", "review.published"]


def test_a_review_moved_on_by_someone_else_is_not_moved_twice():
    cycle = ReviewCycleFactory(state=CycleState.PRE_PUBLICATION)
    support = UserFactory(role=Role.SUPPORT_UNIT, member=None)
    review_cycle_advance(user=support, cycle=cycle, today=TODAY, from_state="pre_publication")

    with pytest.raises(StaleVersion):
        review_cycle_advance(user=support, cycle=cycle, today=TODAY, from_state="pre_publication")

    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLIC_COMMENT


def test_an_assessment_saved_from_an_old_version_is_refused():
    cycle = ReviewCycleFactory()
    commitment = CommitmentFactory(plan=cycle.plan)
    researcher = assigned_researcher(cycle)
    saved, _created = assessment_save(
        user=researcher, cycle=cycle, commitment=commitment, values={"verifiable": "yes"}, version=0
    )

    with pytest.raises(StaleVersion):
        assessment_save(
            user=researcher,
            cycle=cycle,
            commitment=commitment,
            values={"verifiable": "no"},
            version=0,
        )

    saved.refresh_from_db()
    assert saved.verifiable == "yes"
    assert saved.version == 1
