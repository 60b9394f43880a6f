import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commitments import progress_csv
from commitments.models import Completion, ProgressUpdate
from commitments.services import (
    milestone_set_completion,
    progress_update_bulk_create,
    progress_update_create,
)
from core.events import event_record
from core.models import Event
from irm_reviews.models import ReviewCycle
from irm_reviews.services import assessment_save, review_cycle_advance, review_cycles_open_due
from members.models import Role
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.irm_reviews.factories import (
    ReviewAssignmentFactory,
    ReviewCycleFactory,
    ScheduledReviewCycleFactory,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


class RolledBack(Exception):
    pass


@pytest.fixture
def commitment():
    return CommitmentFactory()


@pytest.fixture
def official(commitment):
    return UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=commitment.plan.member)


@pytest.fixture
def irm_staff():
    return UserFactory(role=Role.IRM_STAFF, member=None)


def report_progress(official, commitment, **fields):
    return progress_update_create(
        author=official,
        commitment=commitment,
        source="government",
        completion="limited",
        text="The first datasets are online.",
        **fields,
    )


def test_reporting_progress_records_one_event(official, commitment):
    update = report_progress(official, commitment)

    [event] = Event.objects.all()
    assert event.kind == "progress.reported"
    assert event.subject == update
    assert event.actor == official
    assert event.member_id == commitment.plan.member_id
    assert event.data["commitment_id"] == commitment.pk


def test_rejected_progress_records_no_event(official, commitment):
    with pytest.raises(ValidationError):
        report_progress(official, commitment, reported_on=datetime.date(2999, 1, 1))
    with pytest.raises(PermissionDenied):
        report_progress(UserFactory(role=Role.CIVIL_SOCIETY), commitment)

    assert not Event.objects.exists()


def test_the_event_is_part_of_the_change_and_rolls_back_with_it(official, commitment):
    with pytest.raises(RolledBack), transaction.atomic():
        report_progress(official, commitment)
        assert Event.objects.count() == 1
        raise RolledBack

    assert not ProgressUpdate.objects.exists()
    assert not Event.objects.exists()


def test_setting_a_milestone_completion_records_one_event(official, commitment):
    milestone = MilestoneFactory(commitment=commitment)

    milestone_set_completion(user=official, milestone=milestone, completion=Completion.COMPLETE)

    [event] = Event.objects.all()
    assert event.kind == "milestone.completion_changed"
    assert event.subject == milestone
    assert event.data["completion"] == Completion.COMPLETE


def test_a_refused_milestone_change_records_no_event(commitment):
    milestone = MilestoneFactory(commitment=commitment)

    with pytest.raises(PermissionDenied):
        milestone_set_completion(
            user=UserFactory(role=Role.CIVIL_SOCIETY), milestone=milestone, completion="complete"
        )

    assert not Event.objects.exists()


def progress_file(*commitments, text="The first datasets are online.") -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=progress_csv.COLUMNS, restval="")
    writer.writeheader()
    for target in commitments:
        writer.writerow(
            {
                "commitment": target.ogp_id,
                "source": "government",
                "reported_on": "2024-07-01",
                "completion": "limited",
                "text": text,
            }
        )
    return io.BytesIO(out.getvalue().encode())


def test_a_progress_upload_records_one_event_per_created_update(official, commitment):
    other = CommitmentFactory(plan=commitment.plan)
    progress_update_bulk_create(author=official, file=progress_file(commitment))

    result = progress_update_bulk_create(author=official, file=progress_file(commitment, other))

    assert result.created == 1
    events = Event.objects.filter(kind="progress.reported")
    assert {event.subject.commitment_id for event in events} == {commitment.pk, other.pk}
    assert {event.actor for event in events} == {official}


def test_a_rejected_progress_upload_records_no_event(official, commitment):
    with pytest.raises(progress_csv.ProgressUploadRejected):
        progress_update_bulk_create(author=official, file=progress_file(commitment, text=""))

    assert not Event.objects.exists()


def test_saving_an_assessment_records_one_event(irm_staff, commitment):
    cycle = ReviewCycleFactory(plan=commitment.plan)
    ReviewAssignmentFactory(cycle=cycle, researcher=irm_staff)

    assessment, _created = assessment_save(
        user=irm_staff, cycle=cycle, commitment=commitment, values={"verifiable": "yes"}
    )

    [event] = Event.objects.all()
    assert event.kind == "assessment.saved"
    assert event.subject == assessment
    assert event.actor == irm_staff


def test_an_invalid_assessment_records_no_event(irm_staff, commitment):
    cycle = ReviewCycleFactory(plan=commitment.plan)
    ReviewAssignmentFactory(cycle=cycle, researcher=irm_staff)

    with pytest.raises(ValidationError):
        assessment_save(
            user=irm_staff, cycle=cycle, commitment=commitment, values={"verifiable": "maybe"}
        )

    assert not Event.objects.exists()


def test_advancing_a_review_records_its_state_change(irm_staff):
    cycle = ReviewCycleFactory(state=ReviewCycle.State.PUBLIC_COMMENT)
    ReviewAssignmentFactory(cycle=cycle, researcher=irm_staff)

    review_cycle_advance(user=irm_staff, cycle=cycle, today=TODAY)

    [event, published] = Event.objects.order_by("pk")
    assert published.kind == "review.published"
    assert event.kind == "review_cycle.state_changed"
    assert event.subject == cycle
    assert event.data == {"from": "public_comment", "to": "published"}
    assert event.member_id == cycle.plan.member_id


def test_a_refused_review_advance_records_no_event():
    cycle = ReviewCycleFactory(state=ReviewCycle.State.OPEN)

    with pytest.raises(PermissionDenied):
        review_cycle_advance(user=UserFactory(role=Role.CIVIL_SOCIETY), cycle=cycle, today=TODAY)

    assert not Event.objects.exists()


def test_opening_due_reviews_records_one_event_per_review_opened_once():
    due_on = datetime.date(2025, 7, 10)
    due = ScheduledReviewCycleFactory(opens_on=TODAY, due_on=due_on)
    ScheduledReviewCycleFactory(opens_on=TODAY + datetime.timedelta(days=1), due_on=due_on)

    assert review_cycles_open_due(TODAY) == 1
    assert review_cycles_open_due(TODAY) == 0

    [event] = Event.objects.all()
    assert event.subject == due
    assert event.actor is None
    assert event.data == {"from": "scheduled", "to": "open"}


@pytest.mark.django_db(transaction=True)
def test_an_event_cannot_be_recorded_outside_a_transaction(commitment):
    with pytest.raises(RuntimeError):
        event_record("progress.reported", subject=commitment)

    assert not Event.objects.exists()
