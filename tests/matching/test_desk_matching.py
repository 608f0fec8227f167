"""Matching in the desk: new claims find earlier claims and imported verdicts; checkers decide; the index persists."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from factories import make_article, make_claim

from claims import selectors
from claims.errors import InvalidInput, InvalidTransition, NotPermitted
from claims.matching.index import MatchIndex
from claims.models import (
    Appearance,
    Claim,
    ClaimEvent,
    ClaimMatch,
    DeskSettings,
    ExternalReview,
    ExtractionJob,
    MatchJournalEntry,
    MatchSnapshot,
)
from claims.services import imports, ingest, match_index, matching

FIRST = "The council said that 2,400 homes were flooded in March, twice as many as last year. The mayor wore a coat."
SECOND = "According to the council, 2,400 houses were flooded in March, double the number of last year. It rained."
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/2024/05/bridge",
    "claimReviewed": "The new bridge cost 3 billion euros to build",
    "headline": "No, the bridge did not cost 3 billion euros",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False"},
}


def ingest_text(text, capture):
    with capture(execute=True):
        job = ingest.article_ingest(text=text)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return job


def the_claim(job) -> Claim:
    return Claim.objects.filter(article_id=job.article_id, checkworthy=True).get()


def test_second_article_saying_the_same_gets_a_suggested_match(db, django_capture_on_commit_callbacks):
    first = the_claim(ingest_text(FIRST, django_capture_on_commit_callbacks))
    second = the_claim(ingest_text(SECOND, django_capture_on_commit_callbacks))
    match = ClaimMatch.objects.get(claim=second)
    assert match.matched_claim == first and match.external_review is None
    suggest, auto = selectors.match_thresholds()
    assert suggest <= match.score and (match.tier, match.decision) == ("suggest", "pending")
    assert ClaimEvent.objects.filter(claim=second, kind="matched", data__match=match.pk).exists()
    assert not ClaimMatch.objects.filter(claim=first).exists()  # nothing earlier for the first one
    # Idempotent: matching again adds nothing.
    job_id = second.article.jobs.get().pk
    assert matching.match_new_claims(job_id=job_id) == 0  # matched already: a re-sent copy does nothing
    ExtractionJob.objects.filter(pk=job_id).update(match_pending=True)  # and if it ran all the same:
    assert matching.match_new_claims(job_id=job_id) == 0
    assert ClaimMatch.objects.count() == 1 and ClaimEvent.objects.filter(kind="matched").count() == 1


def test_above_auto_an_unpublished_claim_is_only_suggested_never_dismissed(db, django_capture_on_commit_callbacks):
    DeskSettings.objects.update_or_create(
        pk=1, defaults={"match_suggest_threshold": 0.05, "match_auto_threshold": 0.06}
    )
    first = the_claim(ingest_text(FIRST, django_capture_on_commit_callbacks))
    second = the_claim(ingest_text(SECOND, django_capture_on_commit_callbacks))
    match = ClaimMatch.objects.get(claim=second)
    assert match.score >= 0.06 and (match.tier, match.decision) == ("suggest", "pending")
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("new", None)
    assert not Appearance.objects.filter(claim=first).exclude(article_id=first.article_id).exists()


def test_above_auto_a_published_claim_is_linked_the_twin_dismissed_and_the_history_can_undo_it(
    db, users, client, django_capture_on_commit_callbacks
):
    from factories import claim_in_state

    DeskSettings.objects.update_or_create(
        pk=1, defaults={"match_suggest_threshold": 0.05, "match_auto_threshold": 0.06}
    )
    first = the_claim(ingest_text(FIRST, django_capture_on_commit_callbacks))
    claim_in_state("published", claim=first, checker=users["checker"], editor=users["editor"])
    job = ingest_text(SECOND, django_capture_on_commit_callbacks)
    second = the_claim(job)
    match = ClaimMatch.objects.get(claim=second)
    assert (match.tier, match.decision, match.decided_by) == ("auto", "confirmed", None)
    assert Appearance.objects.filter(claim=first, article_id=job.article_id).exists()
    assert (second.status, second.dismiss_reason, second.duplicate_of) == ("dismissed", "duplicate", first)
    assert second.events.filter(kind="moved", move="dismiss", actor=None).exists()
    # Both claims' histories show the automatic move with an undo; undoing restores the claim.
    client.force_login(users["checker"])
    for claim in (second, first):
        page = client.get(reverse("claim", args=[claim.pk])).content.decode()
        assert "linked automatically" in page or "appeared in another article" in page
        assert reverse("claim_match", args=[second.pk, match.pk, "reject"]) in page and "btn-undo" in page
    response = client.post(
        reverse("claim_match", args=[second.pk, match.pk, "reject"]), {"next": reverse("claim", args=[first.pk])}
    )
    assert response.status_code == 302 and response["Location"] == reverse("claim", args=[first.pk])
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("new", None)
    assert not Appearance.objects.filter(claim=first, article_id=job.article_id).exists()
    assert "btn-undo" not in client.get(reverse("claim", args=[second.pk])).content.decode()


def test_the_queue_shows_a_suggestion_that_one_click_confirms_or_declines(users, client, suggestion):
    client.force_login(users["viewer"])
    page = client.get(reverse("queue")).content.decode()
    assert f'data-suggestion="{suggestion.pk}"' in page and "Same claim</button>" not in page  # viewers see only
    client.force_login(users["checker"])
    page = client.get(reverse("queue")).content.decode()
    assert page.count("Same claim</button>") == 1 and page.count("Not the same</button>") == 1
    queue = reverse("queue") + "?status=new"
    response = client.post(reverse("claim_match", args=[suggestion.claim_id, suggestion.pk, "reject"]), {"next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    assert ClaimMatch.objects.get(pk=suggestion.pk).decision == "rejected"
    assert f'data-suggestion="{suggestion.pk}"' not in client.get(queue).content.decode()
    # Another site as "next" is ignored: back to the claim.
    other = ClaimMatch.objects.create(
        claim_id=suggestion.claim_id,
        external_review=ExternalReview.objects.create(
            url="https://factcheck.example.org/x", claim_reviewed="2,400 homes flooded", raw={}
        ),
        score=0.6,
    )
    response = client.post(
        reverse("claim_match", args=[suggestion.claim_id, other.pk, "confirm"]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == reverse("claim", args=[suggestion.claim_id])
    assert ClaimMatch.objects.get(pk=other.pk).decision == "confirmed"


def test_review_auto_matches_lists_and_restores_what_the_old_auto_tier_dismissed(users, capsys):
    earlier = make_claim(text="Troops in Ukraine fired anti-tank weapons in exercises")
    article = make_article()
    dismissed = make_claim(article=article, text="Farmers burn crop stubble before the next planting")
    match = ClaimMatch.objects.create(
        claim=dismissed, matched_claim=earlier, score=0.93, tier="auto", decision="confirmed"
    )
    # What the old auto tier did: an appearance of the earlier claim and the twin dismissed.
    done = matching._link_same_claim(dismissed, earlier, actor=None, match=match, published=False)
    ClaimEvent.objects.create(claim=dismissed, kind="matched", data={**matching._event_data(match), **done})
    published = make_claim(article=make_article(), text="2,400 homes were flooded in March")
    from factories import claim_in_state

    claim_in_state("published", claim=published, checker=users["checker"], editor=users["editor"])
    twin = make_claim(article=make_article(), text="2,400 houses were flooded in March")
    ClaimMatch.objects.create(claim=twin, matched_claim=published, score=0.95, tier="auto", decision="confirmed")

    call_command("review_auto_matches")
    out, err = capsys.readouterr()
    assert f"#{dismissed.pk} (dismissed) ~ #{earlier.pk}" in out and f"#{twin.pk}" not in out
    assert "1 automatic match(es) against unpublished claims, 1 of them dismissed a claim" in err
    assert Claim.objects.get(pk=dismissed.pk).status == "dismissed"  # listing changes nothing
    # An old suggestion carries the re-ranker's score: re-scored, and declined when below suggest.
    junk = ClaimMatch.objects.create(claim=twin, matched_claim=earlier, score=0.86, tier="suggest")

    call_command("review_auto_matches", "--restore", "--actor", users["editor"].username)
    out, err = capsys.readouterr()
    assert f"#{dismissed.pk} (dismissed)" in out and "-> back to new" in out
    assert "1 turned into suggestions" in err and "declined as below the suggest threshold" in err
    dismissed.refresh_from_db()
    assert (dismissed.status, dismissed.duplicate_of, dismissed.dismiss_reason) == ("new", None, "")
    # Demoted to a suggestion, then re-scored by the same-claim model: the two claims are unrelated,
    # so the suggestion is declined too (its old score was the re-ranker's 0.93).
    demoted = ClaimMatch.objects.get(pk=match.pk)
    assert (demoted.tier, demoted.decision) == ("suggest", "rejected") and demoted.score < 0.5
    assert not Appearance.objects.filter(claim=earlier, article=article).exists()
    event = dismissed.events.get(kind="match_demoted")
    assert event.actor == users["editor"] and event.data["match"] == match.pk and event.data["restored"] == "new"
    assert earlier.events.filter(kind="unlinked", data__match=match.pk).exists()
    junk.refresh_from_db()
    assert junk.decision == "rejected" and junk.score < 0.5 and junk.decided_by is None
    assert twin.events.filter(kind="match_rejected", data__match=junk.pk).exists()

    assert ClaimMatch.objects.get(claim=twin, matched_claim=published).tier == "auto"  # published: left alone
    call_command("review_auto_matches", "--restore")  # again: nothing left to do
    assert "0 automatic match(es)" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("review_auto_matches", "--actor", "nobody-by-that-name")


def test_an_imported_claimreview_matches_a_new_claim(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = imports.claimreview_import(payload=REVIEW, source="test")
    assert report.imported == 1
    review = ExternalReview.objects.get()
    job = ingest_text(
        "The mayor claimed the new bridge cost 3 billion euros to build. It opened in May.",
        django_capture_on_commit_callbacks,
    )
    claim = Claim.objects.filter(article_id=job.article_id, checkworthy=True).first()
    match = ClaimMatch.objects.get(claim=claim)
    assert match.external_review == review and match.matched_claim is None
    assert match.score >= selectors.match_thresholds()[0]


@pytest.fixture
def suggestion(db):
    first = make_claim(text="2,400 homes were flooded in March")
    second = make_claim(article=make_article(), text="2,400 houses were flooded in March")
    return ClaimMatch.objects.create(claim=second, matched_claim=first, score=0.85, tier="suggest")


@pytest.mark.parametrize("role", ["nobody", "viewer"])
def test_only_checkers_and_above_decide_matches(users, suggestion, role):
    for decide in (matching.match_confirm, matching.match_reject):
        with pytest.raises(NotPermitted):
            decide(match=suggestion.pk, actor=users[role])
    suggestion.refresh_from_db()
    assert suggestion.decision == "pending"


def test_checker_confirms_a_match_links_it_and_is_audited(users, suggestion):
    match = matching.match_confirm(match=suggestion.pk, actor=users["checker"])
    assert (match.decision, match.decided_by) == ("confirmed", users["checker"]) and match.decided_at
    claim = Claim.objects.get(pk=suggestion.claim_id)
    assert claim.status == "dismissed" and claim.duplicate_of_id == suggestion.matched_claim_id
    assert Appearance.objects.filter(claim_id=suggestion.matched_claim_id, article_id=claim.article_id).exists()
    event = claim.events.get(kind="match_confirmed")
    assert event.actor == users["checker"] and event.data["match"] == suggestion.pk
    with pytest.raises(InvalidTransition):  # a second decision learns of the first
        matching.match_confirm(match=suggestion.pk, actor=users["editor"])
    # Rejecting it afterwards undoes the link.
    matching.match_reject(match=suggestion.pk, actor=users["editor"])
    claim.refresh_from_db()
    assert (claim.status, claim.duplicate_of_id, claim.dismiss_reason) == ("new", None, "")
    assert not Appearance.objects.filter(claim_id=suggestion.matched_claim_id, article_id=claim.article_id).exists()
    assert claim.events.filter(kind="match_rejected", actor=users["editor"]).exists()


def test_reject_keeps_the_claim_and_a_stale_decision_is_refused(users, suggestion):
    stale = ClaimMatch.objects.get(pk=suggestion.pk)
    matching.match_reject(match=suggestion.pk, actor=users["checker"])
    assert ClaimMatch.objects.get(pk=suggestion.pk).decision == "rejected"
    assert Claim.objects.get(pk=suggestion.claim_id).status == "new"
    with pytest.raises(InvalidTransition):
        matching.match_confirm(match=stale, actor=users["checker2"])
    assert matching.decisions() == [(0.85, False)]


def test_match_text_refuses_bad_input(db):
    for text in ("", "   ", "🙂🙂", "x" * (matching.MAX_QUERY_CHARS + 1)):
        with pytest.raises(InvalidInput):
            matching.match_text(text=text)
    with pytest.raises(InvalidInput):
        matching.match_text(text="homes were flooded", top=0)
    assert matching.match_text(text="homes were flooded") == []  # an empty desk


def test_index_persists_across_a_reload_and_rebuilds_with_the_command(db, settings, capsys):
    claim = make_claim(text="5G mobile networks spread the coronavirus")
    make_claim(article=make_article(), text="The Apollo moon landing was filmed in a studio")
    match_index.index_add_claims(claim_ids=[claim.pk])  # no index yet: built from the database
    assert match_index.index_add_claims(claim_ids=[claim.pk]) == 0  # already there
    later = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    assert match_index.index_add_claims(claim_ids=[later.pk]) == 1
    match_index.drop_local_copy()  # another process: loads the snapshot and replays the journal
    hits = match_index.search("does 5G spread covid", k=5)
    assert hits[0].doc_id == f"claim:{claim.pk}"
    snapshot = MatchSnapshot.objects.latest("pk").token
    Claim.objects.filter(pk=claim.pk).update(text="Something else entirely")  # the index is now stale
    found = matching.hits_resolve(match_index.search("does 5G spread covid", k=5))
    assert claim.pk not in [c.claim.pk for c in found]  # a stale entry is never shown
    call_command("rebuild_match_index")
    assert "3 documents" in capsys.readouterr().out
    assert MatchSnapshot.objects.latest("pk").token != snapshot
    match_index.drop_local_copy()
    assert match_index.search("Something else entirely", k=1)[0].doc_id == f"claim:{claim.pk}"


def test_search_indexed_answers_only_for_documents_the_index_holds_as_they_read_now(db):
    """An article's claims searched by their stored vectors: one edited since it was indexed, or
    never indexed, is left out (matched by its text instead); with no index yet, None."""
    first = make_claim(text="5G mobile networks spread the coronavirus")
    edited = make_claim(article=make_article(), text="5G masts spread covid, the post said")
    ids = [f"claim:{first.pk}", f"claim:{edited.pk}", "claim:999999"]
    texts = {ids[0]: first.match_text, ids[1]: edited.match_text}
    assert match_index.search_indexed(ids, texts=texts, k=5) is None  # nothing indexed, nothing built
    match_index.index_add_claims(claim_ids=[first.pk, edited.pk])
    found = match_index.search_indexed(
        ids, texts={**texts, ids[1]: "Something else entirely"}, k=5, exclude=frozenset(ids)
    )
    assert set(found) == {ids[0]}
    assert found[ids[0]] == []  # the other claim is left out of the ranking
    found = match_index.search_indexed(ids, texts=texts, k=5, exclude=frozenset(ids[:1]))
    assert set(found) == {ids[0], ids[1]}
    assert [h.doc_id for h in found[ids[0]]] == [ids[1]]
    index = match_index.current_index()
    assert found[ids[0]][0].indexed_text == index.texts[index.row_of[ids[1]]]  # what hits_resolve checks rows against


def test_a_missing_index_is_built_from_the_database(db):
    claim = make_claim(text="COVID-19 vaccines contain a microchip to track people")
    found = matching.match_text(text="the covid vaccine has a tracking microchip in it", top=3)
    assert found and found[0][0].claim == claim


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_matches_the_second_article_after_extraction(async_tasks):
    from conftest import rebuild_worker_match_index, wait_for

    rebuild_worker_match_index(async_tasks)
    first = ingest.article_ingest(text=FIRST)
    wait_for(lambda: Claim.objects.filter(article__jobs=first.pk, checkworthy=True).exists(), worker=async_tasks)
    second = ingest.article_ingest(text=SECOND)
    wait_for(lambda: ClaimMatch.objects.filter(claim__article__jobs=second.pk).exists(), worker=async_tasks)
    match = ClaimMatch.objects.get(claim__article__jobs=second.pk)
    assert match.matched_claim.article.jobs.get().pk == first.pk


def test_make_eval_reports_the_thresholds_on_stored_decisions(users, suggestion, capsys):
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("evaluation_matching", ROOT / "evaluation" / "matching.py")
    evaluation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluation)
    evaluation.print_decision_figures()
    assert "no confirmed or rejected match yet" in capsys.readouterr().out
    matching.match_confirm(match=suggestion.pk, actor=users["checker"])
    evaluation.print_decision_figures()
    out = capsys.readouterr().out
    assert "Stored decisions (1: 1 confirmed, 0 rejected)" in out
    assert "suggest       1     1.000   1.000" in out and "auto          0" in out


def test_new_claims_are_journaled_and_a_restart_replays_them(db, settings):
    claim = make_claim(text="5G mobile networks spread the coronavirus")
    match_index.index_add_claims(claim_ids=[claim.pk])  # no index yet: built from the database (a snapshot)
    snapshot = MatchSnapshot.objects.get()
    later = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    assert match_index.index_add_claims(claim_ids=[later.pk]) == 1
    # Appended to the journal (in the database, with its vectors); the snapshot was not rewritten.
    assert MatchSnapshot.objects.get() == snapshot
    entry = MatchJournalEntry.objects.get(doc_id=f"claim:{later.pk}")
    assert entry.pk > snapshot.upto and len(bytes(entry.vec_text)) == 2 * 512  # float16
    match_index.drop_local_copy()  # a restart, or another process
    assert match_index.search("Lady Gaga Oreo cookies", k=1)[0].doc_id == f"claim:{later.pk}"
    assert match_index.index_add_claims(claim_ids=[claim.pk, later.pk]) == 0  # both there after the replay


def test_claims_indexed_during_a_rebuild_stay_in_the_rebuilt_index(db):
    first = make_claim(text="5G mobile networks spread the coronavirus")
    match_index.index_add_claims(claim_ids=[first.pk])
    rebuilt = MatchIndex.rebuild(match_index.documents_from_database())  # the slow part, outside the lock
    meanwhile = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    assert match_index.index_add_claims(claim_ids=[meanwhile.pk]) == 1  # journaled into the old index
    assert match_index.index_replace(rebuilt) == 2
    match_index.drop_local_copy()
    assert match_index.search("Lady Gaga Oreo cookies", k=1)[0].doc_id == f"claim:{meanwhile.pk}"


def test_an_article_is_matched_with_one_fetch_and_one_insert_for_all_its_claims(db, django_assert_num_queries):
    earlier = [
        make_claim(article=make_article(), text=t)
        for t in (
            "The council said 2,400 homes were flooded in March",
            "The new bridge cost 3 billion euros to build",
            "5G mobile networks spread the coronavirus",
        )
    ]
    match_index.index_add_claims(claim_ids=[c.pk for c in earlier])
    article = make_article()
    new = [
        make_claim(article=article, text=t)
        for t in (
            "2,400 houses were flooded in March, the council said",
            "The bridge cost 3 billion euros, said the mayor",
            "5G networks spread the coronavirus, a post claims",
        )
    ]
    job = ExtractionJob.objects.create(
        source_kind="text", input_content="x", input_hash="h", article=article, status="succeeded", match_pending=True
    )
    DeskSettings.objects.update_or_create(
        pk=1, defaults={"match_suggest_threshold": 0.05, "match_auto_threshold": 1.0}
    )  # suggestions only
    # The job, its claims, thresholds, exclusions, one fetch of every hit, then one transaction:
    # lock the claims, known matches, one insert of matches and one of events (nothing per claim),
    # and the job no longer pending. The index (issue 27): three catch-ups with the journal in the
    # database (its snapshots, the journal's end — ids gone backwards mean the tables were made
    # again —, its new rows: 3 queries each; the one that finds rows checks that no prune ran
    # meanwhile) and one insert of the article's entries in a savepoint (+ the advisory
    # lock that orders writers on PostgreSQL).
    from django.db import connection

    index_queries = 3 * 3 + 1 + 3 + (connection.vendor == "postgresql")
    with django_assert_num_queries(15 + index_queries):  # 13 (published verdicts once) + a savepoint
        created = matching.match_new_claims(job_id=job.pk)
    assert created == 3 and not ExtractionJob.objects.get(pk=job.pk).match_pending
    assert {(m.claim_id, m.matched_claim_id) for m in ClaimMatch.objects.all()} == {
        (n.pk, e.pk) for n, e in zip(new, earlier, strict=True)
    }
    assert ClaimEvent.objects.filter(kind="matched").count() == 3
    ExtractionJob.objects.filter(pk=job.pk).update(match_pending=True)
    assert matching.match_new_claims(job_id=job.pk) == 0  # a rerun adds nothing


def test_undoing_two_links_from_one_article_leaves_no_appearance_behind(users):
    from factories import claim_in_state

    earlier = claim_in_state(
        "published",
        claim=make_claim(text="2,400 homes were flooded in March"),
        checker=users["checker"],
        editor=users["editor"],
    )
    article = make_article()
    first = make_claim(article=article, text="2,400 houses were flooded in March, the council said")
    second = make_claim(article=article, text="In March 2,400 homes flooded")
    links = []
    for claim in (first, second):  # the second link finds the appearance made by the first
        # Stored as the matcher stores what it found: automatic against a published verdict, so linked.
        (match,) = matching.matches_store(
            {claim.pk: [matching.Candidate(0.995, claim=earlier, evidence=True)]}, suggest=0.7, auto=0.97
        )
        assert (match.tier, match.decision) == ("auto", "confirmed")
        links.append(match)
    assert Appearance.objects.filter(claim=earlier, article=article).count() == 1
    matching.match_reject(match=links[0].pk, actor=users["checker"])  # the other link still relies on it
    assert Appearance.objects.filter(claim=earlier, article=article).exists()
    matching.match_reject(match=links[1].pk, actor=users["checker"])
    assert not Appearance.objects.filter(claim=earlier, article=article).exists()
    assert earlier.events.filter(kind="unlinked", actor=users["checker"]).count() == 1
    assert {c.status for c in Claim.objects.filter(pk__in=[first.pk, second.pk])} == {"new"}


def test_one_automatic_match_a_claim_the_next_above_auto_is_a_suggestion(users):
    """The machine links a claim to one published verdict, its best; a second candidate above the auto
    threshold waits for a checker (out of fold such second pairs were right 11 times in 15)."""
    from factories import claim_in_state, make_external_review

    best, second = (
        claim_in_state("published", claim=make_claim(text=text), checker=users["checker"], editor=users["editor"])
        for text in ("2,400 homes were flooded in March", "In March 2,400 houses flooded")
    )
    review = make_external_review(claim_reviewed="2,400 homes were flooded in March")
    claim = make_claim(text="2,400 houses were flooded in March, the council said")
    candidates = [
        matching.Candidate(0.995, claim=best, evidence=True),
        matching.Candidate(0.99, claim=second, evidence=True),
        matching.Candidate(0.98, review=review, evidence=True),
    ]
    assert matching_tiers(candidates) == ["auto", "suggest", "suggest"]
    stored = matching.matches_store({claim.pk: candidates}, suggest=0.7, auto=0.97)
    assert [(m.tier, m.decision) for m in stored] == [
        ("auto", "confirmed"),
        ("suggest", "pending"),
        ("suggest", "pending"),
    ]
    claim.refresh_from_db()
    assert claim.duplicate_of == best
    # A later run finds a new published twin above auto: the claim has its automatic match already.
    third = claim_in_state(
        "published",
        claim=make_claim(text="2,400 homes flooded in March"),
        checker=users["checker"],
        editor=users["editor"],
    )
    (later,) = matching.matches_store(
        {claim.pk: [matching.Candidate(0.999, claim=third, evidence=True)]}, suggest=0.7, auto=0.97
    )
    assert (later.tier, later.decision) == ("suggest", "pending")
    # Nothing qualifies for auto on its own (unpublished, or no hard evidence): the next one may.
    unpublished = make_claim(text="2,400 homes were flooded in March, officials said")
    candidates = [
        matching.Candidate(0.999, claim=unpublished, evidence=True),
        matching.Candidate(0.995, claim=best, evidence=False),
        matching.Candidate(0.99, claim=second, evidence=True),
    ]
    assert matching_tiers(candidates) == ["suggest", "suggest", "auto"]


def matching_tiers(candidates):
    published = matching.published_claim_ids(c.claim.pk for c in candidates if c.claim)
    return matching.tiers_of(candidates, suggest=0.7, auto=0.97, published=published)


def test_a_claim_said_in_many_earlier_articles_stores_only_its_best_matches(db, django_capture_on_commit_callbacks):
    variants = [
        FIRST,
        SECOND,
        *(
            f"The council said that 2,400 homes were flooded in March{tail}, twice as many as last year. It rained."
            for tail in (
                " this year",
                " in the city",
                " across the region",
                " alone",
                " of this year",
                " in the valley",
                " in total",
            )
        ),
    ]
    earlier = [
        c
        for text in variants
        for c in Claim.objects.filter(
            article_id=ingest_text(text, django_capture_on_commit_callbacks).article_id, checkworthy=True
        )
    ]
    latest = the_claim(
        ingest_text(
            "The council said 2,400 homes in the county were flooded in March, twice as many as last year. Snow fell.",
            django_capture_on_commit_callbacks,
        )
    )
    stored = list(ClaimMatch.objects.filter(claim=latest).order_by("-score"))
    suggest, _auto = selectors.match_thresholds()
    everything = matching.hits_resolve(
        match_index.search(latest.text, k=matching.SEARCH_DEPTH, title=latest.sentence),
        exclude_claim=latest.pk,
        exclude_article=latest.article_id,
    )
    above = sorted((c.score for c in everything if c.score >= suggest), reverse=True)
    assert len(above) > matching.MAX_STORED_MATCHES  # more earlier claims qualify than are kept
    assert len(stored) == matching.MAX_STORED_MATCHES
    assert [round(m.score, 6) for m in stored] == [round(s, 6) for s in above[: matching.MAX_STORED_MATCHES]]
    assert {m.matched_claim_id for m in stored} <= {c.pk for c in earlier}


def test_a_desk_auto_threshold_below_the_models_still_needs_hard_evidence(db, users):
    from factories import claim_in_state

    DeskSettings.objects.update_or_create(
        pk=1, defaults={"match_suggest_threshold": 0.05, "match_auto_threshold": 0.06}
    )
    first = make_claim(
        text="Acme Corp did not immediately respond to a request for comment on Tuesday.", checkworthy=True, score=0.9
    )
    claim_in_state("published", claim=first, checker=users["checker"], editor=users["editor"])
    second = make_claim(
        text="Globex did not immediately respond to a request for comment on Tuesday.", checkworthy=True, score=0.9
    )
    match_index.index_add_claims(claim_ids=[first.pk, second.pk])
    matching.match_claim(claim_id=second.pk)
    match = ClaimMatch.objects.get(claim=second, matched_claim=first)
    # Boilerplate about two different companies: above the desk's auto threshold, against a
    # published verdict, yet only a suggestion — the machine links nothing without hard evidence.
    assert match.score >= 0.06 and (match.tier, match.decision) == ("suggest", "pending")
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("new", None)


def test_a_claim_checked_by_another_fact_checker_goes_below_new_work_and_back_on_undo(users, client):
    """Issue 23, novelty: a claim linked to a published verdict elsewhere is checked already, not new work."""
    from factories import make_external_review

    new_work = make_claim(text="The port handled 40 million tonnes of cargo last year", score=0.7)
    claim = make_claim(article=make_article(), text="The new bridge cost 3 billion euros to build", score=0.8)
    Claim.objects.filter(pk__in=[new_work.pk, claim.pk]).update(priority=70, priority_base=70)
    Claim.objects.filter(pk=claim.pk).update(priority=80, priority_base=80)
    review = make_external_review()
    match = ClaimMatch.objects.create(claim=claim, external_review=review, score=0.95, tier="suggest")
    queue = lambda: [c.pk for c in selectors.claim_queue(user=users["checker"])]  # noqa: E731
    assert queue()[:2] == [claim.pk, new_work.pk]
    matching.match_confirm(match=match.pk, actor=users["checker"])
    claim.refresh_from_db()
    assert claim.status == "new" and claim.priority == 80 - matching.CHECKED_ELSEWHERE  # kept, not dismissed
    assert queue().index(new_work.pk) < queue().index(claim.pk)
    client.force_login(users["checker"])
    page = client.get(reverse("queue")).content.decode()
    assert f'class="checked-elsewhere" data-match="{match.pk}"' in page and review.publisher_name in page
    # A second link lowers it no further; undoing one while the other stands gives nothing back.
    other = ClaimMatch.objects.create(
        claim=claim, external_review=make_external_review(url="https://f.example/2"), score=0.9, tier="suggest"
    )
    matching.match_confirm(match=other.pk, actor=users["checker"])
    matching.match_reject(match=match.pk, actor=users["checker"])
    claim.refresh_from_db()
    assert claim.priority == 80 - matching.CHECKED_ELSEWHERE
    matching.match_reject(match=other.pk, actor=users["checker"])
    claim.refresh_from_db()
    assert claim.priority == 80 and queue()[0] == claim.pk
    assert claim.events.filter(data__has_key="priority_restored").count() == 1


def test_a_claim_is_indexed_by_its_standalone_text_and_an_edit_leaves_the_index_as_made(users):
    from claims.services import editing

    claim = make_claim(
        text="He said the plant will close next year",
        standalone="Elon Musk said the Tesla plant in Berlin will close next year",
    )
    match_index.index_add_claims(claim_ids=[claim.pk])
    hits = match_index.search("Musk says Tesla will close its Berlin plant", k=1)
    assert hits[0].doc_id == f"claim:{claim.pk}" and "berlin" in hits[0].indexed_text.lower()
    assert [c.claim for c in matching.hits_resolve(hits)] == [claim]
    # A person's edit changes what the desk reads, not what the claim was indexed and matched as.
    edited = editing.claim_edit(claim=claim, actor=users["checker"], standalone="Musk said the plant will close")
    assert edited.headline == "Musk said the plant will close"
    assert edited.match_text == "Elon Musk said the Tesla plant in Berlin will close next year"
    assert match_index.index_add_claims(claim_ids=[claim.pk]) == 0
    assert [c.claim for c in matching.hits_resolve(hits)] == [claim]
    # An index made before standalone texts were indexed (the exact span) is still the same row's.
    old = match_index.Hit(f"claim:{claim.pk}", 0.9, "He said the plant will close next year", False)
    assert [c.claim for c in matching.hits_resolve([old])] == [claim]
    assert matching.hits_resolve([match_index.Hit(f"claim:{claim.pk}", 0.9, "something else entirely", False)]) == []
