"""Issue 25 in headless Chromium (Debian's, through Playwright): a checker corrects a claim's text and
claimant and sees the machine's original beside them; the pages offer only the moves that can be
made now; and every keyboard shortcut of the queue and the claim page does what the help says —
``d`` included, whose keystroke used to land in the dialog's select and choose "Duplicate".
"""

# ruff: noqa: F811 - ``browser`` is test_browser's fixture, imported to be used by name
from __future__ import annotations

from pathlib import Path

import pytest
from factories import claim_in_state, make_article, make_claim
from test_browser import CHROMIUM, SHOTS, browser, screenshot, selected_id, sign_in  # noqa: F401

from claims.models import Claim, ClaimEvent
from claims.selectors import claim_neighbours

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def queue_claims(users):
    """Four new claims with distinct priorities, so the queue's order is known: highest first."""
    article = make_article(
        text="Tanks are being withdrawn. Troops are going home. Prices rose by 3 percent. "
        "The minister lied about the budget."
    )
    texts = [
        "Tanks are being withdrawn.",
        "Troops are going home.",
        "Prices rose by 3 percent.",
        "The minister lied about the budget.",
    ]
    return [
        make_claim(article=article, text=text, standalone=text, priority=10 - i, score=0.9 - i / 10, claimant="Moscow")
        for i, text in enumerate(texts)
    ]


def test_a_checker_corrects_a_claims_text_and_claimant_and_sees_the_machines_original(live_server, users, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    article = make_article(text="The Kremlin denied having any invasion plans, the agency said.")
    claim = make_claim(
        article=article,
        text="having any invasion plans",
        standalone="having any invasion plans",
        claimant="the agency",
        claim_type="quantity",
    )
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")
    page.goto(f"{base}/claims/{claim.pk}/")
    assert page.locator("h1.standalone").inner_text() == "having any invasion plans"
    assert page.locator(".machine-said").count() == 0
    page.click("summary:has-text('Edit its text, claimant or type')")
    page.fill("form.edit-claim textarea[name=standalone]", "Russia has no plans to invade Ukraine")
    page.fill("form.edit-claim input[name=claimant]", "the Kremlin")
    page.select_option("form.edit-claim select[name=claim_type]", "official_position")
    page.fill("form.edit-claim input[name=note]", "The extractor kept a fragment")
    screenshot(page, "e2e-25-01-correct-claim")
    with page.expect_navigation():
        page.click("button.btn-edit")
    assert page.locator(".messages").inner_text().strip() == "Claim corrected."
    assert page.locator("h1.standalone").inner_text() == "Russia has no plans to invade Ukraine"
    said = page.locator(".machine-said")
    assert said.is_visible()
    assert "having any invasion plans" in said.inner_text() and "the agency" in said.inner_text()
    assert "Quantity or statistic" in said.inner_text()
    facts = page.locator("dl.facts").first.inner_text()
    assert "the Kremlin" in facts and "Official position" in facts
    assert "claimant: “the agency” → “the Kremlin”" in page.locator("ol.timeline").inner_text()
    screenshot(page, "e2e-25-02-machine-said")
    claim.refresh_from_db()
    assert (claim.headline, claim.claimant, claim.machine_standalone, claim.machine_claimant) == (
        "Russia has no plans to invade Ukraine",
        "the Kremlin",
        "having any invasion plans",
        "the agency",
    )
    assert ClaimEvent.objects.filter(claim=claim, kind="edited", actor=users["checker"]).count() == 1
    # A bad correction: a form error in place, what was typed kept.
    page.click("summary:has-text('Edit its text, claimant or type')")
    page.fill("form.edit-claim input[name=claimant]", " ")
    page.evaluate("document.querySelector('form.edit-claim input[name=claimant]').removeAttribute('required')")
    with page.expect_navigation():
        page.click("button.btn-edit")
    assert "This field is required." in page.locator("form.edit-claim").inner_text()


def test_the_pages_offer_only_the_moves_that_can_be_made_now(live_server, users, browser):
    checker, editor = users["checker"], users["editor"]
    mine = claim_in_state("in_review", checker=checker, editor=editor)
    waiting = claim_in_state("awaiting_approval", checker=checker, editor=editor)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")
    page.goto(f"{base}/claims/{mine.pk}/")
    assert page.locator("button.btn-assign").count() == 0  # it is mine already
    assert page.locator("button.btn-submit").is_visible()
    page.click("text=Sign out")
    sign_in(page, base, "edith")
    page.goto(f"{base}/claims/{waiting.pk}/")
    assert page.locator("button.btn-publish").count() == 0  # not approved yet
    with page.expect_navigation():
        page.click("button.btn-approve")
    assert page.locator("button.btn-approve").count() == 0  # approved now
    assert page.locator("button.btn-publish").is_visible()
    screenshot(page, "e2e-25-03-controls-after-approval")


def test_every_queue_shortcut(live_server, users, queue_claims, browser):
    first, second, third, fourth = queue_claims
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")
    # j / k select the next / previous row.
    page.keyboard.press("j")
    assert selected_id(page) == first.pk
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert selected_id(page) == third.pk
    page.keyboard.press("k")
    assert selected_id(page) == second.pk
    # n / p are the same moves (as on the claim page).
    page.keyboard.press("n")
    assert selected_id(page) == third.pk
    page.keyboard.press("p")
    assert selected_id(page) == second.pk
    # Enter opens the selected claim.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/claims/{second.pk}/"
    page.goto(f"{base}/")
    assert selected_id(page) == second.pk  # kept across the round trip
    # t triages the selected row, a assigns it to me.
    with page.expect_navigation():
        page.keyboard.press("t")
    assert Claim.objects.get(pk=second.pk).status == "triaged"
    with page.expect_navigation():
        page.keyboard.press("a")
    fresh = Claim.objects.get(pk=second.pk)
    assert (fresh.status, fresh.assignee.username) == ("in_review", "chris")
    # d asks for a reason: nothing chosen, and the keystroke typed nothing into the dialog.
    page.keyboard.press("j")
    assert selected_id(page) == third.pk
    page.keyboard.press("d")
    dialog = page.locator("#dismiss-dialog")
    assert dialog.is_visible()
    assert dialog.locator("[data-dismiss-claim]").inner_text() == f"#{third.pk}"
    assert dialog.locator("select[name=reason]").input_value() == ""  # not "duplicate"
    assert page.evaluate("document.activeElement.id") == "dismiss-reason"
    screenshot(page, "e2e-25-04-dismiss-dialog-nothing-chosen")
    # Nothing chosen: the browser refuses the form (the server would too).
    dialog.locator("button[type=submit]").click()
    assert dialog.is_visible() and Claim.objects.get(pk=third.pk).status == "new"
    dialog.locator("select[name=reason]").select_option("not_important")
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    third.refresh_from_db()
    assert (third.status, third.dismiss_reason) == ("dismissed", "not_important")
    # A duplicate from the dialog names the claim it duplicates.
    page.keyboard.press("j")
    assert selected_id(page) == fourth.pk
    page.keyboard.press("d")
    dialog.locator("select[name=reason]").select_option("duplicate")
    dialog.locator("input[name=duplicate_of]").fill(str(first.pk))
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    fourth.refresh_from_db()
    assert (fourth.status, fourth.dismiss_reason, fourth.duplicate_of_id) == ("dismissed", "duplicate", first.pk)
    # / goes to the search box, and the slash is not typed into it.
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("tanks")
    assert page.input_value("#id_q") == "tanks"
    # Typing in a field is typing, not shortcuts: no triage happened.
    page.keyboard.press("t")
    assert page.input_value("#id_q") == "tankst"
    assert Claim.objects.get(pk=first.pk).status == "new"
    page.locator("#id_q").blur()
    # ? shows and hides the help.
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("?")
    assert not page.locator("#help").is_visible()


def test_every_claim_page_shortcut(live_server, users, queue_claims, browser):
    first, second, third, fourth = queue_claims
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "chris")
    page.goto(f"{base}/claims/{second.pk}/")
    previous, following = claim_neighbours(claim=second)
    assert (previous, following) == (first.pk, third.pk)
    for key, target in (("j", third), ("k", second), ("n", third), ("p", second), ("k", first)):
        with page.expect_navigation():
            page.keyboard.press(key)
        assert page.url == f"{base}/claims/{target.pk}/", key
    # t presses Triage, a presses "Assign to me" — and then it is gone (the claim is mine).
    with page.expect_navigation():
        page.keyboard.press("t")
    assert Claim.objects.get(pk=first.pk).status == "triaged"
    with page.expect_navigation():
        page.keyboard.press("a")
    assert Claim.objects.get(pk=first.pk).assignee.username == "chris"
    assert page.locator("button.btn-assign").count() == 0
    # d goes to the dismiss form's reason, with nothing chosen.
    page.keyboard.press("d")
    reason = page.locator("form.move select[name=reason]")
    assert page.evaluate("document.activeElement.name") == "reason"
    assert reason.input_value() == ""
    screenshot(page, "e2e-25-05-claim-dismiss-focused")
    reason.select_option("not_checkable")
    with page.expect_navigation():
        page.click("button.btn-dismiss")
    assert Claim.objects.get(pk=first.pk).dismiss_reason == "not_checkable"
    # ? shows and hides the help.
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("?")
    assert not page.locator("#help").is_visible()
