"""Reader requests (issue 26): ways in, abuse and privacy, matching onto claims, the desk, answers."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from factories import claim_in_state, claim_with, fresh, make_external_review, reader_asks

from claims.errors import InvalidInput, NotPermitted
from claims.models import Claim, ClaimEvent, ReaderRequest, SenderBan
from claims.services import requests as rr
from claims.services.matching import Candidate
from claims.services.priority import demand_points

PUBLISHED = "The council said that 2,400 homes were flooded in March, twice as many as last year."
PARAPHRASE = "According to the council, 2,400 houses were flooded in March, double the number of last year."
OTHER = "A new study found that 7 in 10 teenagers in Norway sleep less than six hours a night."


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


# --- Abuse and privacy -------------------------------------------------------------------------------


def test_form_token_refuses_a_bot_fast_submission_an_old_page_and_a_forgery(settings):
    settings.VERIFY_REQUEST_FORM_MIN_SECONDS = 3
    settings.VERIFY_REQUEST_FORM_MAX_SECONDS = 3600
    now = time.time()
    token = rr.form_token(now - 10)
    rr.check_form_token(token, now=now)  # a person: fine
    with pytest.raises(InvalidInput, match="sent already"):
        rr.check_form_token(token, now=now)  # but once only
    with pytest.raises(InvalidInput, match="faster than a person"):
        rr.check_form_token(rr.form_token(now - 1), now=now)
    with pytest.raises(InvalidInput, match="expired"):
        rr.check_form_token(rr.form_token(now - 3601), now=now)
    for forged in ("", "abc", rr.form_token(now - 20)[:-2] + "xx"):
        with pytest.raises(InvalidInput, match="could not be verified"):
            rr.check_form_token(forged, now=now)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "in your words, or give a link"),
        ({"text": "x" * 2001}, "limit is 2,000"),
        ({"url": "javascript:alert(1)"}, "link"),
        ({"text": "a claim", "seen_where": "y" * 301}, "limit is 300"),
        ({"text": "a claim", "email": "not-an-address", "consent": True}, "not an email address"),
        ({"text": "a claim", "email": "reader@example.org", "consent": False}, "Tick the box"),
        ({"text": "a claim", "language": "english please"}, "not a language tag"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message(db, data, message):
    with pytest.raises(InvalidInput, match=message):
        rr.request_submit(data=rr.RequestInput(**data), channel="web", sender="198.51.100.7")
    assert not ReaderRequest.objects.exists()


def test_rate_limits_per_sender_and_for_everyone(db, settings, django_capture_on_commit_callbacks):
    settings.VERIFY_REQUEST_RATE_PER_SENDER = 2
    settings.VERIFY_REQUEST_RATE_GLOBAL = 3
    for n in range(2):
        rr.request_submit(data=rr.RequestInput(text=f"claim {n}"), channel="web", sender="198.51.100.7")
    with pytest.raises(rr.RateLimited, match="2 requests this hour") as refused:
        rr.request_submit(data=rr.RequestInput(text="claim 3"), channel="web", sender="198.51.100.7")
    assert refused.value.extra["retry_after"] > 0
    rr.request_submit(data=rr.RequestInput(text="claim 4"), channel="web", sender="203.0.113.9")  # another sender
    with pytest.raises(rr.RateLimited, match="too many requests right now"):
        rr.request_submit(data=rr.RequestInput(text="claim 5"), channel="web", sender="192.0.2.44")
    assert ReaderRequest.objects.count() == 3
    assert not ReaderRequest.objects.filter(sender_hash__contains="198.51").exists()  # never the raw address


def test_an_editor_bans_a_sender_whose_later_requests_are_refused_a_checker_may_not(db, users):
    first = rr.request_submit(
        data=rr.RequestInput(text="spam spam", email="troll@example.org", consent=True),
        channel="web",
        sender="198.51.100.7",
    )
    with pytest.raises(NotPermitted, match="editor"):
        rr.sender_ban(actor=users["checker"], request=first, reason="spam")
    with pytest.raises(InvalidInput, match="Say why"):
        rr.sender_ban(actor=users["editor"], request=first, reason="  ")
    ban = rr.sender_ban(actor=users["editor"], request=first, reason="spam, again and again")
    assert ban.sender_hash == first.sender_hash and ban.email_hash == first.email_hash
    with pytest.raises(rr.SenderBanned):  # same address
        rr.request_submit(data=rr.RequestInput(text="more spam"), channel="web", sender="198.51.100.7")
    with pytest.raises(rr.SenderBanned):  # same email from elsewhere
        rr.request_submit(
            data=rr.RequestInput(text="more", email="TROLL@example.org", consent=True),
            channel="web",
            sender="203.0.113.1",
        )
    rr.request_submit(data=rr.RequestInput(text="a real question"), channel="web", sender="203.0.113.1")


def test_the_retention_purge_erases_old_emails_and_hashes_only(db, settings):
    settings.VERIFY_REQUEST_RETENTION_DAYS = 90
    old = rr.request_submit(
        data=rr.RequestInput(text="old", email="a@example.org", consent=True), channel="web", sender="198.51.100.7"
    )
    new = rr.request_submit(
        data=rr.RequestInput(text="new", email="b@example.org", consent=True), channel="web", sender="198.51.100.8"
    )
    ReaderRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    assert rr.requests_purge_contacts() == 1
    old, new = fresh(old), fresh(new)
    assert (old.email, old.email_hash, old.sender_hash) == ("", "", "") and old.contact_erased_at
    assert new.email == "b@example.org" and new.sender_hash
    assert rr.requests_purge_contacts() == 0


def test_the_data_link_shows_what_is_kept_and_deletes_it(db, client, django_capture_on_commit_callbacks):
    claim = claim_with(OTHER)
    sent = reader_asks(django_capture_on_commit_callbacks, OTHER, email="reader@example.org")
    link = rr.data_link(sent)
    path = link[link.index("/ask/data/") :]
    page = client.get(path)
    assert page.status_code == 200 and "reader@example.org" in page.content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 404  # a forged link
    deleted = client.post(path)
    assert deleted.status_code == 200 and "data-deleted" in deleted.content.decode()
    assert not ReaderRequest.objects.filter(pk=sent.pk).exists()
    assert claim.events.filter(kind="requested", data__request_deleted=sent.pk).exists()
    assert client.get(path).status_code == 404


# --- Matching onto claims ----------------------------------------------------------------------------


def test_a_request_matching_a_published_verdict_is_answered_at_once_by_email(
    db, users, django_capture_on_commit_callbacks
):
    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    sent = reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org")
    sent = fresh(sent)
    assert (sent.status, sent.outcome, sent.claim_id) == ("answered", "published", claim.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"] and f"/verdicts/{claim.pk}/" in message.body
    assert "False: it did not happen" in message.body and "/ask/data/" in message.body
    # Kept for a correction of this verdict only, until the retention purge (the email says until when).
    assert sent.email == "reader@example.org" and sent.answered_version_id == claim.verdict.public_version_id
    assert "only to tell you if we correct this fact check" in message.body
    assert rr.request_answer_email(request_id=sent.pk) == 0 and len(mail.outbox) == 1  # once


@pytest.mark.parametrize("state", ["in_review", "awaiting_approval", "approved"])
def test_a_request_is_never_answered_from_an_unpublished_verdict(db, users, state, django_capture_on_commit_callbacks):
    claim = claim_in_state(state, claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org"))
    assert (sent.status, sent.outcome, sent.claim_id) == ("attached", "attached", claim.pk)
    assert mail.outbox == [] and sent.answered_at is None
    assert rr.requests_answer(claim_id=claim.pk) == 0 and mail.outbox == []  # not published: nothing
    assert fresh(sent).status == "attached"


def test_publishing_a_claim_with_requests_emails_each_consenting_reader_once(
    db, users, django_capture_on_commit_callbacks
):
    from claims.services import workflow

    claim = claim_in_state("approved", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    one = reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="one@example.org")
    two = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, email="two@example.org", sender="203.0.113.5")
    silent = reader_asks(django_capture_on_commit_callbacks, PUBLISHED, sender="203.0.113.6")  # no email
    assert {fresh(r).claim_id for r in (one, two, silent)} == {claim.pk}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert all(fresh(r).status == "answered" for r in (one, two, silent))
    assert rr.requests_answer(claim_id=claim.pk) == 0 and len(mail.outbox) == 2  # a rerun sends nothing


def test_publishing_announces_each_waiting_request_answered_and_the_claim_counts_them(
    client, users, django_capture_on_commit_callbacks
):
    from claims.models import WebhookDelivery
    from claims.services import workflow
    from claims.services.webhooks import webhook_subscribe

    claim = claim_in_state("approved", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    one = reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="one@example.org")
    two = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, sender="203.0.113.5")
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert "2 readers asked" in page and "answered" not in page.split('data-reader-demand="2"')[1].split("</p>")[0]
    # A loopback receiver that refuses the connection: tests look no name up (tests/conftest.py).
    webhook_subscribe(owner=users["editor"], target_url="http://127.0.0.1:9/verify", events=["request.answered"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    announced = {
        d.payload["data"]["request"]: d.payload["data"]
        for d in WebhookDelivery.objects.filter(event="request.answered")
    }
    assert set(announced) == {one.pk, two.pk}
    assert all((d["claim"], d["outcome"]) == (claim.pk, "attached") for d in announced.values())
    assert all(d["answer_url"].endswith(f"/verdicts/{claim.pk}/") for d in announced.values())
    assert all("email" not in d for d in announced.values())
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    demand = page.split('data-reader-demand="2"')[1].split("</p>")[0]
    assert "2 readers asked" in page and "· 2 answered" in demand


def test_a_paraphrase_attaches_to_the_claim_in_work_and_raises_its_priority(
    db, users, settings, django_capture_on_commit_callbacks
):
    settings.VERIFY_REQUEST_PRIORITY_BONUS, settings.VERIFY_REQUEST_PRIORITY_MAX = 5.0, 12.0
    claim = claim_in_state(
        "triaged", claim=claim_with(PUBLISHED, priority=40.0), checker=users["checker"], editor=users["editor"]
    )
    claim_with(OTHER)
    for n in range(3):
        sent = fresh(reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, sender=f"203.0.113.{n}"))
        assert (sent.status, sent.outcome, sent.claim_id) == ("attached", "attached", claim.pk)
    claim.refresh_from_db()
    assert claim.priority == 40.0 + 5 + 5 + 2  # bounded: at most +12 in all
    raised = [e.data["priority_raised"] for e in claim.events.filter(kind="requested").order_by("pk")]
    assert raised == [5.0, 5.0, 2.0]


def test_demand_points_are_per_request_and_bounded(settings):
    settings.VERIFY_REQUEST_PRIORITY_BONUS, settings.VERIFY_REQUEST_PRIORITY_MAX = 5.0, 25.0
    added = [demand_points(n + 1) - demand_points(n) for n in range(7)]  # what each next request adds
    assert added == [5, 5, 5, 5, 5, 0, 0]


def test_an_unmatched_request_opens_a_claim_and_a_second_readers_paraphrase_joins_it(
    db, django_capture_on_commit_callbacks
):
    claim_with(OTHER)
    first = fresh(
        reader_asks(
            django_capture_on_commit_callbacks,
            PUBLISHED,
            url="https://social.example.net/p/1",
            seen_where="a group chat",
            language="en",
        )
    )
    assert (first.status, first.outcome) == ("attached", "new_claim")
    opened = first.claim
    assert (opened.claimant, opened.status, opened.text, opened.checkworthy) == ("unknown", "new", PUBLISHED, True)
    assert opened.article.source_kind == "request" and opened.article.url == "https://social.example.net/p/1"
    assert opened.appearances.count() == 1
    assert opened.events.filter(kind="created", data__request=first.pk).exists()
    second = fresh(reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, sender="203.0.113.77"))
    assert (second.claim_id, second.outcome) == (opened.pk, "attached")
    assert Claim.objects.filter(article__source_kind="request").count() == 1


def test_an_imported_review_answers_with_its_page(db, django_capture_on_commit_callbacks):
    review = make_external_review(claim_reviewed=PUBLISHED, headline="No, 2,400 homes were not flooded")
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org"))
    assert (sent.status, sent.outcome, sent.external_review_id) == ("answered", "review", review.pk)
    assert review.url in mail.outbox[0].body


def test_a_link_alone_is_matched_by_its_page_title_fetched_safely(db, local_site, django_capture_on_commit_callbacks):
    site = local_site(
        {
            "/story": (
                200,
                "text/html; charset=utf-8",
                f"<html><head><title>{OTHER}</title></head><body><p>{OTHER}</p></body></html>".encode(),
            )
        }
    )
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, url=f"{site}/story"))
    assert sent.outcome == "new_claim" and sent.claim.text == OTHER


def test_a_link_to_a_page_without_an_article_is_matched_as_the_link_alone(
    db, local_site, django_capture_on_commit_callbacks
):
    """An ExtractionError is a domain error like a FetchError: the request goes on without the page."""
    site = local_site({"/empty": (200, "text/html; charset=utf-8", b"<html><body></body></html>")})
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, url=f"{site}/empty"))
    assert (sent.status, sent.outcome) == ("attached", "new_claim")
    assert sent.claim.text == f"{site}/empty"


def test_a_link_to_an_address_we_may_not_fetch_is_never_fetched(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import socket

    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    connected = []
    real_connect = socket.socket.connect
    monkeypatch.setattr(
        socket.socket, "connect", lambda sock, address: connected.append(address) or real_connect(sock, address)
    )
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, url="http://10.20.30.40/admin"))
    assert connected == []  # refused before any connection
    # Nothing read from it: the request opens a claim of its own, the link its words and its appearance.
    assert (sent.status, sent.outcome) == ("attached", "new_claim")
    assert sent.claim.text == "http://10.20.30.40/admin" and sent.claim.article.url == "http://10.20.30.40/admin"


def test_decide_never_answers_from_a_published_claim_below_auto_nor_attaches_to_it(db):
    published, unpublished = claim_with(PUBLISHED), claim_with(OTHER)
    below = Candidate(0.9, claim=published)
    assert rr.decide([below], suggest=0.7, auto=0.97, published={published.pk}) is None
    assert (
        rr.decide([Candidate(0.99, claim=unpublished)], suggest=0.7, auto=0.97, published=set()).outcome == "attached"
    )
    assert (
        rr.decide([Candidate(0.99, claim=published)], suggest=0.7, auto=0.97, published={published.pk}).outcome
        == "published"
    )
    assert (
        rr.decide([Candidate(0.99, claim=unpublished, evidence=False)], suggest=0.7, auto=0.97, published=set()) is None
    )


# --- The pages -------------------------------------------------------------------------------------


def form_post(client, path, **data):
    body = {
        "text": "",
        "url": "",
        "seen_where": "",
        "language": "",
        "email": "",
        "token": rr.form_token(time.time() - 10),
        "website": "",
        **data,
    }
    return client.post(path, body)


def test_the_ask_page_takes_a_request_with_its_privacy_note(db, client, django_capture_on_commit_callbacks):
    page = client.get(reverse("ask"))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="token"' in html and "data-privacy-note" in html
    assert page["X-Frame-Options"] == "DENY"
    with django_capture_on_commit_callbacks(execute=True):
        sent = form_post(
            client, reverse("ask"), text=OTHER, seen_where="TV", language="en", email="r@example.org", consent="on"
        )
    assert sent.status_code == 200 and "data-data-link" in sent.content.decode()
    found = ReaderRequest.objects.get()
    assert (found.channel, found.text, found.email, found.consent) == ("web", OTHER, "r@example.org", True)


def test_the_ask_page_refuses_bots_and_bad_input_with_form_errors(db, client, settings):
    settings.VERIFY_REQUEST_RATE_PER_SENDER = 1
    fast = client.post(reverse("ask"), {"text": OTHER, "token": rr.form_token()})
    assert fast.status_code == 400 and "faster than a person" in fast.content.decode()
    honeypot = form_post(client, reverse("ask"), text=OTHER, website="http://spam.example")
    assert honeypot.status_code == 400 and "could not be accepted" in honeypot.content.decode()
    empty = form_post(client, reverse("ask"))
    assert empty.status_code == 400 and "in your words, or give a link" in empty.content.decode()
    assert form_post(client, reverse("ask"), text=OTHER).status_code == 200
    limited = form_post(client, reverse("ask"), text=PUBLISHED)
    assert limited.status_code == 429 and "1 requests this hour" in limited.content.decode()
    huge = client.post(reverse("ask"), {"text": "x" * 20000, "token": "t"})
    assert huge.status_code == 413
    assert ReaderRequest.objects.count() == 1


def test_the_embed_is_framable_only_by_the_outlets_origins(db, client, settings):
    settings.VERIFY_ASK_EMBED_ORIGINS = []
    closed = client.get(reverse("ask_embed"))
    assert closed.status_code == 200 and closed["X-Frame-Options"] == "DENY"
    settings.VERIFY_ASK_EMBED_ORIGINS = ["https://news.example.org"]
    opened = client.get(reverse("ask_embed"))
    assert "X-Frame-Options" not in opened
    assert "frame-ancestors https://news.example.org" in opened["Content-Security-Policy"]
    assert "frame-ancestors" in client.get(reverse("ask"))["Content-Security-Policy"]
    assert "X-Frame-Options" in client.get(reverse("ask"))  # the public page itself is never framed


def test_the_embed_form_posts_without_the_csrf_cookie(db, settings, django_capture_on_commit_callbacks):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        sent = form_post(strict, reverse("ask_embed"), text=OTHER)
    assert sent.status_code == 200 and ReaderRequest.objects.get().channel == "embed"
    assert form_post(strict, reverse("ask"), text=OTHER).status_code == 403  # the page itself keeps CSRF


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("checker", 200), ("editor", 200), ("nobody", 403)])
def test_the_requests_view_is_for_checkers_and_above(client, users, role, expected):
    client.force_login(users[role])
    assert client.get(reverse("requests")).status_code == expected


def test_the_requests_view_counts_by_claim_language_and_channel_and_editors_ban(
    client, users, django_capture_on_commit_callbacks
):
    claim = claim_in_state("triaged", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    reader_asks(django_capture_on_commit_callbacks, PUBLISHED, language="en")
    old = reader_asks(
        django_capture_on_commit_callbacks, PARAPHRASE, language="de", sender="203.0.113.2", channel="embed"
    )
    ReaderRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    client.force_login(users["checker"])
    html = client.get(reverse("requests")).content.decode()
    assert f'<tr data-claim="{claim.pk}">' in html and "<td data-asked>2</td>" in html
    assert 'data-language="de"' in html and 'data-channel="embed"' in html
    assert "Ban sender" not in html  # checkers do not ban
    assert client.post(reverse("request_ban", args=[old.pk]), {"reason": "spam"}).status_code == 403
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert 'data-reader-demand="2"' in page and "2 readers asked" in page
    client.force_login(users["editor"])
    assert "Ban sender" in client.get(reverse("requests")).content.decode()
    assert client.post(reverse("request_ban", args=[old.pk]), {"reason": "spam"}).status_code == 302
    assert SenderBan.objects.filter(request=old, created_by=users["editor"]).exists()
    assert ClaimEvent.objects.filter(claim=claim, kind="requested").count() == 2


def test_the_requests_view_puts_the_most_requested_first_with_its_24_hour_and_7_day_trend(
    db, users, django_capture_on_commit_callbacks
):
    from claims.selectors.requests import request_breakdown, requested_claims

    little, much = claim_with(OTHER), claim_with(PUBLISHED)
    reader_asks(django_capture_on_commit_callbacks, OTHER, language="de", channel="embed")
    now_ = reader_asks(django_capture_on_commit_callbacks, PUBLISHED, language="en")
    days_3 = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, language="en", sender="203.0.113.2")
    days_10 = reader_asks(
        django_capture_on_commit_callbacks, PUBLISHED, language="de", sender="203.0.113.3", channel="api"
    )
    assert {fresh(r).claim_id for r in (now_, days_3, days_10)} == {much.pk}
    ReaderRequest.objects.filter(pk=days_3.pk).update(created_at=timezone.now() - timedelta(days=3))
    ReaderRequest.objects.filter(pk=days_10.pk).update(created_at=timezone.now() - timedelta(days=10))
    rows = [(c.pk, c.asked, c.asked_24h, c.asked_7d, c.answered) for c in requested_claims()]
    assert rows == [(much.pk, 3, 1, 2, 0), (little.pk, 1, 1, 1, 0)]
    assert request_breakdown(field="language") == [  # most in the last 7 days first
        {"value": "en", "total": 2, "day": 1, "week": 2},
        {"value": "de", "total": 2, "day": 1, "week": 1},
    ]
    assert request_breakdown(field="channel") == [
        {"value": "web", "total": 2, "day": 1, "week": 2},
        {"value": "embed", "total": 1, "day": 1, "week": 1},
        {"value": "api", "total": 1, "day": 0, "week": 0},
    ]


def test_reader_demand_lifts_a_claim_above_an_equal_one_in_the_queue(
    db, users, settings, django_capture_on_commit_callbacks
):
    from claims import selectors

    settings.VERIFY_REQUEST_PRIORITY_BONUS, settings.VERIFY_REQUEST_PRIORITY_MAX = 5.0, 25.0
    asked = claim_with(PUBLISHED, priority=40.0)
    ahead = claim_with(OTHER, priority=43.0)
    order = list(
        selectors.claim_queue(user=users["checker"]).filter(pk__in=[asked.pk, ahead.pk]).values_list("pk", flat=True)
    )
    assert order == [ahead.pk, asked.pk]
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PARAPHRASE))
    assert sent.claim_id == asked.pk
    order = list(
        selectors.claim_queue(user=users["checker"]).filter(pk__in=[asked.pk, ahead.pk]).values_list("pk", flat=True)
    )
    assert order == [asked.pk, ahead.pk]


def test_the_sweep_answers_requests_left_on_a_published_claim_or_on_its_duplicate(db, users):
    published = claim_in_state(
        "published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"]
    )
    twin = claim_with(OTHER)
    lost = ReaderRequest.objects.create(
        text=PUBLISHED, channel="web", claim=published, status="attached", email="lost@example.org", consent=True
    )  # its answer message was lost
    on_twin = ReaderRequest.objects.create(
        text=OTHER, channel="web", claim=twin, status="attached", email="twin@example.org", consent=True
    )
    assert rr.requests_answer_due() == 1 and mail.outbox[0].to == ["lost@example.org"]
    # Dismissed as a duplicate without a merge, as the matcher's automatic link leaves it (a person's
    # dismissal merges, and moves the request to the kept claim: test_claim_editing).
    Claim.objects.filter(pk=twin.pk).update(status="dismissed", dismiss_reason="duplicate", duplicate_of=published)
    assert rr.requests_answer_due() == 1 and mail.outbox[1].to == ["twin@example.org"]
    on_twin = fresh(on_twin)
    assert (on_twin.status, on_twin.claim_id) == ("answered", published.pk)
    assert fresh(lost).status == "answered"
    assert rr.requests_answer_due() == 0 and len(mail.outbox) == 2


def test_the_requests_view_costs_the_same_queries_for_few_and_many_requests(
    client, users, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(users["editor"])
    claims = [claim_with(f"Claim number {n}: {n * 1000} people moved to the city in 2024.") for n in range(12)]
    for n, claim in enumerate(claims):
        ReaderRequest.objects.create(
            text=claim.text, channel="web", claim=claim, status="attached", language=["en", "de", "fr"][n % 3]
        )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("requests"))
    assert page.status_code == 200 and page.content.decode().count("<td data-asked>1</td>") == 12


def test_the_same_words_as_a_hidden_claim_bring_it_into_the_queue(db, django_capture_on_commit_callbacks):
    from claims.extraction.dedup import fingerprint

    hidden = claim_with(PUBLISHED, checkworthy=False, score=0.1)
    Claim.objects.filter(pk=hidden.pk).update(fingerprint=fingerprint(PUBLISHED))  # as extraction stores it
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED))
    hidden.refresh_from_db()
    assert (sent.claim_id, sent.outcome, hidden.checkworthy) == (hidden.pk, "attached", True)
    assert hidden.events.get(kind="requested").data["surfaced"] is True


def test_publishing_answers_requests_left_on_its_duplicates(db, users, django_capture_on_commit_callbacks):
    from claims.services import workflow

    claim = claim_in_state("approved", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    twin = claim_with(OTHER)
    asked = ReaderRequest.objects.create(
        text=OTHER, channel="web", claim=twin, status="attached", email="twin@example.org", consent=True
    )
    workflow.claim_dismiss(claim=twin, actor=users["checker"], reason="duplicate", duplicate_of=claim.pk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    assert [m.to for m in mail.outbox] == [["twin@example.org"]]
    assert (fresh(asked).status, fresh(asked).claim_id) == ("answered", claim.pk)
