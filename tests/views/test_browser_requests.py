"""In headless Chromium, with the real worker: readers ask, the desk sees it, readers hear back."""

# ruff: noqa: F811 - ``browser`` is test_browser's fixture, imported to be used by name
from __future__ import annotations

import email
from pathlib import Path

import pytest
from conftest import approve_and_publish, rebuild_worker_match_index, verdict_draft, wait_for
from django.core.cache import cache
from factories import claim_with
from test_browser import CHROMIUM, SHOTS, browser  # noqa: F401

from claims.models import ReaderRequest

PUBLISHED = "The council said that 2,400 homes were flooded in March, twice as many as last year."
PARAPHRASE = "According to the council, 2,400 houses were flooded in March, double the number of last year."

pytestmark = [
    pytest.mark.slow,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def mails(worker) -> list[email.message.Message]:
    found = []
    for path in sorted(Path(worker.mail_dir).glob("*.log")):
        # The file backend writes each message followed by a line of 79 dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found.append(email.message_from_string(chunk.strip()))
    return found


def ask(page, base, text, *, url="", address=""):
    page.goto(f"{base}/ask/")
    assert page.locator("[data-privacy-note]").is_visible()
    page.fill("#id_text", text)
    if url:
        page.fill("#id_url", url)
    page.fill("#id_seen_where", "a group chat")
    page.select_option("#id_language", "en")
    if address:
        page.fill("#id_email", address)
        page.check("#id_consent")
    page.wait_for_timeout(1300)  # a person takes longer than the form's minimum
    page.click("form.ask-form button[type=submit]")
    page.wait_for_selector("[data-request]")
    return int(page.locator("[data-request]").get_attribute("data-request"))


def test_readers_ask_the_desk_sees_it_grouped_and_every_reader_hears_back(
    live_server, async_tasks, users, browser, settings
):
    settings.VERIFY_REQUEST_FORM_MIN_SECONDS = 1
    cache.clear()
    worker = async_tasks
    before = len(mails(worker))
    rebuild_worker_match_index(worker)
    base = live_server.url
    reader = browser.new_page()
    first = ask(reader, base, PUBLISHED, url="https://social.example.net/p/1", address="one@example.org")
    screenshot(reader, "request-01-thanks")
    wait_for(lambda: ReaderRequest.objects.get(pk=first).status != "received", worker=worker)
    claim_id = ReaderRequest.objects.get(pk=first).claim_id
    assert ReaderRequest.objects.get(pk=first).outcome == "new_claim"
    second = ask(reader, base, PARAPHRASE, address="two@example.org")
    wait_for(lambda: ReaderRequest.objects.get(pk=second).status != "received", worker=worker)
    assert ReaderRequest.objects.get(pk=second).claim_id == claim_id  # grouped with the first

    desk = browser.new_page()
    sign_in(desk, base, users["editor"].username)
    desk.click("nav >> text=Requests")
    row = desk.locator(f'table[data-requested-claims] tr[data-claim="{claim_id}"]')
    assert row.locator("[data-asked]").inner_text() == "2"
    screenshot(desk, "request-02-desk")
    row.locator("a").click()
    assert desk.locator("[data-reader-demand]").inner_text().startswith("2 readers asked")

    # A checker writes the verdict and submits it; an editor approves and publishes it, in the browser.
    checker = browser.new_page()
    sign_in(checker, base, users["checker"].username)
    checker.goto(f"{base}/claims/{claim_id}/")
    checker.click("button.btn-triage")
    checker.click("button.btn-assign")
    verdict_draft(
        checker,
        rating="False",
        headline="False: the council counted 1,200 homes",
        explanation="The council's own report gives 1,200 flooded homes in March.",
    )
    checker.click("button.btn-submit")
    checker.wait_for_selector("text=Done: submit.")
    desk.goto(f"{base}/claims/{claim_id}/")
    approve_and_publish(desk)
    wait_for(lambda: len(mails(worker)) >= before + 2, worker=worker)
    sent = mails(worker)[before:]
    assert sorted(m["To"] for m in sent) == ["one@example.org", "two@example.org"]
    assert all(f"/verdicts/{claim_id}/" in m.get_payload() for m in sent)
    assert all("False: the council counted 1,200 homes" in m.get_payload() for m in sent)

    third = ask(reader, base, PUBLISHED, address="three@example.org")
    wait_for(lambda: ReaderRequest.objects.get(pk=third).status == "answered", worker=worker)
    assert ReaderRequest.objects.get(pk=third).claim_id == claim_id
    wait_for(lambda: len(mails(worker)) >= before + 3, worker=worker)
    assert mails(worker)[-1]["To"] == "three@example.org"
    assert len(mails(worker)) == before + 3  # nobody twice
    # The claim shows how many readers asked, and how many were answered.
    desk.goto(f"{base}/claims/{claim_id}/")
    demand = desk.locator("[data-reader-demand]").inner_text()
    assert demand.startswith("3 readers asked") and "· 3 answered" in demand, demand


def test_the_outlets_site_embeds_the_form_and_a_reader_sends_from_the_frame(live_server, local_site, browser, settings):
    """The outlet's page (another site: 127.0.0.1 vs localhost) frames /ask/embed/; a reader sends from
    inside the frame (no CSRF cookie crosses sites); a site not listed gets no frame."""
    settings.VERIFY_REQUEST_FORM_MIN_SECONDS = 1
    cache.clear()
    desk = live_server.url.replace("127.0.0.1", "localhost")
    frame = (
        f'<html><body><h1>News</h1><iframe id="ask" src="{desk}/ask/embed/" width="600" height="900">'
        "</iframe></body></html>"
    )
    outlet = local_site({"/story": (200, "text/html; charset=utf-8", frame.encode())})
    other = local_site({"/story": (200, "text/html; charset=utf-8", frame.encode())})
    settings.VERIFY_ASK_EMBED_ORIGINS = [outlet]
    page = browser.new_page()
    page.goto(f"{outlet}/story")
    inside = page.frame_locator("#ask")
    inside.locator("#id_text").fill("Teachers get 40 days of holiday a year")
    page.wait_for_timeout(1300)
    inside.locator("form.ask-form button[type=submit]").click()
    inside.locator("[data-request]").wait_for()
    screenshot(page, "request-03-embedded")
    sent = ReaderRequest.objects.get()
    assert (sent.channel, sent.text) == ("embed", "Teachers get 40 days of holiday a year")
    blocked = browser.new_page()
    blocked.goto(f"{other}/story")
    blocked.wait_for_timeout(1000)
    framed = [f for f in blocked.frames if f.url.startswith(f"{desk}/ask/embed/")]
    assert not framed or framed[0].locator("#id_text").count() == 0  # refused by frame-ancestors


def test_an_editor_detaches_a_wrongly_grouped_request_and_re_attaches_it(
    live_server, async_tasks, users, browser, settings
):
    """The desk's Requests view: a request grouped with the wrong claim is detached (the worker
    matches it again: its own claim), then re-attached where it was (undo), in the browser."""
    settings.VERIFY_REQUEST_FORM_MIN_SECONDS = 1
    cache.clear()
    worker = async_tasks
    wrong = claim_with(PUBLISHED)
    rebuild_worker_match_index(worker)
    base = live_server.url
    reader = browser.new_page()
    sent = ask(reader, base, PARAPHRASE)
    wait_for(lambda: ReaderRequest.objects.get(pk=sent).status != "received", worker=worker)
    assert ReaderRequest.objects.get(pk=sent).claim_id == wrong.pk
    desk = browser.new_page()
    sign_in(desk, base, users["editor"].username)
    desk.goto(f"{base}/requests/")
    row = desk.locator(f'table[data-recent-requests] tr[data-request="{sent}"]')
    row.locator("[data-detach] input[name=note]").fill("About houses in another town")
    row.locator("[data-detach] button").click()
    desk.wait_for_selector(f"text=detached from claim #{wrong.pk}")
    wait_for(lambda: ReaderRequest.objects.get(pk=sent).status != "received", worker=worker)
    moved = ReaderRequest.objects.get(pk=sent)
    assert moved.claim_id != wrong.pk and moved.outcome == "new_claim"
    screenshot(desk, "request-04-detached")
    desk.goto(f"{base}/requests/")
    row = desk.locator(f'table[data-recent-requests] tr[data-request="{sent}"]')
    assert row.locator("[data-attach] input[name=claim]").input_value() == str(wrong.pk)  # undo, prefilled
    row.locator("[data-attach] button").click()
    desk.wait_for_selector(f"text=attached to claim #{wrong.pk}")
    assert ReaderRequest.objects.get(pk=sent).claim_id == wrong.pk
    desk.goto(f"{base}/claims/{wrong.pk}/")
    assert desk.locator("[data-reader-demand]").inner_text().startswith("1 reader asked")
    assert "detached" in desk.locator("body").inner_text()  # the claim's history says so
    desk.goto(f"{base}/")  # the queue says it too
    assert desk.locator(f'tr[data-claim="{wrong.pk}"] [data-readers]').inner_text() == "1 reader asked"
    assert desk.locator(f'tr[data-claim="{moved.claim_id}"] [data-readers]').count() == 0  # nobody left there
    screenshot(desk, "request-05-queue-readers")
