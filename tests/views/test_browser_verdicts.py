"""In headless Chromium: an article ingested with its context, a failed evidence archive retried
from the claim page, a verdict explained in Markdown, published, linked to its public page and
embed code, and corrected — all against the live test server and a real Celery worker."""

from __future__ import annotations

import json
import re

import pytest
from conftest import approve_and_publish, wait_for
from playwright.sync_api import expect

# ``browser`` is test_browser's fixture (Debian's headless Chromium), used here as a parameter.
from test_browser import CHROMIUM, SHOTS, as_user, browser, ingest_form_filled, screenshot  # noqa: F401

from claims.models import Article, Claim, Evidence

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

TEXT = (
    "Flooding in the valley. The council said that 2,400 homes were flooded in March, twice as many as last "
    "year. The mayor said the new flood barrier cost 12 million pounds."
)
EXPLANATION = (
    "The agency's count is **2,400** homes, and *twice* last year's.\n\n"
    "> 2,400 properties were flooded in March.\n\n"
    "**Sources:**\n\n"
    "- [Flood agency report](https://www.floods.example/report)\n"
    "- [Council minutes](https://council.example/minutes)"
)


def test_markdown_verdict_links_embed_and_archive_retry(live_server, async_tasks, users, browser, local_site):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    source = {"up": False}  # the evidence's page: missing until the agency publishes it

    def route(path):
        if path == "/report" and source["up"]:
            return (
                200,
                "text/html; charset=utf-8",
                (
                    b"<html><head><title>Flood report</title></head><body>"
                    b"<article><p>2,400 properties were flooded in March.</p>"
                    b"</article></body></html>"
                ),
            )
        return None

    site = local_site(route)

    # A checker ingests pasted text with the article's address, outlet and date.
    checker = as_user(browser, base, "chris")
    ingest_form_filled(
        checker, base, TEXT, url="https://news.example/valley-floods", outlet="Valley News", published="2024-04-02"
    )
    screenshot(checker, "verdicts-01-ingest-with-context")
    checker.click("main button[type=submit]")
    checker.wait_for_selector("text=new claims", timeout=90_000)
    article = Article.objects.get(url="https://news.example/valley-floods")
    assert (article.outlet.name, article.published_at.date().isoformat()) == ("Valley News", "2024-04-02")
    claim = article.claims.filter(text__contains="2,400").get()

    # The claim page links out to where it appeared.
    checker.goto(f"{base}/claims/{claim.pk}/")
    assert checker.locator("a.appearance-link").first.get_attribute("href") == "https://news.example/valley-floods"
    checker.click("button.btn-triage")
    checker.click("button.btn-assign")

    # Evidence whose page is missing: the worker's archiving fails; the checker retries once it is up.
    checker.fill("#id_url", f"{site}/report")
    checker.fill("#id_title", "Flood agency report")
    checker.select_option("#id_source_kind", "official_data")
    checker.select_option("#id_stance", "supports")
    checker.click("text=Add evidence")
    checker.wait_for_selector("text=Evidence added.")
    evidence = Evidence.objects.get(claim=claim)
    wait_for(lambda: Evidence.objects.get(pk=evidence.pk).archive_status == "failed", worker=async_tasks)
    checker.reload()
    assert "answered 404" in checker.locator("ul.evidence").inner_text()
    screenshot(checker, "verdicts-02-archive-failed")
    source["up"] = True
    checker.click("button.btn-archive-retry")
    checker.wait_for_selector("text=Archiving")
    wait_for(lambda: Evidence.objects.get(pk=evidence.pk).archive_status == "archived", worker=async_tasks)
    checker.reload()
    assert checker.locator("ul.evidence a", has_text="archived copy").is_visible()
    assert claim.events.filter(kind="archive_retried", actor__username="chris").exists()
    screenshot(checker, "verdicts-03-archive-retried")

    # The explanation in Markdown: the preview renders it, the saved draft too.
    checker.select_option("#id_rating", label="True")
    checker.fill("#id_headline", "The agency counted 2,400 flooded homes in March")
    checker.fill("#id_explanation", EXPLANATION)
    checker.check("text=Flood agency report")
    checker.click("button[name=preview]")
    preview = checker.locator(".preview .explanation")
    assert preview.locator("strong", has_text="Sources:").is_visible()
    assert "**" not in preview.inner_text()
    checker.click("text=Save draft")
    checker.wait_for_selector("text=Verdict saved.")
    checker.click("button.btn-submit")
    checker.wait_for_selector("text=Done: submit.")

    editor = as_user(browser, base, "edith")
    editor.goto(f"{base}/claims/{claim.pk}/")
    approve_and_publish(editor)

    # Published: the desk renders the explanation, links the public page, offers the embed code.
    explanation = editor.locator("section.card .explanation").first
    assert explanation.locator("strong", has_text="Sources:").is_visible()
    assert (
        explanation.locator("a", has_text="Flood agency report").get_attribute("href")
        == "https://www.floods.example/report"
    )
    assert explanation.locator("blockquote").is_visible() and explanation.locator("em", has_text="twice").is_visible()
    public_url = editor.locator("a.public-page-link").get_attribute("href")
    assert public_url == f"{base}/verdicts/{claim.pk}/"  # the address the desk is served at
    embed_code = editor.locator("textarea.embed-code").input_value()
    assert f'src="{base}/verdicts/{claim.pk}/embed/"' in embed_code
    editor.click("button[data-copy]")
    expect(editor.locator("button[data-copy]")).to_have_text("Copied", timeout=5000)
    assert editor.evaluate("navigator.clipboard.readText()") == embed_code
    screenshot(editor, "verdicts-04-published-links")

    # The public page: the rendered explanation, "Where it appeared" linking out, ClaimReview on this address.
    public = browser.new_page(viewport={"width": 1280, "height": 900})
    public.goto(public_url)
    body = public.locator("article.verdict")
    assert body.locator(".explanation strong", has_text="Sources:").is_visible()
    assert "**Sources:**" not in body.inner_text()
    assert body.locator("a.appearance-link").get_attribute("href") == "https://news.example/valley-floods"
    review = json.loads(public.locator("script[type='application/ld+json']").text_content())
    assert review["url"] == public_url
    assert review["itemReviewed"]["datePublished"] == "2024-04-02T00:00:00+00:00"
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://news.example/valley-floods"
    screenshot(public, "verdicts-05-public-page")
    # The card in the size its oEmbed gives the iframe: the rendered explanation's start, and the link.
    card = browser.new_page(viewport={"width": 500, "height": 260})
    card.goto(f"{base}/verdicts/{claim.pk}/embed/")
    assert card.locator(".card-explanation strong", has_text="2,400").is_visible()
    assert "**" not in card.locator(".card-explanation").inner_text()
    link = card.locator("a", has_text="Read the fact check").bounding_box()
    assert link["y"] + link["height"] <= 260  # the whole card fits the iframe
    screenshot(card, "verdicts-06-embed", full_page=False)

    # A second editor corrects the explanation too; once approved and published, readers see it.
    editor2 = as_user(browser, base, "eddie")
    editor2.goto(f"{base}/claims/{claim.pk}/")
    correction = editor2.locator("form.move", has=editor2.locator("button.btn-correct"))
    correction.locator("textarea[name=explanation]").fill(
        EXPLANATION + "\n- [Insurers' survey](https://insurers.example/survey)"
    )
    correction.locator("input[name=note]").fill("Added the insurers' survey as a source.")
    correction.locator("button.btn-correct").click()
    editor2.wait_for_selector("text=Done: correct.")
    editor.goto(f"{base}/claims/{claim.pk}/")
    approve_and_publish(editor)
    public.goto(public_url)
    assert (
        public.locator(".explanation a", has_text="Insurers' survey").get_attribute("href")
        == "https://insurers.example/survey"
    )
    assert "Added the insurers' survey as a source." in public.locator("ul.corrections").inner_text()
    screenshot(public, "verdicts-07-corrected")
    assert Claim.objects.get(pk=claim.pk).verdict.version > 1
    assert re.search(r"Insurers' survey", Claim.objects.get(pk=claim.pk).verdict.public_version.explanation)
