"""Train the matching re-ranker (claims/matching/models/reranker.json) and, with ``--desk``,
the same-claim model behind the desk's tiers (claims/matching/models/sameclaim.json).

Builds the index over the CheckThat! 2022 2A pool with the shipped encoder,
collects the candidates of every *train* query, labels them with the train
qrels and fits a logistic regression (standardised features, C=10). dev and
dev_test are not used here: evaluation/matching.py reports them.

    .venv/bin/python scripts/train_matching.py          # the re-ranker
    .venv/bin/python scripts/train_matching.py --desk   # the same-claim model and its thresholds
    .venv/bin/python scripts/train_matching.py --desk --every-claim   # ... trained on every claim's pairs

``--desk`` trains on the *train* split of the news pair sets (evaluation/data/news_pairs: the
labelled same-story pairs and the unrelated pairs of the train articles' check-worthy claims, or
with ``--every-claim`` of every claim the pipeline extracts) and the 2A train
tweets; the settings (C, the weight of the 2A pairs) are chosen by cross-validation grouped by
story on the train split, and the thresholds on its out-of-fold predictions: suggest, the lowest
score at which the best suggestion of a claim is right 80 % of the time; auto, the lowest score at
which 99 % of pairs are right on both the news and the 2A train pairs (out of fold too, 2A in folds
by tweet), a margin above every unrelated pair, with the hard-evidence gate (an IDF-weighted
overlap of the claims and their titles, or of the claims only: ``sameclaim.hard_evidence``)
that lets the most right pairs through out of fold. The IDF
(claims/matching/models/idf.json) is counted first, over the train pages' sentences and the 2A
verified claims.
The held-out stories and 2A dev / dev_test are only read by evaluation/matching.py.
"""

from __future__ import annotations

import os
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "matching" / "clef2022_2a"

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from claims.matching import rerank, trec  # noqa: E402
from claims.matching import text as textmod  # noqa: E402
from claims.matching.index import MatchIndex  # noqa: E402
from claims.matching.pool import read_pool, read_queries  # noqa: E402


def main() -> int:
    if "--desk" in sys.argv[1:]:
        return train_desk()
    if not (DATA / "vclaims.jsonl.gz").is_file():
        print(f"Training data not found in {DATA} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    started = time.perf_counter()
    index = MatchIndex.rebuild(read_pool(DATA / "vclaims.jsonl.gz").documents)
    print(f"index: {len(index)} claims in {time.perf_counter() - started:.0f} s")
    queries = read_queries(DATA / "train_queries.tsv")
    qrels = trec.read_qrels((DATA / "train_qrels.tsv").read_text(encoding="utf-8").splitlines())
    normalised = [textmod.normalise(t) for _q, t in queries]
    vectors = index.encoder.encode(normalised)
    rows_x, rows_y = [], []
    found = 0
    for (qid, _t), query, vec in zip(queries, normalised, vectors, strict=True):
        rows, candidates = index.candidates(query, vec)
        if not rows:
            continue
        relevant = qrels.get(qid, set())
        labels = [int(index.ids[r] in relevant) for r in rows]
        found += sum(labels)
        rows_x.append(rerank.features(query, candidates))
        rows_y.extend(labels)
    x = np.vstack(rows_x)
    y = np.array(rows_y)
    total = sum(len(v) for v in qrels.values())
    print(f"train: {len(queries)} queries, {len(y)} pairs, candidate recall {found / total:.3f}")
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=10, max_iter=5000).fit(scaler.transform(x), y)
    reranker = rerank.Reranker(
        mean=scaler.mean_, scale=scaler.scale_, coef=model.coef_[0], intercept=float(model.intercept_[0])
    )
    rerank.MODEL_PATH.parent.mkdir(exist_ok=True)
    rerank.MODEL_PATH.write_text(
        reranker.to_json(trained_on="CheckThat! 2022 2A train (997 queries)", encoder=index.encoder.name) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {rerank.MODEL_PATH.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    return 0


SUGGEST_PRECISION = 0.8  # of the best suggestion of a claim
AUTO_PRECISION = 0.99
AUTO_MARGIN = 0.05  # above the highest-scoring unrelated pair
GRID = [(c, w) for c in (0.1, 1.0, 10.0) for w in (0.25, 1.0)]
EVIDENCE_GRID = (0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
EVIDENCE_ON = ("both", "claims")  # the gate reads the claims' and the titles' overlap, or the claims' only


def train_desk() -> int:
    from sklearn.metrics import average_precision_score

    from claims.matching import sameclaim
    from evaluation import pairsets

    started = time.perf_counter()
    articles = pairsets.load_articles()
    idf = build_idf(articles)
    print(
        f"IDF: {idf.documents} documents, {len(idf.df)} words seen twice or more; wrote "
        f"{sameclaim.IDF_PATH.relative_to(ROOT)}"
    )
    labels = pairsets.load_labels(articles)
    # --every-claim: every claim of the train pages, not only the ones check-worthiness lets into the
    # queue (the same-claim question does not depend on check-worthiness; since issue 23's news head
    # lets about a fifth of the sentences through, the check-worthy pairs alone hold 43 same pairs,
    # every claim 218). Tried in the third pass and not shipped (docs/models/matching.md).
    every_claim = "--every-claim" in sys.argv[1:]
    news = pairsets.news_pairs(articles, labels, split="train", checkworthy_only=not every_claim)
    checkworthy = np.array(
        [
            _checkworthy(articles, q) and _checkworthy(articles, c)
            for q, c in zip(news.query, news.candidate, strict=True)
        ],
        dtype=bool,
    )
    two_a, _index = pairsets.two_a_pairs("train")
    print(
        f"news train: {len(news.same)} candidate pairs, {int(news.same.sum())} same; "
        f"2A train: {len(two_a.same)} pairs, {int(two_a.same.sum())} same ({time.perf_counter() - started:.0f} s)"
    )
    keep = pairsets.first_seen(news)
    # Fragments (a side under three words) are never matched, whatever the weights: not trained on.
    news_ok, two_a_ok = ~news.fragment, ~two_a.fragment
    stories = np.array([articles[q.split("#")[0]].story or f"article:{q.split('#')[0]}" for q in news.query])
    names = sorted(set(stories[np.array(news.kind) == "story"]))
    folds = {name: n % 5 for n, name in enumerate(names)}
    fold = np.array([folds.get(s, zlib.crc32(s.encode()) % 5) for s in stories])  # unrelated: by article
    # 2A tweets in folds too (by tweet), so that both thresholds are read off predictions for
    # pairs the model was not fitted on.
    fold_2a = np.array([zlib.crc32(q.encode()) % 5 for q in two_a.query])
    best = None
    for c, weight in GRID:
        oof, oof_2a = np.zeros(len(news.same)), np.zeros(len(two_a.same))
        for k in range(5):
            train, train_2a = (fold != k) & news_ok, (fold_2a != k) & two_a_ok
            model = _fit(
                np.vstack([news.features[train], two_a.features[train_2a]]),
                np.concatenate([news.same[train], two_a.same[train_2a]]),
                np.concatenate([np.ones(int(train.sum())), np.full(int(train_2a.sum()), weight)]),
                c,
            )
            held, held_2a = fold == k, fold_2a == k
            oof[held] = model.probabilities(news.features[held], news.fragment[held])
            oof_2a[held_2a] = model.probabilities(two_a.features[held_2a], two_a.fragment[held_2a])
        story = keep & (np.array(news.kind) == "story")
        ap = average_precision_score(news.same[story], oof[story])
        print(f"  C={c:<5} 2A weight={weight:<5} grouped-CV average precision, same-story pairs: {ap:.3f}")
        if best is None or ap > best[0]:
            best = (ap, c, weight, oof, oof_2a)
    ap, c, weight, oof, oof_2a = best
    story = keep & (np.array(news.kind) == "story")
    unrelated = keep & (np.array(news.kind) == "unrelated")
    queries = [q for q, k in zip(news.query, story, strict=True) if k]
    # The lowest threshold from which on the precision holds at every higher one too (a lucky dip
    # in a noisy curve is not taken).
    suggest = _lowest_holding(
        np.arange(0.05, 1.0, 0.01),
        lambda t: pairsets.tier_figures(oof[story], news.same[story], queries, t).top_precision >= SUGGEST_PRECISION,
        0.95,
    )
    desk = story & checkworthy  # the pairs between two check-worthy claims: what a desk sees
    desk_queries = [q for q, k in zip(news.query, desk, strict=True) if k]
    print(
        f"  check-worthy pairs among them: {int(desk.sum())}, {int(news.same[desk].sum())} same; "
        f"average precision out of fold {average_precision_score(news.same[desk], oof[desk]):.3f}"
    )
    for t in sorted({round(float(suggest), 2), 0.3, 0.5, 0.7, 0.9}):
        for name, mask, qs in (("all claims", story, queries), ("check-worthy", desk, desk_queries)):
            f = pairsets.tier_figures(oof[mask], news.same[mask], qs, t)
            print(
                f"  out-of-fold at {t:.2f}, {name}: pairs shown {f.shown}, precision {f.precision:.3f}, recall "
                f"{f.recall:.3f}; best per claim: shown {f.top_shown}, precision {f.top_precision:.3f}, "
                f"recall {f.top_recall:.3f}; unrelated pairs at or above: {int((oof[unrelated] >= t).sum())}"
            )
    model = _fit(
        np.vstack([news.features[news_ok], two_a.features[two_a_ok]]),
        np.concatenate([news.same[news_ok], two_a.same[two_a_ok]]),
        np.concatenate([np.ones(int(news_ok.sum())), np.full(int(two_a_ok.sum()), weight)]),
        c,
    )
    # The auto tier also asks for hard evidence (sameclaim.hard_evidence): the overlap gate that lets
    # the most right pairs through at the auto threshold the rule gives for it, out of fold.
    best_auto = None
    for on, gate in [(on, gate) for on in EVIDENCE_ON for gate in EVIDENCE_GRID]:
        ev, ev_2a = sameclaim.hard_evidence(news.features, gate, on), sameclaim.hard_evidence(two_a.features, gate, on)
        on_story, on_2a = oof[story] * ev[story], oof_2a * ev_2a  # no evidence: never auto
        with_evidence = unrelated & ev
        floor = float(oof[with_evidence].max()) + AUTO_MARGIN if with_evidence.any() else 0.0
        auto = _lowest_holding(
            np.arange(max(suggest, floor), 1.0, 0.005),
            lambda t, s=on_story, a=on_2a: (
                _precision(s, news.same[story], t) >= AUTO_PRECISION and _precision(a, two_a.same, t) >= AUTO_PRECISION
            ),
            0.995,
        )
        right = int((news.same[story] * (on_story >= auto)).sum() + (two_a.same * (on_2a >= auto)).sum())
        print(
            f"  evidence gate {gate:.2f} on {on}: auto {auto:.3f}, right pairs at or above out of fold {right} "
            f"(news {int((on_story >= auto).sum())}, 2A {int((on_2a >= auto).sum())})"
        )
        if best_auto is None or right > best_auto[0]:
            best_auto = (right, gate, auto, floor, on)
    _right, gate, auto, floor, on = best_auto
    model = sameclaim.SameClaimModel(
        model.mean,
        model.scale,
        model.coef,
        model.intercept,
        round(float(suggest), 3),
        round(float(auto), 3),
        round(float(gate), 3),
        on,
    )
    sameclaim.MODEL_PATH.write_text(
        model.to_json(
            trained_on=f"news train split{', every claim' if every_claim else ''} (evaluation/data/news_pairs) + "
            "CheckThat! 2022 2A train",
            chosen={"C": c, "two_a_weight": weight, "cv_average_precision": round(ap, 4)},
            encoder="USE-multilingual-v3",
            idf=sameclaim.IDF_PATH.name,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"chose C={c}, 2A weight={weight}; thresholds suggest {model.suggest}, auto {model.auto} with evidence "
        f"gate {model.evidence} on {model.evidence_on} "
        f"(highest unrelated out-of-fold with evidence {floor - AUTO_MARGIN:.3f}); wrote "
        f"{sameclaim.MODEL_PATH.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s"
    )
    return 0


def _checkworthy(articles, doc_id: str) -> bool:
    article, n = doc_id.split("#")
    return bool(articles[article].claims[int(n)].checkworthy)


def build_idf(articles):
    """The IDF the same-claim features weight words by (claims/matching/models/idf.json): the
    sentences of the *train* split's news pages (held-out stories' words stay unseen, as a new
    story's are in a desk) and the 2A verified claims with their titles. Reloaded at once."""
    import re

    from claims.matching import sameclaim
    from claims.matching.pool import read_pool

    sentences = [s for a in articles.values() if a.split == "train" for s in re.split(r"(?<=[.!?])\s+", a.cleaned) if s]
    claims = [f"{d.text} {d.title}" for d in read_pool(DATA / "vclaims.jsonl.gz").documents]
    idf = sameclaim.Idf.build(sentences + claims)
    sameclaim.IDF_PATH.write_text(
        idf.to_json(
            made_by="scripts/train_matching.py --desk",
            corpus="sentences of the train-split pages of ../shared/data/articles/extraction_benchmark "
            "(evaluation/data/news_pairs/articles.json) + CheckThat! 2022 2A verified claims and titles",
            min_df=2,
        )
        + "\n",
        encoding="utf-8",
    )
    sameclaim.default_idf.cache_clear()
    sameclaim._profile.cache_clear()
    sameclaim._tokens.cache_clear()
    sameclaim._mass.cache_clear()
    return idf


def _fit(x, y, weights, c):
    from claims.matching import sameclaim

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x), y, sample_weight=weights)
    # No auto threshold yet (infinite): out-of-fold probabilities are not capped by the evidence gate.
    return sameclaim.SameClaimModel(
        scaler.mean_, scaler.scale_, model.coef_[0], float(model.intercept_[0]), 0.5, float("inf")
    )


def _lowest_holding(thresholds, holds, default: float) -> float:
    """The lowest threshold at which ``holds`` is true for it and every higher threshold."""
    lowest = default
    for t in sorted(thresholds, reverse=True):
        if not holds(t):
            break
        lowest = float(t)
    return lowest


def _precision(scores, same, threshold) -> float:
    shown = scores >= threshold
    return float(same[shown].mean()) if shown.any() else 1.0


if __name__ == "__main__":
    sys.exit(main())
