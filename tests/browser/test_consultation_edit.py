"""Changing a running public consultation in real browsers: the point of contact edits its
introduction and closing date, a concurrent edit in another tab is refused with what is stored
now, and the consultation is closed early; axe-core finds nothing on these pages."""

import datetime

import pytest
from django.utils import timezone

from commitments.models import PublicConsultation
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.consultation_fixtures import consultation_world, opened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def test_the_point_of_contact_changes_the_consultation_and_closes_it_early(browser, live_server):
    world = consultation_world()
    today = timezone.localdate()
    consultation = opened(world, opens_on=today, closes_on=today + datetime.timedelta(days=30))
    later = today + datetime.timedelta(days=45)
    consultation_url = f"{live_server.url}{consultation.get_absolute_url()}"

    poc = signed_in(browser, live_server, world["point_of_contact"])
    poc.goto(consultation_url)
    poc.get_by_role(
        "link", name="Change the introduction or the dates, or close the consultation early"
    ).click()
    poc.wait_for_load_state()
    _no_violations(poc, "consultation-edit")
    assert poc.get_by_label("Opens on").is_disabled()
    other_tab = poc.context.new_page()
    other_tab.goto(poc.url)

    poc.get_by_label("Introduction (required)").fill("Now with a hearing in every region.")
    poc.get_by_label("Closes on (required)").fill(later.isoformat())
    poc.get_by_role("button", name="Save the changes").click()
    poc.wait_for_load_state()
    assert "introduction and dates are saved" in poc.content()
    assert "Now with a hearing in every region." in poc.content()

    other_tab.get_by_label("Introduction (required)").fill("My older change.")
    other_tab.get_by_role("button", name="Save the changes").click()
    other_tab.wait_for_load_state()
    assert "Someone changed this consultation since you opened the page" in other_tab.content()
    assert "Now with a hearing in every region." in other_tab.content()  # stored now
    assert other_tab.get_by_label("Introduction (required)").input_value() == "My older change."
    _no_violations(other_tab, "consultation-edit-conflict")
    other_tab.close()
    assert PublicConsultation.objects.get().introduction == "Now with a hearing in every region."

    poc.goto(consultation_url)
    poc.get_by_role(
        "link", name="Change the introduction or the dates, or close the consultation early"
    ).click()
    poc.wait_for_load_state()
    poc.get_by_role("button", name="Close the consultation today").click()
    poc.wait_for_load_state()
    assert "it takes no more input from today" in poc.content()
    assert "Closed early" in poc.content()
    _no_violations(poc, "consultation-closed-early")
    stored = PublicConsultation.objects.get()
    assert stored.closes_on == today and stored.has_closed
    poc.context.close()
