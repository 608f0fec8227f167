"""Reader requests (issue 26), the desk's follow-ups: one priority from its parts, reader counts,
detaching a wrongly attached request, corrections re-notifying readers, re-sends that never
repeat an email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from factories import (
    claim_in_state,
    claim_with,
    fresh,
    make_external_review,
    rating,
    reader_asks,
    readers_ask,
)

from claims.errors import InvalidInput, InvalidTransition, NotPermitted
from claims.models import Claim, ClaimEvent, ClaimMatch, ReaderRequest
from claims.services import editing, matching, workflow
from claims.services import requests as rr
from claims.services.matching import Candidate
from claims.services.priority import (
    CHECKED_ELSEWHERE,
    claims_priority_refresh,
    demand_points,
    queue_priority,
)

PUBLISHED = "The council said that 2,400 homes were flooded in March, twice as many as last year."
PARAPHRASE = "According to the council, 2,400 houses were flooded in March, double the number of last year."
OTHER = "A new study found that 7 in 10 teenagers in Norway sleep less than six hours a night."


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.VERIFY_REQUEST_PRIORITY_BONUS, settings.VERIFY_REQUEST_PRIORITY_MAX = 5.0, 12.0
    cache.clear()
    yield
    cache.clear()


# --- One priority, from its parts ------------------------------------------------------------------


def test_queue_priority_is_the_base_less_the_checked_elsewhere_cut_plus_bounded_demand():
    assert queue_priority(80.0, lowered=False, demand=0) == 80.0
    assert queue_priority(80.0, lowered=True, demand=0) == 80.0 - CHECKED_ELSEWHERE
    assert [demand_points(n) for n in range(5)] == [0, 5, 10, 12, 12]  # +5 each, at most +12
    assert queue_priority(80.0, lowered=True, demand=3) == 80.0 - CHECKED_ELSEWHERE + 12


def test_two_links_to_other_fact_checkers_lower_the_claim_once(users):
    """One pass links the best review automatically (one automatic match a claim) and suggests the
    other; a checker confirming it does not lower the claim again (the old ``_lowered`` counted
    events not yet written in the same pass: both links lowered it)."""
    claim = claim_with(PUBLISHED, priority=80.0)
    first = make_external_review(url="https://one.example.org/a", claim_reviewed=PUBLISHED)
    second = make_external_review(url="https://two.example.org/b", claim_reviewed=PARAPHRASE)
    matching.matches_store(
        {claim.pk: [Candidate(0.99, review=first), Candidate(0.98, review=second)]}, suggest=0.7, auto=0.97
    )
    matches = list(ClaimMatch.objects.filter(claim=claim).order_by("pk"))
    assert [(m.tier, m.decision) for m in matches] == [("auto", "confirmed"), ("suggest", "pending")]
    matching.match_confirm(match=matches[1].pk, actor=users["checker"])
    claim = fresh(claim)
    assert ClaimMatch.objects.filter(claim=claim, decision="confirmed").count() == 2
    assert (claim.priority, claim.priority_lowered) == (80.0 - CHECKED_ELSEWHERE, True)
    lowered = [
        e.data.get("priority_lowered")
        for e in claim.events.filter(kind__in=["matched", "match_confirmed"]).order_by("pk")
    ]
    assert lowered == [CHECKED_ELSEWHERE, None, None]
    # Undoing one link keeps the cut (the other still stands); undoing the last gives it back once.
    matching.match_demote(match=matches[0].pk, note="not the same")
    assert fresh(claim).priority == 80.0 - CHECKED_ELSEWHERE
    matching.match_reject(match=matches[1].pk, actor=users["checker"])
    matching.match_demote(match=matches[1].pk, note="again")  # changes nothing
    assert (fresh(claim).priority, fresh(claim).priority_lowered) == (80.0, False)


def test_a_re_extraction_keeps_the_checked_elsewhere_cut_and_the_demand_bonus(
    db, settings, django_capture_on_commit_callbacks
):
    from claims.extraction import pipeline
    from claims.services import ingest

    text = f"{PUBLISHED} {OTHER}"
    job = ingest.article_ingest(text=text)
    ingest.job_run(job_id=job.pk)
    claims = {c.text: c for c in Claim.objects.filter(article__text__contains="2,400")}
    asked = next(c for t, c in claims.items() if "2,400" in t)
    base = asked.priority_base
    assert base == asked.priority > 0
    review = make_external_review(claim_reviewed=OTHER, url="https://elsewhere.example.org/x")
    matching.matches_store({asked.pk: [Candidate(0.99, review=review)]}, suggest=0.7, auto=0.97)
    for _ in range(2):
        ReaderRequest.objects.create(text=PARAPHRASE, channel="web", claim=asked, status="attached", outcome="attached")
    claims_priority_refresh(claim_ids=[asked.pk])
    expected = round(base - CHECKED_ELSEWHERE + 10, 3)
    assert (fresh(asked).priority, fresh(asked).readers) == (expected, 2)
    # A newer extractor re-scores the untouched claim: a new base, the cut and the bonus kept.
    Claim.objects.filter(pk=asked.pk).update(extractor_version="old", priority_base=base - 7)
    again = ingest.article_ingest(text=text)
    ingest.job_run(job_id=again.pk)
    asked = fresh(asked)
    assert asked.extractor_version == pipeline.EXTRACTOR_VERSION
    assert (asked.priority_base, asked.priority, asked.readers) == (base, expected, 2)
    # Scored below the threshold by a newer extractor, a claim readers asked about stays in the queue;
    # one nobody asked about goes.
    settings.VERIFY_CHECKWORTHY_THRESHOLD = 0.9999
    unasked = Claim.objects.filter(article=asked.article).exclude(pk=asked.pk)
    assert unasked.exists()
    Claim.objects.filter(article=asked.article).update(extractor_version="old", checkworthy=True)
    third = ingest.article_ingest(text=text)
    ingest.job_run(job_id=third.pk)
    assert fresh(asked).checkworthy is True and not unasked.filter(checkworthy=True).exists()


def test_requests_answered_at_once_count_as_readers_but_add_no_demand(db, users, django_capture_on_commit_callbacks):
    claim = claim_in_state(
        "published", claim=claim_with(PUBLISHED, priority=40.0), checker=users["checker"], editor=users["editor"]
    )
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED))
    assert (sent.outcome, fresh(claim).readers, fresh(claim).priority) == ("published", 1, 40.0)


# --- Reader counts: the queue, the claim page, the API ------------------------------------------------


def test_each_claim_shows_how_many_readers_asked_in_the_queue_the_page_and_the_api(
    client, users, django_capture_on_commit_callbacks
):
    claim = claim_with(PUBLISHED, priority=40.0)
    quiet = claim_with(OTHER, priority=41.0)
    readers_ask(django_capture_on_commit_callbacks, PARAPHRASE, readers=3)
    assert fresh(claim).readers == 3
    client.force_login(users["checker"])
    queue = client.get(reverse("queue")).content.decode()
    assert 'data-readers="3"' in queue and "3 readers asked" in queue
    assert queue.count("data-readers=") == 1  # the claim nobody asked about shows no count
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert 'data-reader-demand="3"' in page
    listed = {c["id"]: c for c in client.get("/api/v1/claims/").json()["results"]}
    assert (listed[claim.pk]["readers"], listed[quiet.pk]["readers"]) == (3, 0)
    assert client.get(f"/api/v1/claims/{claim.pk}/").json()["readers"] == 3


# --- Detach and re-attach -------------------------------------------------------------------------------


def test_an_editor_detaches_a_wrongly_attached_request_it_opens_its_own_claim_and_is_re_attachable(
    db, users, django_capture_on_commit_callbacks
):
    wrong = claim_with(PUBLISHED, priority=40.0)
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PARAPHRASE))
    assert (sent.claim_id, fresh(wrong).readers, fresh(wrong).priority) == (wrong.pk, 1, 45.0)
    with pytest.raises(NotPermitted):
        rr.request_detach(actor=users["checker"], request=sent)
    with django_capture_on_commit_callbacks(execute=True):  # the re-matching runs after commit
        rr.request_detach(actor=users["editor"], request=sent, note="It is about houses, not homes")
    sent = fresh(sent)
    assert sent.claim_id not in (None, wrong.pk) and sent.outcome == "new_claim"  # never back onto it
    assert sent.detached_from == [wrong.pk]
    assert (fresh(wrong).readers, fresh(wrong).priority) == (0, 40.0)
    event = wrong.events.get(kind="request_detached")
    assert (event.actor, event.note, event.data["request"]) == (
        users["editor"],
        "It is about houses, not homes",
        sent.pk,
    )
    opened = sent.claim
    assert (opened.claimant, opened.readers) == ("unknown", 1)
    # Undo: re-attached where it was; the claim it opened loses it.
    rr.request_attach(actor=users["editor"], request=sent, claim=wrong.pk)
    sent = fresh(sent)
    assert (sent.claim_id, sent.status, sent.detached_from) == (wrong.pk, "attached", [])
    assert (fresh(wrong).readers, fresh(wrong).priority, fresh(opened).readers) == (1, 45.0, 0)
    assert opened.events.filter(kind="request_detached", data__moved_to=wrong.pk).exists()
    assert wrong.events.filter(kind="requested", actor=users["editor"], data__request=sent.pk).exists()


def test_detaching_from_the_claim_of_its_very_words_opens_a_claim_of_its_own(
    db, users, django_capture_on_commit_callbacks
):
    first = fresh(reader_asks(django_capture_on_commit_callbacks, OTHER))
    assert first.outcome == "new_claim"
    with django_capture_on_commit_callbacks(execute=True):
        rr.request_detach(actor=users["editor"], request=first)
    first = fresh(first)
    assert first.status == "attached" and first.claim_id not in (None, *first.detached_from)
    assert Claim.objects.filter(article__source_kind="request").count() == 2


def test_detach_and_attach_refuse_what_cannot_be_done(db, users, django_capture_on_commit_callbacks):
    published = claim_in_state(
        "published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"]
    )
    claim_with(OTHER)
    answered = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED))
    assert answered.status == "answered"
    with pytest.raises(InvalidTransition, match="answered already"):
        rr.request_detach(actor=users["editor"], request=answered)
    waiting = ReaderRequest.objects.create(text="Something else", channel="web")
    with pytest.raises(InvalidTransition, match="not attached"):
        rr.request_detach(actor=users["editor"], request=waiting)
    with pytest.raises(InvalidInput, match="no claim 999999"):
        rr.request_attach(actor=users["editor"], request=waiting, claim=999999)
    with pytest.raises(InvalidInput, match="limit is 300"):
        rr.request_detach(actor=users["editor"], request=waiting, note="x" * 301)
    # Attaching to a published claim answers the reader at once, from the published verdict.
    done = rr.request_attach(actor=users["editor"], request=waiting, claim=published.pk)
    assert (done.status, done.outcome, done.claim_id) == ("answered", "published", published.pk)
    with pytest.raises(InvalidTransition, match="answered already"):
        rr.request_attach(actor=users["editor"], request=waiting, claim=published.pk)


def test_the_requests_view_detaches_and_re_attaches_for_editors_only(client, users, django_capture_on_commit_callbacks):
    wrong = claim_with(PUBLISHED)
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PARAPHRASE))
    client.force_login(users["checker"])
    assert "data-detach" not in client.get(reverse("requests")).content.decode()
    assert client.post(reverse("request_detach", args=[sent.pk]), {"note": ""}).status_code == 403
    client.force_login(users["editor"])
    assert "Detach from #" in client.get(reverse("requests")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("request_detach", args=[sent.pk]), {"note": "not this"}, follow=True)
    assert f"detached from claim #{wrong.pk}" in response.content.decode()
    assert fresh(sent).claim_id != wrong.pk
    response = client.post(reverse("request_attach", args=[sent.pk]), {"claim": "abc"}, follow=True)
    assert "Give the number of the claim" in response.content.decode()
    response = client.post(reverse("request_attach", args=[sent.pk]), {"claim": wrong.pk}, follow=True)
    assert f"attached to claim #{wrong.pk}" in response.content.decode() and fresh(sent).claim_id == wrong.pk


# --- Corrections re-notify the readers answered with the verdict ----------------------------------------


def _correct(claim, users, note):
    workflow.verdict_correct(
        claim=claim, actor=users["editor"], note=note, rating=rating("true"), headline="True after all: 2,400 homes"
    )
    workflow.verdict_approve(claim=claim, actor=users["editor2"])
    workflow.verdict_publish(claim=claim, actor=users["editor2"])


def test_a_correction_emails_each_reader_answered_with_the_verdict_once(db, users, django_capture_on_commit_callbacks):
    claim = claim_in_state("approved", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    waited = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, email="waited@example.org")
    silent = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, sender="203.0.113.9")  # no email
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    at_once = fresh(
        reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="later@example.org", sender="203.0.113.10")
    )
    assert at_once.status == "answered"
    assert sorted(m.to[0] for m in mail.outbox) == ["later@example.org", "waited@example.org"]
    assert fresh(waited).email == "waited@example.org"  # kept for a correction, until the retention purge
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _correct(claim, users, "The council's figure was confirmed by the fire service.")
    assert sorted(m.to[0] for m in mail.outbox) == ["later@example.org", "waited@example.org"]
    for message in mail.outbox:
        assert message.subject == "We corrected our fact check: True"
        assert "confirmed by the fire service" in message.body and "True after all: 2,400 homes" in message.body
        assert f"/verdicts/{claim.pk}/" in message.body and "/ask/data/" in message.body
    assert fresh(waited).answered_version_id == fresh(claim).verdict.public_version_id
    # Reruns and the sweep send nothing twice; the silent reader had nothing to send to.
    assert rr.requests_answer(claim_id=claim.pk) == 0 and rr.requests_answer_due() == 0
    assert len(mail.outbox) == 2 and fresh(silent).answered_version_id is None


def test_the_sweep_sends_a_correction_whose_message_was_lost(db, users, django_capture_on_commit_callbacks):
    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org"))
    assert len(mail.outbox) == 1
    _correct(claim, users, "A figure was wrong.")  # the after-commit message never runs (lost)
    assert len(mail.outbox) == 1
    assert rr.requests_answer_due() == 1 and "A figure was wrong." in mail.outbox[1].body
    assert rr.requests_answer_due() == 0 and len(mail.outbox) == 2


def test_a_reader_answered_from_another_fact_checker_is_erased_after_the_one_email(
    db, django_capture_on_commit_callbacks
):
    make_external_review(claim_reviewed=PUBLISHED, headline="No, 2,400 homes were not flooded")
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org"))
    assert sent.outcome == "review" and len(mail.outbox) == 1
    assert sent.email == "" and sent.contact_erased_at is not None


# --- Re-sends never repeat an email ------------------------------------------------------------------------


def test_re_sending_waiting_requests_and_sweeping_again_repeats_no_email(db, users, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    # A request whose matching message was lost: still "received", ten minutes on.
    lost = ReaderRequest.objects.create(text=PUBLISHED, channel="web", email="lost@example.org", consent=True)
    ReaderRequest.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    for _ in range(3):  # the beat's re-send, run again and again (and each message delivered)
        with django_capture_on_commit_callbacks(execute=True):
            rr.requests_resend_unmatched()
        rr.requests_answer_due()
    assert fresh(lost).status == "answered" and [m.to for m in mail.outbox] == [["lost@example.org"]]
    assert rr.requests_resend_unmatched() == 0  # matched: nothing left to re-send
    assert ClaimEvent.objects.filter(claim=claim, kind="requested", data__request=lost.pk).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_given_the_same_request_three_times_emails_its_reader_once(async_tasks, users):
    """The beat re-sends a waiting request while its first message still waits in the queue: the
    real worker runs the matching three times over; one answer, one email."""
    from datetime import timedelta

    from conftest import rebuild_worker_match_index, wait_for
    from django.utils import timezone

    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    rebuild_worker_match_index(async_tasks)
    before = set(async_tasks.mail_dir.iterdir())
    waiting = ReaderRequest.objects.create(text=PUBLISHED, channel="web", email="thrice@example.org", consent=True)
    ReaderRequest.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert rr.requests_resend_unmatched() == 1
    for _ in range(2):  # re-sent again, as the beat does while the first message still waits
        rr.request_send_matching(request_id=waiting.pk)
    wait_for(lambda: fresh(waiting).answer_sent_at is not None, worker=async_tasks)
    wait_for(lambda: set(async_tasks.mail_dir.iterdir()) - before, worker=async_tasks)
    rr.requests_answer_due()  # and the sweep on top
    import time

    time.sleep(2)  # room for the later copies to (not) send
    written = [p.read_text() for p in set(async_tasks.mail_dir.iterdir()) - before]
    mine = [m for m in written for part in m.split("-" * 79) if "To: thrice@example.org" in part]
    assert len(mine) == 1, written
    assert fresh(waiting).claim_id == claim.pk
    assert ClaimEvent.objects.filter(claim=claim, kind="requested", data__request=waiting.pk).count() == 1


def test_a_reader_unsubscribes_by_the_link_in_the_email_and_hears_no_correction(
    client, users, django_capture_on_commit_callbacks
):
    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    sent = fresh(reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org"))
    message = mail.outbox[0]
    link = rr.data_link(sent)
    assert link in message.body and "Unsubscribe" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}").content.decode()
    assert "data-unsubscribe" in page
    done = client.post(f"/{path}", {"action": "unsubscribe"}).content.decode()
    assert "data-unsubscribed" in done
    sent = fresh(sent)
    assert (sent.email, sent.email_hash, sent.consent, sent.status) == ("", "", False, "answered")
    assert sent.contact_erased_at is not None and fresh(claim).readers == 1  # the request stays
    assert "data-unsubscribe" not in client.get(f"/{path}").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _correct(claim, users, "A figure was wrong.")
    assert len(mail.outbox) == 1 and rr.requests_answer_due() == 0


def test_a_one_person_correction_emails_the_readers_too(db, users, django_capture_on_commit_callbacks):
    from claims.services.desk import desk_settings_update

    desk_settings_update(
        actor=users["admin"],
        checkworthy_threshold=None,
        match_suggest_threshold=None,
        match_auto_threshold=None,
        one_person_corrections=True,
    )
    claim = claim_in_state("published", claim=claim_with(PUBLISHED), checker=users["checker"], editor=users["editor"])
    claim_with(OTHER)
    reader_asks(django_capture_on_commit_callbacks, PUBLISHED, email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verdict_correct(claim=claim, actor=users["editor2"], note="The date was wrong: April.")
    assert len(mail.outbox) == 2 and "The date was wrong: April." in mail.outbox[1].body
    assert mail.outbox[1].subject.startswith("We corrected our fact check")


# --- Merging a duplicate takes its readers along ---------------------------------------------------------


def test_merging_a_duplicate_moves_its_waiting_readers_and_their_demand_to_the_claim_kept(
    db, users, django_capture_on_commit_callbacks
):
    asked = claim_with(PUBLISHED, priority=40.0)
    kept = claim_with(OTHER, priority=30.0)
    readers_ask(django_capture_on_commit_callbacks, PARAPHRASE, readers=2)
    assert (fresh(asked).readers, fresh(asked).priority) == (2, 50.0)
    merged = editing.claim_merge(claim=asked, into=kept, actor=users["checker"], note="Same claim")
    assert (merged.readers, merged.priority) == (2, 40.0)  # 30 + 5 per reader
    assert (fresh(asked).readers, fresh(asked).priority, fresh(asked).status) == (0, 40.0, "dismissed")
    assert set(ReaderRequest.objects.values_list("claim_id", flat=True)) == {kept.pk}
    assert kept.events.get(kind="merged").data["readers"] == 2


def test_merging_into_a_published_claim_answers_the_duplicates_readers(db, users, django_capture_on_commit_callbacks):
    asked = claim_with(PUBLISHED)
    kept = claim_in_state("published", claim=claim_with(OTHER), checker=users["checker"], editor=users["editor"])
    waiting = reader_asks(django_capture_on_commit_callbacks, PARAPHRASE, email="asker@example.org")
    assert fresh(waiting).claim_id == asked.pk
    with django_capture_on_commit_callbacks(execute=True):
        editing.claim_merge(claim=asked, into=kept, actor=users["editor"])
    waiting = fresh(waiting)
    assert (waiting.claim_id, waiting.status) == (kept.pk, "answered")
    assert [m.to[0] for m in mail.outbox] == ["asker@example.org"]
    assert f"/verdicts/{kept.pk}/" in mail.outbox[0].body
