import pytest
from rest_framework.test import APIClient

from members.models import Region
from tests.members.factories import (
    ForumMeetingFactory,
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def test_a_member_is_found_by_slug_or_by_id(client):
    member = MemberFactory(name="Albania", slug="albania", region=Region.EUROPE)

    by_slug = client.get("/api/v1/members/albania/").json()
    by_id = client.get(f"/api/v1/members/{member.pk}/").json()

    assert by_slug == by_id
    assert by_slug["region"] == "europe"
    assert by_slug["region_label"] == "Europe"
    assert client.get("/api/v1/members/atlantis/").status_code == 404


def test_members_are_filtered_by_region_and_ordered_by_name_then_id(client):
    MemberFactory(name="Brazil", slug="brazil", region=Region.AMERICAS)
    MemberFactory(name="Albania", slug="albania")
    MemberFactory(name="Chile", slug="chile", region=Region.AMERICAS)

    slugs = [m["slug"] for m in client.get("/api/v1/members/").json()["results"]]
    americas = client.get("/api/v1/members/", {"region": "americas", "ordering": "-name"})

    assert slugs == ["albania", "brazil", "chile"]
    assert [m["slug"] for m in americas.json()["results"]] == ["chile", "brazil"]


def test_an_unknown_region_is_a_400_naming_region(client):
    response = client.get("/api/v1/members/", {"region": "mars"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["region"]


def test_a_forum_shows_its_current_seats_and_only_its_public_meetings(client):
    forum = MultiStakeholderForumFactory(member__slug="albania")
    ForumSeatFactory(forum=forum, person_name="Current")
    ForumSeatFactory(forum=forum, person_name="Former", left_on="2024-01-01", joined_on=None)
    ForumMeetingFactory(forum=forum, title="Open meeting")
    ForumMeetingFactory(forum=forum, title="Closed meeting", is_public=False)

    body = client.get("/api/v1/forums/", {"member": "albania"}).json()["results"][0]

    assert body["member_slug"] == "albania"
    assert [seat["person_name"] for seat in body["seats"]] == ["Current"]
    assert [meeting["title"] for meeting in body["meetings"]] == ["Open meeting"]
