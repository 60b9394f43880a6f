"""Deleting a draft is a soft delete the forum can undo; a published commitment is never
deleted, only withdrawn with a reason; each is one event the removals feed reads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from commitments import drafting, removal
from commitments.models import Commitment, Milestone, PublicationState
from commitments.selectors import deleted_drafts_for
from core.api.tokens import api_token_issue
from core.events import Event
from core.versioning import StaleVersion
from members.models import Role
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def delete(user, commitment) -> Commitment:
    return removal.commitment_delete_draft(
        user=user, commitment=commitment, version=commitment.version
    )


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[1]}")
    return client


def test_a_deleted_draft_is_invisible_on_pages_api_and_search(client, draft, official):
    milestone_ids = list(draft.milestones.values_list("pk", flat=True))
    delete(official, draft)
    client.force_login(official)
    api = api_for(official)

    assert client.get(reverse("commitments:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("commitments:edit", args=[draft.pk])).status_code == 404
    assert (
        "Open budget data"
        not in client.get(draft.plan.get_absolute_url()).content.decode().split("Deleted drafts")[0]
    )
    assert client.get("/commitments/?q=budget").content.decode().count("Open budget data") == 0
    assert api.get(f"/api/v1/commitments/{draft.pk}/").status_code == 404
    assert draft.pk not in [row["id"] for row in api.get("/api/v1/commitments/").json()["results"]]
    listed = [row["id"] for row in api.get("/api/v1/milestones/").json()["results"]]
    assert not set(milestone_ids) & set(listed)
    assert not Commitment.objects.filter(pk=draft.pk).exists()
    assert Milestone.objects.filter(pk__in=milestone_ids).count() == 2  # kept, to restore


def test_the_forum_sees_deleted_drafts_on_the_plan_page_and_restores_one(
    client, draft, official, activist
):
    delete(official, draft)
    client.force_login(activist)

    page = client.get(draft.plan.get_absolute_url()).content.decode()
    assert "Deleted drafts" in page and "Open budget data" in page
    response = client.post(reverse("commitments:restore-deleted", args=[draft.pk]))

    assert response.status_code == 302
    restored = Commitment.objects.get(pk=draft.pk)
    assert restored.deleted_at is None and restored.milestones.count() == 2
    assert client.get(reverse("commitments:edit", args=[draft.pk])).status_code == 200


def test_nobody_outside_the_forum_sees_or_restores_a_deleted_draft(client, draft, official):
    delete(official, draft)
    outsider = UserFactory(role=Role.CIVIL_SOCIETY)
    client.force_login(outsider)

    page = client.get(draft.plan.get_absolute_url()).content.decode()
    response = client.post(reverse("commitments:restore-deleted", args=[draft.pk]))

    assert "Deleted drafts" not in page
    assert response.status_code == 404
    assert deleted_drafts_for(outsider, draft.plan) == []
    assert Commitment.with_deleted.get(pk=draft.pk).deleted_at is not None


def test_the_delete_draft_button_on_the_edit_page_deletes_it(client, draft, activist):
    client.force_login(activist)
    edit_page = client.get(reverse("commitments:edit", args=[draft.pk])).content.decode()
    assert "Delete draft" in edit_page

    response = client.post(
        reverse("commitments:delete", args=[draft.pk]), {"version": draft.version}
    )

    assert response.status_code == 302 and response["Location"] == draft.plan.get_absolute_url()
    assert Commitment.with_deleted.get(pk=draft.pk).deleted_by == activist


def test_deleting_a_draft_someone_saved_since_changes_nothing(client, draft, official, activist):
    seen = draft.version
    drafting.commitment_update(
        user=official, commitment=draft, version=seen, values={"title": "Open budget data, v2"}
    )
    client.force_login(activist)

    response = client.post(reverse("commitments:delete", args=[draft.pk]), {"version": seen})

    assert response.status_code == 302
    assert Commitment.objects.filter(pk=draft.pk).exists()
    with pytest.raises(StaleVersion):
        removal.commitment_delete_draft(user=activist, commitment=draft, version=seen)


@pytest.mark.parametrize("version", ["", "abc", "1" * 40, "\x00"])
def test_a_delete_with_a_malformed_version_is_refused_and_changes_nothing(
    client, draft, activist, version
):
    client.force_login(activist)

    response = client.post(reverse("commitments:delete", args=[draft.pk]), {"version": version})

    assert response.status_code in {302, 400}
    assert Commitment.objects.filter(pk=draft.pk).exists()


def test_a_published_commitment_cannot_be_deleted(official, plan):
    published = CommitmentFactory(plan=plan, publication_state=PublicationState.PUBLISHED)

    with pytest.raises(PermissionDenied):
        delete(official, published)


def test_a_deleted_draft_keeps_its_number_so_a_new_draft_cannot_take_it(draft, official):
    delete(official, draft)

    with pytest.raises(ValidationError) as refused:
        drafting.commitment_create(
            user=official, plan=draft.plan, values={"title": "Another", "number": draft.number}
        )
    numbered = drafting.commitment_create(
        user=official, plan=draft.plan, values={"title": "Numbered for me"}
    )
    restored = removal.commitment_restore_deleted(
        user=official, commitment=Commitment.with_deleted.get(pk=draft.pk)
    )

    assert "number" in refused.value.message_dict
    assert numbered.number != draft.number
    assert restored.number == draft.number


def test_deleting_and_restoring_are_events_with_what_the_feed_needs(draft, official):
    delete(official, draft)
    removal.commitment_restore_deleted(
        user=official, commitment=Commitment.with_deleted.get(pk=draft.pk)
    )

    deleted, restored = (
        Event.objects.filter(kind__startswith="commitment.")
        .exclude(kind__in=["commitment.created"])
        .order_by("pk")
    )
    assert (deleted.kind, restored.kind) == ("commitment.deleted", "commitment.restored")
    assert deleted.object_id == draft.pk and deleted.actor == official
    assert deleted.member_id == draft.plan.member_id
    assert deleted.data["plan_id"] == draft.plan_id and deleted.data["title"] == "Open budget data"
    milestones = sorted(draft.milestones.values_list("pk", flat=True))
    assert sorted(deleted.data["removed"]["milestone"]) == milestones


@pytest.fixture
def published(plan):
    return CommitmentFactory(
        plan=plan, publication_state=PublicationState.PUBLISHED, ogp_id="XY0001"
    )


def test_the_point_of_contact_withdraws_a_published_commitment_with_a_reason(client, published):
    contact = UserFactory(role=Role.POINT_OF_CONTACT, member=published.plan.member)
    client.force_login(contact)
    assert "Withdraw this commitment" in client.get(published.get_absolute_url()).content.decode()

    response = client.post(
        reverse("commitments:withdraw", args=[published.ogp_id]),
        {"version": published.version, "reason": "Merged into XY0002 after <b>review</b>."},
    )

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.is_withdrawn and published.withdrawn_by == contact
    public = client.get(published.get_absolute_url()).content.decode()
    assert "Withdrawn on" in public
    assert "Merged into XY0002 after &lt;b&gt;review&lt;/b&gt;." in public
    event = Event.objects.get(kind="commitment.withdrawn")
    assert event.data["reason"] == "Merged into XY0002 after <b>review</b>."
    assert event.data["ogp_id"] == "XY0001"


def test_a_withdrawn_commitment_stays_public_and_says_so_in_the_api(published):
    support = UserFactory(role=Role.SUPPORT_UNIT)
    removal.commitment_withdraw(
        user=support, commitment=published, version=published.version, reason="Duplicate."
    )

    row = APIClient().get(f"/api/v1/commitments/{published.pk}/").json()

    assert row["withdrawal_reason"] == "Duplicate." and row["withdrawn_at"]
    assert Commitment.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_withdrawal_without_a_usable_reason_is_a_form_error(client, published, reason):
    client.force_login(UserFactory(role=Role.SUPPORT_UNIT))

    response = client.post(
        reverse("commitments:withdraw", args=[published.ogp_id]),
        {"version": published.version, "reason": reason},
    )

    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    published.refresh_from_db()
    assert not published.is_withdrawn


def test_a_withdrawal_started_from_a_stale_version_stores_nothing(published):
    support = UserFactory(role=Role.SUPPORT_UNIT)

    with pytest.raises(StaleVersion):
        removal.commitment_withdraw(
            user=support, commitment=published, version=published.version - 1, reason="x"
        )
    published.refresh_from_db()
    assert not published.is_withdrawn


@pytest.mark.parametrize("role", [Role.GOVERNMENT_OFFICIAL, Role.CIVIL_SOCIETY, Role.IRM_STAFF])
def test_only_the_support_unit_or_point_of_contact_withdraw(client, published, role):
    client.force_login(UserFactory(role=role, member=published.plan.member))

    response = client.post(
        reverse("commitments:withdraw", args=[published.ogp_id]),
        {"version": published.version, "reason": "No."},
    )

    assert response.status_code == 403
    published.refresh_from_db()
    assert not published.is_withdrawn


def test_a_draft_cannot_be_withdrawn(draft):
    with pytest.raises(PermissionDenied):
        removal.commitment_withdraw(
            user=UserFactory(role=Role.SUPPORT_UNIT),
            commitment=draft,
            version=draft.version,
            reason="x",
        )


def test_a_withdrawal_reason_is_required_by_the_service(published):
    with pytest.raises(ValidationError):
        removal.commitment_withdraw(
            user=UserFactory(role=Role.SUPPORT_UNIT),
            commitment=published,
            version=published.version,
            reason=" ",
        )
