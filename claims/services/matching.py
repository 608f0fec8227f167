"""Claim matching in the desk: ClaimMatch rows, their tiers and links, checkers' decisions.

The index searched — each process's copy, kept current from the journal and snapshots in the
database — is ``services.match_index``; every hit it returns is checked here against its row
(``hits_resolve``) before it is shown or stored.

Linking
-------
``match_claim`` stores a ClaimMatch for each candidate whose calibrated same-claim
probability (``claims.matching.sameclaim``) reaches the *suggest* threshold: a
suggestion (tier suggest, decision pending) that a checker confirms or declines
with one click, in the queue or on the claim page. The *auto* tier is only for
verdicts already published: from the auto threshold up, a candidate that is an
imported review, or one of our claims with a published verdict, is linked at once
(tier auto, decision confirmed, no decider) — one a claim, its best such candidate
(``tiers_of``: a second above auto is a suggestion). For an earlier **claim** the link
keeps the work on it: it gets an Appearance in the new claim's article, and the
new claim — if nobody has worked on it yet (new or triaged) — is dismissed as its
duplicate, since it is checked already. An external review is only linked (shown
with the claim). **A claim is never dismissed by the machine because it resembles
unreviewed work.** Every automatic link is an event in the claim's history with an
undo (``match_reject``: the appearance it added is removed and the claim goes back
to the state it had). ``auto_links_to_unpublished`` / ``match_demote`` find and
turn back into suggestions the links an older version made against unpublished claims
(``manage.py review_auto_matches``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from .. import selectors, tasks
from ..choices import ClaimStatus, DismissReason
from ..errors import InvalidInput, InvalidTransition
from ..matching import sameclaim
from ..matching import text as textmod
from ..matching.index import Document, MatchIndex
from ..models import (
    Appearance,
    Claim,
    ClaimEvent,
    ClaimMatch,
    ExternalReview,
    ExtractionJob,
    Verdict,
)
from ..moves import Move
from ..permissions import require_permission
from . import match_index
from .changes import record_move
from .priority import CHECKED_ELSEWHERE, claims_priority_refresh

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 5000
MAX_TOP = 20
SEARCH_DEPTH = 30  # hits asked of the index per claim: room for excluded and stale ones
# The most matches stored for one claim: its best ones. A checker decides a handful of
# suggestions, not thirty (a story covered all week would otherwise store a match with every
# earlier article's claim, and cost the matching worker a row, an event and a fetch for each).
MAX_STORED_MATCHES = 5
UNWORKED = (ClaimStatus.NEW, ClaimStatus.TRIAGED)  # states in which a duplicate can be dismissed
# CHECKED_ELSEWHERE (services.priority): the points a claim loses while it is linked to another
# fact-checker's published verdict: checked already, it goes below new work in the queue, not out.

# --- Candidates, checked against the database ----------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    score: float
    claim: Claim | None = None
    review: ExternalReview | None = None
    evidence: bool = True  # may reach the auto tier (``Hit.evidence``), whatever the desk's threshold

    @property
    def key(self) -> tuple[str, int]:
        return ("claim", self.claim.pk) if self.claim else ("review", self.review.pk)


def _fetch(hits: list[match_index.Hit]) -> tuple[dict, dict]:
    """The claims and reviews the hits name, in two queries."""
    claim_ids: set[int] = set()
    review_ids: set[int] = set()
    for hit in hits:
        kind, _, pk = hit.doc_id.partition(":")
        (claim_ids if kind == "claim" else review_ids).add(int(pk))
    claims = Claim.objects.select_related("duplicate_of").in_bulk(claim_ids) if claim_ids else {}
    reviews = ExternalReview.objects.defer("raw").in_bulk(review_ids) if review_ids else {}
    return claims, reviews


def hits_resolve(
    hits: list[match_index.Hit],
    *,
    exclude_claim: int | None = None,
    exclude_article: int | None = None,
    rows: tuple[dict, dict] | None = None,
) -> list[Candidate]:
    """The index's hits (``match_index.search``) that are still true in the database, as candidates,
    best first: a hit whose row is gone or reads another text now is dropped, a duplicate stands for
    the claim it duplicates, ``exclude_claim`` / ``exclude_article`` are left out. Every hit shown or
    stored goes through here.

    ``rows``: the claims and reviews already fetched (``_fetch``) for several claims' hits at once.
    """
    claims, reviews = rows if rows is not None else _fetch(hits)
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        kind, _, pk = hit.doc_id.partition(":")
        row = claims.get(int(pk)) if kind == "claim" else reviews.get(int(pk))
        # A claim is indexed by its match_text; an index made before that (claim.text) is still the
        # same row's until rebuilt (manage.py rebuild_match_index).
        texts = ((row.match_text, row.text) if kind == "claim" else (row.claim_reviewed,)) if row is not None else ()
        if not any(textmod.normalise(text) == hit.indexed_text for text in texts):
            continue  # stale: deleted, or the id now names another row
        if kind == "claim":
            claim = row.duplicate_of if row.duplicate_of_id else row
            if claim.pk == exclude_claim or claim.article_id == exclude_article or row.pk == exclude_claim:
                continue
            candidate = Candidate(hit.score, claim=claim, evidence=hit.evidence)
        else:
            candidate = Candidate(hit.score, review=row, evidence=hit.evidence)
        if candidate.key not in seen:
            seen.add(candidate.key)
            out.append(candidate)
    return out


def match_text(*, text: str, top: int = 5) -> list[tuple[Candidate, str]]:
    """Rank the desk's claims and imported reviews against ``text``: [(candidate, tier)], best first.

    The tier is ``auto``, ``suggest`` or ``none`` by the desk's thresholds. Raises
    InvalidInput for empty or overlong text, or ``top`` outside 1..20, and IndexNotReady
    when there is no index yet (its build is queued).
    """
    if not text or not text.strip() or not textmod.normalise(text):
        raise InvalidInput("The text is empty.")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"The text is {len(text):,} characters; the limit is {MAX_QUERY_CHARS:,}.")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top must be between 1 and {MAX_TOP}.")
    suggest, auto = selectors.match_thresholds()
    candidates = hits_resolve(match_index.search(text, k=top + SEARCH_DEPTH, build=False))[:top]
    published = published_claim_ids(c.claim.pk for c in candidates if c.claim)
    return list(zip(candidates, tiers_of(candidates, suggest=suggest, auto=auto, published=published), strict=True))


# --- Matching a claim --------------------------------------------------------------------------


def match_claim(*, claim_id: int) -> list[ClaimMatch]:
    """Store the claim's matches from the suggest threshold up; link those from auto up. Idempotent.

    Returns the ClaimMatch rows created by this call (none on a rerun).
    """
    claim = Claim.objects.filter(pk=claim_id).only(*match_index.MATCH_TEXT_FIELDS, "article_id").first()
    if claim is None:
        return []
    suggest, auto = selectors.match_thresholds()
    # Itself and its article's other claims are left out of the ranking, not just of the result.
    exclude = frozenset(
        f"claim:{pk}" for pk in Claim.objects.filter(article_id=claim.article_id).values_list("pk", flat=True)
    )
    # The search (encoding, re-ranking) runs outside the transaction: no row is locked meanwhile.
    candidates = match_candidates(
        text=claim.match_text,
        title=claim.sentence,
        suggest=suggest,
        exclude=exclude,
        exclude_claim=claim.pk,
        exclude_article=claim.article_id,
    )
    return matches_store({claim.pk: candidates}, suggest=suggest, auto=auto)


def match_candidates(
    *,
    text: str,
    title: str,
    suggest: float,
    exclude: frozenset[str] = frozenset(),
    exclude_claim: int | None = None,
    exclude_article: int | None = None,
) -> list[Candidate]:
    """The candidates for one claim or reader request from the ``suggest`` threshold up, checked
    against the database, best first (``exclude``: documents left out of the ranking; the rest as
    ``hits_resolve``). Hits below suggest would be dropped anyway: not fetched and checked either."""
    hits = _best(
        [h for h in match_index.search(text, k=SEARCH_DEPTH, exclude=exclude, title=title) if h.score >= suggest]
    )
    return hits_resolve(hits, exclude_claim=exclude_claim, exclude_article=exclude_article)


def _best(hits: list[match_index.Hit]) -> list[match_index.Hit]:
    """The hits worth fetching for one claim: the best by score, with room for those that turn
    out stale or duplicates of one another (``hits_resolve``); at most MAX_STORED_MATCHES are kept."""
    return sorted(hits, key=lambda h: -h.score)[: 2 * MAX_STORED_MATCHES]


def published_claim_ids(claim_ids) -> set[int]:
    """Those of the claims that have a published verdict (published, or reopened for a correction
    of a published verdict): the only claims the automatic tier may link a new claim to."""
    ids = {pk for pk in claim_ids if pk is not None}
    if not ids:
        return set()
    return set(Verdict.objects.filter(claim_id__in=ids, published_at__isnull=False).values_list("claim_id", flat=True))


def tier_of(candidate: Candidate, *, suggest: float, auto: float, published: set[int]) -> str:
    """The tier a candidate gets: ``auto`` only from the auto threshold up **and** against a verdict
    already published (an imported review, or one of our claims with a published verdict); a claim
    nobody has published is at most a suggestion, whatever its score, so the machine never
    removes work because it resembles unreviewed work. A pair without hard evidence (boilerplate, no
    shared rare word or number) is never linked either, even where a desk set auto below the model's."""
    if (
        candidate.score >= auto
        and candidate.evidence
        and (candidate.review is not None or candidate.claim.pk in published)
    ):
        return ClaimMatch.Tier.AUTO.value
    return ClaimMatch.Tier.SUGGEST.value if candidate.score >= suggest else "none"


def tiers_of(
    candidates: list[Candidate], *, suggest: float, auto: float, published: set[int], auto_taken: bool = False
) -> list[str]:
    """The tiers of one claim's candidates (best first): ``tier_of`` each, with at most one automatic
    match a claim — the best candidate that qualifies; a later one from the auto threshold up is a
    suggestion a checker confirms (on the training pairs, out of fold, such second automatic pairs
    were right 11 times in 15, the first ones 97 %). ``auto_taken``: the claim has one already."""
    tiers = []
    for candidate in candidates:
        tier = tier_of(candidate, suggest=suggest, auto=auto, published=published)
        if tier == ClaimMatch.Tier.AUTO.value:
            if auto_taken:
                tier = ClaimMatch.Tier.SUGGEST.value
            auto_taken = True
        tiers.append(tier)
    return tiers


@transaction.atomic
def matches_store(candidates_by_claim: dict[int, list[Candidate]], *, suggest: float, auto: float) -> list[ClaimMatch]:
    """Store the candidates found for each claim ({claim id: candidates, best first}) as its new
    matches, in their tiers by ``suggest`` / ``auto`` (``tier_of``): one insert for all, the automatic
    ones linked, a ``matched`` event each. A pair already stored is skipped (a rerun adds nothing).
    Returns the ClaimMatch rows created; ``match_claim`` and an article's matching search, then call this."""
    claim_ids = sorted(pk for pk, candidates in candidates_by_claim.items() if candidates)
    if not claim_ids:
        return []
    claims = {
        c.pk: c
        for c in Claim.objects.select_for_update().select_related("article").filter(pk__in=claim_ids).order_by("pk")
    }
    stored = list(
        ClaimMatch.objects.filter(claim_id__in=claim_ids).values_list(
            "claim_id", "matched_claim_id", "external_review_id", "tier"
        )
    )
    known = {(pk, matched, review) for pk, matched, review, _tier in stored}
    with_auto = {pk for pk, _matched, _review, tier in stored if tier == ClaimMatch.Tier.AUTO}
    published = published_claim_ids(c.claim.pk for cs in candidates_by_claim.values() for c in cs if c.claim)
    now = timezone.now()
    created: list[ClaimMatch] = []
    for pk in claim_ids:
        if pk not in claims:
            continue  # deleted meanwhile
        candidates = candidates_by_claim[pk][:MAX_STORED_MATCHES]
        tiers = tiers_of(candidates, suggest=suggest, auto=auto, published=published, auto_taken=pk in with_auto)
        for candidate, tier in zip(candidates, tiers, strict=True):
            key = (
                pk,
                candidate.claim.pk if candidate.claim else None,
                candidate.review.pk if candidate.review else None,
            )
            if key in known or tier == "none":
                continue
            known.add(key)
            is_auto = tier == ClaimMatch.Tier.AUTO
            created.append(
                ClaimMatch(
                    claim=claims[pk],
                    matched_claim=candidate.claim,
                    external_review=candidate.review,
                    score=min(1.0, max(0.0, candidate.score)),
                    tier=tier,
                    decision=ClaimMatch.Decision.CONFIRMED if is_auto else ClaimMatch.Decision.PENDING,
                    decided_at=now if is_auto else None,
                )
            )
    if not created:
        return []
    ClaimMatch.objects.bulk_create(created)  # primary keys come back (PostgreSQL, SQLite >= 3.35)
    linked = {pk: claim.duplicate_of_id is not None for pk, claim in claims.items()}
    events = []
    for match in created:
        data = _event_data(match)
        if match.tier == ClaimMatch.Tier.AUTO and match.matched_claim is not None and not linked[match.claim_id]:
            data.update(
                _link_same_claim(
                    match.claim,
                    match.matched_claim,
                    actor=None,
                    match=match,
                    published=match.matched_claim_id in published,
                )
            )
            linked[match.claim_id] = True
        elif match.tier == ClaimMatch.Tier.AUTO and match.external_review_id is not None:
            data.update(_lower_checked_elsewhere(match.claim, match))
        events.append(ClaimEvent(claim=match.claim, kind=ClaimEvent.Kind.MATCHED, data=data))
    ClaimEvent.objects.bulk_create(events)
    return created


def _event_data(match: ClaimMatch) -> dict:
    return {
        "match": match.pk,
        "score": match.score,
        "tier": match.tier,
        "matched_claim": match.matched_claim_id,
        "external_review": match.external_review_id,
    }


def _link_same_claim(claim: Claim, earlier: Claim, *, actor: User | None, match: ClaimMatch, published: bool) -> dict:
    """The new claim states the earlier one: an appearance of the earlier claim in this article,
    and the new claim dismissed as its duplicate when nobody has worked on it yet. ``published``:
    the earlier claim has a published verdict (said in the note and the event)."""
    done: dict = {"published": published}
    if not Appearance.objects.filter(claim=earlier, article_id=claim.article_id).exists():
        appearance = Appearance.objects.create(
            claim=earlier,
            article_id=claim.article_id,
            sentence=claim.sentence,
            start=claim.start,
            end=claim.end,
            sentence_start=claim.sentence_start,
            sentence_end=claim.sentence_end,
            claimant=claim.claimant,
        )
        ClaimEvent.objects.create(
            claim=earlier,
            actor=actor,
            kind=ClaimEvent.Kind.APPEARED,
            data={"article": claim.article_id, "match": match.pk, "via_claim": claim.pk, "appearance": appearance.pk},
        )
        done["appearance"] = appearance.pk
    if claim.status in UNWORKED and claim.duplicate_of_id is None:
        done["undo_status"] = claim.status
        claim.dismiss_reason = DismissReason.DUPLICATE
        claim.duplicate_of = earlier
        claim.dismiss_note = (
            f"The same claim as #{earlier.pk}{', checked and published already' if published else ''} "
            f"(match score {match.score:.2f})."
        )
        record_move(
            claim,
            move="dismiss",
            actor=actor,
            to_status=ClaimStatus.DISMISSED,
            note=claim.dismiss_note,
            data={"match": match.pk},
            fields=["dismiss_reason", "duplicate_of", "dismiss_note"],
        )
    return done


def _lower_checked_elsewhere(claim: Claim, match: ClaimMatch) -> dict:
    """A link to another fact-checker's published verdict: the claim is new work no more. If nobody
    has worked on it, it moves below new work in the queue (``Claim.priority_lowered``: its
    priority lowered by CHECKED_ELSEWHERE, once however many such links it has, by
    ``services.priority``); undoing the last link gives the points back."""
    if claim.status not in UNWORKED or not Claim.objects.filter(pk=claim.pk, priority_lowered=False).update(
        priority_lowered=True
    ):
        return {}
    claims_priority_refresh(claim_ids=[claim.pk])
    return {"priority_lowered": CHECKED_ELSEWHERE}


def _restore_checked_elsewhere(claim: Claim, match: ClaimMatch) -> dict:
    """Undo ``_lower_checked_elsewhere`` once no confirmed link to another fact-checker's verdict is left."""
    if ClaimMatch.objects.filter(
        claim=claim, external_review__isnull=False, decision=ClaimMatch.Decision.CONFIRMED
    ).exclude(pk=match.pk).exists() or not Claim.objects.filter(pk=claim.pk, priority_lowered=True).update(
        priority_lowered=False
    ):
        return {}
    claims_priority_refresh(claim_ids=[claim.pk])
    return {"priority_restored": CHECKED_ELSEWHERE}


def _unlink_same_claim(
    claim: Claim, match: ClaimMatch, *, actor: User | None, why: str = "The match was rejected"
) -> dict:
    """Undo what ``_link_same_claim`` did for this match, where nobody has changed it since."""
    undone: dict = {}
    # The appearance of the earlier claim in this article stays while another confirmed link from
    # this article relies on it; once none does, it goes, whichever link made it (a second link
    # from the same article found it there and recorded none). Appearances no link made (the
    # extraction's own, an identical text) are never touched.
    if (
        match.matched_claim_id
        and not ClaimMatch.objects.filter(
            claim__article_id=claim.article_id,
            matched_claim_id=match.matched_claim_id,
            decision=ClaimMatch.Decision.CONFIRMED,
        )
        .exclude(pk=match.pk)
        .exists()
    ):
        linked = ClaimEvent.objects.filter(
            claim__article_id=claim.article_id,
            kind__in=[ClaimEvent.Kind.MATCHED, ClaimEvent.Kind.MATCH_CONFIRMED],
            data__appearance__isnull=False,
        )
        links = {event.data.get("match"): event.data["appearance"] for event in linked}
        made = [
            appearance
            for pk, appearance in links.items()
            if pk is not None and ClaimMatch.objects.filter(pk=pk, matched_claim_id=match.matched_claim_id).exists()
        ]
        if made:
            removed = Appearance.objects.filter(
                pk__in=made, claim_id=match.matched_claim_id, article_id=claim.article_id
            ).delete()[0]
            undone["appearance_removed"] = bool(removed)
            if removed:
                ClaimEvent.objects.create(
                    claim_id=match.matched_claim_id,
                    actor=actor,
                    kind=ClaimEvent.Kind.UNLINKED,
                    note=why,
                    data={"article": claim.article_id, "match": match.pk, "via_claim": claim.pk},
                )
    for event in ClaimEvent.objects.filter(
        claim=claim, kind__in=[ClaimEvent.Kind.MATCHED, ClaimEvent.Kind.MATCH_CONFIRMED]
    ):
        data = event.data or {}
        if data.get("match") != match.pk:
            continue
        if (
            data.get("undo_status")
            and claim.status == ClaimStatus.DISMISSED
            and claim.duplicate_of_id == match.matched_claim_id
        ):
            claim.dismiss_reason, claim.dismiss_note, claim.duplicate_of = "", "", None
            record_move(
                claim,
                move=Move.UNDO_DUPLICATE,
                actor=actor,
                to_status=data["undo_status"],
                note=why,
                data={"match": match.pk},
                fields=["dismiss_reason", "duplicate_of", "dismiss_note"],
            )
            undone["restored"] = data["undo_status"]
    return undone


def match_new_claims(*, job_id: int) -> int:
    """After an extraction job: index the article's new check-worthy claims and match each. Idempotent.

    Returns how many ClaimMatch rows were created. The job's ``match_pending`` is cleared once
    its claims are indexed and matched (a message lost on the way is re-sent: ``jobs_rematch_pending``).
    """
    read = ExtractionJob.objects.filter(pk=job_id).values_list("match_pending", "updated_at", "article_id").first()
    if read is None or not read[0]:
        return 0  # gone, or matched already (a re-sent copy that waited in the queue)
    pending, updated_at, article_id = read
    created = _match_article(article_id) if article_id is not None else 0
    # Only as read: if the job was saved again meanwhile, its own (newer) message clears it.
    ExtractionJob.objects.filter(pk=job_id, match_pending=True, updated_at=updated_at).update(
        match_pending=False, updated_at=timezone.now()
    )
    return created


def jobs_rematch_pending(*, older_than_seconds: float, limit: int = 500) -> int:
    """Re-send the matching of jobs whose claims still wait for it after ``older_than_seconds``
    (its message died with the broker, or its worker with it). Each is taken with a conditional
    UPDATE of ``updated_at``, so a job is re-sent at most once a period and never by two senders
    at once; a copy sent twice is harmless (matching adds nothing the second time)."""
    before = timezone.now() - timedelta(seconds=older_than_seconds)
    waiting = (
        ExtractionJob.objects.filter(match_pending=True, updated_at__lt=before)
        .order_by("updated_at")
        .values_list("pk", "updated_at")[:limit]
    )
    sent = 0
    for pk, updated_at in waiting:
        if ExtractionJob.objects.filter(pk=pk, match_pending=True, updated_at=updated_at).update(
            updated_at=timezone.now()
        ):
            sent += _send_matching(pk)
    return sent


def _match_article(article_id: int) -> int:
    claim_ids = list(
        Claim.objects.filter(article_id=article_id, checkworthy=True).order_by("pk").values_list("pk", flat=True)
    )
    if not claim_ids:
        return 0
    match_index.index_add_claims(claim_ids=claim_ids)
    suggest, auto = selectors.match_thresholds()
    # Every claim of the article is left out of each one's ranking (not just of the result).
    exclude = frozenset(
        f"claim:{pk}" for pk in Claim.objects.filter(article_id=article_id).values_list("pk", flat=True)
    )
    texts = {
        f"claim:{c.pk}": c.match_text
        for c in Claim.objects.filter(pk__in=claim_ids).only(*match_index.MATCH_TEXT_FIELDS)
    }
    # One index load for the article; the claims were just indexed, so their stored vectors
    # serve as queries and nothing is embedded twice. Outside any transaction: no row locked.
    doc_ids = [f"claim:{pk}" for pk in claim_ids]
    found = match_index.search_indexed(doc_ids, texts=texts, k=SEARCH_DEPTH, exclude=exclude, min_same=suggest)
    if found is None:  # nothing on disk (removed meanwhile): one by one, rebuilding as needed
        return sum(len(match_claim(claim_id=pk)) for pk in claim_ids)
    pairs = list(zip(claim_ids, doc_ids, strict=True))
    hits_by_claim = {pk: _best(found[doc_id]) for pk, doc_id in pairs if doc_id in found}
    slow = [pk for pk, doc_id in pairs if doc_id not in found]  # not indexed as it reads now (edited meanwhile)
    # One fetch of every hit's row and one transaction for the whole article.
    rows = _fetch([hit for hits in hits_by_claim.values() for hit in hits])
    candidates = {
        pk: hits_resolve(hits, exclude_claim=pk, exclude_article=article_id, rows=rows)
        for pk, hits in hits_by_claim.items()
    }
    created = len(matches_store(candidates, suggest=suggest, auto=auto))
    return created + sum(len(match_claim(claim_id=pk)) for pk in slow)


def new_claims_saved(*, job_id: int) -> None:
    """Called by the extraction save: match the job's claims in the background after commit.

    The job row is the outbox (``match_pending``, set by the save): if the broker cannot take
    the task just then (a restart), or loses it, the periodic requeue re-sends it
    (``jobs_rematch_pending``) — the saved job never fails for it, and the extraction worker
    never loads the matching model itself.
    """
    transaction.on_commit(lambda: _send_matching(job_id), robust=True)


def _send_matching(job_id: int) -> bool:
    try:
        tasks.match_new_claims.delay(job_id)
    except Exception:  # noqa: BLE001 - any broker failure: the job stays pending and is re-sent
        logger.warning(
            "Matching for job %s could not be queued; it stays pending and will be re-sent", job_id, exc_info=True
        )
        return False
    return True


# --- Decisions -----------------------------------------------------------------------------------


def _decide(*, match: ClaimMatch | int, actor: User, to: str, allowed_from: tuple[str, ...]) -> ClaimMatch:
    verb = "confirm" if to == ClaimMatch.Decision.CONFIRMED else "reject"
    require_permission(actor, "triage_claim", f"{verb} matches")
    match_id = match.pk if isinstance(match, ClaimMatch) else match
    current = ClaimMatch.objects.select_related("claim").filter(pk=match_id).first()
    if current is None:
        raise InvalidInput(f"There is no match {match_id}.")
    if current.decision not in allowed_from:
        raise InvalidTransition(
            f"This match is already {current.decision}; it cannot be {verb}ed.", extra={"decision": current.decision}
        )
    # Optimistic: only the decision as read is replaced; whoever came second learns of it.
    now = timezone.now()
    if not ClaimMatch.objects.filter(pk=current.pk, decision=current.decision).update(
        decision=to, decided_by=actor, decided_at=now
    ):
        decision = ClaimMatch.objects.filter(pk=current.pk).values_list("decision", flat=True).first()
        raise InvalidTransition(
            f"Someone else decided this match meanwhile: it is now {decision}.", extra={"decision": decision}
        )
    claim = Claim.objects.select_for_update().get(pk=current.claim_id)
    data = {**_event_data(current), "from": current.decision}
    if current.matched_claim_id:
        if to == ClaimMatch.Decision.CONFIRMED:
            data.update(
                _link_same_claim(
                    claim,
                    current.matched_claim,
                    actor=actor,
                    match=current,
                    published=bool(published_claim_ids([current.matched_claim_id])),
                )
            )
        elif current.decision == ClaimMatch.Decision.CONFIRMED:
            data.update(_unlink_same_claim(claim, current, actor=actor))
    elif to == ClaimMatch.Decision.CONFIRMED:
        data.update(_lower_checked_elsewhere(claim, current))
    elif current.decision == ClaimMatch.Decision.CONFIRMED:
        data.update(_restore_checked_elsewhere(claim, current))
    kind = ClaimEvent.Kind.MATCH_CONFIRMED if to == ClaimMatch.Decision.CONFIRMED else ClaimEvent.Kind.MATCH_REJECTED
    ClaimEvent.objects.create(claim=claim, actor=actor, kind=kind, data=data)
    current.refresh_from_db()
    return current


@transaction.atomic
def match_confirm(*, match: ClaimMatch | int, actor: User) -> ClaimMatch:
    """A checker (or above) confirms a suggested match; a claim match is linked as ``match_claim`` links."""
    return _decide(
        match=match, actor=actor, to=ClaimMatch.Decision.CONFIRMED, allowed_from=(ClaimMatch.Decision.PENDING,)
    )


@transaction.atomic
def match_reject(*, match: ClaimMatch | int, actor: User) -> ClaimMatch:
    """A checker (or above) rejects a match, suggested or automatic; an automatic link is undone."""
    return _decide(
        match=match,
        actor=actor,
        to=ClaimMatch.Decision.REJECTED,
        allowed_from=(ClaimMatch.Decision.PENDING, ClaimMatch.Decision.CONFIRMED),
    )


def auto_links_to_unpublished() -> list[ClaimMatch]:
    """Automatic links made to a claim that had no published verdict at the time: what versions
    before the published-only auto tier made (a claim dismissed as the duplicate of unreviewed,
    often unrelated, work), even if that claim was published since. Oldest first."""
    published_by_then = Verdict.objects.filter(
        claim_id=OuterRef("matched_claim_id"),
        published_at__isnull=False,
        published_at__lte=Coalesce(OuterRef("decided_at"), Now()),
    )
    return list(
        ClaimMatch.objects.filter(
            tier=ClaimMatch.Tier.AUTO,
            decision=ClaimMatch.Decision.CONFIRMED,
            decided_by__isnull=True,
            matched_claim__isnull=False,
        )
        .exclude(Exists(published_by_then))
        .select_related("claim", "matched_claim")
        .order_by("pk")
    )


@transaction.atomic
def match_demote(*, match: ClaimMatch | int, note: str, actor: User | None = None) -> dict:
    """Turn an automatic link into the suggestion it should have been: undo what the link did
    (the claim back in the state it had, if nobody moved it since; the appearance it added
    removed) and leave the match pending for a checker, with a ``match_demoted`` event.
    Returns what was undone; {} when the match is no longer an automatic confirmed link."""
    match_id = match.pk if isinstance(match, ClaimMatch) else match
    current = ClaimMatch.objects.select_related("claim").filter(pk=match_id).first()
    if current is None or current.tier != ClaimMatch.Tier.AUTO or current.decision != ClaimMatch.Decision.CONFIRMED:
        return {}
    if not ClaimMatch.objects.filter(
        pk=current.pk, tier=ClaimMatch.Tier.AUTO, decision=ClaimMatch.Decision.CONFIRMED
    ).update(tier=ClaimMatch.Tier.SUGGEST, decision=ClaimMatch.Decision.PENDING, decided_at=None, decided_by=None):
        return {}  # someone decided it meanwhile
    claim = Claim.objects.select_for_update().get(pk=current.claim_id)
    undone = (
        _unlink_same_claim(claim, current, actor=actor, why=note)
        if current.matched_claim_id
        else _restore_checked_elsewhere(claim, current)
    )
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.MATCH_DEMOTED,
        note=note,
        data={**_event_data(current), **undone, "tier": ClaimMatch.Tier.SUGGEST},
    )
    return {"match": current.pk, "claim": claim.pk, **undone}


def _pair_scores(claim: Claim, targets: list[Document]) -> dict[str, float]:
    """The same-claim probability of the claim against each target document, computed as the desk's
    search does (the claim's text and sentence against each target's text and title), in a small
    index of the targets alone: the model's features do not depend on the rest of the pool."""
    index = MatchIndex.rebuild(targets)
    query, title = textmod.normalise(claim.match_text), textmod.normalise(claim.sentence or claim.match_text)
    if not query:
        return {}
    vectors = index.encoder.encode([query, title])
    rows, _matrix, features, fragment = index.pair_features(query, vectors[0], title=title, title_vector=vectors[1])
    scores = sameclaim.default_model().probabilities(features, fragment)
    return {index.ids[row]: float(score) for row, score in zip(rows, scores, strict=True)}


def matches_rescore_pending(*, actor: User | None = None) -> tuple[int, int]:
    """Give every pending suggestion the same-claim model's score (suggestions stored by an older
    version carry the re-ranker's, on another scale); those below the desk's suggest threshold are
    declined, each with an event saying why. Returns (re-scored, declined). Safe to run again."""
    suggest, _auto = selectors.match_thresholds()
    pending = (
        ClaimMatch.objects.filter(decision=ClaimMatch.Decision.PENDING)
        .select_related("claim", "matched_claim", "external_review")
        .order_by("claim_id", "pk")
    )
    by_claim: dict[int, list[ClaimMatch]] = {}
    for match in pending.iterator(chunk_size=500):
        by_claim.setdefault(match.claim_id, []).append(match)
    rescored = declined = 0
    for matches in by_claim.values():
        claim = matches[0].claim
        targets = [
            match_index.claim_document(m.matched_claim_id, m.matched_claim.match_text, m.matched_claim.sentence)
            if m.matched_claim_id
            else match_index.review_document(
                m.external_review_id, m.external_review.claim_reviewed, m.external_review.headline
            )
            for m in matches
        ]
        scores = _pair_scores(claim, targets)
        with transaction.atomic():
            for match, target in zip(matches, targets, strict=True):
                score = round(min(1.0, max(0.0, scores.get(target.id, 0.0))), 6)
                below = score < suggest
                changed = ClaimMatch.objects.filter(pk=match.pk, decision=ClaimMatch.Decision.PENDING).update(
                    score=score,
                    **({"decision": ClaimMatch.Decision.REJECTED, "decided_at": timezone.now()} if below else {}),
                )
                if not changed:
                    continue  # decided meanwhile
                rescored += 1
                if below:
                    declined += 1
                    ClaimEvent.objects.create(
                        claim=claim,
                        actor=actor,
                        kind=ClaimEvent.Kind.MATCH_REJECTED,
                        note=f"Re-scored by the same-claim model: {score:.2f}, "
                        f"below the suggest threshold {suggest:.2f}",
                        data={**_event_data(match), "score": score, "from_score": match.score},
                    )
    return rescored, declined


def decisions() -> list[tuple[float, bool]]:
    """Stored human decisions as (score, confirmed), for tuning the thresholds (``make eval``).

    Automatic links nobody rejected are not decisions and are left out.
    """
    rows = ClaimMatch.objects.exclude(decision=ClaimMatch.Decision.PENDING).filter(decided_by__isnull=False)
    return [
        (score, decision == ClaimMatch.Decision.CONFIRMED) for score, decision in rows.values_list("score", "decision")
    ]
