"""The team's labelled news set (evaluation/data/news_checkworthiness) is well formed:
offsets and digests only, every sentence of a doubly labelled article labelled by both,
every disagreement decided. Runs without ../shared."""

from __future__ import annotations

import collections
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "news_checkworthiness"


def _rows():
    return [json.loads(line) for line in (DATA / "labels.jsonl").read_text(encoding="utf-8").splitlines()]


def test_labels_hold_offsets_not_text():
    meta = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
    rows = _rows()
    assert len(meta) >= 100
    assert len({(r["article"], r["start"]) for r in rows}) >= 3000
    for row in rows:
        assert set(row) == {"article", "start", "end", "sha1", "label", "claimant", "by"}
        assert row["article"] in meta
        assert 0 <= row["start"] < row["end"]
        assert row["label"] in (0, 1, 2)
        assert len(row["sha1"]) == 12
        if row["label"] != 2:
            assert row["claimant"] == ""  # a claimant only for a claim to queue


def test_split_by_article_and_a_quarter_labelled_twice():
    meta = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
    assert {m["split"] for m in meta.values()} == {"train", "test"}
    twice = [a for a, m in meta.items() if len(m["labellers"]) == 2]
    assert len(twice) * 4 >= len(meta)


def test_every_disagreement_is_adjudicated():
    meta = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
    by_sentence = collections.defaultdict(dict)
    for row in _rows():
        by_sentence[(row["article"], row["start"])][row["by"]] = row["label"]
    for (article, _start), labels in by_sentence.items():
        who = meta[article]["labellers"]
        assert all(labeller in labels for labeller in who)
        if len(who) == 2 and labels[who[0]] != labels[who[1]]:
            assert "adjudicated" in labels
