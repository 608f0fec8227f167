"""In headless Chromium: an editor learns from the nav's bell that a verdict waits for approval."""

from __future__ import annotations

import pytest
from factories import claim_in_state
from test_browser import CHROMIUM, SHOTS, browser, screenshot, sign_in  # noqa: F401 - browser is a fixture

from claims.models import Notification

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM or not __import__("pathlib").Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


def test_editor_sees_the_notification_of_a_verdict_awaiting_approval(live_server, users, browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")  # the checker hands the verdict over
    page.goto(f"{base}/claims/{claim.pk}/")
    page.click("button.btn-submit")
    page.wait_for_selector("text=Done: submit.")
    assert page.locator("header.top [data-unread]").count() == 0  # nothing for the one who submitted
    page.click("text=Sign out")

    sign_in(page, base, "eddie")  # an editor who did not write it
    bell = page.locator("header.top a[data-notifications]")
    assert bell.get_attribute("aria-label") == "Notifications, 1 unread"
    assert bell.locator("[data-unread]").inner_text() == "1"
    screenshot(page, "notifications-01-bell", full_page=False)
    bell.click()
    page.wait_for_url(f"{base}/notifications/")
    item = page.locator("[data-notification-list] li.unread")
    assert item.count() == 1 and item.get_attribute("data-kind") == "approval_requested"
    assert f"chris asks for approval of the verdict on claim {claim.pk}" in item.inner_text()
    screenshot(page, "notifications-02-list")
    item.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/claims/{claim.pk}/")
    assert page.locator("button.btn-approve").is_visible()  # straight to the decision
    assert page.locator("header.top [data-unread]").count() == 0  # read now
    note = Notification.objects.get(recipient=users["editor2"], kind="approval_requested")
    assert note.read_at is not None

    page.click("header.top a[data-notifications]")
    page.click("text=Choose which notifications you get")
    page.uncheck("#id_approval_requested_email")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Your notification choices are saved.")
    assert not page.is_checked("#id_approval_requested_email") and page.is_checked("#id_approval_requested_in_app")
