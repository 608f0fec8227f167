"""A MatchIndex as files: a snapshot plus an append-only journal (``IndexStore``, one host), and the
bytes of the desk's snapshots and journal entries in the database (``pack``/``unpack``,
``vector_bytes``; claims.services.matching, issue 27: no file shared between hosts).

``IndexStore`` is what the desk used before issue 27 and what ``bench/matching.py --pipeline``
still times; the desk's index no longer uses it.

Saving a whole index for every article's few new claims costs more than matching
them; instead each addition is appended to a journal beside the snapshot (its
documents and their vectors, so replaying it embeds nothing), and the snapshot
is rewritten only when the journal has grown to a fair share of it.

Layout of ``directory``::

    CURRENT                  the snapshot's token (replaced atomically)
    snapshot-<token>/        ``MatchIndex.save`` output
    journal-<token>.jsonl    one JSON document per line, appended after the snapshot

Crash safety: a snapshot is written to a fresh directory and published by
renaming ``CURRENT``; until then the previous snapshot and its journal stand. The
journal of a snapshot starts empty (a journal only ever belongs to the snapshot
named in its file name). A line is only replayed when complete (a torn last line
from a crash is ignored, and cut off before the next append); appends are
fsync'ed before they count. Pure: files and numpy, no locking — the caller
serialises writers and keeps readers out while it writes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import tarfile
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .encoder import Encoder
from .index import Document, IndexFormatError, MatchIndex

logger = logging.getLogger(__name__)
COMPACT_MIN_DOCUMENTS = 2_000  # the journal is folded into a new snapshot from this many documents...
COMPACT_SHARE = 0.25  # ...and from this share of the snapshot's documents
_LEGACY = (
    "docs.jsonl",
    "vec_text.npy",
    "vec_title.npy",
    "bm25.npz",
    "bm25_vocab.json",
    "tokens.npz",
    "ann.usearch",
    "meta.json",
    "generation",
)


@dataclass(frozen=True)
class State:
    """What of the store an in-memory index reflects: its snapshot and how far into the journal."""

    snapshot: str
    offset: int  # bytes of the journal replayed
    journaled: int  # documents in those bytes
    base: int  # documents in the snapshot


class IndexStore:
    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)

    # -- where things are -------------------------------------------------------------------------
    def current(self) -> str:
        """The published snapshot's token ("" when there is none)."""
        try:
            return (self.directory / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return ""

    def _snapshot_dir(self, token: str) -> Path:
        return self.directory / f"snapshot-{token}"

    def _journal(self, token: str) -> Path:
        return self.directory / f"journal-{token}.jsonl"

    def journal_size(self, token: str) -> int:
        try:
            return self._journal(token).stat().st_size
        except FileNotFoundError:
            return 0

    def is_current(self, state: State) -> bool:
        """Whether nothing was published or appended since ``state`` (a cheap check: two stats)."""
        return state.snapshot == self.current() and self.journal_size(state.snapshot) == state.offset

    # -- reading ------------------------------------------------------------------------------------
    def load(self, *, encoder: Encoder | None = None) -> tuple[MatchIndex, State]:
        """The published snapshot with its journal replayed. IndexFormatError when there is none."""
        token = self.current()
        if not token:
            raise IndexFormatError(f"{self.directory}: no matching index here")
        index = MatchIndex.load(self._snapshot_dir(token), encoder=encoder)
        state = State(token, 0, 0, len(index))
        return index, self.catch_up(index, state)

    def catch_up(self, index: MatchIndex, state: State) -> State:
        """Replay onto ``index`` what was appended to its snapshot's journal since ``state``.

        The caller checks that the snapshot is still the published one (else: ``load``)."""
        path = self._journal(state.snapshot)
        try:
            with path.open("rb") as handle:
                handle.seek(state.offset)
                tail = handle.read()
        except FileNotFoundError:
            return state
        documents, vec_text, vec_title, used = [], [], [], 0
        for line in tail.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # torn by a crash mid-append: never counted
            try:
                record = json.loads(line)
                document = Document(record["id"], record["text"], record["title"], record.get("context", ""))
                vt, vn = _vector(record["vt"], index), _vector(record["vn"], index)
            except (ValueError, KeyError, TypeError) as exc:
                # A whole line that does not parse is damage, not a torn append: skip it (its
                # document is back at the next rebuild) and keep every line after it.
                logger.warning(
                    "Matching journal %s: a damaged entry at byte %s skipped (%s)", path, state.offset + used, exc
                )
                used += len(line)
                continue
            documents.append(document)
            vec_text.append(vt)
            vec_title.append(vn)
            used += len(line)
        if documents:
            index.add_vectors(documents, np.stack(vec_text), np.stack(vec_title))
        return State(state.snapshot, state.offset + used, state.journaled + len(documents), state.base)

    # -- writing (the caller holds the writers' lock) -------------------------------------------------
    def append(
        self, index: MatchIndex, documents: list[Document], vec_text: np.ndarray, vec_title: np.ndarray, state: State
    ) -> State:
        """Journal the documents (durably), then add them to ``index``; ``state`` must be current."""
        if not documents:
            return state
        vec_text = np.asarray(vec_text, dtype=np.float16)
        vec_title = np.asarray(vec_title, dtype=np.float16)
        lines = [
            json.dumps(
                {
                    "id": d.id,
                    "text": d.text,
                    "title": d.title,
                    "context": d.context,
                    "vt": base64.b64encode(vt.tobytes()).decode("ascii"),
                    "vn": base64.b64encode(vn.tobytes()).decode("ascii"),
                },
                ensure_ascii=False,
            )
            + "\n"
            for d, vt, vn in zip(documents, vec_text, vec_title, strict=True)
        ]
        data = "".join(lines).encode("utf-8")
        path = self._journal(state.snapshot)
        with path.open("ab") as handle:
            if handle.tell() > state.offset:  # a torn line from a crashed writer: cut it off
                handle.truncate(state.offset)
            handle.seek(state.offset)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        index.add_vectors(documents, vec_text, vec_title)
        return State(state.snapshot, state.offset + len(data), state.journaled + len(documents), state.base)

    def wants_snapshot(self, state: State) -> bool:
        return wants_snapshot(state.journaled, state.base)

    def snapshot(self, index: MatchIndex) -> State:
        """Write ``index`` as the new snapshot with an empty journal, publish it, drop the old ones."""
        self.directory.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex
        target = self._snapshot_dir(token)
        index.save(target)
        for path in target.iterdir():
            _fsync(path)
        _fsync(target)
        tmp = self.directory / f"CURRENT.{token}.tmp"
        tmp.write_text(token, encoding="ascii")
        _fsync(tmp)
        tmp.replace(self.directory / "CURRENT")
        _fsync(self.directory)
        self._clean(keep=token)
        return State(token, 0, 0, len(index))

    def _clean(self, *, keep: str) -> None:
        for path in self.directory.iterdir():
            name = path.name
            if name.startswith("snapshot-") and name != f"snapshot-{keep}":
                shutil.rmtree(path, ignore_errors=True)
            elif (
                (name.startswith("journal-") and name != f"journal-{keep}.jsonl")
                or name.endswith(".tmp")
                or name in _LEGACY
            ):
                path.unlink(missing_ok=True)


def _vector(encoded: str, index: MatchIndex) -> np.ndarray:
    vector = np.frombuffer(base64.b64decode(encoded), dtype=np.float16)
    if len(vector) != index.encoder.dim:
        raise ValueError("a journal vector of another dimension")
    return vector


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- Snapshots and journal entries as bytes (the desk's index in the database, issue 27) --------------


def vector_bytes(vector: np.ndarray) -> bytes:
    """A journal entry's vector as stored: float16, native order."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def vector_from_bytes(data: bytes, dim: int) -> np.ndarray:
    vector = np.frombuffer(bytes(data), dtype=np.float16)
    if len(vector) != dim:
        raise ValueError(f"a journal vector of {len(vector)} dimensions, the encoder has {dim}")
    return vector


def pack(index: MatchIndex, target: Path) -> int:
    """Write ``index`` as one uncompressed tar file at ``target`` (its vectors barely compress);
    returns its size in bytes."""

    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        index.save(tmp)
        with tarfile.open(target, "w") as tar:
            for path in sorted(Path(tmp).iterdir()):
                tar.add(path, arcname=path.name)
    return target.stat().st_size


def unpack(source: Path, directory: Path, *, encoder: Encoder | None = None) -> MatchIndex:
    """Extract a ``pack``ed snapshot into ``directory`` (replacing it) and load it."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    try:
        with tarfile.open(source, "r") as tar:
            tar.extractall(directory, filter="data")
    except tarfile.TarError as exc:
        raise IndexFormatError(f"{source}: not a snapshot ({exc})") from exc
    return MatchIndex.load(directory, encoder=encoder)


def wants_snapshot(journaled: int, base: int) -> bool:
    """Whether a journal of ``journaled`` documents over a snapshot of ``base`` is worth folding."""
    return journaled >= max(COMPACT_MIN_DOCUMENTS, COMPACT_SHARE * base)
