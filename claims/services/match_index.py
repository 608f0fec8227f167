"""The desk's matching index: this process's copy, kept current from the database.

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

Public: ``search`` (a text against the index), ``search_indexed`` (documents already in it
against the rest), ``index_add_claims`` / ``index_add_reviews`` (a rerun adds nothing),
``index_rebuild`` (``documents_from_database`` then ``index_replace``), ``index_ensure``,
``current_index``, ``journal_append``; ``local_copy`` / ``drop_local_copy`` for this process's copy
(a test or benchmark that plays another process, or a restart). The database services built on them
(ClaimMatch rows, tiers, decisions) are ``services.matching``.
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
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min

from verify.exceptions import ApplicationError

from .. import tasks
from ..matching import store
from ..matching import text as textmod
from ..matching.encoder import default_encoder
from ..matching.index import Document, IndexFormatError, Match, MatchIndex, embed
from ..models import Claim, ExternalReview, MatchJournalEntry, MatchSnapshot, MatchSnapshotChunk

logger = logging.getLogger(__name__)

# This process's copy of the index (one per index directory: tests give each test its own). Used by
# one thread at a time: a catch-up mutates it.
_cache: dict[str, LocalCopy] = {}
_memory = threading.RLock()
JOURNAL_LOCK = 0x7665726966790027  # pg_advisory_xact_lock key: journal rows commit in id order
CHUNK_BYTES = 8 * 1024 * 1024  # a snapshot is stored in rows of this many bytes
JOURNAL_PAGE = 2000  # journal rows read per query when catching up
KEEP_SNAPSHOTS = 2  # the newest ones; the journal is pruned below the older's ``upto``


@dataclass
class LocalCopy:
    """This process's copy of the index for one index directory, and how far it has replayed."""

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
        raise IndexNotReady(
            "The matching index is being updated; try again in a few seconds.", extra={"retry_after": 5}
        )
    try:
        yield
    finally:
        _memory.release()


# The fields ``Claim.match_text`` reads, with the sentence: what a claim's index document is made of.
MATCH_TEXT_FIELDS = ("pk", "text", "sentence", "standalone", "machine_standalone", "edited_at")


def claim_document(claim_id: int, text: str, sentence: str = "") -> Document:
    # The title is the sentence the claim sits in (not the article's title, which all its claims
    # share): a claim is often a clause ("having any invasion plans"), its sentence says whose and
    # about what, and the same-claim model compares the two sentences (sameclaim: *_titles).
    return Document(f"claim:{claim_id}", text, title=sentence or text)


def review_document(review_id: int, claim_reviewed: str, headline: str) -> Document:
    return Document(f"review:{review_id}", claim_reviewed, title=headline or claim_reviewed)


def documents_from_database(*, claim_ids=None, review_ids=None):
    """The index documents of the check-worthy claims and the imported reviews (all of them, or
    those ids), read from the database in id order: what a rebuild embeds."""
    claims = Claim.objects.filter(checkworthy=True)
    reviews = ExternalReview.objects.all()
    if claim_ids is not None:
        claims = claims.filter(pk__in=claim_ids)
    if review_ids is not None:
        reviews = reviews.filter(pk__in=review_ids)
    for claim in claims.order_by("pk").only(*MATCH_TEXT_FIELDS).iterator():
        yield claim_document(claim.pk, claim.match_text, claim.sentence)
    for pk, reviewed, headline in reviews.order_by("pk").values_list("pk", "claim_reviewed", "headline").iterator():
        yield review_document(pk, reviewed, headline)


def _journal_end() -> int:
    return MatchJournalEntry.objects.aggregate(end=Max("pk"))["end"] or 0


def _catch_up(key: str, copy: LocalCopy) -> LocalCopy | None:
    """Replay onto ``copy`` the journal rows above its cursor. None when it must be loaded afresh:
    a rebuilt snapshot was published since (what the rebuild dropped must go here too), the rows
    it needs were pruned, its snapshot is gone with every other (an emptied database), or the ids
    went backwards (the tables were made again)."""
    snapshots = list(MatchSnapshot.objects.order_by("-pk").values_list("pk", "upto", "rebuilt"))
    if (
        not snapshots
        or any(pk > copy.snapshot and rebuilt for pk, _upto, rebuilt in snapshots)
        or copy.cursor < min(upto for _pk, upto, _rebuilt in snapshots)
        # Ids that went backwards: the tables were emptied and made again (a restore, a migration
        # undone and redone), so ids this copy has seen are handed out again.
        or snapshots[0][0] < copy.snapshot
        or _journal_end() < copy.cursor
    ):
        _cache.pop(key, None)
        return None
    index, dim, start = copy.index, copy.index.encoder.dim, copy.cursor
    documents, vec_text, vec_title = [], [], []
    while True:  # in pages (a plain query each: no server-side cursor, no transaction)
        page = list(
            MatchJournalEntry.objects.filter(pk__gt=copy.cursor)
            .order_by("pk")
            .values_list("pk", "doc_id", "text", "title", "context", "vec_text", "vec_title")[:JOURNAL_PAGE]
        )
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
            logger.warning(
                "The local copy of matching snapshot %s cannot be read (%s); fetching it again", snapshot.token, exc
            )
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


def _load(key: str) -> LocalCopy | None:
    """The newest readable snapshot with the journal after it replayed; None if there is none."""
    encoder = default_encoder().name
    for snapshot in MatchSnapshot.objects.filter(encoder=encoder).order_by("-pk")[:KEEP_SNAPSHOTS]:
        try:
            index = _download(snapshot)
        except (IndexFormatError, OSError, ValueError, KeyError) as exc:
            logger.warning("Matching snapshot %s cannot be read (%s)", snapshot.token, exc)
            continue
        copy = _catch_up(key, LocalCopy(index, snapshot.pk, snapshot.upto, 0, 0.0))
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
        index_replace(MatchIndex.rebuild(documents_from_database()))
        copy = _cache.get(key) or _load(key)  # another process's rebuild may have come after ours
    return copy.index if copy is not None else None


def local_copy() -> LocalCopy | None:
    """This process's copy for this host's index directory as it stands (not caught up); None
    before its first use or after ``drop_local_copy``."""
    with _using():
        return _cache.get(str(index_dir()))


def drop_local_copy() -> None:
    """Forget this process's copies of the index: the next use loads the newest snapshot and replays
    the journal after it, as a process that has just started does (tests and benchmarks play
    several processes, or a restart, in one)."""
    with _using():
        _cache.clear()


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
            snapshot = MatchSnapshot.objects.create(
                token=token, upto=upto, documents=len(index), encoder=index.encoder.name, size=size, rebuilt=rebuilt
            )
            seq = 0
            while data := source.read(CHUNK_BYTES):
                MatchSnapshotChunk.objects.create(snapshot=snapshot, seq=seq, data=data)
                seq += 1
            if (
                base is not None
                and MatchSnapshot.objects.filter(pk__gt=base, rebuilt=True).exclude(pk=snapshot.pk).exists()
            ):
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
    copy = _catch_up(key, LocalCopy(index, snapshot, upto, 0, 0.0))
    if copy is not None:
        _cache[key] = copy


def index_rebuild() -> int:
    """Rebuild the index from the database (``manage.py rebuild_match_index``); returns its size.

    The slow part (embedding everything) runs before anything is locked; every host then loads
    the rebuilt snapshot in place of its copy."""
    return index_replace(MatchIndex.rebuild(documents_from_database()))


def index_replace(index: MatchIndex, *, only_if_missing: bool = False) -> int:
    """Publish an index rebuilt from ``documents_from_database`` (the slow part, run before anything
    is locked: ``index_rebuild`` is the two in one) as every host's, with the documents the database
    gained since it was read (``only_if_missing``: unless a snapshot was published meanwhile, which
    is then loaded). Returns its size."""
    with _using():
        if only_if_missing and (current := _current(build=False, fresh=True)) is not None:
            return len(current)
        # Every journal row up to here was written from a committed row, so it is in the database;
        # what the rebuild's read missed is added now, what is journaled later is replayed.
        upto = _journal_end()
        claim_ids = Claim.objects.filter(checkworthy=True).values_list("pk", flat=True)
        missing_claims = [pk for pk in claim_ids.iterator() if f"claim:{pk}" not in index]
        missing_reviews = [
            pk for pk in ExternalReview.objects.values_list("pk", flat=True).iterator() if f"review:{pk}" not in index
        ]
        if missing_claims or missing_reviews:
            index.add_many(list(documents_from_database(claim_ids=missing_claims, review_ids=missing_reviews)))
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
    return index_replace(MatchIndex.rebuild(documents_from_database()), only_if_missing=True)


def _indexed_as(index: MatchIndex, document: Document) -> bool:
    row = index.row_of.get(document.id)
    return row is not None and index.texts[row] == textmod.normalise(document.text)


def journal_append(documents: list[Document], vec_text, vec_title) -> None:
    """Append documents, embedded already, to the journal every host replays (``index_add_claims``
    embeds, appends, then replays them as every other process does). Writers are serialised (an advisory lock
    on PostgreSQL, the write lock on SQLite) so that rows commit in id order: a reader past id N
    never misses a row below N committed later."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOURNAL_LOCK])
        MatchJournalEntry.objects.bulk_create(
            [
                MatchJournalEntry(
                    doc_id=d.id,
                    text=d.text,
                    title=d.title,
                    context=d.context,
                    vec_text=store.vector_bytes(vt),
                    vec_title=store.vector_bytes(vn),
                )
                for d, vt, vn in zip(documents, vec_text, vec_title, strict=True)
            ]
        )


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
    journal_append(todo, vec_text, vec_title)
    with _using():
        _current(build=True, fresh=True)
        _fold_if_worth_it()
    return len(todo)


def index_add_claims(*, claim_ids: list[int]) -> int:
    """Index check-worthy claims (a rerun adds nothing); returns how many were added."""
    rows = Claim.objects.filter(pk__in=claim_ids, checkworthy=True).only(*MATCH_TEXT_FIELDS)
    return _index_documents([claim_document(c.pk, c.match_text, c.sentence) for c in rows])


def index_add_reviews(*, review_ids: list[int]) -> int:
    """Index imported external reviews (a rerun adds nothing); returns how many were added."""
    rows = ExternalReview.objects.filter(pk__in=review_ids).values_list("pk", "claim_reviewed", "headline")
    return _index_documents([review_document(*row) for row in rows])


def reviews_imported(*, review_ids: list[int]) -> None:
    """After the import's transaction commits, index the reviews in the background."""

    def enqueue_or_run(ids: list[int]) -> None:
        try:
            tasks.index_external_reviews.delay(ids)
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


def search(
    text: str, k: int, exclude: frozenset[str] = frozenset(), *, build: bool = True, title: str = ""
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
        raise IndexNotReady("The matching index is being built; try again in a minute.", extra={"retry_after": 60})
    with _using():
        return _hits(_current(build=True, fresh=True), text, k, exclude, title)


def _build_in_background() -> None:
    try:
        tasks.rebuild_match_index.delay()
    except Exception:  # noqa: BLE001 - broker unreachable: the next request asks again
        logger.warning("Building the matching index could not be queued", exc_info=True)


def _hit(index: MatchIndex, match: Match) -> Hit:
    return Hit(match.id, match.same, index.texts[index.row_of[match.id]], match.evidence)


def _hits(index: MatchIndex, text: str, k: int, exclude: frozenset[str], title: str = "") -> list[Hit]:
    return [_hit(index, m) for m in index.search(text, k=k, exclude=exclude, title=title)]


def search_indexed(
    doc_ids: list[str], *, texts: dict[str, str], k: int, exclude: frozenset[str] = frozenset(), min_same: float = 0.0
) -> dict[str, list[Hit]] | None:
    """Search with documents already in the index as the queries, in one pass: their stored text
    and vectors stand in for the query, so nothing is embedded again (an article's claims, just
    indexed). Returns {doc id: its hits from ``min_same`` up} for each document the index holds
    as ``texts`` (doc id → its text now) gives it; one it lacks or holds with another text (edited
    meanwhile) is left out, to be searched by its text. None when there is no index yet."""
    with _using():
        index = _current(build=False, fresh=True)
        if index is None:
            return None
        found = index.search_indexed(doc_ids, k=k, exclude=exclude, min_same=min_same)
        out: dict[str, list[Hit]] = {}
        for doc_id, matches in zip(doc_ids, found, strict=True):
            row = index.row_of.get(doc_id)
            if doc_id not in texts or row is None or textmod.normalise(texts[doc_id]) != index.texts[row]:
                continue
            out[doc_id] = [_hit(index, m) for m in matches if m.id in index.row_of and m.same >= min_same]
        return out
