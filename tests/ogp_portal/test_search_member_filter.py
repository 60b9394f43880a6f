"""The search page's member filter: every member, named and ordered in the page's language."""

import re

import pytest
from django.utils import translation

from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def member_options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*name="member"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.fixture
def members():
    MemberFactory(name="Germany", slug="germany", country_code="DE")
    MemberFactory(name="Albania", slug="albania", country_code="AL")
    MemberFactory(name="United Kingdom", slug="united-kingdom", country_code="GB")
    MemberFactory(name="Buenos Aires", slug="buenos-aires", kind="local", country_code="AR")


def test_a_french_page_names_and_orders_the_members_in_french(client, members):
    with translation.override("fr"):
        html = client.get("/commitments/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert [label for _slug, label in member_options(html)][1:] == [
        "Albanie",
        "Allemagne",
        "Buenos Aires",
        "Royaume-Uni",
    ]


def test_the_chosen_member_stays_selected_and_its_results_are_filtered(client, members):
    html = client.get("/commitments/?member=germany").content.decode()

    assert '<option value="germany" selected>Germany</option>' in html
    assert '<option value="albania">Albania</option>' in html


def test_an_unknown_member_is_an_error_next_to_the_field(client, members):
    response = client.get("/commitments/?member=atlantis")

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_options_cost_one_query_whatever_the_number_of_members(
    client, django_assert_max_num_queries
):
    MemberFactory.create_batch(60)
    with django_assert_max_num_queries(8):
        client.get("/commitments/")
