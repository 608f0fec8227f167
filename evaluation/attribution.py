"""Evaluate claim spans and claimants on PolNeAR dev (make eval).

For every annotated attribution (source, cue, content) in the 84 dev articles:

- found: some claim the extractor lists covers at least half of the
  annotated content's characters (and the claim is not mostly outside it:
  at least a third of the claim lies inside the content);
- found as attributed: the same, counting only claims given a claimant other
  than the outlet;
- claimant right: for a found attribution, the claimant names the annotated
  source — its last word (a surname, "Clinton"; an organisation's head word,
  "Post") appears in the claimant, case-insensitively; a source with an apposition
  ("Sexton, a creative writing professor,") is judged by the name before the comma. A pronoun source ("he",
  "she") is judged against the nearest earlier annotated source in the same
  article that is a capitalised name (how a reader would resolve it); if there
  is none, the pronoun cannot be judged and is left out of that figure.

Also printed: the share of attributed claims that cover an annotated content
(a precision-like figure), and all figures split by pronoun vs named sources.
Built on PolNeAR train only; dev is for these figures. ``--rules-only`` leaves out the learnt
speaker ranker (claims/extraction/speakers.py), to see what it adds. ``--dump FILE`` writes every found
attribution that is left to the outlet or given a wrong claimant, and every one not found with the claim that
overlaps it most, one JSON object a line (for reading misses on train).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "attribution"

from claims.extraction.attribution import find_claims  # noqa: E402
from claims.extraction.sentences import split_sentences  # noqa: E402

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "his", "its", "their"}
OUTLET = "<outlet>"


def covered(spans: list[list[int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


def head_word(source: str) -> str:
    # "Sexton, a creative writing professor," names Sexton: an apposition after the name is
    # description, and the guide's claimant drops it (it is not the name to look for).
    source = source.strip().strip(",").split(",")[0] or source
    words = re.findall(r"[A-Za-z][\w'’-]*", source)
    words = [w for w in words if w.lower() not in {"the", "a", "an", "of", "said", "'s"}]
    return words[-1].lower().replace("’s", "").replace("'s", "") if words else ""


def is_pronoun(source: str) -> bool:
    return source.strip().lower() in PRONOUNS


def main() -> int:
    # Rules are developed on train (``--split train``); dev is for the reported figures.
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "dev"
    learnt = "--rules-only" not in sys.argv
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else ""
    # --held-out: only the fifth of train the speaker ranker's script holds out (scripts/train_speakers.py)
    fifth = "--held-out" in sys.argv
    dumped: list[str] = []
    path = DATA / f"polnear_{split}.jsonl.gz"
    if not path.is_file():
        print(f"PolNeAR dev not found: {path} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    stats = {
        k: {"n": 0, "found": 0, "attributed": 0, "claimant_n": 0, "claimant_ok": 0} for k in ("all", "named", "pronoun")
    }
    attributed_claims = precise = 0
    elapsed = 0.0
    articles = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if fifth and zlib.crc32(doc["id"].encode()) % 5:
                continue
            text = doc["text"]
            articles += 1
            started = time.perf_counter()
            claims = find_claims(text, split_sentences(text), default_claimant=OUTLET, learnt=learnt)
            elapsed += time.perf_counter() - started
            gold = sorted(
                doc["attributions"], key=lambda a: a["content"]["spans"][0][0] if a["content"]["spans"] else 0
            )
            contents = [a["content"]["spans"] for a in gold]
            for claim in claims:
                if claim.claimant != OUTLET:
                    attributed_claims += 1
                    length = max(1, claim.end - claim.start)
                    if any(covered(c, claim.start, claim.end) >= length / 2 for c in contents):
                        precise += 1
            last_named = ""
            for attribution in gold:
                spans = attribution["content"]["spans"]
                source = attribution.get("source", {}).get("text", "") or ""
                size = sum(e - s for s, e in spans)
                if not spans or not size:
                    continue
                pronoun = is_pronoun(source)
                reference = last_named if pronoun else source
                if not pronoun and source[:1].isupper():
                    last_named = source
                best = None
                for claim in claims:
                    inside = covered(spans, claim.start, claim.end)
                    fits = inside >= size / 2 and inside >= (claim.end - claim.start) / 3
                    if fits and (best is None or (best.claimant == OUTLET and claim.claimant != OUTLET)):
                        best = claim
                ok = None
                if best is not None and reference:
                    head = head_word(reference)
                    ok = bool(head) and head in best.claimant.lower()
                if dump:
                    shown = None
                    if best is None:
                        # the claim that overlaps the content most, for reading why it missed
                        near = max(claims, key=lambda c: covered(spans, c.start, c.end), default=None)
                        if near is not None and covered(spans, near.start, near.end):
                            shown = ("missed", near)
                    elif best.claimant == OUTLET or ok is False:
                        shown = ("outlet" if best.claimant == OUTLET else "wrong", best)
                    if shown is not None:
                        kind, claim = shown
                        record = {
                            "article": doc["id"],
                            "kind": kind,
                            "source": source,
                            "reference": reference,
                            "cue": attribution.get("cue", {}).get("text", ""),
                            "content": attribution["content"]["text"],
                            "claimant": claim.claimant,
                            "claim": text[claim.start : claim.end],
                        }
                        dumped.append(json.dumps(record, ensure_ascii=False) + "\n")
                for key in ("all", "pronoun" if pronoun else "named"):
                    row = stats[key]
                    row["n"] += 1
                    if best is None:
                        continue
                    row["found"] += 1
                    if best.claimant != OUTLET:
                        row["attributed"] += 1
                    if ok is not None:
                        row["claimant_n"] += 1
                        row["claimant_ok"] += ok

    if dump:
        Path(dump).write_text("".join(dumped), encoding="utf-8")

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "   n/a"

    print(
        f"PolNeAR {split}{' (rules only)' if not learnt else ''}: {articles} articles, "
        f"{stats['all']['n']} annotated attributions "
        f"({stats['named']['n']} named sources, {stats['pronoun']['n']} pronouns); "
        f"{articles / elapsed:,.0f} articles/s"
    )
    print(f"{'sources':10} {'n':>6} {'found':>7} {'found attributed':>17} {'claimant right':>15}")
    for key in ("all", "named", "pronoun"):
        row = stats[key]
        print(
            f"{key:10} {row['n']:6d} {pct(row['found'], row['n']):>7} "
            f"{pct(row['attributed'], row['n']):>17} {pct(row['claimant_ok'], row['claimant_n']):>15}"
        )
    print(f"attributed claims covering an annotated content: {pct(precise, attributed_claims)} of {attributed_claims}")
    print(
        "found = a claim covers >= 50% of the content (and lies >= 1/3 inside it); claimant right = "
        "the source's last word is in the claimant; pronouns judged against the nearest earlier named source."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
