"""Issue 25, item 1: a checker corrects what the machine got wrong — edits a claim's text, claimant
and type, splits one candidate in two, merges duplicates — each an audited event, with the
machine's original kept beside the edit; and item 2: the moves a page offers are exactly those the
services allow."""

from __future__ import annotations

import json

import pytest
from conftest import tasks_queued
from django.db import transaction
from django.urls import reverse
from factories import claim_in_state, make_article, make_claim, rating

from claims import desk_labels
from claims.errors import InvalidInput, InvalidTransition, NotPermitted, StaleVersion
from claims.exports.claimreview import claimreview, public_claims
from claims.exports.csv import verdict_row
from claims.extraction.dedup import fingerprint
from claims.models import Appearance, Claim, ClaimEvent, ClaimMatch, Verdict, WebhookDelivery, WebhookSubscription
from claims.moves import Move
from claims.services import editing, workflow


def fragment_claim():
    article = make_article(text="The Kremlin denied having any invasion plans, the agency said. Other text.")
    return make_claim(
        article=article,
        text="having any invasion plans",
        standalone="having any invasion plans",
        claimant="the agency",
        claim_type="quantity",
    )


def test_an_edit_changes_text_claimant_and_type_and_keeps_what_the_machine_said(db, users):
    claim = fragment_claim()
    edited = editing.claim_edit(
        claim=claim,
        actor=users["checker"],
        expected_version=1,
        standalone="Russia has no plans to invade Ukraine",
        claimant="the Kremlin",
        claim_type="official_position",
        note="A fragment",
    )
    edited.refresh_from_db()
    assert (edited.headline, edited.claimant, edited.claim_type) == (
        "Russia has no plans to invade Ukraine",
        "the Kremlin",
        "official_position",
    )
    assert edited.text == "having any invasion plans"  # the exact span stays where it is
    assert (edited.machine_standalone, edited.machine_claimant, edited.machine_claim_type) == (
        "having any invasion plans",
        "the agency",
        "quantity",
    )
    assert edited.machine_said == {
        "standalone": "having any invasion plans",
        "claimant": "the agency",
        "claim_type": "quantity",
    }
    assert edited.version == 2 and edited.edited_by == users["checker"]
    event = ClaimEvent.objects.get(claim=claim, kind="edited")
    assert event.actor == users["checker"] and event.note == "A fragment"
    assert event.data["changes"] == {
        "standalone": ["having any invasion plans", "Russia has no plans to invade Ukraine"],
        "claimant": ["the agency", "the Kremlin"],
        "claim_type": ["quantity", "official_position"],
    }


def test_a_second_edit_keeps_the_machines_first_words_and_records_only_what_changed(db, users):
    claim = fragment_claim()
    editing.claim_edit(claim=claim, actor=users["checker"], claimant="the Kremlin")
    editing.claim_edit(claim=claim, actor=users["editor"], claimant="Dmitry Peskov", claim_type="quote")
    claim.refresh_from_db()
    assert claim.machine_claimant == "the agency" and claim.machine_claim_type == "quantity"
    assert claim.machine_said == {"claimant": "the agency", "claim_type": "quantity"}  # the text was kept
    last = ClaimEvent.objects.filter(claim=claim, kind="edited").order_by("-id").first()
    assert last.data["changes"] == {"claimant": ["the Kremlin", "Dmitry Peskov"], "claim_type": ["quantity", "quote"]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"standalone": "   "}, "cannot be empty"),
        ({"standalone": "x" * 1001}, "1001 characters; the limit is 1000"),
        ({"claimant": ""}, "claimant cannot be empty"),
        ({"claim_type": "rumour"}, "Unknown claim type 'rumour'"),
        ({"claimant": "the agency"}, "Nothing to change"),
    ],
)
def test_bad_edits_are_refused_with_what_was_wrong(db, users, changes, message):
    claim = fragment_claim()
    with pytest.raises(InvalidInput, match=message):
        editing.claim_edit(claim=claim, actor=users["checker"], **changes)
    assert not ClaimEvent.objects.filter(claim=claim, kind="edited").exists()


def test_a_stale_edit_is_refused(db, users):
    claim = fragment_claim()
    editing.claim_edit(claim=claim, actor=users["checker"], claimant="the Kremlin", expected_version=1)
    with pytest.raises(StaleVersion):
        editing.claim_edit(claim=claim, actor=users["checker2"], claimant="Moscow", expected_version=1)
    assert Claim.objects.get(pk=claim.pk).claimant == "the Kremlin"


def test_who_may_edit_and_when(db, users):
    claim = fragment_claim()
    with pytest.raises(NotPermitted, match="viewer may not edit claims"):
        editing.claim_edit(claim=claim, actor=users["viewer"], claimant="X")
    in_review = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with pytest.raises(NotPermitted, match="Only the assigned checker"):
        editing.claim_edit(claim=in_review, actor=users["checker2"], claimant="X")
    editing.claim_edit(claim=in_review, actor=users["editor"], claimant="X")  # an editor may
    for state, hint in (
        ("awaiting_approval", "request changes first"),
        ("published", "reopen it for correction"),
        ("dismissed", "reopen it first"),
    ):
        other = claim_in_state(state, checker=users["checker"], editor=users["editor"])
        with pytest.raises(InvalidTransition, match=hint):
            editing.claim_edit(claim=other, actor=users["editor"], claimant="X")


def test_claimreview_exports_public_page_and_labels_use_the_edited_claim(
    db, users, client, django_capture_on_commit_callbacks
):
    claim = fragment_claim()
    WebhookSubscription.objects.create(
        owner=users["editor"], target_url="https://hooks.example.org/x", events=["verdict.published"], secret="s"
    )
    editing.claim_edit(
        claim=claim, actor=users["checker"], standalone="Russia has no plans to invade Ukraine", claimant="the Kremlin"
    )
    workflow.claim_triage(claim=claim, actor=users["checker"])
    # Published through the real services from triaged.
    workflow.claim_assign(claim=claim, actor=users["checker"], assignee=users["checker"])
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating(), headline="False: troops massed")
    workflow.claim_submit(claim=claim, actor=users["checker"])
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    with tasks_queued(), django_capture_on_commit_callbacks(execute=True):  # the delivery waits in the broker
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    review = claimreview(public_claims().get(pk=claim.pk))
    assert review["claimReviewed"] == "Russia has no plans to invade Ukraine"
    assert review["itemReviewed"]["author"]["name"] == "the Kremlin"
    payload = WebhookDelivery.objects.get(event="verdict.published").payload["data"]  # what the webhook carries
    assert (payload["claim_reviewed"], payload["claimant"]) == ("Russia has no plans to invade Ukraine", "the Kremlin")
    row = verdict_row(public_claims().get(pk=claim.pk))
    assert row[:2] == ["Russia has no plans to invade Ukraine", "the Kremlin"]
    public = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "Russia has no plans to invade Ukraine" in public and "having any invasion plans" not in public
    row = next(d for d in desk_labels.labels() if d.claim_id == claim.pk).as_row()
    assert row["machine"] == {
        "standalone": "having any invasion plans",
        "claimant": "the agency",
        "claim_type": "quantity",
    }
    assert row["desk"] == {
        "standalone": "Russia has no plans to invade Ukraine",
        "claimant": "the Kremlin",
        "claim_type": "quantity",
    }
    assert row["claimant"] == "the Kremlin" and row["label"] == 2
    json.dumps(row, default=str)


def test_split_makes_a_second_claim_at_the_same_place(db, users):
    article = make_article(text="Tanks are being withdrawn and troops are going home, Moscow said.")
    claim = make_claim(
        article=article, text="Tanks are being withdrawn and troops are going home", claimant="Moscow", score=0.8
    )
    Appearance.objects.create(
        claim=claim,
        article=article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        claimant="Moscow",
    )
    workflow.claim_triage(claim=claim, actor=users["checker"])
    kept, part = editing.claim_split(
        claim=claim,
        actor=users["checker"],
        expected_version=2,
        standalone="Russian tanks are being withdrawn from the border",
        new_standalone="Russian troops are going home",
        new_claim_type="quote",
        note="Two claims",
    )
    kept.refresh_from_db()
    assert kept.headline == "Russian tanks are being withdrawn from the border" and kept.version == 3
    assert kept.machine_standalone == "Tanks are being withdrawn and troops are going home"
    assert (part.headline, part.claimant, part.claim_type, part.status) == (
        "Russian troops are going home",
        "Moscow",
        "quote",
        "triaged",
    )
    assert (part.article_id, part.start, part.end, part.score) == (article.pk, claim.start, claim.end, 0.8)
    assert part.machine_standalone == "Tanks are being withdrawn and troops are going home"
    assert list(part.appearances.values_list("article_id", "start")) == [(article.pk, claim.start)]
    split = ClaimEvent.objects.get(claim=kept, kind="split")
    assert split.data["split_into"] == part.pk and split.actor == users["checker"] and split.note == "Two claims"
    created = ClaimEvent.objects.get(claim=part, kind="created")
    assert created.data["split_from"] == kept.pk and created.actor == users["checker"]


def test_split_refuses_twins_and_empty_parts(db, users):
    claim = make_claim(text="Prices rose and wages fell")
    other = make_claim(text="Wages fell", standalone="Wages fell")
    Claim.objects.filter(pk=other.pk).update(fingerprint=fingerprint("Wages fell"))
    with pytest.raises(InvalidInput, match="say the same"):
        editing.claim_split(
            claim=claim, actor=users["checker"], standalone="Prices rose", new_standalone="prices rose!"
        )
    with pytest.raises(InvalidInput, match="cannot be empty"):
        editing.claim_split(claim=claim, actor=users["checker"], standalone="Prices rose", new_standalone=" ")
    with pytest.raises(InvalidInput, match=f"Claim #{other.pk} already says"):
        editing.claim_split(claim=claim, actor=users["checker"], standalone="Prices rose", new_standalone="Wages fell")
    assert Claim.objects.count() == 2


def test_merge_dismisses_the_duplicate_with_a_link_and_moves_its_appearances(db, users):
    first, second = make_article(), make_article()
    kept = make_claim(article=first)
    duplicate = make_claim(article=second)
    for c, a in ((kept, first), (duplicate, second)):
        Appearance.objects.create(
            claim=c,
            article=a,
            sentence=c.sentence,
            start=c.start,
            end=c.end,
            sentence_start=c.sentence_start,
            sentence_end=c.sentence_end,
            claimant="X",
        )
    match = ClaimMatch.objects.create(claim=duplicate, matched_claim=kept, score=0.7, tier="suggest")
    result = editing.claim_merge(
        claim=duplicate, into=kept, actor=users["checker"], expected_version=1, note="Same claim"
    )
    duplicate.refresh_from_db()
    assert result.pk == kept.pk
    assert (duplicate.status, duplicate.dismiss_reason, duplicate.duplicate_of_id) == (
        "dismissed",
        "duplicate",
        kept.pk,
    )
    assert set(kept.appearances.values_list("article_id", flat=True)) == {first.pk, second.pk}
    assert ClaimMatch.objects.get(pk=match.pk).decision == "confirmed"
    moved = ClaimEvent.objects.get(claim=duplicate, kind="moved")
    assert moved.move == "dismiss" and moved.data["merged"] is True and moved.data["duplicate_of"] == kept.pk
    merged = ClaimEvent.objects.get(claim=kept, kind="merged")
    assert merged.data == {"merged": duplicate.pk, "appearances": 1} and merged.actor == users["checker"]
    # A duplicate dismissal says nothing about the sentence: no label.
    assert duplicate.pk not in {d.claim_id for d in desk_labels.labels()}


def test_dismissing_as_a_duplicate_through_the_service_itself_merges_into_the_kept_claim(db, users):
    """Not only the move dispatcher (claim page, bulk action, API): every caller of claim_dismiss."""
    first, second = make_article(), make_article()
    kept, duplicate = make_claim(article=first), make_claim(article=second)
    Appearance.objects.create(
        claim=duplicate,
        article=second,
        sentence=duplicate.sentence,
        start=duplicate.start,
        end=duplicate.end,
        sentence_start=duplicate.sentence_start,
        sentence_end=duplicate.sentence_end,
        claimant="X",
    )
    result = workflow.claim_dismiss(
        claim=duplicate.pk,
        actor=users["checker"],
        reason="duplicate",
        duplicate_of=kept.pk,
        note="Same claim",
        expected_version=1,
    )
    assert result.pk == duplicate.pk  # the dismissed claim, as for every other reason
    assert (result.status, result.dismiss_reason, result.duplicate_of_id) == ("dismissed", "duplicate", kept.pk)
    assert second.pk in set(kept.appearances.values_list("article_id", flat=True))
    assert ClaimEvent.objects.get(claim=duplicate, kind="moved").data["merged"] is True
    assert ClaimEvent.objects.get(claim=kept, kind="merged").data["merged"] == duplicate.pk
    with pytest.raises(InvalidInput, match="into itself") as refused:
        workflow.claim_dismiss(claim=kept, actor=users["checker"], reason="duplicate", duplicate_of=kept)
    assert refused.value.extra["field"] == "duplicate_of"  # the dismissal's word for the kept claim
    with pytest.raises(InvalidInput, match="Name the claim"):
        workflow.claim_dismiss(claim=kept, actor=users["checker"], reason="duplicate")


def test_merge_refuses_itself_a_dismissed_target_and_a_published_duplicate(db, users):
    a, b = make_claim(), make_claim()
    with pytest.raises(InvalidInput, match="into itself"):
        editing.claim_merge(claim=a, into=a.pk, actor=users["checker"])
    with pytest.raises(InvalidInput, match="no claim #999999"):
        editing.claim_merge(claim=a, into=999999, actor=users["checker"])
    workflow.claim_dismiss(claim=b, actor=users["checker"], reason="duplicate", duplicate_of=a)
    with pytest.raises(InvalidInput, match=f"dismissed \\(it duplicates #{a.pk}"):
        editing.claim_merge(claim=make_claim(), into=b, actor=users["checker"])
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidTransition, match="reopen it for correction"):
        editing.claim_merge(claim=published, into=a, actor=users["editor"])
    with pytest.raises(NotPermitted):
        editing.claim_merge(claim=a, into=make_claim(), actor=users["viewer"])


# --- Item 2: the moves shown are the moves allowed ------------------------------------------

STATES = ["new", "triaged", "in_review", "awaiting_approval", "approved", "published", "dismissed"]
ROLES = ["viewer", "checker", "checker2", "editor", "editor2", "admin"]
INPUT = {
    "dismiss": {"reason": "not_important"},
    "reopen": {"note": "why"},
    "request_changes": {"note": "why"},
    "reopen_for_correction": {"note": "why"},
    "correct": {"note": "why"},
    "publish": {"note": "corrected"},
}


@pytest.mark.parametrize("state", STATES)
def test_the_moves_listed_are_exactly_those_the_services_allow(db, users, state):
    claim = claim_in_state(state, checker=users["checker"], editor=users["editor"])
    for role in ROLES:
        actor = users[role]
        listed = workflow.moves_open_to(actor=actor, claim=claim, verdict=Verdict.objects.filter(claim=claim).first())
        for move in Move.workflow():
            try:
                with transaction.atomic():
                    workflow.claim_move(move=move, claim=claim.pk, actor=actor, **INPUT.get(move, {}))
                    raise _RolledBack
            except _RolledBack:
                allowed = True
            except (InvalidTransition, NotPermitted, InvalidInput):
                allowed = False
            assert (move in listed) == allowed, (state, role, move, listed)


class _RolledBack(Exception):
    """Undo a move that succeeded, to try the next one on the same claim."""


def test_the_issues_controls_are_gone(db, users):
    checker, editor = users["checker"], users["editor"]
    mine = claim_in_state("in_review", checker=checker, editor=editor)
    assert "assign" not in workflow.moves_open_to(actor=checker, claim=mine, verdict=mine.verdict)
    waiting = claim_in_state("awaiting_approval", checker=checker, editor=editor)
    assert "publish" not in workflow.moves_open_to(actor=editor, claim=waiting, verdict=waiting.verdict)
    assert "approve" in workflow.moves_open_to(actor=editor, claim=waiting, verdict=waiting.verdict)
    approved = claim_in_state("approved", checker=checker, editor=editor)
    moves = workflow.moves_open_to(actor=users["editor2"], claim=approved, verdict=approved.verdict)
    assert "approve" not in moves and "publish" in moves


def test_assigning_a_claim_to_its_own_assignee_is_refused_not_recorded(db, users):
    mine = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    events = ClaimEvent.objects.filter(claim=mine).count()
    with pytest.raises(InvalidInput, match="already assigned to you"):
        workflow.claim_assign(claim=mine, actor=users["checker"], assignee=users["checker"])
    with pytest.raises(InvalidInput, match="already assigned to chris"):
        workflow.claim_assign(claim=mine, actor=users["editor"], assignee=users["checker"])
    assert ClaimEvent.objects.filter(claim=mine).count() == events
    assert Claim.objects.get(pk=mine.pk).version == mine.version
    workflow.claim_assign(claim=mine, actor=users["editor"], assignee=users["checker2"])  # a real reassignment
