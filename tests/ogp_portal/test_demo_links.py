"""The demo links to documents the portal holds or to OGP's real pages, never to a made-up
host: a visitor who follows a link of the demo finds something."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models

from action_plans.models import ActionPlan, RepositoryDocument
from irm_reviews.models import CommitmentAssessment
from members.models import MultiStakeholderForum
from ogp_portal.demo import demo_seed

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
MADE_UP_LINK = re.compile(r"https?://[^\s\"']*example\.(org|com)")
LINK_FIELDS = (models.URLField, models.JSONField, models.TextField, models.CharField)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _made_up_links() -> list[str]:
    found = []
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, LINK_FIELDS) and not field.choices
        ]
        for row in model._default_manager.values_list(*fields) if fields else []:
            found += [
                f"{model._meta.label}: {value}" for value in row if MADE_UP_LINK.search(str(value))
            ]
    return found


def test_the_seeded_demo_has_no_example_org_link():
    demo_seed(today=TODAY)

    assert _made_up_links() == []


def test_the_demo_links_lead_to_documents_the_portal_serves(client):
    demo_seed(today=TODAY)
    plan = ActionPlan.objects.get(ogp_id="AP_ALB07")
    forum = MultiStakeholderForum.objects.get(member__ogp_code="ALB")
    assessment_links = CommitmentAssessment.objects.exclude(evidence_links=[]).values_list(
        "evidence_links", flat=True
    )

    links = [
        *plan.cocreation_steps.exclude(url="").values_list("url", flat=True),
        forum.rules_url,
        *[link for links in assessment_links for link in links],
    ]

    assert len(links) >= 3
    for link in links:
        path = re.sub(r"^https?://[^/]+", "", link)
        response = client.get(path)
        assert response.status_code == 200, link
        assert b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).startswith(b"%PDF-")
    assert (
        RepositoryDocument.objects.filter(member=plan.member, plan=plan).exclude(file="").exists()
    )
