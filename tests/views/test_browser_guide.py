"""The fact-checkers' guide (docs/guide.md), walked in headless Chromium: a checker and two editors take
a claim from ingest to a published, corrected verdict — an edited claim, a Markdown explanation, the
notifications that hand the work over — against the live test server and a real Celery worker.

Every step is asserted; the screenshots the guide shows are taken here (the element or the viewport,
not the whole page: small files): into a temporary folder on every run, and into docs/img/guide-*.png
only with ``VERIFY_GUIDE_SCREENSHOTS=1`` (refreshing the guide's pictures), so that ``make test`` leaves
the checkout as it found it.
"""

# ruff: noqa: F811 - ``browser`` is test_browser's fixture, imported to be used by name
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import approve_and_publish
from rest_framework.test import APIClient
from test_browser import CHROMIUM, as_user, browser, ingest_form_filled  # noqa: F401

from claims import desk_labels
from claims.models import Article, Claim, ClaimEvent, Notification
from claims.services.tokens import token_create

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

GUIDE_IMAGES = (
    Path(__file__).resolve().parents[2] / "docs" / "img"
    if os.environ.get("VERIFY_GUIDE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "verify-guide-img"
)
VIEWPORT = {"width": 1100, "height": 760}  # the guide's pictures
TEXT = (
    "Flooding in the valley. The council said that 2,400 homes were flooded in March, twice as many as last "
    "year. The mayor said the new flood barrier cost 12 million pounds."
)
EXPLANATION = (
    "The agency counted **2,400** flooded homes in March, and *1,150* a year before.\n\n"
    "**Sources:**\n\n- [Flood agency report](https://www.floods.example/report)"
)
CORRECTED = (
    "The agency counted **2,400** flooded homes in March, but *1,400* a year before: "
    "not twice as many.\n\n**Sources:**\n\n- [Flood agency report](https://www.floods.example/report)\n"
    "- [Last year's report](https://www.floods.example/report-2023)"
)


def shot(target, name: str) -> None:
    """A page's viewport, or one element of it, into GUIDE_IMAGES/guide-<name>.png."""
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(GUIDE_IMAGES / f"guide-{name}.png"))


def bell(page):
    return page.locator("header.top a[data-notifications]")


def test_the_guide_from_ingest_to_a_published_corrected_verdict(live_server, async_tasks, users, browser):
    base = live_server.url

    # 1. The checker ingests an article with its address, outlet and date.
    checker = as_user(browser, base, "chris", viewport=VIEWPORT)
    ingest_form_filled(
        checker, base, TEXT, url="https://news.example/valley-floods", outlet="Valley News", published="2024-04-02"
    )
    shot(checker.locator("main"), "01-ingest")
    checker.click("main button[type=submit]")
    checker.wait_for_selector("text=new claims", timeout=90_000)
    shot(checker, "02-job-done")
    article = Article.objects.get(url="https://news.example/valley-floods")
    claim = article.claims.filter(text__contains="2,400").get()
    assert claim.status == "new"

    # 2. In the queue, then on the claim's page.
    checker.goto(f"{base}/")
    row = checker.locator(f"table[data-queue] tr[data-claim='{claim.pk}']")
    assert row.is_visible()
    shot(checker, "03-queue")
    row.locator("td.col-claim a").first.click()
    checker.wait_for_url(f"{base}/claims/{claim.pk}/")

    # 3. The machine's reading is corrected: the claim as it will be published, and who made it.
    machine_text, machine_claimant = claim.standalone or claim.text, claim.claimant
    checker.click("summary:has-text('Edit its text, claimant or type')")
    checker.fill(
        "form.edit-claim textarea[name=standalone]",
        "2,400 homes in the valley were flooded in March 2024, twice as many as a year before",
    )
    checker.fill("form.edit-claim input[name=claimant]", "Valley council")
    checker.fill("form.edit-claim input[name=note]", "Readable on its own, and the council named")
    shot(checker.locator("section.claim-edit"), "04-edit-claim")
    with checker.expect_navigation():
        checker.click("button.btn-edit")
    assert checker.locator(".messages").inner_text().strip() == "Claim corrected."
    assert checker.locator("h1.standalone").inner_text().startswith("2,400 homes in the valley were flooded")
    said = checker.locator(".machine-said")
    assert machine_text in said.inner_text() and machine_claimant in said.inner_text()
    shot(checker.locator("article.claim"), "05-claim-edited")
    # The edit is a label for the check-worthiness work: what the machine said beside what the desk kept.
    (label,) = [lab for lab in desk_labels.labels() if lab.claim_id == claim.pk]
    assert label.machine["claimant"] == machine_claimant and label.desk["claimant"] == "Valley council"

    # 4. Triage, take it, add evidence, write the verdict in Markdown, submit it for approval.
    checker.click("button.btn-triage")
    checker.wait_for_selector("text=Done: triage.")
    checker.click("button.btn-assign")
    checker.wait_for_selector("text=Done: assign.")
    checker.fill("#id_url", f"{base}/healthz")  # served by the test server: the worker archives it
    checker.fill("#id_title", "Flood agency report")
    checker.select_option("#id_source_kind", "official_data")
    checker.select_option("#id_stance", "refutes")
    checker.click("text=Add evidence")
    checker.wait_for_selector("text=Evidence added.")
    checker.select_option("#id_rating", label="Mostly false")
    checker.fill("#id_headline", "Flooded homes did not double: 2,400 against 1,150")
    checker.fill("#id_explanation", EXPLANATION)
    checker.check("text=Flood agency report")
    checker.click("button[name=preview]")
    preview = checker.locator(".preview .explanation")
    assert preview.locator("strong", has_text="Sources:").is_visible() and "**" not in preview.inner_text()
    checker.click("text=Save draft")
    checker.wait_for_selector("text=Verdict saved.")
    shot(checker.locator("section.card", has=checker.locator("h2", has_text="Verdict")), "06-verdict-draft")
    checker.click("button.btn-submit")
    checker.wait_for_selector("text=Done: submit.")
    assert Claim.objects.get(pk=claim.pk).status == "awaiting_approval"
    assert bell(checker).locator("[data-unread]").count() == 0  # the one who submitted is told nothing

    # 5. An editor learns of it from the bell; opening the notification marks it read.
    editor = as_user(browser, base, "eddie", viewport=VIEWPORT)
    assert bell(editor).get_attribute("aria-label") == "Notifications, 1 unread"
    shot(editor.locator("header.top"), "07-bell")
    bell(editor).click()
    editor.wait_for_url(f"{base}/notifications/")
    item = editor.locator("[data-notification-list] li.unread")
    assert item.count() == 1 and item.get_attribute("data-kind") == "approval_requested"
    assert f"chris asks for approval of the verdict on claim {claim.pk}" in item.inner_text()
    shot(editor.locator("main"), "08-notifications")
    item.locator("button[type=submit]").click()
    editor.wait_for_url(f"{base}/claims/{claim.pk}/")
    assert bell(editor).locator("[data-unread]").count() == 0
    assert Notification.objects.get(recipient=users["editor2"], claim=claim).read_at is not None

    # 6. The editor approves and publishes; the claim page links its public page and embed code.
    approve_and_publish(editor)
    links = editor.locator(".public-links")
    public_url = links.locator("a.public-page-link").get_attribute("href")
    assert public_url == f"{base}/verdicts/{claim.pk}/"
    assert f'src="{base}/verdicts/{claim.pk}/embed/"' in links.locator("textarea.embed-code").input_value()
    shot(editor.locator("section.card", has=editor.locator("h2", has_text="Verdict")), "09-published")
    # The checker hears of the publication — here through the API, with a read-only token.
    _token, key = token_create(user=users["checker"], name="guide", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    (told,) = api.get("/api/v1/notifications/?unread=true").json()["results"]
    assert (told["kind"], told["claim"], told["actor"]) == ("published", claim.pk, "eddie")
    assert api.post(f"/api/v1/notifications/{told['id']}/read/").json() == {"marked": 1, "unread": 0}

    public = browser.new_page(viewport=VIEWPORT)
    public.goto(public_url)
    verdict = public.locator("article.verdict")
    assert "Mostly false" in verdict.inner_text()
    assert (
        verdict.locator(".explanation a", has_text="Flood agency report").get_attribute("href")
        == "https://www.floods.example/report"
    )
    assert "2,400 homes in the valley were flooded in March 2024" in verdict.inner_text()  # the edited claim

    # 7. A reader shows last year's count was 1,400: another editor corrects rating, headline and explanation.
    corrector = as_user(browser, base, "edith", viewport=VIEWPORT)
    corrector.goto(f"{base}/claims/{claim.pk}/")
    correction = corrector.locator("form.move", has=corrector.locator("button.btn-correct"))
    correction.locator("select[name=rating]").select_option(label="False")
    correction.locator("input[name=headline]").fill("Flooded homes did not double: 2,400 against 1,400")
    correction.locator("textarea[name=explanation]").fill(CORRECTED)
    correction.locator("input[name=note]").fill("Last year's count was 1,400, not 1,150.")
    shot(correction, "10-correction")
    correction.locator("button.btn-correct").click()
    corrector.wait_for_selector("text=Done: correct.")
    assert Claim.objects.get(pk=claim.pk).status == "awaiting_approval"
    public.reload()
    assert "1,150" in public.locator("article.verdict").inner_text()  # readers see the published one meanwhile

    # 8. The second editor is notified, opens it, approves and publishes the correction.
    editor.goto(f"{base}/")
    assert bell(editor).get_attribute("aria-label") == "Notifications, 1 unread"
    bell(editor).click()
    item = editor.locator("[data-notification-list] li.unread")
    assert "correction" in item.inner_text() and "Last year's count was 1,400" in item.inner_text()
    item.locator("button[type=submit]").click()
    editor.wait_for_url(f"{base}/claims/{claim.pk}/")
    editor.click("button.btn-approve")
    editor.wait_for_selector("text=Done: approve.")
    publish = editor.locator("form.move", has=editor.locator("button.btn-publish"))
    assert publish.locator("input[name=note]").input_value() == "Last year's count was 1,400, not 1,150."
    editor.click("button.btn-publish")
    editor.wait_for_selector("text=Done: publish.")

    # 9. Readers see the corrected verdict, with the correction note.
    public.goto(public_url)
    verdict = public.locator("article.verdict")
    text = verdict.inner_text()
    assert "Flooded homes did not double: 2,400 against 1,400" in text and "False" in text
    assert verdict.locator(".explanation a", has_text="Last year's report").is_visible()
    assert "1,150" not in verdict.locator(".explanation").inner_text()
    assert "Last year's count was 1,400, not 1,150." in verdict.locator("ul.corrections").inner_text()
    shot(verdict, "11-public-corrected")
    moves = list(ClaimEvent.objects.filter(claim=claim, kind="moved").order_by("pk").values_list("move", flat=True))
    assert moves[-6:] == ["submit", "approve", "publish", "correct", "approve", "publish"]
