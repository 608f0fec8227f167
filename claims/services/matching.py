"""Claim matching in the desk: one persistent index, ClaimMatch rows, checkers' decisions.

The index
---------
One ``claims.matching.index.MatchIndex`` under ``settings.VERIFY_MATCH_INDEX_DIR``
holds the check-worthy claims (documents ``claim:<id>``) and the imported
external reviews (``review:<id>``). **The database is authoritative; the index
is a cache of it**:

* Every load-modify-save runs under an exclusive ``fcntl.flock`` on
  ``<dir>/.lock``; searches hold it shared. Each save writes a new
  ``generation`` token; a process keeps the index it loaded in memory and
  reloads it when the token on disk is not the one it loaded. So several
  worker and web processes can update and search it safely.
* A missing or unreadable index (first start, another encoder version, a
  crash mid-save) is rebuilt from the database; ``manage.py
  rebuild_match_index`` does the same on demand.
* Entries that went stale (a row deleted, an id reused after a rolled-back
  transaction) are harmless: every hit is checked against the database (the
  row exists and its text is still what was indexed) before it is shown or
  stored.

Linking
-------
``match_claim`` stores a ClaimMatch for each candidate scoring at least the
*suggest* threshold. From the *auto* threshold up the link is made at once
(tier auto, decision confirmed, no decider). For an earlier **claim** the
link keeps all review work on the earlier claim: it gets an Appearance in the
new claim's article, and the new claim — if nobody has worked on it yet
(new or triaged) — is dismissed as its duplicate. A checker who confirms a
suggested claim match gets the same link; rejecting an automatic link undoes
it (the appearance it added is removed and the claim goes back to the state
it had). An external review is only linked (shown with the claim).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import selectors
from ..choices import ClaimStatus, DismissReason
from ..errors import InvalidInput, InvalidTransition
from ..matching import text as textmod
from ..matching.index import Document, IndexFormatError, MatchIndex
from ..models import Appearance, Claim, ClaimEvent, ClaimMatch, ExternalReview, ExtractionJob
from .roles import require_permission

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 5000
MAX_TOP = 20
SEARCH_DEPTH = 30  # hits asked of the index per claim: room for excluded and stale ones
UNWORKED = (ClaimStatus.NEW, ClaimStatus.TRIAGED)  # states in which a duplicate can be dismissed

# --- The index ----------------------------------------------------------------------------------

_cache: dict[str, tuple[str, MatchIndex]] = {}  # directory -> (generation, index) of this process
_cache_lock = threading.Lock()


def index_dir() -> Path:
    return Path(settings.VERIFY_MATCH_INDEX_DIR)


@contextlib.contextmanager
def _flock(exclusive: bool):
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield directory
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _generation(directory: Path) -> str:
    try:
        return (directory / "generation").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def _claim_document(claim_id: int, text: str) -> Document:
    # Not the article's title: it is shared by all the article's claims and would make them look
    # alike. The claim stands in for a title, as the re-ranker was trained on claims that all had one.
    return Document(f"claim:{claim_id}", text, title=text)


def _review_document(review_id: int, claim_reviewed: str, headline: str) -> Document:
    return Document(f"review:{review_id}", claim_reviewed, title=headline or claim_reviewed)


def _documents_from_database():
    for pk, text in Claim.objects.filter(checkworthy=True).order_by("pk").values_list("pk", "text").iterator():
        yield _claim_document(pk, text)
    for pk, reviewed, headline in (ExternalReview.objects.order_by("pk")
                                   .values_list("pk", "claim_reviewed", "headline").iterator()):
        yield _review_document(pk, reviewed, headline)


def _save(index: MatchIndex, directory: Path) -> None:
    """Save and publish a new generation; the caller holds the exclusive lock."""
    index.save(directory)
    token = uuid.uuid4().hex
    (directory / "generation").write_text(token, encoding="ascii")
    with _cache_lock:
        _cache[str(directory)] = (token, index)


def _loaded(directory: Path, *, exclusive: bool) -> MatchIndex | None:
    """The index as on disk (from this process's memory when still current); None if there is none.

    With the exclusive lock, a missing or unreadable index is rebuilt from the database.
    """
    token = _generation(directory)
    with _cache_lock:
        cached = _cache.get(str(directory))
    if cached is not None and token and cached[0] == token:
        return cached[1]
    if token:
        try:
            index = MatchIndex.load(directory)
        except (IndexFormatError, OSError, ValueError, KeyError) as exc:
            logger.warning("The matching index in %s cannot be read (%s); rebuilding it", directory, exc)
        else:
            with _cache_lock:
                _cache[str(directory)] = (token, index)
            return index
    if not exclusive:
        return None
    index = MatchIndex.rebuild(_documents_from_database())
    _save(index, directory)
    return index


def _with_index(update):
    """Run ``update(index)`` under the exclusive lock on the current index, then save it."""
    with _flock(exclusive=True) as directory:
        index = _loaded(directory, exclusive=True)
        changed = update(index)
        if changed:
            _save(index, directory)
        return index


def index_rebuild() -> int:
    """Rebuild the index from the database (``manage.py rebuild_match_index``); returns its size."""
    index = MatchIndex.rebuild(_documents_from_database())  # the slow part, outside the lock
    with _flock(exclusive=True) as directory:
        _save(index, directory)
    return len(index)


def _indexed_as(index: MatchIndex, document: Document) -> bool:
    row = index.row_of.get(document.id)
    return row is not None and index.texts[row] == textmod.normalise(document.text)


def _index_documents(documents: list[Document]) -> int:
    """Add the documents the index lacks or holds with another text; returns how many were added."""

    def update(index: MatchIndex) -> bool:
        todo = [d for d in documents if not _indexed_as(index, d)]
        if todo:
            index.add_many(todo)
        added.append(len(todo))
        return bool(todo)

    added: list[int] = []
    if documents:
        _with_index(update)
    return sum(added)


def index_add_claims(*, claim_ids: list[int]) -> int:
    """Index check-worthy claims (a rerun adds nothing); returns how many were added."""
    rows = Claim.objects.filter(pk__in=claim_ids, checkworthy=True).values_list("pk", "text")
    return _index_documents([_claim_document(pk, text) for pk, text in rows])


def index_add_reviews(*, review_ids: list[int]) -> int:
    """Index imported external reviews (a rerun adds nothing); returns how many were added."""
    rows = ExternalReview.objects.filter(pk__in=review_ids).values_list("pk", "claim_reviewed", "headline")
    return _index_documents([_review_document(*row) for row in rows])


def reviews_imported(*, review_ids: list[int]) -> None:
    """After the import's transaction commits, index the reviews in the background."""
    from ..tasks import index_external_reviews

    def enqueue_or_run(ids: list[int]) -> None:
        try:
            index_external_reviews.delay(ids)
        except Exception:  # noqa: BLE001 - broker unreachable: index them here
            logger.warning("Indexing %s imported reviews could not be queued; indexing now", len(ids), exc_info=True)
            index_add_reviews(review_ids=ids)

    if review_ids:
        ids = list(review_ids)
        transaction.on_commit(lambda: enqueue_or_run(ids), robust=True)


@dataclass(frozen=True)
class Hit:
    doc_id: str
    score: float
    indexed_text: str  # the normalised text the index holds, to detect stale entries


def _search(text: str, k: int, exclude: frozenset[str] = frozenset()) -> list[Hit]:
    with _flock(exclusive=False) as directory:
        index = _loaded(directory, exclusive=False)
        if index is not None:
            return _hits(index, text, k, exclude)
    with _flock(exclusive=True) as directory:  # no index yet: build it
        return _hits(_loaded(directory, exclusive=True), text, k, exclude)


def _hits(index: MatchIndex, text: str, k: int, exclude: frozenset[str]) -> list[Hit]:
    return [Hit(m.id, m.score, index.texts[index.row_of[m.id]])
            for m in index.search(text, k=k, exclude=exclude)]


# --- Candidates, checked against the database ----------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    score: float
    claim: Claim | None = None
    review: ExternalReview | None = None

    @property
    def key(self) -> tuple[str, int]:
        return ("claim", self.claim.pk) if self.claim else ("review", self.review.pk)


def _resolve(hits: list[Hit], *, exclude_claim: int | None = None, exclude_article: int | None = None
             ) -> list[Candidate]:
    """The hits that are still true in the database, best first; duplicates stand for the claim they duplicate."""
    claim_ids, review_ids = [], []
    for hit in hits:
        kind, _, pk = hit.doc_id.partition(":")
        (claim_ids if kind == "claim" else review_ids).append(int(pk))
    claims = Claim.objects.select_related("duplicate_of").in_bulk(claim_ids)
    reviews = ExternalReview.objects.defer("raw").in_bulk(review_ids)
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        kind, _, pk = hit.doc_id.partition(":")
        row = claims.get(int(pk)) if kind == "claim" else reviews.get(int(pk))
        text = (row.text if kind == "claim" else row.claim_reviewed) if row is not None else None
        if text is None or textmod.normalise(text) != hit.indexed_text:
            continue  # stale: deleted, or the id now names another row
        if kind == "claim":
            claim = row.duplicate_of if row.duplicate_of_id else row
            if claim.pk == exclude_claim or claim.article_id == exclude_article or row.pk == exclude_claim:
                continue
            candidate = Candidate(hit.score, claim=claim)
        else:
            candidate = Candidate(hit.score, review=row)
        if candidate.key not in seen:
            seen.add(candidate.key)
            out.append(candidate)
    return out


def match_text(*, text: str, top: int = 5) -> list[tuple[Candidate, str]]:
    """Rank the desk's claims and imported reviews against ``text``: [(candidate, tier)], best first.

    The tier is ``auto``, ``suggest`` or ``none`` by the desk's thresholds. Raises
    InvalidInput for empty or overlong text, or ``top`` outside 1..20.
    """
    if not text or not text.strip() or not textmod.normalise(text):
        raise InvalidInput("The text is empty.")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"The text is {len(text):,} characters; the limit is {MAX_QUERY_CHARS:,}.")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top must be between 1 and {MAX_TOP}.")
    suggest, auto = selectors.match_thresholds()
    candidates = _resolve(_search(text, k=top + SEARCH_DEPTH))[:top]
    return [(c, tier_for(c.score, suggest=suggest, auto=auto)) for c in candidates]


def tier_for(score: float, *, suggest: float, auto: float) -> str:
    if score >= auto:
        return ClaimMatch.Tier.AUTO.value
    return ClaimMatch.Tier.SUGGEST.value if score >= suggest else "none"


# --- Matching a claim --------------------------------------------------------------------------


def match_claim(*, claim_id: int) -> list[ClaimMatch]:
    """Store the claim's matches from the suggest threshold up; link those from auto up. Idempotent.

    Returns the ClaimMatch rows created by this call (none on a rerun).
    """
    claim = Claim.objects.filter(pk=claim_id).only("pk", "text", "article_id").first()
    if claim is None:
        return []
    suggest, auto = selectors.match_thresholds()
    # Itself and its article's other claims are left out of the ranking, not just of the result.
    exclude = frozenset(f"claim:{pk}" for pk in Claim.objects.filter(article_id=claim.article_id)
                        .values_list("pk", flat=True))
    # The search (encoding, re-ranking) runs outside the transaction: no row is locked meanwhile.
    hits = _search(claim.text, k=SEARCH_DEPTH, exclude=exclude)
    candidates = [c for c in _resolve(hits, exclude_claim=claim.pk, exclude_article=claim.article_id)
                  if c.score >= suggest]
    if not candidates:
        return []
    return _store_matches(claim_id=claim.pk, candidates=candidates, auto=auto)


@transaction.atomic
def _store_matches(*, claim_id: int, candidates: list[Candidate], auto: float) -> list[ClaimMatch]:
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim_id)
    known = set(ClaimMatch.objects.filter(claim=claim).values_list("matched_claim_id", "external_review_id"))
    linked = claim.duplicate_of_id is not None
    created = []
    for candidate in candidates:
        target = (candidate.claim.pk if candidate.claim else None, candidate.review.pk if candidate.review else None)
        if target in known:
            continue
        is_auto = candidate.score >= auto
        match = ClaimMatch.objects.create(
            claim=claim, matched_claim=candidate.claim, external_review=candidate.review,
            score=min(1.0, max(0.0, candidate.score)),
            tier=ClaimMatch.Tier.AUTO if is_auto else ClaimMatch.Tier.SUGGEST,
            decision=ClaimMatch.Decision.CONFIRMED if is_auto else ClaimMatch.Decision.PENDING,
            decided_at=timezone.now() if is_auto else None,
        )
        data = _event_data(match)
        if is_auto and candidate.claim is not None and not linked:
            data.update(_link_same_claim(claim, candidate.claim, actor=None, match=match))
            linked = True
        ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.MATCHED, data=data)
        created.append(match)
    return created


def _event_data(match: ClaimMatch) -> dict:
    return {"match": match.pk, "score": match.score, "tier": match.tier,
            "matched_claim": match.matched_claim_id, "external_review": match.external_review_id}


def _link_same_claim(claim: Claim, earlier: Claim, *, actor, match: ClaimMatch) -> dict:
    """The new claim states the earlier one: an appearance of the earlier claim in this article,
    and the new claim dismissed as its duplicate when nobody has worked on it yet."""
    from .workflow import _move

    done: dict = {}
    if not Appearance.objects.filter(claim=earlier, article_id=claim.article_id).exists():
        appearance = Appearance.objects.create(
            claim=earlier, article_id=claim.article_id, sentence=claim.sentence, start=claim.start, end=claim.end,
            sentence_start=claim.sentence_start, sentence_end=claim.sentence_end, claimant=claim.claimant,
        )
        ClaimEvent.objects.create(claim=earlier, actor=actor, kind=ClaimEvent.Kind.APPEARED,
                                  data={"article": claim.article_id, "match": match.pk, "via_claim": claim.pk})
        done["appearance"] = appearance.pk
    if claim.status in UNWORKED and claim.duplicate_of_id is None:
        done["undo_status"] = claim.status
        claim.dismiss_reason = DismissReason.DUPLICATE
        claim.duplicate_of = earlier
        claim.dismiss_note = f"The same claim as #{earlier.pk} (match score {match.score:.2f})."
        _move(claim, move="dismiss", actor=actor, to_status=ClaimStatus.DISMISSED, note=claim.dismiss_note,
              data={"match": match.pk}, fields=["dismiss_reason", "duplicate_of", "dismiss_note"])
    return done


def _unlink_same_claim(claim: Claim, match: ClaimMatch, *, actor) -> dict:
    """Undo what ``_link_same_claim`` did for this match, where nobody has changed it since."""
    from .workflow import _move

    undone: dict = {}
    for event in ClaimEvent.objects.filter(claim=claim, kind__in=[ClaimEvent.Kind.MATCHED,
                                                                   ClaimEvent.Kind.MATCH_CONFIRMED]):
        data = event.data or {}
        if data.get("match") != match.pk:
            continue
        # The appearance stays while another confirmed link from this article relies on it.
        if data.get("appearance") and not ClaimMatch.objects.filter(
            claim__article_id=claim.article_id, matched_claim_id=match.matched_claim_id,
            decision=ClaimMatch.Decision.CONFIRMED,
        ).exclude(pk=match.pk).exists():
            undone["appearance_removed"] = bool(Appearance.objects.filter(pk=data["appearance"]).delete()[0])
        if data.get("undo_status") and claim.status == ClaimStatus.DISMISSED \
                and claim.duplicate_of_id == match.matched_claim_id:
            claim.dismiss_reason, claim.dismiss_note, claim.duplicate_of = "", "", None
            _move(claim, move="undo_duplicate", actor=actor, to_status=data["undo_status"],
                  note="The match was rejected", data={"match": match.pk},
                  fields=["dismiss_reason", "duplicate_of", "dismiss_note"])
            undone["restored"] = data["undo_status"]
    return undone


def match_new_claims(*, job_id: int) -> int:
    """After an extraction job: index the article's new check-worthy claims and match each. Idempotent.

    Returns how many ClaimMatch rows were created.
    """
    article_id = ExtractionJob.objects.filter(pk=job_id).values_list("article_id", flat=True).first()
    if article_id is None:
        return 0
    claim_ids = list(Claim.objects.filter(article_id=article_id, checkworthy=True).order_by("pk")
                     .values_list("pk", flat=True))
    if not claim_ids:
        return 0
    index_add_claims(claim_ids=claim_ids)
    suggest, auto = selectors.match_thresholds()
    # Every claim of the article is left out of each one's ranking (not just of the result).
    exclude = frozenset(f"claim:{pk}" for pk in Claim.objects.filter(article_id=article_id)
                        .values_list("pk", flat=True))
    texts = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text"))
    # One index load for the article; the claims were just indexed, so their stored vectors
    # serve as queries and nothing is embedded twice. Outside any transaction: no row locked.
    doc_ids = [f"claim:{pk}" for pk in claim_ids]
    with _flock(exclusive=False) as directory:
        index = _loaded(directory, exclusive=False)
        found = index.search_indexed(doc_ids, k=SEARCH_DEPTH, exclude=exclude) if index is not None else []
    if index is None:  # nothing on disk (removed meanwhile): one by one, rebuilding as needed
        return sum(len(match_claim(claim_id=pk)) for pk in claim_ids)
    created = 0
    for pk, matches in zip(claim_ids, found, strict=True):
        row = index.row_of.get(f"claim:{pk}")
        if pk not in texts or row is None or textmod.normalise(texts[pk]) != index.texts[row]:
            created += len(match_claim(claim_id=pk))  # not indexed as it reads now: the slow path
            continue
        hits = [Hit(m.id, m.score, index.texts[index.row_of[m.id]]) for m in matches if m.id in index.row_of]
        candidates = [c for c in _resolve(hits, exclude_claim=pk, exclude_article=article_id) if c.score >= suggest]
        if candidates:
            created += len(_store_matches(claim_id=pk, candidates=candidates, auto=auto))
    return created


def new_claims_saved(*, job_id: int) -> None:
    """Called by the extraction save: match the job's claims in the background after commit.

    The save runs in a worker; if the broker cannot take the task just then (a restart),
    the worker matches them itself instead of failing a job whose article is saved.
    """
    transaction.on_commit(lambda: _enqueue_or_run(job_id), robust=True)


def _enqueue_or_run(job_id: int) -> None:
    from ..tasks import match_new_claims as task

    try:
        task.delay(job_id)
    except Exception:  # noqa: BLE001 - any broker failure: do the work here
        logger.warning("Matching for job %s could not be queued; matching now", job_id, exc_info=True)
        match_new_claims(job_id=job_id)


# --- Decisions -----------------------------------------------------------------------------------


def _decide(*, match: ClaimMatch | int, actor, to: str, allowed_from: tuple[str, ...]) -> ClaimMatch:
    verb = "confirm" if to == ClaimMatch.Decision.CONFIRMED else "reject"
    require_permission(actor, "triage_claim", f"{verb} matches")
    match_id = match.pk if isinstance(match, ClaimMatch) else match
    current = ClaimMatch.objects.select_related("claim").filter(pk=match_id).first()
    if current is None:
        raise InvalidInput(f"There is no match {match_id}.")
    if current.decision not in allowed_from:
        raise InvalidTransition(f"This match is already {current.decision}; it cannot be {verb}ed.",
                                extra={"decision": current.decision})
    # Optimistic: only the decision as read is replaced; whoever came second learns of it.
    now = timezone.now()
    if not ClaimMatch.objects.filter(pk=current.pk, decision=current.decision).update(
            decision=to, decided_by=actor, decided_at=now):
        decision = ClaimMatch.objects.filter(pk=current.pk).values_list("decision", flat=True).first()
        raise InvalidTransition(f"Someone else decided this match meanwhile: it is now {decision}.",
                                extra={"decision": decision})
    claim = Claim.objects.select_for_update().get(pk=current.claim_id)
    data = {**_event_data(current), "from": current.decision}
    if current.matched_claim_id:
        if to == ClaimMatch.Decision.CONFIRMED:
            data.update(_link_same_claim(claim, current.matched_claim, actor=actor, match=current))
        elif current.decision == ClaimMatch.Decision.CONFIRMED:
            data.update(_unlink_same_claim(claim, current, actor=actor))
    kind = ClaimEvent.Kind.MATCH_CONFIRMED if to == ClaimMatch.Decision.CONFIRMED else ClaimEvent.Kind.MATCH_REJECTED
    ClaimEvent.objects.create(claim=claim, actor=actor, kind=kind, data=data)
    current.refresh_from_db()
    return current


@transaction.atomic
def match_confirm(*, match: ClaimMatch | int, actor) -> ClaimMatch:
    """A checker (or above) confirms a suggested match; a claim match is linked as ``match_claim`` links."""
    return _decide(match=match, actor=actor, to=ClaimMatch.Decision.CONFIRMED,
                   allowed_from=(ClaimMatch.Decision.PENDING,))


@transaction.atomic
def match_reject(*, match: ClaimMatch | int, actor) -> ClaimMatch:
    """A checker (or above) rejects a match, suggested or automatic; an automatic link is undone."""
    return _decide(match=match, actor=actor, to=ClaimMatch.Decision.REJECTED,
                   allowed_from=(ClaimMatch.Decision.PENDING, ClaimMatch.Decision.CONFIRMED))


def decisions() -> list[tuple[float, bool]]:
    """Stored human decisions as (score, confirmed), for tuning the thresholds (``make eval``).

    Automatic links nobody rejected are not decisions and are left out.
    """
    rows = ClaimMatch.objects.exclude(decision=ClaimMatch.Decision.PENDING).filter(decided_by__isnull=False)
    return [(score, decision == ClaimMatch.Decision.CONFIRMED)
            for score, decision in rows.values_list("score", "decision")]

