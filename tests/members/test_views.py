import csv
import io
import json

import pytest

from action_plans.models import ActionPlan
from members.models import Member, Region
from tests.action_plans.factories import ActionPlanFactory, RepositoryDocumentFactory
from tests.commitments.bulk import build_many_commitments
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import (
    ForumMeetingFactory,
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_it_lists_every_member_with_its_current_plan(client):
    member = MemberFactory(name="Albania")
    ActionPlanFactory(member=member, number=1, title="First action plan")
    current = ActionPlanFactory(member=member, number=2, title="Second action plan")
    MemberFactory(name="Kenya")

    response = client.get("/members/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Albania" in html and "Kenya" in html
    assert f'href="{current.get_absolute_url()}"' in html
    assert "No action plan yet" in html


def test_filters_narrow_members_by_region_type_and_status(client):
    MemberFactory(name="Albania", region=Region.EUROPE)
    MemberFactory(name="Kenya", region=Region.AFRICA_MIDDLE_EAST)
    MemberFactory(name="Buenos Aires", region=Region.AMERICAS, kind=Member.Kind.LOCAL)
    MemberFactory(name="Hungary", region=Region.EUROPE, status=Member.Status.INACTIVE)

    html = client.get("/members/?region=europe&status=active").content.decode()
    assert "Albania" in html and "Kenya" not in html and "Hungary" not in html

    html = client.get("/members/?kind=local").content.decode()
    assert "Buenos Aires" in html and "Albania" not in html


def test_a_bad_filter_value_shows_a_message_not_an_error(client):
    MemberFactory(name="Albania")

    response = client.get("/members/?region=mars&status=asleep")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood" in html
    assert "mars" in html
    assert "Albania" in html


def test_member_list_downloads_carry_the_filters(client):
    MemberFactory(name="Albania", region=Region.EUROPE)
    MemberFactory(name="Kenya", region=Region.AFRICA_MIDDLE_EAST)

    response = client.get("/members/?region=europe&format=csv")
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert response["Content-Type"].startswith("text/csv")
    assert [row["name"] for row in rows] == ["Albania"]

    response = client.get("/members/?region=africa_middle_east&format=json")
    assert [row["name"] for row in json.loads(_body(response))] == ["Kenya"]


def test_the_page_links_to_its_downloads_with_the_filters(client):
    html = client.get("/members/?region=europe").content.decode()
    assert 'href="/members/?region=europe&amp;format=csv"' in html
    assert 'href="/members/?region=europe&amp;format=json"' in html


def test_member_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    build_many_commitments(members=5, plans_per_member=2, per_plan=30)
    for n in range(200):
        MemberFactory(name=f"Local member {n:03d}", kind=Member.Kind.LOCAL)

    with django_assert_max_num_queries(9):
        response = client.get("/members/")
    assert response.content.decode().count('href="/members/') >= 100
    with django_assert_max_num_queries(9):
        response = client.get("/members/?page=3")
    assert "Page 3 of 3" in response.content.decode()


def test_the_member_list_shows_a_hundred_members_a_page_and_counts_them_all(client):
    for n in range(205):
        MemberFactory(name=f"Local member {n:03d}", kind=Member.Kind.LOCAL)

    first = client.get("/members/?kind=local").content.decode()
    last = client.get("/members/?kind=local&page=3").content.decode()

    assert "205 members" in first
    assert "Local member 099" in first and "Local member 100" not in first
    assert "Local member 200" in last and "Local member 199" not in last
    assert 'href="?kind=local&amp;page=2" rel="next"' in first


def test_member_page_shows_plans_forum_and_repository(client):
    member = MemberFactory(name="Albania", slug="albania")
    plan = ActionPlanFactory(member=member, title="Fifth action plan")
    CommitmentFactory(plan=plan)
    forum = MultiStakeholderForumFactory(member=member, name="Albania OGP Forum")
    organisation = OrganizationFactory(member=member, name="Open Data Albania")
    ForumSeatFactory(
        forum=forum, person_name="Ana Civil", is_co_chair=True, organization=organisation
    )
    ForumSeatFactory(forum=forum, person_name="Gov Official", sector="government")
    ForumMeetingFactory(forum=forum, title="Quarterly review", minutes="We reviewed progress.")
    ForumMeetingFactory(forum=forum, title="Closed session", is_public=False)
    RepositoryDocumentFactory(member=member, title="Self-assessment report 2024")

    response = client.get("/members/albania/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{plan.get_absolute_url()}"' in html
    assert "Albania OGP Forum" in html
    assert "Ana Civil" in html and "Open Data Albania" in html
    assert "Quarterly review" in html and "We reviewed progress." in html
    assert "Closed session" not in html
    assert "Self-assessment report 2024" in html


def test_member_plans_download_as_csv(client):
    member = MemberFactory(slug="albania")
    ActionPlanFactory(member=member, number=1, ogp_id="AP_ALB01")
    ActionPlanFactory(member=member, number=2, ogp_id="AP_ALB02")

    rows = list(csv.DictReader(io.StringIO(_body(client.get("/members/albania/?format=csv")))))

    assert sorted(row["ogp_id"] for row in rows) == ["AP_ALB01", "AP_ALB02"]


def test_member_page_makes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    member = MemberFactory(slug="albania")
    forum = MultiStakeholderForumFactory(member=member)
    for _n in range(50):
        ForumSeatFactory(forum=forum)
        RepositoryDocumentFactory(member=member, meeting=ForumMeetingFactory(forum=forum))
    for n in range(1, 8):
        ActionPlanFactory(member=member, number=n)

    with django_assert_max_num_queries(10):
        assert client.get("/members/albania/").status_code == 200


def test_an_unknown_member_is_a_404_page(client):
    response = client.get("/members/atlantis/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_plan_count_is_of_published_commitments_only(client):
    member = MemberFactory(slug="albania")
    plan = ActionPlanFactory(member=member, status=ActionPlan.Status.CO_CREATION)
    CommitmentFactory(plan=plan, publication_state="draft")

    response = client.get("/members/albania/?format=json")

    assert json.loads(_body(response))[0]["published_commitments"] == 0


def test_an_old_link_with_type_redirects_to_the_kind_filter(client):
    response = client.get("/members/?type=local&region=americas")
    assert response.status_code == 301
    assert response["Location"] == "/members/?region=americas&kind=local"


def test_the_french_member_page_names_the_country_in_french(client):
    MemberFactory(name="Albania", slug="albania", country_code="AL", kind="national")

    html = client.get("/members/albania/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<h1>Albanie</h1>" in html


def test_a_local_member_keeps_ogp_s_name_in_every_language(client):
    MemberFactory(name="Buenos Aires", slug="buenos-aires", country_code="AR", kind="local")

    html = client.get("/members/buenos-aires/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "<h1>Buenos Aires</h1>" in html


def test_the_english_member_page_keeps_ogp_s_name(client):
    MemberFactory(name="Korea, Republic of", slug="korea", country_code="KR", kind="national")

    html = client.get("/members/korea/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Korea, Republic of</h1>" in html
