"""Make and import the team's check-worthiness labels for news (issue 23).

The labels live in ``evaluation/data/news_checkworthiness/``: which articles, their split
and who labelled them (``articles.json``), and one row per labelled sentence
(``labels.jsonl``: article id, offsets into the article's text, a digest of the sentence,
the label 0/1/2 of ../shared/CHECKWORTHINESS_GUIDE.md, the claimant of a 2, the labeller).
Never the articles' text: it is read from ../shared at run time.

    python scripts/news_labels.py select            # choose the articles, the split, the batches
    python scripts/news_labels.py export DIR        # numbered sentences per batch, for labellers
    python scripts/news_labels.py import DIR        # the first batch's files -> labels.jsonl (use --batch 1)
    python scripts/news_labels.py extend            # a later batch: more TRAINING articles only
    python scripts/news_labels.py export DIR --batch 2
    python scripts/news_labels.py import DIR --batch 2 [--adjudicated F]   # replaces that batch's rows only
    python scripts/news_labels.py agreement [--batch 2] [--disagreements F]  # kappa; F: the cases to adjudicate

An article's text: PolNeAR's ``text`` as given; a benchmark page's text as the pipeline
parses it (``claims.extraction.pipeline.parse``). Sentences as ``split_sentences`` cuts
them when labelled; the offsets and digest make a label findable even if the splitter
changes later (evaluation/newsset.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.newsset import ARTICLES, LABELS, article_texts, digest, polnear_docs  # noqa: E402

# News pages of the benchmark by the topics the matching set gave them (evaluation/data/
# news_pairs/articles.json); sport, entertainment and lifestyle pages are left out.
NEWS_TOPICS = {"uspolitics", "world", "business", "health", "crime-local", "drugs", "epstein", "space", "autos", "tech"}
LABELLERS = [f"L{n}" for n in range(1, 7)]
BATCH_LABELLERS = {
    2: [f"L{n}" for n in range(7, 12)],
    3: [f"L{n}" for n in range(12, 18)],
    4: [f"L{n}" for n in range(18, 24)],
    5: [f"L{n}" for n in range(24, 30)],
}
MAX_POLNEAR_SENTENCES = 80  # a later batch leaves out the few very long PolNeAR articles (a labeller's day)


def _file_name(article: str, suffix: str) -> str:
    return article.replace("/", "_")[-40:] + suffix


def _label_a_quarter_twice(articles: dict[str, dict], labellers: list[str], rng: random.Random) -> None:
    """A quarter of the articles (rounded up, drawn with ``rng``) get a second labeller, another than the first."""
    twice = sorted(articles)
    rng.shuffle(twice)
    for n, article in enumerate(twice[: -(-len(articles) // 4)]):
        first = articles[article]["labellers"][0]
        others = [lab for lab in labellers if lab != first]
        articles[article]["labellers"].append(others[n % len(others)])


def select(args) -> int:
    rng = random.Random(23)
    pairs_meta = json.loads((ROOT / "evaluation/data/news_pairs/articles.json").read_text(encoding="utf-8"))
    pages = sorted(
        a
        for a, m in pairs_meta.items()
        if not a.startswith("sample:") and set(m["topics"]) & NEWS_TOPICS and "*" not in m["topics"]
    )
    rng.shuffle(pages)
    pages = pages[: args.pages]
    polnear = {}
    for split in ("train", "dev"):
        ids = sorted(polnear_docs(split))
        rng.shuffle(ids)
        polnear[split] = ids[: args.polnear_train if split == "train" else args.polnear_dev]
    chosen = [(a, "benchmark", pairs_meta[a].get("story") or a) for a in pages]
    chosen += [(a, f"polnear_{s}", a) for s in ("train", "dev") for a in polnear[s]]
    # Split by story (pages on one story stay together), about 30% held out.
    groups = sorted({g for _a, _s, g in chosen})
    rng.shuffle(groups)
    test_groups = set(groups[: round(len(groups) * 0.3)])
    rng.shuffle(chosen)
    out = {}
    for n, (article, source, group) in enumerate(chosen):
        first = LABELLERS[n % len(LABELLERS)]
        out[article] = {"source": source, "split": "test" if group in test_groups else "train", "labellers": [first]}
    _label_a_quarter_twice(out, LABELLERS, rng)
    ARTICLES.parent.mkdir(parents=True, exist_ok=True)
    ARTICLES.write_text(json.dumps(dict(sorted(out.items())), indent=1) + "\n", encoding="utf-8")
    texts = article_texts(out)
    from claims.extraction.sentences import split_sentences

    count = collections.Counter()
    for article, meta in out.items():
        for labeller in meta["labellers"]:
            count[labeller] += len(split_sentences(texts[article]))
    total = sum(len(split_sentences(t)) for t in texts.values())
    print(
        f"{len(out)} articles ({len(pages)} pages, {len(polnear['train'])}+{len(polnear['dev'])} PolNeAR), "
        f"{total} sentences; test {sum(m['split'] == 'test' for m in out.values())} articles; "
        f"per labeller {dict(sorted(count.items()))}"
    )
    return 0


def extend(args) -> int:
    """Add a later batch of articles to the TRAINING split only: the held-out test articles and
    their stories are never touched, and a page on a held-out story is not added (it would leak).
    A quarter of the batch (rounded up) is labelled twice, as in the first batch."""
    from claims.extraction.sentences import split_sentences

    meta = json.loads(ARTICLES.read_text(encoding="utf-8"))
    if any(m.get("batch") == args.batch for m in meta.values()):
        print(f"batch {args.batch} exists already", file=sys.stderr)
        return 1
    labellers = BATCH_LABELLERS[args.batch]
    rng = random.Random(23 + args.batch)
    pairs_meta = json.loads((ROOT / "evaluation/data/news_pairs/articles.json").read_text(encoding="utf-8"))
    test_stories = {pairs_meta.get(a, {}).get("story") or a for a, m in meta.items() if m["split"] == "test"}
    pages = sorted(
        a
        for a, m in pairs_meta.items()
        if a not in meta
        and not a.startswith("sample:")
        and set(m["topics"]) & NEWS_TOPICS
        and "*" not in m["topics"]
        and (m.get("story") or a) not in test_stories
    )
    rng.shuffle(pages)
    docs = polnear_docs("train")
    polnear = sorted(
        a for a in docs if a not in meta and len(split_sentences(docs[a]["text"])) <= MAX_POLNEAR_SENTENCES
    )
    rng.shuffle(polnear)
    chosen = [(a, "benchmark") for a in pages[: args.pages]] + [(a, "polnear_train") for a in polnear[: args.polnear]]
    rng.shuffle(chosen)
    added = {}
    for n, (article, source) in enumerate(chosen):
        added[article] = {
            "source": source,
            "split": "train",
            "labellers": [labellers[n % len(labellers)]],
            "batch": args.batch,
        }
    _label_a_quarter_twice(added, labellers, rng)
    meta.update(added)
    ARTICLES.write_text(json.dumps(dict(sorted(meta.items())), indent=1) + "\n", encoding="utf-8")
    texts = article_texts(added)
    count = collections.Counter()
    for article, about in added.items():
        for labeller in about["labellers"]:
            count[labeller] += len(split_sentences(texts[article]))
    print(
        f"batch {args.batch}: {len(added)} training articles ({sum(s == 'benchmark' for _a, s in chosen)} pages, "
        f"{sum(s != 'benchmark' for _a, s in chosen)} PolNeAR train), "
        f"{sum(len(split_sentences(texts[a])) for a in added)} sentences; per labeller {dict(sorted(count.items()))}"
    )
    return 0


def _batch_of(meta: dict[str, dict], batch: int | None) -> dict[str, dict]:
    if batch is None:
        return meta
    return {a: m for a, m in meta.items() if m.get("batch", 1) == batch}


def export(args) -> int:
    from claims.extraction.sentences import split_sentences

    meta = _batch_of(json.loads(ARTICLES.read_text(encoding="utf-8")), args.batch)
    texts = article_texts(meta)
    out = Path(args.dir)
    for article, about in meta.items():
        text = texts[article]
        sentences = split_sentences(text)
        for labeller in about["labellers"]:
            folder = out / labeller
            folder.mkdir(parents=True, exist_ok=True)
            lines = [f"# article {article} ({about['source']}); {len(sentences)} sentences", ""]
            previous_end = 0
            for n, sentence in enumerate(sentences, 1):
                if "\n" in text[previous_end : sentence.start] and n > 1:
                    lines.append("")  # a paragraph break
                lines.append(f"[{n}] {sentence.text}")
                previous_end = sentence.end
            (folder / _file_name(article, ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"exported to {out}")
    return 0


def import_(args) -> int:
    from claims.extraction.sentences import split_sentences

    meta = _batch_of(json.loads(ARTICLES.read_text(encoding="utf-8")), args.batch)
    texts = article_texts(meta)
    rows, problems = [], []
    for article, about in meta.items():
        sentences = split_sentences(texts[article])
        for labeller in about["labellers"]:
            path = Path(args.dir) / labeller / _file_name(article, ".tsv")
            if not path.is_file():
                problems.append(f"missing {path}")
                continue
            seen = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t")
                try:
                    n, label = int(parts[0]), int(parts[1])
                except (ValueError, IndexError):
                    problems.append(f"{path}: bad line {line!r}")
                    continue
                if not 1 <= n <= len(sentences) or label not in (0, 1, 2):
                    problems.append(f"{path}: out of range {line!r}")
                    continue
                seen[n] = (label, parts[2].strip() if len(parts) > 2 and label == 2 else "")
            missing = [n for n in range(1, len(sentences) + 1) if n not in seen]
            if missing:
                problems.append(f"{path}: {len(missing)} sentences unlabelled ({missing[:5]}...)")
            for n, (label, claimant) in sorted(seen.items()):
                s = sentences[n - 1]
                rows.append(
                    {
                        "article": article,
                        "start": s.start,
                        "end": s.end,
                        "sha1": digest(s.text),
                        "label": label,
                        "claimant": claimant,
                        "by": labeller,
                    }
                )
    if args.adjudicated:
        decided = {}
        for line in Path(args.adjudicated).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                article, start, label, *rest = line.split("\t")
                decided[(article, int(start))] = (int(label), rest[0].strip() if rest else "")
        for key, (label, claimant) in decided.items():
            template = next(r for r in rows if (r["article"], r["start"]) == key)
            rows.append({**template, "label": label, "claimant": claimant if label == 2 else "", "by": "adjudicated"})
    if problems:  # nothing written: a missing or broken file would drop its article's labels
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problems: {LABELS} left as it was", file=sys.stderr)
        return 1
    if args.batch is not None:  # the other batches' rows stay as they are
        kept = [
            line
            for line in LABELS.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line)["article"] not in meta
        ]
        rows = [json.loads(line) for line in kept] + rows
    LABELS.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} labels written to {LABELS}")
    return 0


def _kappa(pairs: list[tuple[int, int]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = collections.Counter(a for a, _b in pairs), collections.Counter(b for _a, b in pairs)
    expected = sum(first[k] * second[k] for k in set(first) | set(second)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(args) -> int:
    """Cohen's kappa between the two labellers of the doubly labelled articles (three classes, and
    2 versus the rest), and with ``--disagreements F`` a TSV of every disagreement (article, start,
    the two labels and claimants, the sentence and the one before and after) for an adjudicator."""
    from claims.extraction.sentences import split_sentences

    meta = _batch_of(json.loads(ARTICLES.read_text(encoding="utf-8")), args.batch)
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_sentence: dict[tuple[str, int], dict[str, dict]] = collections.defaultdict(dict)
    for row in rows:
        if row["article"] in meta and row["by"] != "adjudicated":
            by_sentence[(row["article"], row["start"])][row["by"]] = row
    pairs, cases = [], []
    for (article, start), labels in sorted(by_sentence.items()):
        first, *rest = meta[article]["labellers"]
        if not rest or first not in labels or rest[0] not in labels:
            continue
        a, b = labels[first], labels[rest[0]]
        pairs.append((a["label"], b["label"]))
        if a["label"] != b["label"]:
            cases.append((article, start, a, b))
    if not pairs:
        print("no doubly labelled sentences", file=sys.stderr)
        return 1
    doubled = {article for article, _start in by_sentence if len(meta[article]["labellers"]) > 1}
    print(
        f"{len(doubled)} articles labelled twice, {len(pairs)} sentences: kappa three classes "
        f"{_kappa(pairs):.3f}, 2 versus the rest {_kappa([(a == 2, b == 2) for a, b in pairs]):.3f}; "
        f"{len(cases)} disagreements "
        f"{dict(collections.Counter(tuple(sorted((a['label'], b['label']))) for _x, _y, a, b in cases))}"
    )
    if args.disagreements:
        texts = article_texts({article: meta[article] for article, *_rest in cases})
        lines = ["# article\tstart\tlabel A\tclaimant A\tlabel B\tclaimant B\tbefore\tSENTENCE\tafter"]
        for article, start, a, b in cases:
            sentences = split_sentences(texts[article])
            n = next(i for i, s in enumerate(sentences) if s.start == start)
            around = [sentences[i].text if 0 <= i < len(sentences) else "" for i in (n - 1, n, n + 1)]
            cells = [article, str(start), str(a["label"]), a["claimant"], str(b["label"]), b["claimant"], *around]
            lines.append("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells))
        Path(args.disagreements).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(cases)} disagreements to {args.disagreements}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("select")
    s.add_argument("--pages", type=int, default=55)
    s.add_argument("--polnear-train", type=int, default=50)
    s.add_argument("--polnear-dev", type=int, default=12)
    x = sub.add_parser("extend")
    x.add_argument("--batch", type=int, default=2, choices=sorted(BATCH_LABELLERS))
    x.add_argument("--pages", type=int, default=40)
    x.add_argument("--polnear", type=int, default=40)
    e = sub.add_parser("export")
    e.add_argument("dir")
    e.add_argument("--batch", type=int)
    i = sub.add_parser("import")
    i.add_argument("dir")
    i.add_argument("--batch", type=int)
    i.add_argument("--adjudicated", help="TSV: article, start, label, claimant — the decided disagreements")
    g = sub.add_parser("agreement")
    g.add_argument("--batch", type=int)
    g.add_argument("--disagreements")
    args = parser.parse_args()
    return {"select": select, "extend": extend, "export": export, "import": import_, "agreement": agreement}[
        args.command
    ](args)


if __name__ == "__main__":
    sys.exit(main())
