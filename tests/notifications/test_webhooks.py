"""Webhooks: a subscription per API token, deliveries signed with HMAC-SHA256, once each,
retried when the receiver fails; addresses checked against SSRF."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.api.tokens import api_token_issue, api_token_revoke
from core.events import event_record
from ogp_portal.celery import app as celery_app
from ogp_portal.notifications.models import WebhookDelivery, WebhookSubscription
from ogp_portal.notifications.services import event_notify
from ogp_portal.notifications.webhooks import (
    webhook_delivery_attempt,
    webhook_subscription_save,
    webhook_url_check,
)
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory

from .receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    user = UserFactory(username="partner", role="", member=None)
    token, key = api_token_issue(user=user)
    return user, token, key


def _subscribe(partner, url, kinds=("progress.reported",)):
    user, token, _key = partner
    return webhook_subscription_save(user=user, token=token, url=url, event_kinds=list(kinds))


def test_a_delivery_is_signed_and_the_receiver_verifies_it(partner, commitment, report_progress):
    with Receiver() as receiver:
        subscription = _subscribe(partner, receiver.url)
        receiver.secret = subscription.secret

        report_progress(commitment)

    [request] = receiver.received
    assert request["valid"] is True
    assert request["body"]["event"]["kind"] == "progress.reported"
    assert request["body"]["event"]["data"]["commitment_id"] == commitment.pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_a_wrong_secret_does_not_verify(partner, commitment, report_progress):
    with Receiver(secret="not-the-secret") as receiver:
        _subscribe(partner, receiver.url)
        report_progress(commitment)
    assert receiver.received[0]["valid"] is False


def test_an_event_is_delivered_once_per_subscription(partner, commitment, report_progress):
    with Receiver() as receiver:
        _subscribe(partner, receiver.url)
        update = report_progress(commitment)
        event_id = WebhookDelivery.objects.get().event_id
        event_notify(event_id)
        webhook_delivery_attempt(WebhookDelivery.objects.get().pk)
    assert update is not None
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.count() == 1


def test_only_the_chosen_event_types_are_delivered(partner, commitment, report_progress):
    with Receiver() as receiver:
        _subscribe(partner, receiver.url, kinds=["plan.submitted"])
        report_progress(commitment)
    assert receiver.received == []


def test_a_failing_receiver_is_retried_and_its_last_status_kept(
    partner, commitment, report_progress, monkeypatch
):
    # In-process Celery runs each retry at once instead of raising it to the caller.
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)
    with Receiver(status=503) as receiver:
        _subscribe(partner, receiver.url)
        report_progress(commitment)  # eager Celery retries at once, up to the last attempt

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == len(receiver.received) > 1
    assert delivery.last_status_code == 503


def test_a_revoked_token_gets_no_more_deliveries(partner, commitment, report_progress):
    with Receiver() as receiver:
        _subscribe(partner, receiver.url)
        api_token_revoke(token=partner[1])
        report_progress(commitment)
    assert receiver.received == []


def test_a_drafts_events_go_only_to_tokens_whose_user_sees_drafts(partner):
    draft = CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT)
    with Receiver() as receiver:
        _subscribe(partner, receiver.url, kinds=["commitment.updated"])
        with transaction.atomic():
            event = event_record("commitment.updated", subject=draft, data={})
        event_notify(event.pk)
    assert receiver.received == []


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://127.0.0.1:8000/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://localhost/hook",
    ],
)
def test_it_refuses_non_web_and_private_addresses(settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        webhook_url_check(url)
    assert "url" in refused.value.message_dict


def test_a_public_address_is_accepted(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    assert webhook_url_check("https://93.184.215.14/hook") == "https://93.184.215.14/hook"


def test_the_webhook_page_shows_the_error_next_to_the_address(client, partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    user, token, _key = partner
    client.force_login(user)
    prefix = f"token-{token.pk}"

    response = client.post(
        reverse("notifications:webhooks"),
        {
            "token": token.pk,
            f"{prefix}-url": "http://127.0.0.1/hook",
            f"{prefix}-event_kinds": ["progress.reported"],
        },
    )

    assert response.status_code == 200
    assert "private or local address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_webhook_page_saves_and_shows_last_deliveries(
    client, partner, commitment, report_progress
):
    user, token, _key = partner
    client.force_login(user)
    assert reverse("notifications:webhooks") in client.get("/accounts/").content.decode()
    prefix = f"token-{token.pk}"
    with Receiver() as receiver:
        response = client.post(
            reverse("notifications:webhooks"),
            {
                "token": token.pk,
                f"{prefix}-url": receiver.url,
                f"{prefix}-event_kinds": ["progress.reported"],
                f"{prefix}-is_active": "on",
            },
        )
        assert response.status_code == 302
        report_progress(commitment)

    page = client.get(reverse("notifications:webhooks")).content.decode()
    assert WebhookSubscription.objects.get().secret in page
    assert "progress.reported" in page and "Delivered" in page
    account = client.get("/accounts/").content.decode()
    assert "Last delivery: Delivered, attempts: 1, HTTP 200" in account


def test_someone_elses_token_cannot_be_subscribed(client, partner):
    client.force_login(UserFactory(role="", member=None))
    response = client.post(reverse("notifications:webhooks"), {"token": partner[1].pk})
    assert response.status_code == 404


def test_the_api_subscribes_the_token_in_use_and_shows_its_deliveries(partner, settings):
    _user, _token, key = partner
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.put(
        "/api/v1/webhook/",
        {"url": "https://93.184.215.14/hook", "event_kinds": ["review.published"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = api.get("/api/v1/webhook/").json()
    assert body["url"] == "https://93.184.215.14/hook"
    assert body["event_kinds"] == ["review.published"]
    assert len(body["secret"]) == 64 and body["last_deliveries"] == []


def test_the_api_names_the_field_of_a_refused_address(partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {partner[2]}")
    response = api.put(
        "/api/v1/webhook/",
        {"url": "http://192.168.1.1/hook", "event_kinds": ["nonsense.kind"]},
        format="json",
    )
    assert response.status_code == 400
    assert any(field.startswith("event_kinds") for field in response.json()["error"]["fields"])
    response = api.put(
        "/api/v1/webhook/",
        {"url": "http://192.168.1.1/hook", "event_kinds": ["review.published"]},
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"]


def test_the_webhook_api_needs_a_token(client, partner):
    client.force_login(partner[0])
    assert client.get("/api/v1/webhook/").status_code == 403


def test_a_token_without_a_webhook_reads_a_404(partner):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {partner[2]}")
    response = api.get("/api/v1/webhook/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
