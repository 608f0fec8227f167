"""Evaluate claim matching on CheckThat! 2022 task 2A (make eval).

Runs ``manage.py rank_claims`` (the stable command) on the dev and dev-test
queries against the verified-claims pool and prints MAP@1, MAP@5 and recall@5
from our own TREC scorer (claims/matching/trec.py); then the desk's tiers (the
same-claim model's suggest and auto thresholds) on the held-out news pair sets and
on 2A dev and dev-test (evaluation/pairsets.py), and, when a database with stored
match decisions is available, on the desk's own decisions. The re-ranker is trained on the train
split only (scripts/train_matching.py). The pool's index is cached under
VERIFY_VAR_DIR/matching/pools after the first run (about a minute to build).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "matching" / "clef2022_2a"

from claims.matching import trec  # noqa: E402

TARGET_MAP5 = 0.93


def run_split(split: str, workdir: Path) -> tuple[dict[str, list[str]], dict[str, list[float]], float]:
    out = workdir / f"{split}.run"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "rank_claims",
            "--pool",
            str(DATA / "vclaims.jsonl.gz"),
            "--queries",
            str(DATA / f"{split}_queries.tsv"),
            "--top",
            "5",
            "--output",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    lines = out.read_text(encoding="utf-8").splitlines()
    scores: dict[str, list[float]] = {}
    for line in lines:
        parts = line.split()
        scores.setdefault(parts[0], []).append(float(parts[4]))
    return trec.read_run(lines), scores, elapsed


def main() -> int:
    missing = [p for p in ("vclaims.jsonl.gz", "dev_queries.tsv", "dev_test_queries.tsv") if not (DATA / p).is_file()]
    if missing:
        print(f"Evaluation data not found in {DATA}: {', '.join(missing)} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    print("Claim matching, CheckThat! 2022 2A (re-ranker trained on train only)")
    print(f"{'set':10} {'queries':>7} {'MAP@1':>6} {'MAP@5':>6} {'R@5':>6} {'target':>7} {'time':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for split in ("dev", "dev_test"):
            run, _scores, elapsed = run_split(split, Path(tmp))
            qrels = trec.read_qrels((DATA / f"{split}_qrels.tsv").read_text(encoding="utf-8").splitlines())
            m1, m5, r5 = trec.map_at(run, qrels, 1), trec.map_at(run, qrels, 5), trec.recall_at(run, qrels, 5)
            mark = "ok" if m5 >= TARGET_MAP5 else "below"
            print(
                f"{split:10} {len(qrels):7d} {m1:6.3f} {m5:6.3f} {r5:6.3f} {TARGET_MAP5:5.2f} {mark:5} {elapsed:5.0f}s"
            )
    print_desk_tiers()
    print_decision_figures()
    return 0


def print_desk_tiers() -> None:
    """The desk's tiers on its pair sets (held-out stories and articles; 2A dev and dev_test), with
    the same-claim model and the thresholds it ships with (scripts/train_matching.py --desk)."""
    from claims.matching import sameclaim
    from evaluation import pairsets

    model = sameclaim.default_model()
    started = time.perf_counter()
    articles = pairsets.load_articles()
    labels = pairsets.load_labels(articles)
    news = pairsets.news_pairs(articles, labels, split="test")
    once = pairsets.first_seen(news)
    kinds = np.array(news.kind)
    print(
        f"\nDesk tiers: the same-claim model (suggest ≥ {model.suggest}, auto ≥ {model.auto}) on pairs it was "
        f"not trained on ({time.perf_counter() - started:.0f} s; {labels.lost} labelled pairs no longer found)"
    )
    print(
        "  pairs: every candidate pair the index retrieves, each unordered pair once; top: the best-scored "
        "candidate of each claim (what a checker sees first). auto only ever links to a published verdict, "
        "one a claim: its best candidate (a later one above auto is a suggestion)."
    )
    print(
        f"{'set':26} {'pairs':>7} {'same':>5} {'tier':8} {'shown':>6} {'precision':>9} {'recall':>7} "
        f"{'top shown':>9} {'top prec':>8} {'top rec':>7}"
    )
    sets = [
        ("same story (held out)", once & (kinds == "story")),
        ("unrelated (held out)", once & (kinds == "unrelated")),
    ]
    pair_sets = [(name, news.subset(mask)) for name, mask in sets]
    if pairsets.REVIEWS.is_file():
        pair_sets.append(("imported verdicts (unrel.)", pairsets.review_pairs(articles, split="test")))
    index = None
    for split in ("dev", "dev_test"):
        two_a, index = pairsets.two_a_pairs(split, index)
        pair_sets.append((f"2A {split}", two_a))
    scored = [(name, pairs, pairs.scores(model)) for name, pairs in pair_sets]
    for name, pairs, set_scores in scored:
        same = pairs.same
        for tier, threshold in (("suggest", model.suggest), ("auto", model.auto)):
            f = pairsets.tier_figures(set_scores, same, pairs.query, threshold, one_per_query=tier == "auto")
            print(
                f"{name:26} {len(same):7d} {int(same.sum()):5d} {tier:8} {f.shown:6d} {f.precision:9.3f} "
                f"{f.recall:7.3f} {f.top_shown:9d} {f.top_precision:8.3f} {f.top_recall:7.3f}"
            )
    print(
        "Reader requests (issue 26) are answered at once by this same auto tier, against published verdicts "
        "only (claims/services/requests.py: decide → matching.tier_of): see the requests table below."
    )
    for name, pairs, set_scores in scored:
        if pairs.same.sum():
            continue
        print(
            f"{name}: pairs at or above auto {int((set_scores >= model.auto).sum())} (target 0), "
            f"highest score {set_scores.max() if len(set_scores) else 0:.3f}"
        )
    print_request_answers(model, scored)


def print_request_answers(model, sets) -> None:
    """Reader requests against published verdicts: each query of a pair set is a reader's request,
    its candidates (from the suggest threshold up, best first, as ``request_match`` takes them) the
    verdicts, and the service's own rule (``services.requests.decide``) says what happens: answered
    at once, attached, or a new claim. Run three times: every candidate a published verdict
    (answered / wrongly answered: the auto-answer tier's precision), none published (answers given
    from an unpublished verdict: must be 0), and half of them published (the same).

    ``sets``: (name, pair set, the pair set's scores by ``model``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")
    # The rule is imported, never run against a database or with a secret: any key will do here.
    os.environ.setdefault("SECRET_KEY", "evaluation-only: no secret is used")
    import django

    django.setup()
    from types import SimpleNamespace

    from claims.models import ReaderRequest
    from claims.services.matching import Candidate
    from claims.services.requests import decide

    answer = {ReaderRequest.Outcome.PUBLISHED, ReaderRequest.Outcome.REVIEW}
    print(
        f"\nReader requests against published verdicts (services.requests.decide, suggest ≥ {model.suggest}, "
        f"auto ≥ {model.auto}); target: precision ≥ 0.99, and no answer from an unpublished verdict"
    )
    print(
        f"{'set':26} {'requests':>8} {'answered':>8} {'wrongly':>7} {'precision':>9} {'target':>6} "
        f"{'half published: answered':>24} {'from unpublished':>16} {'none published: answered':>24}"
    )
    for name, pairs, scores in sets:
        evidence = model.hard_evidence(pairs.features) & ~pairs.fragment if len(scores) else np.zeros(0, bool)
        by_query: dict[str, list[int]] = {}
        for n, query in enumerate(pairs.query):
            if scores[n] >= model.suggest:
                by_query.setdefault(query, []).append(n)
        queries = sorted(set(pairs.query))
        answered = wrong = half_answered = half_unpublished = none_answered = 0
        for query in queries:
            rows = sorted(by_query.get(query, []), key=lambda n: -scores[n])
            candidates = [
                Candidate(float(scores[n]), claim=SimpleNamespace(pk=n), evidence=bool(evidence[n])) for n in rows
            ]
            every = decide(candidates, suggest=model.suggest, auto=model.auto, published=set(rows))
            if every is not None and every.outcome in answer:
                answered += 1
                wrong += int(not pairs.same[every.claim.pk])
            half = {
                n
                for n in rows  # a fixed half: by a digest of the pair
                if hashlib.sha1(f"{query}|{pairs.candidate[n]}".encode()).digest()[0] % 2 == 0  # noqa: S324
            }
            some = decide(candidates, suggest=model.suggest, auto=model.auto, published=half)
            if some is not None and some.outcome in answer:
                half_answered += 1
                half_unpublished += int(some.claim.pk not in half)
            none = decide(candidates, suggest=model.suggest, auto=model.auto, published=set())
            none_answered += int(none is not None and none.outcome in answer)
        precision = (answered - wrong) / answered if answered else 1.0
        mark = "ok" if precision >= 0.99 and half_unpublished == 0 and none_answered == 0 else "below"
        print(
            f"{name:26} {len(queries):8d} {answered:8d} {wrong:7d} {precision:9.3f} {mark:>6} "
            f"{half_answered:24d} {half_unpublished:16d} {none_answered:24d}"
        )


def print_decision_figures() -> None:
    """What the desk's thresholds give on its stored decisions (checkers' confirmations and rejections)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")
    try:
        import django

        django.setup()
        from claims.matching.thresholds import decision_figures
        from claims.selectors import match_thresholds
        from claims.services.matching import decisions

        stored = decisions()
        suggest, auto = match_thresholds()
    except Exception as exc:  # noqa: BLE001 - no database, not migrated: say so and go on
        print(f"\nStored decisions: skipped, no database with match decisions available ({exc.__class__.__name__}).")
        return
    if not stored:
        print("\nStored decisions: skipped, the database holds no confirmed or rejected match yet.")
        return
    confirmed = sum(ok for _s, ok in stored)
    print(
        f"\nStored decisions ({len(stored)}: {confirmed} confirmed, {len(stored) - confirmed} rejected), "
        f"desk thresholds suggest ≥ {suggest}, auto ≥ {auto}"
    )
    print(f"{'tier':8} {'shown':>6} {'precision':>9} {'recall':>7}")
    for f in decision_figures(stored, suggest=suggest, auto=auto):
        print(f"{f.tier:8} {f.shown:6d} {f.precision:9.3f} {f.recall:7.3f}")


if __name__ == "__main__":
    sys.exit(main())
