"""The claim selectors read directly: who may read, what the queue holds and in which order, its
filters and capped counts, the moves a user is offered, j/k neighbours and the article list."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from factories import claim_in_state, make_article, make_claim, with_its_appearance

from claims import selectors
from claims.choices import ClaimStatus, ClaimType, DismissReason
from claims.errors import NotPermitted
from claims.models import Claim
from claims.moves import Move

pytestmark = pytest.mark.django_db


def test_only_a_viewer_or_above_fetches_a_claim(viewer, nobody):
    claim = make_claim()
    assert selectors.claim_get_for_user(user=viewer, pk=claim.pk) == claim
    for someone in (nobody, AnonymousUser()):
        with pytest.raises(NotPermitted, match="needs the viewer role"):
            selectors.claim_get_for_user(user=someone, pk=claim.pk)
    with pytest.raises(Claim.DoesNotExist):
        selectors.claim_get_for_user(user=viewer, pk=claim.pk + 1000)


def test_the_queue_holds_check_worthy_claims_by_priority_then_newest(viewer, nobody):
    low = make_claim(priority=10.0)
    high = make_claim(priority=90.0)
    newer_low = make_claim(priority=10.0)
    hidden = make_claim(priority=99.0, checkworthy=False)
    assert list(selectors.claim_queue(user=viewer)) == [high, newer_low, low]
    assert list(selectors.claim_queue(user=viewer, include_hidden=True))[0] == hidden
    with pytest.raises(ValueError, match="Unknown status"):
        selectors.claim_queue(user=viewer, status="almost_done")
    with pytest.raises(NotPermitted):
        selectors.claim_queue(user=nobody)


def test_queue_filters_combine(viewer, checker):
    mine = make_claim(assignee=checker, status=ClaimStatus.IN_REVIEW, score=0.95, claimant="Jo Olsen")
    make_claim(status=ClaimStatus.TRIAGED, score=0.4, claim_type=ClaimType.PREDICTION)
    unassigned = make_claim(score=0.8, claimant="Mary Ames")

    def ids(user, **params):
        return {c.pk for c in selectors.claim_queue_filtered(user=user, params=params)}

    assert ids(checker, assignee="me") == {mine.pk}
    assert ids(viewer, assignee=str(checker.pk)) == {mine.pk}
    assert mine.pk not in ids(viewer, assignee="none")
    assert ids(viewer, min_score=0.75) == {mine.pk, unassigned.pk}
    assert ids(viewer, claim_type=ClaimType.PREDICTION, min_score=0.75) == set()
    assert ids(viewer, q="Olsen") == {mine.pk}  # the claimant is searched too
    assert ids(viewer, status=ClaimStatus.IN_REVIEW) == {mine.pk}


def test_state_counts_stop_past_the_cap(viewer):
    for _ in range(4):
        make_claim()
    make_claim(status=ClaimStatus.DISMISSED, dismiss_reason=DismissReason.NOT_IMPORTANT)
    counts = selectors.claim_state_counts(user=viewer, cap=2)
    assert counts[ClaimStatus.NEW] == 3  # "more than 2"
    assert counts[ClaimStatus.DISMISSED] == 1
    assert counts[ClaimStatus.PUBLISHED] == 0
    assert set(counts) == set(ClaimStatus.values)


@pytest.mark.parametrize(
    ("role", "state", "moves", "can_add_evidence", "can_edit_verdict"),
    [
        ("viewer", ClaimStatus.NEW, set(), False, False),
        ("checker", ClaimStatus.NEW, {Move.TRIAGE, Move.DISMISS}, False, False),  # evidence once triaged
        ("checker", ClaimStatus.IN_REVIEW, {Move.SUBMIT, Move.DISMISS}, True, True),
        # Another checker's claim: evidence yes; no moves on it, no verdict (an editor reassigns it).
        ("checker2", ClaimStatus.IN_REVIEW, set(), True, False),
        ("editor", ClaimStatus.AWAITING_APPROVAL, {Move.APPROVE, Move.REQUEST_CHANGES}, False, False),
    ],
)
def test_the_abilities_offered_follow_the_role_and_the_state(
    role, state, moves, can_add_evidence, can_edit_verdict, request, checker, editor
):
    user = request.getfixturevalue(role)
    claim = claim_in_state(state, checker=checker, editor=editor)  # the checker holds it from in_review on
    abilities = selectors.claim_abilities(user=user, claim=claim, verdict=selectors.claim_get_verdict(claim=claim))
    assert set(abilities["moves"]) == moves
    assert all(move.allowed_from(claim.status) for move in abilities["moves"])
    assert abilities["can_add_evidence"] is can_add_evidence
    assert abilities["can_edit_verdict"] is can_edit_verdict


def test_neighbours_follow_the_queue_order(viewer):
    first = make_claim(priority=30.0)
    middle = make_claim(priority=20.0)
    last = make_claim(priority=10.0)
    make_claim(priority=25.0, checkworthy=False)  # not in the queue: never a neighbour
    assert selectors.claim_neighbours(claim=middle) == (first.pk, last.pk)
    assert selectors.claim_neighbours(claim=first) == (None, middle.pk)
    assert selectors.claim_neighbours(claim=last) == (middle.pk, None)


def test_article_list_counts_its_claims_and_what_still_waits(viewer, nobody):
    article = make_article()
    with_its_appearance(make_claim(article=article))
    with_its_appearance(
        make_claim(article=article, status=ClaimStatus.DISMISSED, dismiss_reason=DismissReason.NOT_IMPORTANT)
    )
    with_its_appearance(make_claim(article=article, checkworthy=False))
    row = selectors.article_list(user=viewer).get(pk=article.pk)
    assert (row.claims_total, row.claims_queued) == (3, 1)
    with pytest.raises(NotPermitted, match="articles"):
        selectors.article_list(user=nobody)


def test_publishing_again_is_a_correction_that_asks_for_a_note(checker, editor, editor2):
    first = claim_in_state(ClaimStatus.AWAITING_APPROVAL, checker=checker, editor=editor)
    verdict = selectors.claim_get_verdict(claim=first)
    assert selectors.claim_abilities(user=editor2, claim=first, verdict=verdict)["republishing"] is False
    published = claim_in_state(ClaimStatus.PUBLISHED, checker=checker, editor=editor)
    verdict = selectors.claim_get_verdict(claim=published)
    assert selectors.claim_abilities(user=editor2, claim=published, verdict=verdict)["republishing"] is True
