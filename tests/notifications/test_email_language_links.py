"""A notification e-mail's links open the portal in the e-mail's language: a Spanish reader's
links go to the Spanish addresses, which show Spanish whatever their browser says."""

import re

import pytest
from django.core import mail
from django.utils import translation

from .factories import FollowFactory, NotificationSettingsFactory

pytestmark = pytest.mark.django_db


def test_a_spanish_readers_e_mail_links_to_the_spanish_pages(
    client, commitment, reader, report_progress
):
    reader.language = "es"
    reader.save(update_fields=["language"])
    NotificationSettingsFactory(user=reader, email_frequency="immediately")
    FollowFactory(user=reader, commitment=commitment)

    report_progress(commitment)

    links = re.findall(r"http://127\.0\.0\.1:8000(/\S*)", mail.outbox[0].body)
    assert f"/es{commitment.get_absolute_url()}" in links
    assert all(link.startswith("/es/") for link in links)
    client.force_login(reader)
    with translation.override("en"):
        page = client.get(f"/es{commitment.get_absolute_url()}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and '<html lang="es">' in page.text
