import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans.models import RepositoryDocument
from core.uploads import sniff_content_type
from members.models import ForumMeeting, Role
from tests.core.documents import ACCEPTED, PDF, REFUSED
from tests.members.factories import ForumMeetingFactory, MultiStakeholderForumFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def forum():
    return MultiStakeholderForumFactory()


@pytest.fixture
def poc_client(client, forum):
    client.force_login(UserFactory(role=Role.POINT_OF_CONTACT, member=forum.member))
    return client


def _document_post(client, forum, name: str, content: bytes):
    return client.post(
        f"/members/{forum.member.slug}/documents/new/",
        {
            "title": "Minutes of the forum",
            "published_on": "2026-11-20",
            "kind": "minutes",
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize("content_type", list(ACCEPTED))
def test_each_allowed_type_is_recognised_by_its_content(content_type):
    _name, content = ACCEPTED[content_type]

    assert sniff_content_type(io.BytesIO(content)) == content_type


@pytest.mark.parametrize("content_type", list(ACCEPTED))
def test_each_allowed_type_is_stored_in_the_repository(poc_client, forum, content_type):
    name, content = ACCEPTED[content_type]

    response = _document_post(poc_client, forum, name, content)

    assert response.status_code == 302
    document = RepositoryDocument.objects.get()
    assert document.file_type == content_type
    assert document.file.read() == content


@pytest.mark.parametrize("what", list(REFUSED))
def test_a_file_that_is_no_accepted_document_is_refused_next_to_the_field(poc_client, forum, what):
    name, content = REFUSED[what]

    response = _document_post(poc_client, forum, name, content)

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("This file is not a PDF")
    assert 'id="id_file_error"' in response.content.decode()
    assert not RepositoryDocument.objects.exists()


def test_an_oversized_file_is_refused_while_it_is_read(poc_client, forum, settings):
    settings.UPLOAD_MAX_BYTES = 1024

    response = _document_post(poc_client, forum, "big.pdf", PDF + b"0" * 4096)

    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["file"][0]
    assert not RepositoryDocument.objects.exists()


def test_an_oversized_minutes_file_keeps_the_fields_before_it(poc_client, forum, settings):
    settings.UPLOAD_MAX_BYTES = 1024

    response = poc_client.post(
        f"/members/{forum.member.slug}/forum/meetings/new/",
        {
            "held_on": "2026-11-20",
            "title": "Forum meeting",
            "government_attendees": 3,
            "civil_society_attendees": 4,
            "other_attendees": 0,
            "minutes_file": SimpleUploadedFile("big.pdf", PDF + b"0" * 4096),
        },
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["minutes_file"]
    assert not ForumMeeting.objects.exists()


def test_a_stored_document_is_served_as_an_attachment_with_nosniff(poc_client, forum):
    _document_post(poc_client, forum, "minutes.exe", PDF)
    document = RepositoryDocument.objects.get()

    response = poc_client.get(f"/members/{forum.member.slug}/documents/{document.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Minutes_of_the_forum.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_private_meetings_minutes_are_served_only_to_forum_members(client, forum, settings):
    meeting = ForumMeetingFactory(forum=forum, is_public=False)
    meeting.minutes_file.save("minutes.pdf", io.BytesIO(PDF))
    meeting.minutes_file_type = "application/pdf"
    meeting.save()
    url = f"/members/{forum.member.slug}/forum/meetings/{meeting.pk}/minutes/"

    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.CIVIL_SOCIETY, member=forum.member))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=forum.member))
    assert client.get(url).status_code == 200


def test_a_body_announced_too_large_is_refused_before_the_file_is_read(poc_client, forum, settings):
    settings.UPLOAD_MAX_BYTES = 1024

    response = _document_post(poc_client, forum, "big.pdf", PDF + b"0" * (1024 * 1024 + 10))

    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["file"][0]
    assert not RepositoryDocument.objects.exists()
