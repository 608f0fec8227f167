"""Train the learnt speaker ranker (claims/extraction/models/speakers.json) on PolNeAR train.

PolNeAR train (840 articles, ../shared/data/attribution/polnear_train.jsonl.gz) is split by
article: one in five (crc32 of the article id mod 5 == 0) is held out for every choice made
here (C, the threshold); the model is fitted on the other four. PolNeAR dev is never read:
evaluation/attribution.py reports it.

1. Cue words: for each lower-case word of the fitting articles, how often it lies inside an
   annotated cue ("said", "seemed", "according") against how often it occurs.
2. Candidates: attribution.find_claims(collect=...) lists, for each sentence the rules leave
   to the outlet, the speakers the rules can see there with their features (speakers.py).
   A candidate is right when its phrase overlaps the annotated source of an attribution whose
   content lies (at least in part) in the sentence: the sentence then reports what they said.
3. A logistic regression (standardised features, class weights balanced) for C in a grid; for
   each C the threshold is the lowest at which the held-out sentences given a speaker get the
   right one (the speaker of an annotated attribution in the sentence: its last word in the
   claimant, pronouns judged by the last named source) at least ``--precision`` of the time (default
   0.6); of those, the C with the most held-out attributions found as attributed wins. Refitted on all of train with it.

    .venv/bin/python scripts/train_speakers.py           # writes claims/extraction/models/speakers.json
    .venv/bin/python scripts/train_speakers.py --dry-run # prints the held-out figures only
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluation"))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "attribution"

from attribution import OUTLET, covered, head_word, is_pronoun  # noqa: E402  (evaluation/attribution.py)
from sklearn.linear_model import LogisticRegression  # noqa: E402

from claims.extraction import speakers  # noqa: E402
from claims.extraction.attribution import find_claims  # noqa: E402
from claims.extraction.sentences import split_sentences  # noqa: E402

_WORD = re.compile(r"[A-Za-z][a-z’'-]*")
MIN_CUE_COUNT = 3  # times inside a cue on the fitting articles
MIN_CUE = float(
    os.environ.get("SPEAKERS_MIN_CUE", "0.2")
)  # least share of a word's occurrences inside a cue for it to count as one
CS = (0.01, 0.1, 1.0)


def held_out(doc: dict) -> bool:
    return zlib.crc32(doc["id"].encode()) % 5 == 0


def mine_cues(docs: list[dict]) -> dict[str, tuple[float, float]]:
    inside, total = Counter(), Counter()
    for doc in docs:
        text = doc["text"]
        for m in _WORD.finditer(text):
            total[m.group(0).lower()] += 1
        for a in doc["attributions"]:
            for s, e in (a.get("cue") or {}).get("spans", []):
                for m in _WORD.finditer(text[s:e]):
                    inside[m.group(0).lower()] += 1
    cues = {}
    for word, n in inside.items():
        ratio = n / (total[word] + 1)
        if n >= MIN_CUE_COUNT and ratio >= MIN_CUE:
            cues[word] = (round(ratio, 4), n)
    return cues


def gold_of(doc: dict) -> list[tuple[list, list, str]]:
    """(content spans, source spans, the name a claimant must hold) per attribution, in text order."""
    gold = sorted(doc["attributions"], key=lambda a: a["content"]["spans"][0][0] if a["content"]["spans"] else 0)
    out, last_named = [], ""
    for a in gold:
        spans = a["content"]["spans"]
        source = (a.get("source") or {}).get("text", "") or ""
        if not spans or not sum(e - s for s, e in spans):
            continue
        pronoun = is_pronoun(source)
        reference = last_named if pronoun else source
        if not pronoun and source[:1].isupper():
            last_named = source
        out.append((spans, (a.get("source") or {}).get("spans", []), head_word(reference) if reference else ""))
    return out


def fits(spans: list, start: int, end: int) -> bool:
    size = sum(e - s for s, e in spans)
    inside = covered(spans, start, end)
    return inside >= size / 2 and inside >= (end - start) / 3


def collect(docs: list[dict], cues: dict) -> list[dict]:
    """Per article: its rule claims and, per outlet sentence, the candidates with labels."""
    out = []
    for doc in docs:
        text = doc["text"]
        rows: list = []
        claims = find_claims(
            text, split_sentences(text), default_claimant=OUTLET, learnt=False, collect=(cues, MIN_CUE, rows)
        )
        gold = gold_of(doc)
        sentences = []
        for start, end, candidates in rows:
            # The speakers of the attributions the sentence holds (any part of their content).
            fitting = [g for g in gold if covered(g[0], start, end) > 0]
            labelled = []
            for claimant, s, e, features in candidates:
                right = any(covered(src, s, e) > 0 for _, src, _ in fitting)
                labelled.append((claimant, [features.get(f, 0.0) for f in speakers.FEATURES], right))
            sentences.append((start, end, labelled))
        out.append({"claims": claims, "gold": gold, "sentences": sentences})
    return out


def figures(articles: list[dict], pick) -> dict[str, float]:
    """evaluation/attribution.py's figures with the claimants ``pick`` gives the outlet sentences."""
    n = found = attributed = judged = right = given = given_right = 0
    for article in articles:
        chosen = {}
        for start, end, labelled in article["sentences"]:
            claimant = pick(labelled)
            if claimant:
                chosen[(start, end)] = claimant
        claims = [(c.start, c.end, chosen.get((c.start, c.end), c.claimant)) for c in article["claims"]]
        for (start, end), claimant in chosen.items():
            given += 1
            # Right: the sentence holds an annotated attribution (any part of its content) by this speaker.
            given_right += any(
                covered(g[0], start, end) > 0 and g[2] and g[2] in claimant.lower() for g in article["gold"]
            )
        for spans, _, head in article["gold"]:
            n += 1
            best = None
            for c in claims:
                if fits(spans, c[0], c[1]) and (best is None or (best[2] == OUTLET and c[2] != OUTLET)):
                    best = c
            if best is None:
                continue
            found += 1
            attributed += best[2] != OUTLET
            if head:
                judged += 1
                right += head in best[2].lower()
    return {
        "found_attributed": attributed / n,
        "claimant_right": right / max(1, judged),
        "given": given,
        "given_precision": given_right / max(1, given),
    }


def fit(articles: list[dict], c: float):
    x = np.array([f for a in articles for _, _, rows in a["sentences"] for _, f, _ in rows], dtype=float)
    y = np.array([r for a in articles for _, _, rows in a["sentences"] for _, _, r in rows], dtype=int)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((x - mean) / scale, y)
    return model.coef_[0], float(model.intercept_[0]), mean, scale


def best_of(articles: list[dict], weights, bias, mean, scale) -> dict[int, tuple[float, str]]:
    """Per sentence (by id of its candidate list), the best candidate's probability and claimant."""
    best = {}
    for article in articles:
        for _, _, labelled in article["sentences"]:
            if labelled:
                x = (np.array([f for _, f, _ in labelled]) - mean) / scale
                p = 1 / (1 + np.exp(-(x @ weights + bias)))
                k = int(np.argmax(p))
                best[id(labelled)] = (float(p[k]), labelled[k][0])
    return best


def picker(best: dict[int, tuple[float, str]], threshold: float):
    def pick(labelled):
        p, who = best.get(id(labelled), (0.0, ""))
        return who if p >= threshold else ""

    return pick


def main() -> int:
    path = DATA / "polnear_train.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    fitting = [d for d in docs if not held_out(d)]
    holdout = [d for d in docs if held_out(d)]
    cues = mine_cues(fitting)
    print(f"{len(fitting)} fitting articles, {len(holdout)} held out; {len(cues)} cue words")
    train_rows, held_rows = collect(fitting, cues), collect(holdout, cues)
    base = figures(held_rows, lambda rows: "")
    print(
        f"held out, rules alone: found attributed {base['found_attributed']:.1%}, "
        f"claimant right {base['claimant_right']:.1%}"
    )
    precision = float(sys.argv[sys.argv.index("--precision") + 1]) if "--precision" in sys.argv else 0.6
    best = None
    for c in CS:
        weights, bias, mean, scale = fit(train_rows, c)
        scored = best_of(held_rows, weights, bias, mean, scale)
        chosen = None
        for threshold in np.arange(0.30, 0.99, 0.02):
            result = figures(held_rows, picker(scored, threshold))
            if result["given_precision"] >= precision:
                chosen = (threshold, result)
                break
        if chosen is None:
            continue
        threshold, result = chosen
        print(
            f"C={c}: threshold {threshold:.2f}: found attributed {result['found_attributed']:.1%}, claimant right "
            f"{result['claimant_right']:.1%}, {result['given']} sentences given a speaker, "
            f"{result['given_precision']:.1%} of them right"
        )
        if best is None or result["found_attributed"] > best[2]["found_attributed"]:
            best = (c, threshold, result)
    if best is None:
        print("no setting reaches the precision asked", file=sys.stderr)
        return 1
    c, threshold, result = best
    print(f"chosen: C={c}, threshold {threshold:.2f}")
    if "--dry-run" in sys.argv:
        return 0
    all_cues = mine_cues(docs)
    weights, bias, mean, scale = fit(collect(docs, all_cues), c)
    data = {
        "trained_on": "PolNeAR train (840 articles); settings chosen on a fifth of it held out by article",
        "held_out": {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()},
        "C": c,
        "threshold": round(float(threshold), 4),
        "min_cue": MIN_CUE,
        "features": list(speakers.FEATURES),
        "weights": [round(float(w), 5) for w in weights],
        "bias": round(bias, 5),
        "mean": [round(float(m), 5) for m in mean],
        "scale": [round(float(s), 5) for s in scale],
        "cues": dict(sorted(all_cues.items())),
    }
    speakers.MODEL_PATH.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {speakers.MODEL_PATH} ({speakers.MODEL_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
