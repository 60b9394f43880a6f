"""Every page type is usable on a 360 px wide phone: nothing wider than the screen, search
results before the filters."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.data import build_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _wider_than_the_screen(page) -> list[str]:
    """The elements that stick out of the viewport to the right, as tag.class strings."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1 && !el.closest('.visually-hidden')) {
              out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(box.right));
            }
          }
          return out.slice(0, 10);
        }"""
    )


def test_no_page_type_scrolls_sideways_at_360_px(live_server, phone):
    data = build_portal()
    urls = [
        "/",
        "/members/",
        data["member"].get_absolute_url(),
        data["plan"].get_absolute_url(),
        data["commitment"].get_absolute_url(),
        "/commitments/?q=parliament",
        "/data/",
        "/accounts/login/",
    ]
    overflowing = {}
    for url in urls:
        phone.goto(f"{live_server.url}{url}")
        wide = _wider_than_the_screen(phone)
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        if wide or scroll_width > PHONE["width"]:
            overflowing[url] = (scroll_width, wide)
            screenshot(phone, "small-screen-" + url.strip("/").replace("/", "-").replace("?", "-"))

    assert not overflowing, "\n".join(f"{url}: {found}" for url, found in overflowing.items())


def test_search_results_come_before_the_folded_filters_on_a_phone(live_server, phone):
    build_portal()

    phone.goto(f"{live_server.url}/commitments/?q=parliament")

    screenshot(phone, "small-screen-search")
    first_result = phone.locator("ol.results > li").first.bounding_box()
    assert first_result is not None and first_result["y"] < PHONE["height"]
    assert not phone.get_by_label("Region").is_visible()
    phone.locator("summary", has_text="Filters").click()
    assert phone.get_by_label("Region").is_visible()
