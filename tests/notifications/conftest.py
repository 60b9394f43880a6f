import pytest
from django.db import transaction

from commitments.services import progress_update_create
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory


@pytest.fixture
def commitment():
    return CommitmentFactory()


@pytest.fixture
def reader():
    """A member of the public with an account, of no member."""
    return UserFactory(username="reader", role="", member=None)


@pytest.fixture
def report_progress(django_capture_on_commit_callbacks):
    """Report government progress on a commitment, running what is enqueued on commit (the
    notify task, in-process) as a real request would."""

    def report(commitment, text="Two of five datasets are online."):
        author = UserFactory(role=Role.POINT_OF_CONTACT, member=commitment.plan.member)
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                update = progress_update_create(
                    author=author,
                    commitment=commitment,
                    source="government",
                    completion="limited",
                    text=text,
                )
        return update

    return report
