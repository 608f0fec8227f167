"""Reading the files of the ``rank_claims`` command: a pool and a set of queries.

POOL: JSON Lines, optionally gzipped, one object per line with ``vclaim_id``,
``vclaim`` and ``title`` (``subtitle`` is used as context when present).
QUERIES: TSV ``iclaim_id<TAB>iclaim``, with or without a header row.
Errors are ``PoolError`` with the file and line; nothing else is raised for bad
content (blank lines are skipped; a later duplicate id replaces the earlier one
and is counted).
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .index import Document


class PoolError(ValueError):
    pass


@dataclass(frozen=True)
class Pool:
    documents: list[Document]
    duplicates: int  # ids seen more than once (the last one is kept)


def _open_text(path: Path):
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise PoolError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    head = raw.read(2)
    raw.seek(0)
    stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
    return io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")


def read_pool(path: str | Path) -> Pool:
    path = Path(path)
    by_id: dict[str, Document] = {}
    duplicates = 0
    try:
        with _open_text(path) as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PoolError(f"{path}:{n}: not JSON ({exc.msg})") from exc
                if not isinstance(row, dict) or not str(row.get("vclaim_id") or "").strip():
                    raise PoolError(f"{path}:{n}: each line needs a 'vclaim_id'")
                doc_id = str(row["vclaim_id"]).strip()
                if doc_id in by_id:
                    duplicates += 1
                    del by_id[doc_id]  # keep the last, in file order of its last appearance
                by_id[doc_id] = Document(
                    id=doc_id,
                    text=str(row.get("vclaim") or ""),
                    title=str(row.get("title") or ""),
                    context=str(row.get("subtitle") or ""),
                )
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise PoolError(f"{path}: cannot read ({exc})") from exc
    if not by_id:
        raise PoolError(f"{path}: no claims in the pool")
    return Pool(documents=list(by_id.values()), duplicates=duplicates)


def read_queries(path: str | Path) -> list[tuple[str, str]]:
    """(id, text) pairs in file order; a first row ``iclaim_id<TAB>iclaim`` is a header."""
    path = Path(path)
    out: list[tuple[str, str]] = []
    try:
        with _open_text(path) as handle:
            for n, line in enumerate(handle, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                qid, tab, text = line.partition("\t")
                qid = qid.strip()
                if (
                    n == 1
                    and qid.lower() in ("iclaim_id", "id", "qid")
                    and text.strip().lower() in ("iclaim", "text", "tweet", "query")
                ):
                    continue
                if not tab or not qid:
                    raise PoolError(f"{path}:{n}: expected 'iclaim_id<TAB>iclaim'")
                out.append((qid, text))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise PoolError(f"{path}: cannot read ({exc})") from exc
    return out
