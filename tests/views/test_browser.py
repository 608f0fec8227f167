"""End to end in headless Chromium: from a pasted article to a published verdict.

Debian's Chromium driven by Playwright (``executable_path``; no browser is
ever downloaded), against the live test server and a real Celery worker
sharing the test database. Screenshots of each step go to var/screenshots/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import verdict_draft

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
def browser(monkeypatch):
    # live_server + sync Playwright; monkeypatch takes it away afterwards so it
    # never leaks into later tests (``check --deploy`` warns about it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def sign_in(page, base, username, shot=None):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    if shot:
        page.screenshot(path=str(SHOTS / shot))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def as_user(browser, base, username, *, viewport: dict | None = None):
    """A page in a browser context of its own (its own cookies), signed in, allowed the clipboard."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    sign_in(page, base, username)
    return page


def ingest_form_filled(page, base, text: str, *, url: str, outlet: str, published: str) -> None:
    """The ingest page with pasted text and the article's address, outlet and date, not yet sent."""
    page.goto(f"{base}/ingest/")
    page.fill("#id_text", text)
    page.fill("#id_article_url", url)
    page.fill("#id_outlet", outlet)
    page.fill("#id_published", published)


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def fits_the_width(page) -> bool:
    """Nothing overflows sideways: the page is no wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def queue_ids(page) -> list[int]:
    return [
        int(pk)
        for pk in page.locator("table[data-queue] tbody tr[data-claim]").evaluate_all(
            "rows => rows.map(r => r.dataset.claim)"
        )
    ]


def selected_id(page) -> int:
    return int(page.locator("table[data-queue] tr.selected").get_attribute("data-claim"))


def test_checker_and_editor_take_a_claim_from_article_to_published(live_server, async_tasks, users, browser):
    from claims.selectors import claim_neighbours

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris", shot="e2e-01-sign-in.png")  # a checker
    screenshot(page, "e2e-02-queue-empty")
    assert fits_the_width(page)

    page.goto(f"{base}/ingest/")
    page.fill("#id_text", SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    screenshot(page, "e2e-03-ingest")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=new claims", timeout=90_000)  # the job page polls until done
    screenshot(page, "e2e-04-job-done")

    # The job lists the article's top check-worthy claims in the queue's order, and the
    # queue agrees on the order; "tanks are being withdrawn" entered the queue.
    top = [int(pk) for pk in page.locator("ol.top-claims a").evaluate_all("links => links.map(a => a.dataset.claim)")]
    claim = Claim.objects.get(text="tanks are being withdrawn")
    assert claim.claimant == "Moscow" and claim.checkworthy and claim.status == "new"
    assert top and Claim.objects.filter(pk__in=top, checkworthy=True, status="new").count() == len(top)
    page.goto(f"{base}/")
    ids = queue_ids(page)
    assert ids[: len(top)] == top
    assert page.locator("table[data-queue] th.col-select").count() == 1  # a checker gets the checkboxes
    screenshot(page, "e2e-05-queue")

    # Keyboard: j selects, t triages and a assigns the selected row to me, d asks for a reason.
    first, second, third = [pk for pk in ids if pk != claim.pk][:3]
    page.keyboard.press("j")
    while selected_id(page) != first:
        page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("t")
    assert Claim.objects.get(pk=first).status == "triaged"
    assert selected_id(page) == first  # the selection survives the round trip
    with page.expect_navigation():
        page.keyboard.press("a")
    fresh = Claim.objects.get(pk=first)
    assert (fresh.status, fresh.assignee.username) == ("in_review", "chris")
    while selected_id(page) != second:
        page.keyboard.press("j")
    page.keyboard.press("d")
    dialog = page.locator("#dismiss-dialog")
    assert dialog.is_visible()
    dialog.locator("select[name=reason]").select_option("not_important")
    screenshot(page, "e2e-06-queue-dismiss-dialog")
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    assert Claim.objects.get(pk=second).status == "dismissed"
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    screenshot(page, "e2e-07-shortcuts-help")
    page.keyboard.press("Escape")

    # On a claim page, j / k go to the next / previous claim in the queue order.
    page.goto(f"{base}/claims/{third}/")
    previous, following = claim_neighbours(claim=Claim.objects.get(pk=third))
    with page.expect_navigation():
        page.keyboard.press("j")
    assert page.url == f"{base}/claims/{following}/"
    with page.expect_navigation():
        page.keyboard.press("k")
    assert page.url == f"{base}/claims/{third}/"
    with page.expect_navigation():
        page.keyboard.press("k")
    assert page.url == f"{base}/claims/{previous}/"

    # Open the claim where it is highlighted in the article's text.
    page.goto(f"{base}/articles/{claim.article_id}/")
    page.click(".article-text a.hl >> text=tanks are being withdrawn")
    page.wait_for_url(f"{base}/claims/{claim.pk}/")
    # Headed by the standalone claim, the exact words of the article beneath.
    assert page.locator("h1").inner_text() == "tanks are being withdrawn"
    assert page.locator("p.exact-span").inner_text() == "In the article: “tanks are being withdrawn”"
    screenshot(page, "e2e-08-claim-opened")
    assert fits_the_width(page)
    page.click("button.btn-triage")
    page.click("button.btn-assign")
    # Served by the test server itself: the worker archives it like any page.
    page.fill("#id_url", f"{base}/healthz")
    page.fill("#id_title", "Satellite images of the border")
    page.select_option("#id_source_kind", "media")
    page.select_option("#id_stance", "refutes")
    page.click("text=Add evidence")
    page.wait_for_selector("text=Evidence added.")
    screenshot(page, "e2e-09-evidence-added")
    verdict_draft(
        page,
        rating="False",
        headline="False: satellite images show more tanks arriving",
        explanation="Images from 15 February show armour moving towards the border.",
        evidence="Satellite images of the border",
    )
    screenshot(page, "e2e-10-verdict-drafted")
    page.click("button.btn-submit")
    page.wait_for_selector("text=Done: submit.")
    screenshot(page, "e2e-11-submitted")
    assert Claim.objects.get(pk=claim.pk).status == "awaiting_approval"

    page.click("text=Sign out")
    sign_in(page, base, "edith")  # an editor
    page.goto(f"{base}/claims/{claim.pk}/")
    page.click("button.btn-approve")
    page.wait_for_selector("text=Done: approve.")
    screenshot(page, "e2e-12-editor-approved")
    page.click("button.btn-publish")
    page.wait_for_selector("text=Done: publish.")
    screenshot(page, "e2e-13-published")
    claim.refresh_from_db()
    assert claim.status == "published"
    assert claim.evidence.get().archive_status in ("pending", "archived")
    assert claim.verdict.approved_by.username == "edith"
    assert page.locator(".state-published").first.is_visible()

    # A tablet (768 × 1024): the queue and the claim page fit the screen.
    tablet = browser.new_page(viewport={"width": 768, "height": 1024})
    sign_in(tablet, base, "edith")
    assert fits_the_width(tablet)
    for column in ("col-assignee", "col-outlet"):  # hidden by name, whatever the column's position
        assert not tablet.locator(f"table[data-queue] th.{column}").is_visible()
    for column in ("col-claim", "col-claimant"):  # who said it stays beside what was said
        assert tablet.locator(f"table[data-queue] th.{column}").is_visible()
    screenshot(tablet, "tablet-01-queue", full_page=False)
    tablet.goto(f"{base}/claims/{claim.pk}/")
    assert fits_the_width(tablet)
    screenshot(tablet, "tablet-02-claim", full_page=False)
    tablet.locator("section.card", has_text="Verdict").first.scroll_into_view_if_needed()
    screenshot(tablet, "tablet-03-claim-verdict", full_page=False)
    tablet.close()


def test_checker_decides_match_suggestions_and_undoes_an_automatic_link(live_server, async_tasks, users, browser):
    """Issue 20: two outlets' articles on one story give suggestions in the queue, decided with one
    click; a claim matching a published verdict is linked automatically, shown in its history, and
    the checker undoes it there."""
    from conftest import rebuild_worker_match_index, wait_for
    from factories import claim_in_state

    from claims.models import ClaimMatch, DeskSettings, ExtractionJob
    from claims.services import ingest

    articles = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
    rebuild_worker_match_index(async_tasks)

    def ingest_and_match(name):
        job = ingest.article_ingest(text=(articles / name).read_text(encoding="utf-8"))
        wait_for(
            lambda: ExtractionJob.objects.filter(pk=job.pk, status="succeeded", match_pending=False).exists(),
            timeout=120,
            worker=async_tasks,
        )
        return ExtractionJob.objects.get(pk=job.pk)

    earlier = ingest_and_match("campaign-a.txt")
    later = ingest_and_match("campaign-b.txt")
    suggestions = list(
        ClaimMatch.objects.filter(claim__article_id=later.article_id, decision="pending").order_by("-score")
    )
    assert len(suggestions) >= 2
    assert all(m.matched_claim.article_id == earlier.article_id for m in suggestions)

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")
    page.goto(f"{base}/?status=new")
    keep = next(m for m in suggestions if "449,000" in m.claim.sentence)
    decline = next(m for m in suggestions if m.pk != keep.pk)
    row = page.locator(f"[data-suggestion='{keep.pk}']")
    assert row.is_visible() and "May be the same as" in row.inner_text()
    screenshot(page, "e2e-match-01-queue-suggestions")
    with page.expect_navigation():
        page.locator(f"[data-suggestion='{decline.pk}'] button.btn-not-same").click()
    assert ClaimMatch.objects.get(pk=decline.pk).decision == "rejected"
    assert page.url.endswith("/?status=new")  # back to the same queue page
    with page.expect_navigation():
        page.locator(f"[data-suggestion='{keep.pk}'] button.btn-same").click()
    keep.refresh_from_db()
    assert keep.decision == "confirmed"
    assert Claim.objects.get(pk=keep.claim_id).duplicate_of_id == keep.matched_claim_id
    screenshot(page, "e2e-match-02-queue-after")

    # A published verdict: a new article restating it is linked at once, and can be undone.
    published = Claim.objects.get(pk=keep.matched_claim_id)
    claim_in_state("published", claim=published, checker=users["checker"], editor=users["editor"])
    DeskSettings.objects.update_or_create(pk=1, defaults={"match_suggest_threshold": 0.3, "match_auto_threshold": 0.5})
    again = ingest_and_match("campaign-c.txt")  # a third outlet restates the published claim
    auto = ClaimMatch.objects.filter(matched_claim=published, tier="auto").exclude(claim__article_id=later.article_id)
    assert again.article_id is not None and auto.exists()
    linked = auto.first()
    page.goto(f"{base}/claims/{linked.claim_id}/")
    history = page.locator("ol.timeline")
    assert "linked automatically" in history.inner_text()
    screenshot(page, "e2e-match-03-history-undo")
    with page.expect_navigation():
        history.locator("button.btn-undo").first.click()
    restored = Claim.objects.get(pk=linked.claim_id)
    assert restored.status == "new" and restored.duplicate_of_id is None
    assert ClaimMatch.objects.get(pk=linked.pk).decision == "rejected"
    assert page.locator("ol.timeline button.btn-undo").count() == 0
