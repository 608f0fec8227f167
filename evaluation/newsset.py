"""The team's labelled news for check-worthiness (issue 23): loading and agreement.

Labels in ``evaluation/data/news_checkworthiness/`` point into texts read from ../shared:
PolNeAR's article text, or a benchmark page as ``claims.extraction.pipeline.parse`` gives
it. Each label carries a digest of its sentence, so a label whose text moved (a parser
change) is found by its digest near its old offsets, or reported lost — never silently
attached to another sentence.
"""

from __future__ import annotations

import collections
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
PAGES = SHARED / "articles" / "extraction_benchmark"
POLNEAR = SHARED / "attribution"
DATA = ROOT / "evaluation" / "data" / "news_checkworthiness"
ARTICLES = DATA / "articles.json"
LABELS = DATA / "labels.jsonl"


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]  # noqa: S324 - a fingerprint, not security


@lru_cache(maxsize=2)
def polnear_docs(split: str) -> dict[str, dict]:
    with gzip.open(POLNEAR / f"polnear_{split}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return {doc["id"]: doc for doc in map(json.loads, handle)}


def article_texts(meta: dict[str, dict]) -> dict[str, str]:
    """Each article's text, the one its labels' offsets point into."""
    from claims.extraction import pipeline

    urls = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))
    out = {}
    for article, about in meta.items():
        source = about["source"]
        if source.startswith("polnear_"):
            out[article] = polnear_docs(source.removeprefix("polnear_"))[article]["text"]
        else:
            with gzip.open(PAGES / f"{article}.html.gz") as page:
                out[article] = pipeline.parse(html_text=page.read(), url=urls.get(article, "")).text
    return out


@dataclass(frozen=True)
class Labelled:
    article: str
    source: str  # polnear_train, polnear_dev, benchmark
    split: str  # train or test (held out)
    start: int
    end: int
    text: str
    label: int  # 0 no factual claim, 1 factual not worth queueing, 2 queue it
    claimant: str


def _locate(text: str, row: dict) -> tuple[int, int] | None:
    start, end = row["start"], row["end"]
    if digest(text[start:end]) == row["sha1"]:
        return start, end
    return None


def load(*, split: str | None = None) -> tuple[list[Labelled], int]:
    """The final label of every labelled sentence (adjudicated where two labellers differed,
    else the first labeller's), and how many labels no longer find their sentence."""
    meta = json.loads(ARTICLES.read_text(encoding="utf-8"))
    if split:
        meta = {a: m for a, m in meta.items() if m["split"] == split}
    texts = article_texts(meta)
    by_sentence: dict[tuple[str, int], dict[str, dict]] = collections.defaultdict(dict)
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["article"] in meta:
            by_sentence[(row["article"], row["start"])][row["by"]] = row
    out, lost = [], 0
    for (article, _start), rows in sorted(by_sentence.items()):
        about = meta[article]
        row = rows.get("adjudicated") or rows.get(about["labellers"][0]) or next(iter(rows.values()))
        span = _locate(texts[article], row)
        if span is None:
            lost += 1
            continue
        out.append(
            Labelled(
                article,
                about["source"],
                about["split"],
                span[0],
                span[1],
                texts[article][span[0] : span[1]],
                row["label"],
                row.get("claimant", ""),
            )
        )
    return out, lost


def pairs_for_agreement() -> list[tuple[int, int]]:
    """(first labeller's label, second labeller's label) for every doubly labelled sentence."""
    meta = json.loads(ARTICLES.read_text(encoding="utf-8"))
    rows: dict[tuple[str, int], dict[str, int]] = collections.defaultdict(dict)
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[(row["article"], row["start"])][row["by"]] = row["label"]
    out = []
    for (article, _start), labels in rows.items():
        who = meta[article]["labellers"]
        if len(who) == 2 and who[0] in labels and who[1] in labels:
            out.append((labels[who[0]], labels[who[1]]))
    return out
