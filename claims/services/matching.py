"""Claim matching in the desk: one persistent index, ClaimMatch rows, checkers' decisions.

The index
---------
One ``claims.matching.index.MatchIndex`` holds the check-worthy claims (documents
``claim:<id>``) and the imported external reviews (``review:<id>``). **The database is
authoritative; the index is a cache of it**, and every process keeps its own copy in
memory — no file is shared between hosts (issue 27; docs/scaling.md says why this and not
searching through the matching queue):

* An article's new claims are embedded before anything is locked, then appended to a
  journal in the database (``MatchJournalEntry``: documents and their vectors, committed
  in id order). Every process replays the rows above the last id it applied: a worker
  before it indexes or matches, a web process before a search once its copy is
  ``VERIFY_MATCH_SYNC_SECONDS`` old — so a claim indexed on one host is found from every
  other within that delay.
* Once a process's journal since its snapshot is a quarter of the index, it stores its
  copy as a snapshot (``MatchSnapshot``, its bytes in chunk rows); the journal below the
  older of the two kept snapshots is pruned. A process that starts empty loads the newest
  snapshot (kept under ``VERIFY_MATCH_INDEX_DIR`` for its next start) and replays the
  journal after it.
* With no snapshot at all (first start, another encoder version), the worker that needs
  the index builds it from the database; ``POST /api/v1/match`` never waits for that: it
  queues the build and answers 503 "index not ready". ``manage.py rebuild_match_index``
  rebuilds on demand; a rebuilt snapshot replaces every host's copy.
* Entries that went stale (a row deleted, an id reused after a rolled-back
  transaction) are harmless: every hit is checked against the database (the
  row exists and its text is still what was indexed) before it is shown or
  stored.

Linking
-------
``match_claim`` stores a ClaimMatch for each candidate whose calibrated same-claim
probability (``claims.matching.sameclaim``) reaches the *suggest* threshold: a
suggestion (tier suggest, decision pending) that a checker confirms or declines
with one click, in the queue or on the claim page. The *auto* tier is only for
verdicts already published: from the auto threshold up, a candidate that is an
imported review, or one of our claims with a published verdict, is linked at once
(tier auto, decision confirmed, no decider). For an earlier **claim** the link
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

import contextlib
import logging
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from verify.exceptions import ApplicationError

from .. import selectors
from ..choices import ClaimStatus, DismissReason
from ..errors import InvalidInput, InvalidTransition
from ..matching import sameclaim, store
from ..matching import text as textmod
from ..matching.encoder import default_encoder
from ..matching.index import Document, IndexFormatError, MatchIndex, embed
from ..models import (
    Appearance,
    Claim,
    ClaimEvent,
    ClaimMatch,
    ExternalReview,
    ExtractionJob,
    MatchJournalEntry,
    MatchSnapshot,
    MatchSnapshotChunk,
    Verdict,
)
from ..moves import Move
from ..permissions import require_permission
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

# --- The index ----------------------------------------------------------------------------------

# This process's copy of the index (one per index directory: tests give each test its own). Used by
# one thread at a time: a catch-up mutates it.
_cache: dict[str, _Copy] = {}
_memory = threading.RLock()
JOURNAL_LOCK = 0x7665726966790027  # pg_advisory_xact_lock key: journal rows commit in id order
CHUNK_BYTES = 8 * 1024 * 1024  # a snapshot is stored in rows of this many bytes
JOURNAL_PAGE = 2000  # journal rows read per query when catching up
KEEP_SNAPSHOTS = 2  # the newest ones; the journal is pruned below the older's ``upto``


@dataclass
class _Copy:
    index: MatchIndex
    snapshot: int  # the MatchSnapshot it was loaded from (or published as)
    cursor: int  # the last MatchJournalEntry id replayed onto it
    journaled: int  # documents replayed since that snapshot
    synced: float  # time.monotonic() of the last catch-up


class IndexNotReady(ApplicationError):
    """There is no matching index yet: it is being built in the background."""

    code = "index_not_ready"
    status = 503


def index_dir() -> Path:
    """This host's own directory for the index: snapshots it downloaded, kept for its next start."""
    return Path(settings.VERIFY_MATCH_INDEX_DIR)


@contextlib.contextmanager
def _using(*, wait: float | None = None):
    """This process's copy, one thread at a time. With ``wait`` (a request must not hang while
    another thread of the process loads a snapshot), IndexNotReady after that many seconds."""
    if not _memory.acquire(timeout=-1 if wait is None else wait):
        raise IndexNotReady("The matching index is being updated; try again in a few seconds.",
                            extra={"retry_after": 5})
    try:
        yield
    finally:
        _memory.release()


# The fields ``Claim.match_text`` reads, with the sentence: what a claim's index document is made of.
MATCH_TEXT_FIELDS = ("pk", "text", "sentence", "standalone", "machine_standalone", "edited_at")


def _claim_document(claim_id: int, text: str, sentence: str = "") -> Document:
    # The title is the sentence the claim sits in (not the article's title, which all its claims
    # share): a claim is often a clause ("having any invasion plans"), its sentence says whose and
    # about what, and the same-claim model compares the two sentences (sameclaim: *_titles).
    return Document(f"claim:{claim_id}", text, title=sentence or text)


def _review_document(review_id: int, claim_reviewed: str, headline: str) -> Document:
    return Document(f"review:{review_id}", claim_reviewed, title=headline or claim_reviewed)


def _documents_from_database(*, claim_ids=None, review_ids=None):
    claims = Claim.objects.filter(checkworthy=True)
    reviews = ExternalReview.objects.all()
    if claim_ids is not None:
        claims = claims.filter(pk__in=claim_ids)
    if review_ids is not None:
        reviews = reviews.filter(pk__in=review_ids)
    for claim in claims.order_by("pk").only(*MATCH_TEXT_FIELDS).iterator():
        yield _claim_document(claim.pk, claim.match_text, claim.sentence)
    for pk, reviewed, headline in reviews.order_by("pk").values_list("pk", "claim_reviewed", "headline").iterator():
        yield _review_document(pk, reviewed, headline)


def _journal_end() -> int:
    return MatchJournalEntry.objects.aggregate(end=Max("pk"))["end"] or 0


def _catch_up(key: str, copy: _Copy) -> _Copy | None:
    """Replay onto ``copy`` the journal rows above its cursor. None when it must be loaded afresh:
    a rebuilt snapshot was published since (what the rebuild dropped must go here too), the rows
    it needs were pruned, its snapshot is gone with every other (an emptied database), or the ids
    went backwards (the tables were made again)."""
    snapshots = list(MatchSnapshot.objects.order_by("-pk").values_list("pk", "upto", "rebuilt"))
    if (not snapshots or any(pk > copy.snapshot and rebuilt for pk, _upto, rebuilt in snapshots)
            or copy.cursor < min(upto for _pk, upto, _rebuilt in snapshots)
            # Ids that went backwards: the tables were emptied and made again (a restore, a migration
            # undone and redone), so ids this copy has seen are handed out again.
            or snapshots[0][0] < copy.snapshot or _journal_end() < copy.cursor):
        _cache.pop(key, None)
        return None
    index, dim, start = copy.index, copy.index.encoder.dim, copy.cursor
    documents, vec_text, vec_title = [], [], []
    while True:  # in pages (a plain query each: no server-side cursor, no transaction)
        page = list(MatchJournalEntry.objects.filter(pk__gt=copy.cursor).order_by("pk").values_list(
            "pk", "doc_id", "text", "title", "context", "vec_text", "vec_title")[:JOURNAL_PAGE])
        for pk, doc_id, text, title, context, vt, vn in page:
            copy.cursor = pk
            try:
                vectors = store.vector_from_bytes(vt, dim), store.vector_from_bytes(vn, dim)
            except ValueError as exc:  # written by another encoder: back at the next rebuild
                logger.warning("Matching journal entry %s skipped: %s", pk, exc)
                continue
            documents.append(Document(doc_id, text, title, context))
            vec_text.append(vectors[0])
            vec_title.append(vectors[1])
        if len(page) < JOURNAL_PAGE:
            break
    if documents:
        # A prune that ran while we read (another process folded a snapshot) may have taken rows we
        # had not read yet: this copy would have a gap, so it is loaded afresh instead.
        oldest = MatchSnapshot.objects.aggregate(oldest=Min("upto"))["oldest"]
        if oldest is None or start < oldest:
            _cache.pop(key, None)
            return None
        index.add_vectors(documents, np.stack(vec_text), np.stack(vec_title))
        copy.journaled += len(documents)
    copy.synced = time.monotonic()
    return copy


def _download(snapshot: MatchSnapshot) -> MatchIndex:
    """A snapshot as this host keeps it (``index_dir()/snapshot-<token>``), fetched once."""
    directory = index_dir()
    local = directory / f"snapshot-{snapshot.token}"
    if (local / "meta.json").is_file():
        try:
            return MatchIndex.load(local)
        except (IndexFormatError, OSError, ValueError, KeyError) as exc:
            logger.warning("The local copy of matching snapshot %s cannot be read (%s); fetching it again",
                           snapshot.token, exc)
    directory.mkdir(parents=True, exist_ok=True)
    # Names of this process's own: the processes of one host (gunicorn's workers) share the directory.
    unique = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    part, unpacked = directory / f"{snapshot.token}.{unique}.part", directory / f"unpacking-{unique}"
    try:
        with part.open("wb") as out:
            # One query: one consistent read of the chunks, even if a writer prunes meanwhile.
            for data in snapshot.chunks.order_by("seq").values_list("data", flat=True):
                out.write(data)
        if part.stat().st_size != snapshot.size:
            raise ValueError(f"{part.stat().st_size} of its {snapshot.size} bytes found (pruned meanwhile?)")
        index = store.unpack(part, unpacked)  # read into memory: the files are only kept for next time
        with contextlib.suppress(OSError):  # another process of this host kept it first: fine
            unpacked.rename(local)
    finally:
        part.unlink(missing_ok=True)
        shutil.rmtree(unpacked, ignore_errors=True)
    kept = {f"snapshot-{token}" for token in MatchSnapshot.objects.values_list("token", flat=True)}
    for old in directory.glob("snapshot-*"):
        if old.name not in kept:
            shutil.rmtree(old, ignore_errors=True)
    return index


def _load(key: str) -> _Copy | None:
    """The newest readable snapshot with the journal after it replayed; None if there is none."""
    encoder = default_encoder().name
    for snapshot in MatchSnapshot.objects.filter(encoder=encoder).order_by("-pk")[:KEEP_SNAPSHOTS]:
        try:
            index = _download(snapshot)
        except (IndexFormatError, OSError, ValueError, KeyError) as exc:
            logger.warning("Matching snapshot %s cannot be read (%s)", snapshot.token, exc)
            continue
        copy = _catch_up(key, _Copy(index, snapshot.pk, snapshot.upto, 0, 0.0))
        if copy is not None:
            _cache[key] = copy
            return copy
    return None


def _current(*, build: bool, fresh: bool) -> MatchIndex | None:
    """This process's copy of the index, caught up with the journal (``fresh``: now; else if the
    last catch-up is VERIFY_MATCH_SYNC_SECONDS old), else loaded from the newest snapshot, else
    (``build``) built from the database; None if there is none. The caller holds ``_using``."""
    key = str(index_dir())
    copy = _cache.get(key)
    if copy is not None and (fresh or time.monotonic() - copy.synced >= settings.VERIFY_MATCH_SYNC_SECONDS):
        copy = _catch_up(key, copy)
    if copy is None:
        copy = _load(key)
    if copy is None and build:
        _replace_index(MatchIndex.rebuild(_documents_from_database()))
        copy = _cache.get(key) or _load(key)  # another process's rebuild may have come after ours
    return copy.index if copy is not None else None


def current_index() -> MatchIndex | None:
    """This process's copy of the index, caught up now; None when there is none yet."""
    with _using():
        return _current(build=False, fresh=True)


class _Superseded(Exception):
    """A rebuilt snapshot was published while a copy was being folded from an older one."""


def _publish(index: MatchIndex, *, upto: int, rebuilt: bool, base: int | None = None) -> int | None:
    """Store ``index`` (which holds the journal up to ``upto``) as the newest snapshot; prune the
    snapshots and journal rows no host needs any more. Returns the snapshot's id.

    ``base``: the snapshot a fold's copy was loaded from. If a rebuilt snapshot newer than it was
    published meanwhile (packing takes a while), the fold is dropped and None returned: the copy
    lacks what the rebuild read from the database, and a host starting later must not load it."""
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    packed = directory / f"{token}.tar.upload"
    try:
        size = store.pack(index, packed)
        with transaction.atomic(), packed.open("rb") as source:
            snapshot = MatchSnapshot.objects.create(token=token, upto=upto, documents=len(index),
                                                    encoder=index.encoder.name, size=size, rebuilt=rebuilt)
            seq = 0
            while data := source.read(CHUNK_BYTES):
                MatchSnapshotChunk.objects.create(snapshot=snapshot, seq=seq, data=data)
                seq += 1
            if base is not None and MatchSnapshot.objects.filter(pk__gt=base, rebuilt=True).exclude(
                    pk=snapshot.pk).exists():
                raise _Superseded
    except _Superseded:
        return None
    finally:
        packed.unlink(missing_ok=True)
    kept = list(MatchSnapshot.objects.order_by("-pk").values_list("pk", "upto")[:KEEP_SNAPSHOTS])
    MatchSnapshot.objects.filter(pk__lt=kept[-1][0]).delete()
    # Never the newest row: SQLite would hand its id out again.
    MatchJournalEntry.objects.filter(pk__lte=min(upto for _pk, upto in kept), pk__lt=_journal_end()).delete()
    return snapshot.pk


def _adopt(index: MatchIndex, *, snapshot: int, upto: int) -> None:
    key = str(index_dir())
    copy = _catch_up(key, _Copy(index, snapshot, upto, 0, 0.0))
    if copy is not None:
        _cache[key] = copy


def index_rebuild() -> int:
    """Rebuild the index from the database (``manage.py rebuild_match_index``); returns its size.

    The slow part (embedding everything) runs before anything is locked; every host then loads
    the rebuilt snapshot in place of its copy."""
    return _replace_index(MatchIndex.rebuild(_documents_from_database()))


def _replace_index(index: MatchIndex, *, only_if_missing: bool = False) -> int:
    """Publish a rebuilt index, with the documents the database gained since it was read
    (``only_if_missing``: unless a snapshot was published meanwhile, which is then loaded)."""
    with _using():
        if only_if_missing and (current := _current(build=False, fresh=True)) is not None:
            return len(current)
        # Every journal row up to here was written from a committed row, so it is in the database;
        # what the rebuild's read missed is added now, what is journaled later is replayed.
        upto = _journal_end()
        claim_ids = Claim.objects.filter(checkworthy=True).values_list("pk", flat=True)
        missing_claims = [pk for pk in claim_ids.iterator() if f"claim:{pk}" not in index]
        missing_reviews = [pk for pk in ExternalReview.objects.values_list("pk", flat=True).iterator()
                           if f"review:{pk}" not in index]
        if missing_claims or missing_reviews:
            index.add_many(list(_documents_from_database(claim_ids=missing_claims, review_ids=missing_reviews)))
        snapshot = _publish(index, upto=upto, rebuilt=True)
        assert snapshot is not None  # a rebuild is never superseded (no base)
        _adopt(index, snapshot=snapshot, upto=upto)
    return len(index)


def index_ensure() -> int:
    """Build the index from the database if there is none (the background half of a 503); its size.

    The build (embedding the desk) runs outside the lock; it is published only if no other
    process published one meanwhile."""
    with _using():
        index = _current(build=False, fresh=True)
        if index is not None:
            return len(index)
    return _replace_index(MatchIndex.rebuild(_documents_from_database()), only_if_missing=True)


def _indexed_as(index: MatchIndex, document: Document) -> bool:
    row = index.row_of.get(document.id)
    return row is not None and index.texts[row] == textmod.normalise(document.text)


def _journal(documents: list[Document], vec_text, vec_title) -> None:
    """Append documents to the journal every host replays. Writers are serialised (an advisory lock
    on PostgreSQL, the write lock on SQLite) so that rows commit in id order: a reader past id N
    never misses a row below N committed later."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOURNAL_LOCK])
        MatchJournalEntry.objects.bulk_create([
            MatchJournalEntry(doc_id=d.id, text=d.text, title=d.title, context=d.context,
                              vec_text=store.vector_bytes(vt), vec_title=store.vector_bytes(vn))
            for d, vt, vn in zip(documents, vec_text, vec_title, strict=True)])


def _fold_if_worth_it() -> None:
    """Publish this process's copy as a snapshot once the journal since its snapshot is large
    (the caller holds ``_using``): a host that starts then replays a short journal."""
    copy = _cache.get(str(index_dir()))
    if copy is None or not store.wants_snapshot(copy.journaled, len(copy.index) - copy.journaled):
        return
    newest = MatchSnapshot.objects.order_by("-pk").values_list("pk", flat=True).first()
    if newest is not None and newest > copy.snapshot:  # another process folded meanwhile
        copy.snapshot, copy.journaled = newest, 0
        return
    published = _publish(copy.index, upto=copy.cursor, rebuilt=False, base=copy.snapshot)
    if published is None:  # a rebuild came meanwhile: the next catch-up loads it instead
        _cache.pop(str(index_dir()), None)
        return
    copy.snapshot, copy.journaled = published, 0


def _index_documents(documents: list[Document]) -> int:
    """Add the documents the index lacks or holds with another text; returns how many were added.

    They are embedded before anything is locked (the slow part), journaled, and replayed from the
    journal, as every other process replays them."""
    if not documents:
        return 0
    with _using():
        index = _current(build=True, fresh=True)
        todo = [d for d in documents if not _indexed_as(index, d)]
    if not todo:
        return 0
    vec_text, vec_title = embed(todo)
    _journal(todo, vec_text, vec_title)
    with _using():
        _current(build=True, fresh=True)
        _fold_if_worth_it()
    return len(todo)


def index_add_claims(*, claim_ids: list[int]) -> int:
    """Index check-worthy claims (a rerun adds nothing); returns how many were added."""
    rows = Claim.objects.filter(pk__in=claim_ids, checkworthy=True).only(*MATCH_TEXT_FIELDS)
    return _index_documents([_claim_document(c.pk, c.match_text, c.sentence) for c in rows])


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
    score: float  # the calibrated same-claim probability (what the tiers read), in the ranker's order
    indexed_text: str  # the normalised text the index holds, to detect stale entries
    evidence: bool = True  # hard evidence of the same claim (shared rare words or numbers, no boilerplate)


def _search(text: str, k: int, exclude: frozenset[str] = frozenset(), *, build: bool = True, title: str = ""
            ) -> list[Hit]:
    """Search the index (``title``: the claim's sentence, as claims are indexed); with no index yet,
    build it here (``build``) or have it built in the
    background and raise IndexNotReady (a request must not wait for a rebuild, nor more than
    VERIFY_MATCH_LOCK_WAIT_SECONDS for a worker writing the index)."""
    wait = None if build else settings.VERIFY_MATCH_LOCK_WAIT_SECONDS
    with _using(wait=wait):
        index = _current(build=False, fresh=build)
        if index is not None:
            return _hits(index, text, k, exclude, title)
    if not build:
        _build_in_background()
        with _using(wait=wait):  # built already (an eager queue, another request)
            index = _current(build=False, fresh=True)
            if index is not None:
                return _hits(index, text, k, exclude, title)
        raise IndexNotReady("The matching index is being built; try again in a minute.",
                            extra={"retry_after": 60})
    with _using():
        return _hits(_current(build=True, fresh=True), text, k, exclude, title)


def _build_in_background() -> None:
    from ..tasks import rebuild_match_index

    try:
        rebuild_match_index.delay()
    except Exception:  # noqa: BLE001 - broker unreachable: the next request asks again
        logger.warning("Building the matching index could not be queued", exc_info=True)


def _hits(index: MatchIndex, text: str, k: int, exclude: frozenset[str], title: str = "") -> list[Hit]:
    return [Hit(m.id, m.same, index.texts[index.row_of[m.id]], m.evidence)
            for m in index.search(text, k=k, exclude=exclude, title=title)]


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


def _fetch(hits: list[Hit]) -> tuple[dict, dict]:
    """The claims and reviews the hits name, in two queries."""
    claim_ids: set[int] = set()
    review_ids: set[int] = set()
    for hit in hits:
        kind, _, pk = hit.doc_id.partition(":")
        (claim_ids if kind == "claim" else review_ids).add(int(pk))
    claims = Claim.objects.select_related("duplicate_of").in_bulk(claim_ids) if claim_ids else {}
    reviews = ExternalReview.objects.defer("raw").in_bulk(review_ids) if review_ids else {}
    return claims, reviews


def _resolve(hits: list[Hit], *, exclude_claim: int | None = None, exclude_article: int | None = None,
             rows: tuple[dict, dict] | None = None) -> list[Candidate]:
    """The hits that are still true in the database, best first; duplicates stand for the claim they duplicate.

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
    candidates = _resolve(_search(text, k=top + SEARCH_DEPTH, build=False))[:top]
    published = published_claim_ids(c.claim.pk for c in candidates if c.claim)
    return [(c, tier_of(c, suggest=suggest, auto=auto, published=published)) for c in candidates]


# --- Matching a claim --------------------------------------------------------------------------


def match_claim(*, claim_id: int) -> list[ClaimMatch]:
    """Store the claim's matches from the suggest threshold up; link those from auto up. Idempotent.

    Returns the ClaimMatch rows created by this call (none on a rerun).
    """
    claim = Claim.objects.filter(pk=claim_id).only(*MATCH_TEXT_FIELDS, "article_id").first()
    if claim is None:
        return []
    suggest, auto = selectors.match_thresholds()
    # Itself and its article's other claims are left out of the ranking, not just of the result.
    exclude = frozenset(f"claim:{pk}" for pk in Claim.objects.filter(article_id=claim.article_id)
                        .values_list("pk", flat=True))
    # The search (encoding, re-ranking) runs outside the transaction: no row is locked meanwhile.
    candidates = match_candidates(text=claim.match_text, title=claim.sentence, suggest=suggest, exclude=exclude,
                                  exclude_claim=claim.pk, exclude_article=claim.article_id)
    return _store_matches({claim.pk: candidates}, suggest=suggest, auto=auto)


def match_candidates(*, text: str, title: str, suggest: float, exclude: frozenset[str] = frozenset(),
                     exclude_claim: int | None = None, exclude_article: int | None = None) -> list[Candidate]:
    """The candidates for one claim or reader request from the ``suggest`` threshold up, checked
    against the database, best first (``exclude``: documents left out of the ranking; the rest as
    ``_resolve``). Hits below suggest would be dropped anyway: not fetched and checked either."""
    hits = _best([h for h in _search(text, k=SEARCH_DEPTH, exclude=exclude, title=title) if h.score >= suggest])
    return _resolve(hits, exclude_claim=exclude_claim, exclude_article=exclude_article)


def _best(hits: list[Hit]) -> list[Hit]:
    """The hits worth fetching for one claim: the best by score, with room for those that turn
    out stale or duplicates of one another (``_resolve``); at most MAX_STORED_MATCHES are kept."""
    return sorted(hits, key=lambda h: -h.score)[: 2 * MAX_STORED_MATCHES]


def published_claim_ids(claim_ids) -> set[int]:
    """Those of the claims that have a published verdict (published, or reopened for a correction
    of a published verdict): the only claims the automatic tier may link a new claim to."""
    ids = {pk for pk in claim_ids if pk is not None}
    if not ids:
        return set()
    return set(Verdict.objects.filter(claim_id__in=ids, published_at__isnull=False)
               .values_list("claim_id", flat=True))


def tier_of(candidate: Candidate, *, suggest: float, auto: float, published: set[int]) -> str:
    """The tier a candidate gets: ``auto`` only from the auto threshold up **and** against a verdict
    already published (an imported review, or one of our claims with a published verdict); a claim
    nobody has published is at most a suggestion, whatever its score, so the machine never
    removes work because it resembles unreviewed work. A pair without hard evidence (boilerplate, no
    shared rare word or number) is never linked either, even where a desk set auto below the model's."""
    if candidate.score >= auto and candidate.evidence and (
            candidate.review is not None or candidate.claim.pk in published):
        return ClaimMatch.Tier.AUTO.value
    return ClaimMatch.Tier.SUGGEST.value if candidate.score >= suggest else "none"


@transaction.atomic
def _store_matches(candidates_by_claim: dict[int, list[Candidate]], *, suggest: float, auto: float
                   ) -> list[ClaimMatch]:
    """Store the claims' new matches (one insert for all), link the automatic ones, log the events."""
    claim_ids = sorted(pk for pk, candidates in candidates_by_claim.items() if candidates)
    if not claim_ids:
        return []
    claims = {c.pk: c for c in Claim.objects.select_for_update().select_related("article")
              .filter(pk__in=claim_ids).order_by("pk")}
    known = set(ClaimMatch.objects.filter(claim_id__in=claim_ids)
                .values_list("claim_id", "matched_claim_id", "external_review_id"))
    published = published_claim_ids(c.claim.pk for cs in candidates_by_claim.values() for c in cs if c.claim)
    now = timezone.now()
    created: list[ClaimMatch] = []
    for pk in claim_ids:
        if pk not in claims:
            continue  # deleted meanwhile
        for candidate in candidates_by_claim[pk][:MAX_STORED_MATCHES]:
            key = (pk, candidate.claim.pk if candidate.claim else None, candidate.review.pk if candidate.review else None)
            tier = tier_of(candidate, suggest=suggest, auto=auto, published=published)
            if key in known or tier == "none":
                continue
            known.add(key)
            is_auto = tier == ClaimMatch.Tier.AUTO
            created.append(ClaimMatch(
                claim=claims[pk], matched_claim=candidate.claim, external_review=candidate.review,
                score=min(1.0, max(0.0, candidate.score)), tier=tier,
                decision=ClaimMatch.Decision.CONFIRMED if is_auto else ClaimMatch.Decision.PENDING,
                decided_at=now if is_auto else None,
            ))
    if not created:
        return []
    ClaimMatch.objects.bulk_create(created)  # primary keys come back (PostgreSQL, SQLite >= 3.35)
    linked = {pk: claim.duplicate_of_id is not None for pk, claim in claims.items()}
    events = []
    for match in created:
        data = _event_data(match)
        if match.tier == ClaimMatch.Tier.AUTO and match.matched_claim is not None and not linked[match.claim_id]:
            data.update(_link_same_claim(match.claim, match.matched_claim, actor=None, match=match,
                                         published=match.matched_claim_id in published))
            linked[match.claim_id] = True
        elif match.tier == ClaimMatch.Tier.AUTO and match.external_review_id is not None:
            data.update(_lower_checked_elsewhere(match.claim, match))
        events.append(ClaimEvent(claim=match.claim, kind=ClaimEvent.Kind.MATCHED, data=data))
    ClaimEvent.objects.bulk_create(events)
    return created


def _event_data(match: ClaimMatch) -> dict:
    return {"match": match.pk, "score": match.score, "tier": match.tier,
            "matched_claim": match.matched_claim_id, "external_review": match.external_review_id}


def _link_same_claim(claim: Claim, earlier: Claim, *, actor: User | None, match: ClaimMatch, published: bool) -> dict:
    """The new claim states the earlier one: an appearance of the earlier claim in this article,
    and the new claim dismissed as its duplicate when nobody has worked on it yet. ``published``:
    the earlier claim has a published verdict (said in the note and the event)."""
    done: dict = {"published": published}
    if not Appearance.objects.filter(claim=earlier, article_id=claim.article_id).exists():
        appearance = Appearance.objects.create(
            claim=earlier, article_id=claim.article_id, sentence=claim.sentence, start=claim.start, end=claim.end,
            sentence_start=claim.sentence_start, sentence_end=claim.sentence_end, claimant=claim.claimant,
        )
        ClaimEvent.objects.create(claim=earlier, actor=actor, kind=ClaimEvent.Kind.APPEARED,
                                  data={"article": claim.article_id, "match": match.pk, "via_claim": claim.pk,
                                        "appearance": appearance.pk})
        done["appearance"] = appearance.pk
    if claim.status in UNWORKED and claim.duplicate_of_id is None:
        done["undo_status"] = claim.status
        claim.dismiss_reason = DismissReason.DUPLICATE
        claim.duplicate_of = earlier
        claim.dismiss_note = (f"The same claim as #{earlier.pk}{', checked and published already' if published else ''} "
                              f"(match score {match.score:.2f}).")
        record_move(claim, move="dismiss", actor=actor, to_status=ClaimStatus.DISMISSED, note=claim.dismiss_note,
              data={"match": match.pk}, fields=["dismiss_reason", "duplicate_of", "dismiss_note"])
    return done


def _lower_checked_elsewhere(claim: Claim, match: ClaimMatch) -> dict:
    """A link to another fact-checker's published verdict: the claim is new work no more. If nobody
    has worked on it, it moves below new work in the queue (``Claim.priority_lowered``: its
    priority lowered by CHECKED_ELSEWHERE, once however many such links it has, by
    ``services.priority``); undoing the last link gives the points back."""
    if claim.status not in UNWORKED or not Claim.objects.filter(pk=claim.pk, priority_lowered=False).update(
            priority_lowered=True):
        return {}
    claims_priority_refresh(claim_ids=[claim.pk])
    return {"priority_lowered": CHECKED_ELSEWHERE}


def _restore_checked_elsewhere(claim: Claim, match: ClaimMatch) -> dict:
    """Undo ``_lower_checked_elsewhere`` once no confirmed link to another fact-checker's verdict is left."""
    if ClaimMatch.objects.filter(
            claim=claim, external_review__isnull=False, decision=ClaimMatch.Decision.CONFIRMED).exclude(
            pk=match.pk).exists() or not Claim.objects.filter(pk=claim.pk, priority_lowered=True).update(
            priority_lowered=False):
        return {}
    claims_priority_refresh(claim_ids=[claim.pk])
    return {"priority_restored": CHECKED_ELSEWHERE}


def _unlink_same_claim(claim: Claim, match: ClaimMatch, *, actor: User | None, why: str = "The match was rejected") -> dict:
    """Undo what ``_link_same_claim`` did for this match, where nobody has changed it since."""
    undone: dict = {}
    # The appearance of the earlier claim in this article stays while another confirmed link from
    # this article relies on it; once none does, it goes, whichever link made it (a second link
    # from the same article found it there and recorded none). Appearances no link made (the
    # extraction's own, an identical text) are never touched.
    if match.matched_claim_id and not ClaimMatch.objects.filter(
        claim__article_id=claim.article_id, matched_claim_id=match.matched_claim_id,
        decision=ClaimMatch.Decision.CONFIRMED,
    ).exclude(pk=match.pk).exists():
        linked = ClaimEvent.objects.filter(claim__article_id=claim.article_id, kind__in=[
            ClaimEvent.Kind.MATCHED, ClaimEvent.Kind.MATCH_CONFIRMED], data__appearance__isnull=False)
        links = {event.data.get("match"): event.data["appearance"] for event in linked}
        made = [appearance for pk, appearance in links.items() if pk is not None and ClaimMatch.objects.filter(
            pk=pk, matched_claim_id=match.matched_claim_id).exists()]
        if made:
            removed = Appearance.objects.filter(pk__in=made, claim_id=match.matched_claim_id,
                                                article_id=claim.article_id).delete()[0]
            undone["appearance_removed"] = bool(removed)
            if removed:
                ClaimEvent.objects.create(claim_id=match.matched_claim_id, actor=actor, kind=ClaimEvent.Kind.UNLINKED,
                                          note=why, data={"article": claim.article_id, "match": match.pk,
                                                          "via_claim": claim.pk})
    for event in ClaimEvent.objects.filter(claim=claim, kind__in=[ClaimEvent.Kind.MATCHED,
                                                                   ClaimEvent.Kind.MATCH_CONFIRMED]):
        data = event.data or {}
        if data.get("match") != match.pk:
            continue
        if data.get("undo_status") and claim.status == ClaimStatus.DISMISSED \
                and claim.duplicate_of_id == match.matched_claim_id:
            claim.dismiss_reason, claim.dismiss_note, claim.duplicate_of = "", "", None
            record_move(claim, move=Move.UNDO_DUPLICATE, actor=actor, to_status=data["undo_status"],
                  note=why, data={"match": match.pk},
                  fields=["dismiss_reason", "duplicate_of", "dismiss_note"])
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
        match_pending=False, updated_at=timezone.now())
    return created


def jobs_rematch_pending(*, older_than_seconds: float, limit: int = 500) -> int:
    """Re-send the matching of jobs whose claims still wait for it after ``older_than_seconds``
    (its message died with the broker, or its worker with it). Each is taken with a conditional
    UPDATE of ``updated_at``, so a job is re-sent at most once a period and never by two senders
    at once; a copy sent twice is harmless (matching adds nothing the second time)."""
    before = timezone.now() - timedelta(seconds=older_than_seconds)
    waiting = (ExtractionJob.objects.filter(match_pending=True, updated_at__lt=before)
               .order_by("updated_at").values_list("pk", "updated_at")[:limit])
    sent = 0
    for pk, updated_at in waiting:
        if ExtractionJob.objects.filter(pk=pk, match_pending=True, updated_at=updated_at).update(
                updated_at=timezone.now()):
            sent += _send_matching(pk)
    return sent


def _match_article(article_id: int) -> int:
    claim_ids = list(Claim.objects.filter(article_id=article_id, checkworthy=True).order_by("pk")
                     .values_list("pk", flat=True))
    if not claim_ids:
        return 0
    index_add_claims(claim_ids=claim_ids)
    suggest, auto = selectors.match_thresholds()
    # Every claim of the article is left out of each one's ranking (not just of the result).
    exclude = frozenset(f"claim:{pk}" for pk in Claim.objects.filter(article_id=article_id)
                        .values_list("pk", flat=True))
    texts = {c.pk: c.match_text for c in Claim.objects.filter(pk__in=claim_ids).only(*MATCH_TEXT_FIELDS)}
    # One index load for the article; the claims were just indexed, so their stored vectors
    # serve as queries and nothing is embedded twice. Outside any transaction: no row locked.
    doc_ids = [f"claim:{pk}" for pk in claim_ids]
    hits_by_claim: dict[int, list[Hit]] = {}
    slow: list[int] = []  # not indexed as it reads now (edited meanwhile): matched one by one
    with _using():
        index = _current(build=False, fresh=True)
        if index is not None:
            found = index.search_indexed(doc_ids, k=SEARCH_DEPTH, exclude=exclude, min_same=suggest)
            for pk, matches in zip(claim_ids, found, strict=True):
                row = index.row_of.get(f"claim:{pk}")
                if pk not in texts or row is None or textmod.normalise(texts[pk]) != index.texts[row]:
                    slow.append(pk)
                    continue
                hits = [Hit(m.id, m.same, index.texts[index.row_of[m.id]], m.evidence)
                        for m in matches if m.id in index.row_of and m.same >= suggest]
                hits_by_claim[pk] = _best(hits)
    if index is None:  # nothing on disk (removed meanwhile): one by one, rebuilding as needed
        return sum(len(match_claim(claim_id=pk)) for pk in claim_ids)
    # One fetch of every hit's row and one transaction for the whole article.
    rows = _fetch([hit for hits in hits_by_claim.values() for hit in hits])
    candidates = {pk: _resolve(hits, exclude_claim=pk, exclude_article=article_id, rows=rows)
                  for pk, hits in hits_by_claim.items()}
    created = len(_store_matches(candidates, suggest=suggest, auto=auto))
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
    from ..tasks import match_new_claims as task

    try:
        task.delay(job_id)
    except Exception:  # noqa: BLE001 - any broker failure: the job stays pending and is re-sent
        logger.warning("Matching for job %s could not be queued; it stays pending and will be re-sent",
                       job_id, exc_info=True)
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
            data.update(_link_same_claim(claim, current.matched_claim, actor=actor, match=current,
                                         published=bool(published_claim_ids([current.matched_claim_id]))))
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
    return _decide(match=match, actor=actor, to=ClaimMatch.Decision.CONFIRMED,
                   allowed_from=(ClaimMatch.Decision.PENDING,))


@transaction.atomic
def match_reject(*, match: ClaimMatch | int, actor: User) -> ClaimMatch:
    """A checker (or above) rejects a match, suggested or automatic; an automatic link is undone."""
    return _decide(match=match, actor=actor, to=ClaimMatch.Decision.REJECTED,
                   allowed_from=(ClaimMatch.Decision.PENDING, ClaimMatch.Decision.CONFIRMED))


def auto_links_to_unpublished() -> list[ClaimMatch]:
    """Automatic links made to a claim that had no published verdict at the time: what versions
    before the published-only auto tier made (a claim dismissed as the duplicate of unreviewed,
    often unrelated, work), even if that claim was published since. Oldest first."""
    published_by_then = Verdict.objects.filter(claim_id=OuterRef("matched_claim_id"), published_at__isnull=False,
                                               published_at__lte=Coalesce(OuterRef("decided_at"), Now()))
    return list(ClaimMatch.objects.filter(tier=ClaimMatch.Tier.AUTO, decision=ClaimMatch.Decision.CONFIRMED,
                                          decided_by__isnull=True, matched_claim__isnull=False)
                .exclude(Exists(published_by_then))
                .select_related("claim", "matched_claim").order_by("pk"))


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
    if not ClaimMatch.objects.filter(pk=current.pk, tier=ClaimMatch.Tier.AUTO,
                                     decision=ClaimMatch.Decision.CONFIRMED).update(
            tier=ClaimMatch.Tier.SUGGEST, decision=ClaimMatch.Decision.PENDING, decided_at=None, decided_by=None):
        return {}  # someone decided it meanwhile
    claim = Claim.objects.select_for_update().get(pk=current.claim_id)
    undone = (_unlink_same_claim(claim, current, actor=actor, why=note) if current.matched_claim_id
              else _restore_checked_elsewhere(claim, current))
    ClaimEvent.objects.create(claim=claim, actor=actor, kind=ClaimEvent.Kind.MATCH_DEMOTED, note=note,
                              data={**_event_data(current), **undone, "tier": ClaimMatch.Tier.SUGGEST})
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
    pending = (ClaimMatch.objects.filter(decision=ClaimMatch.Decision.PENDING)
               .select_related("claim", "matched_claim", "external_review").order_by("claim_id", "pk"))
    by_claim: dict[int, list[ClaimMatch]] = {}
    for match in pending.iterator(chunk_size=500):
        by_claim.setdefault(match.claim_id, []).append(match)
    rescored = declined = 0
    for matches in by_claim.values():
        claim = matches[0].claim
        targets = [_claim_document(m.matched_claim_id, m.matched_claim.match_text, m.matched_claim.sentence)
                   if m.matched_claim_id else _review_document(m.external_review_id, m.external_review.claim_reviewed,
                                                               m.external_review.headline) for m in matches]
        scores = _pair_scores(claim, targets)
        with transaction.atomic():
            for match, target in zip(matches, targets, strict=True):
                score = round(min(1.0, max(0.0, scores.get(target.id, 0.0))), 6)
                below = score < suggest
                changed = ClaimMatch.objects.filter(pk=match.pk, decision=ClaimMatch.Decision.PENDING).update(
                    score=score, **({"decision": ClaimMatch.Decision.REJECTED, "decided_at": timezone.now()}
                                    if below else {}))
                if not changed:
                    continue  # decided meanwhile
                rescored += 1
                if below:
                    declined += 1
                    ClaimEvent.objects.create(
                        claim=claim, actor=actor, kind=ClaimEvent.Kind.MATCH_REJECTED,
                        note=f"Re-scored by the same-claim model: {score:.2f}, below the suggest threshold {suggest:.2f}",
                        data={**_event_data(match), "score": score, "from_score": match.score})
    return rescored, declined


def decisions() -> list[tuple[float, bool]]:
    """Stored human decisions as (score, confirmed), for tuning the thresholds (``make eval``).

    Automatic links nobody rejected are not decisions and are left out.
    """
    rows = ClaimMatch.objects.exclude(decision=ClaimMatch.Decision.PENDING).filter(decided_by__isnull=False)
    return [(score, decision == ClaimMatch.Decision.CONFIRMED)
            for score, decision in rows.values_list("score", "decision")]

