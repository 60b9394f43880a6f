"""A public consultation in real browsers: the point of contact opens it, a person gives
input, the government answers it, a forum member hides an abusive one; axe-core finds nothing
on any of its pages."""

import pytest

from commitments import drafting
from commitments.models import ConsultationInput
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_co_editing import signed_in
from tests.commitments.consultation_fixtures import consultation_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def test_consultation_opened_input_given_answered_and_an_abusive_one_hidden(
    browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = consultation_world()
    plan = world["plan"]
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"

    poc = signed_in(browser, live_server, world["point_of_contact"])
    poc.goto(plan_url)
    poc.get_by_role("link", name="The consultation page").click()
    poc.wait_for_load_state()
    _no_violations(poc, "consultation-open-form")
    poc.get_by_label("Introduction (required)").fill("Tell us what you think of the drafts.")
    poc.get_by_role("button", name="Open the consultation").click()
    poc.wait_for_load_state()
    assert "The public consultation is open" in poc.content()
    consultation_url = poc.url

    person = signed_in(browser, live_server, world["other_signed_in"])
    person.goto(consultation_url)
    person.get_by_label("Your input is about").select_option(label="Commitment 1: Open budget data")
    person.get_by_label("Your input (required)").fill("Publish the budget every week.")
    person.get_by_role("button", name="Publish my input").click()
    person.wait_for_load_state()
    assert "your input is published" in person.content()
    person.get_by_label("Your input (required)").fill("You are all crooks and liars.")
    person.get_by_role("button", name="Publish my input").click()
    person.wait_for_load_state()
    _no_violations(person, "consultation-with-input")
    useful, abusive = ConsultationInput.objects.order_by("pk")

    poc.goto(consultation_url)
    poc.get_by_role("link", name=f"Respond to input {useful.pk}").click()
    poc.wait_for_load_state()
    _no_violations(poc, "consultation-respond")
    poc.get_by_label("Outcome (required)").select_option("partly_accepted")
    poc.get_by_label("Reason (required)").fill("Monthly: the treasury closes its books monthly.")
    poc.get_by_role("button", name="Publish the response").click()
    poc.wait_for_load_state()
    assert "Partly accepted" in poc.content()

    forum = signed_in(browser, live_server, world["forum_member"])
    forum.goto(consultation_url)
    forum.get_by_role("link", name=f"Hide input {abusive.pk}").click()
    forum.wait_for_load_state()
    _no_violations(forum, "consultation-hide")
    forum.get_by_label("Reason for hiding (required)").fill("Insults.")
    forum.get_by_role("button", name="Hide this input").click()
    forum.wait_for_load_state()
    assert "Hidden from the public" in forum.content()
    _no_violations(forum, "consultation-forum-view")

    public = browser.new_context(locale="en-GB").new_page()
    public.goto(consultation_url)
    assert "Publish the budget every week." in public.content()
    assert "Monthly: the treasury closes its books monthly." in public.content()
    assert "crooks" not in public.content()
    assert "2 received, 1 answered, 1 hidden" in public.content()
    _no_violations(public, "consultation-public-view")
    public.goto(plan_url)
    _no_violations(public, "plan-with-consultation")

    person.reload()
    assert "crooks" in person.content() and "Insults." in person.content()  # its author

    first = world["drafts"][0]
    drafting.commitment_update(
        user=world["official"],
        commitment=first,
        version=first.version,
        values={"description": "Publish the budget as open data every week."},
    )
    forum.goto(f"{live_server.url}{first.get_absolute_url()}")
    forum.get_by_role("link", name="What changed since the public consultation (redline)").click()
    forum.wait_for_load_state()
    assert forum.locator("dl.redline del", has_text="month.").count() == 1
    assert forum.locator("dl.redline ins", has_text="week.").count() == 1
    _no_violations(forum, "commitment-redline")
    for page in (poc, person, forum, public):
        page.context.close()
