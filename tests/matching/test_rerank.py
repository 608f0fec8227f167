"""The re-ranker's features, computed column-wise, are those it was trained on."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from claims.matching import chargrams, rerank

TEXTS = [
    "The UK gave 2000 NLAW anti-tank weapons to Ukraine.",
    "",
    "a",
    "ab cd",
    "x  y\tz\n",
    "Ünïcödé ñandú señal",
    "日本語のテキスト 中文",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 wörds and ﬁ ligatures",
    "COVID-19 vaccines contain a microchip",
    "antidisestablishmentarianism supercalifragilistic",
    "$1 any size fries at McDonald's 100%",
]


def test_char_vectors_are_sklearns():
    sklearn = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=2**20, alternate_sign=False, norm=None
    ).transform(TEXTS)
    sklearn.data = np.log1p(sklearn.data)
    ours = chargrams.vectors(TEXTS)
    assert ours.shape == sklearn.shape
    assert abs(normalize(sklearn) - ours).max() < 1e-12


def test_column_wise_features_match_one_candidate_at_a_time():
    candidates = [
        rerank.Candidate(
            text=t,
            title=title,
            numbers=frozenset({"2000"}) if "2000" in t else frozenset(),
            bm25=b,
            cos_text=0.5,
            cos_title=0.4,
            bm25_rank=r,
            dense_rank=rerank.NO_RANK,
        )
        for t, title, b, r in [
            (TEXTS[0], "Did the UK send NLAWs?", 7.5, 0),
            (TEXTS[8], "", 1.0, 1),
            (TEXTS[5], TEXTS[6], 0.0, rerank.NO_RANK),
        ]
    ]
    query = "UK sent 2000 NLAW weapons to Ukraine"
    matrix = rerank.features(query, candidates)
    assert matrix.shape == (3, len(rerank.FEATURES))
    column = dict(zip(rerank.FEATURES, matrix.T, strict=True))
    assert column["bm25_rel"].tolist() == [1.0, 1.0 / 7.5, 0.0]
    assert column["number_overlap"].tolist() == [1.0, 0.0, 0.0] and set(column["query_has_numbers"]) == {1.0}
    assert column["fuzz_title"][1] == 0.0 and column["char_title"][1] == 0.0  # no title
    assert column["char_text"][0] > 0.5 > column["char_text"][2]
    # The same query through the batch path gives the same character similarities.
    sims = rerank.char_similarities([query, "other"], [[c.text for c in candidates], ["other"]])
    assert np.allclose(sims[0], column["char_text"]) and np.allclose(sims[1], [1.0])
