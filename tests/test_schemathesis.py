"""Property-based run of the documented GET endpoints: whatever the generated parameters, the
API answers without a server error and as its OpenAPI schema says."""

import datetime

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationConfig
from schemathesis.checks import ignored_auth

from irm_reviews.models import CycleState
from ogp_portal.wsgi import application
from tests.commitments.factories import (
    MilestoneFactory,
    PolicyAreaFactory,
    ProgressUpdateFactory,
)
from tests.irm_reviews.factories import CommitmentAssessmentFactory
from tests.members.factories import ForumMeetingFactory

# Reads are public: the run is anonymous, so no credentials are generated and the check that a
# bad credential is refused (ignored_auth, which a public read cannot pass) is left out.
schema = schemathesis.from_dict(
    SchemaGenerator().get_schema(request=None, public=True),
    app=application,
    generation_config=GenerationConfig(with_security_parameters=False),
).include(method="GET", path_regex=r"^/api/v1/(?!schema/|docs/|redoc/)")

UNTHROTTLED = {
    **settings.REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes database connections at the end of each request; Django's test
    client stops that so that the test's transaction survives, and so must calls to the raw
    WSGI application."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published_data(db, wsgi_keeps_the_test_connection):
    milestone = MilestoneFactory(commitment__ogp_id="AL0002", commitment__plan__ogp_id="AP_ALB01")
    milestone.commitment.policy_areas.add(PolicyAreaFactory(slug="open-parliaments"))
    ProgressUpdateFactory(commitment=milestone.commitment, milestone=milestone)
    CommitmentAssessmentFactory(
        commitment=milestone.commitment,
        cycle__plan=milestone.commitment.plan,
        cycle__state=CycleState.PUBLISHED,
        cycle__published_on=datetime.date(2024, 6, 1),
    )
    ForumMeetingFactory(forum__member=milestone.commitment.plan.member)


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@override_settings(REST_FRAMEWORK=UNTHROTTLED)
def test_every_get_endpoint_keeps_to_its_schema(published_data, case):
    response = case.call()
    case.validate_response(response, excluded_checks=(ignored_auth,))
