"""End to end in headless Chromium: from a pasted article to a published verdict.

Debian's Chromium driven by Playwright (``executable_path``; no browser is
ever downloaded), against the live test server and a real Celery worker
sharing the test database. Screenshots of each step go to var/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from claims.demo import SAMPLE_ARTICLE
from claims.models import Claim

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_checker_and_editor_take_a_claim_from_article_to_published(live_server, async_tasks, users, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")  # a checker
    page.screenshot(path=str(SHOTS / "e2e-01-queue-empty.png"))

    page.goto(f"{base}/ingest/")
    page.fill("#id_text", SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=new claims", timeout=90_000)  # the job page refreshes until done
    page.screenshot(path=str(SHOTS / "e2e-02-job-done.png"))

    page.goto(f"{base}/?q=tanks")
    page.click("text=tanks are being withdrawn")
    claim = Claim.objects.get(text="tanks are being withdrawn")
    assert claim.claimant == "Moscow"
    page.click("button.btn-triage")
    page.click("button.btn-assign")
    # Served by the test server itself: the worker archives it like any page.
    page.fill("#id_url", f"{base}/healthz")
    page.fill("#id_title", "Satellite images of the border")
    page.select_option("#id_source_kind", "media")
    page.select_option("#id_stance", "refutes")
    page.click("text=Add evidence")
    page.select_option("#id_rating", label="False")
    page.fill("#id_headline", "False: satellite images show more tanks arriving")
    page.fill("#id_explanation", "Images from 15 February show armour moving towards the border.")
    page.check("text=Satellite images of the border")
    page.click("text=Save draft")
    page.screenshot(path=str(SHOTS / "e2e-03-verdict-drafted.png"), full_page=True)
    page.click("button.btn-submit")
    assert Claim.objects.get(pk=claim.pk).status == "awaiting_approval"

    page.click("text=Sign out")
    sign_in(page, base, "edith")  # an editor
    page.goto(f"{base}/claims/{claim.pk}/")
    page.click("button.btn-approve")
    page.click("button.btn-publish")
    page.screenshot(path=str(SHOTS / "e2e-04-published.png"), full_page=True)
    claim.refresh_from_db()
    assert claim.status == "published"
    assert claim.evidence.get().archive_status in ("pending", "archived")
    assert claim.verdict.approved_by.username == "edith"
    assert page.locator(".state-published").first.is_visible()
