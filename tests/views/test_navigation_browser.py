"""In headless Chromium at tablet width (768 px): the claimant stays beside the claim, nothing overflows."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_article, make_claim
from test_browser import CHROMIUM, SHOTS, browser, fits_the_width, screenshot, sign_in  # noqa: F401 - fixture

from claims.models import Outlet

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_at_768_px_the_queue_keeps_the_claimant_and_the_article_list_fits(live_server, users, browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    outlet = Outlet.objects.create(name="A regional daily with a rather long name", domain="daily.example")
    article = make_article(outlet=outlet, title="Council says 2,400 homes flooded after the storm")
    make_claim(article=article, text="Council", claimant="The council's chief executive, Jane Smith-Robertson")
    base = live_server.url
    tablet = browser.new_page(viewport={"width": 768, "height": 1024})
    sign_in(tablet, base, "edith")
    claimant = tablet.locator("table[data-queue] td.col-claimant").first
    assert claimant.is_visible() and "Jane Smith-Robertson" in claimant.inner_text()
    assert tablet.locator("table[data-queue] th.col-claimant").is_visible()
    assert not tablet.locator("table[data-queue] th.col-assignee").is_visible()
    assert fits_the_width(tablet)
    screenshot(tablet, "tablet-03-queue-claimant", full_page=False)

    tablet.click("header.top >> text=Articles")
    tablet.wait_for_url(f"{base}/articles/")
    row = tablet.locator(f"[data-article='{article.pk}']")
    assert "A regional daily" in row.inner_text() and "0 / 0" in row.inner_text()
    assert fits_the_width(tablet)
    screenshot(tablet, "tablet-04-articles", full_page=False)
    assert tablet.locator("header.top a[href='/admin/']").count() == 0  # an editor: no admin link
