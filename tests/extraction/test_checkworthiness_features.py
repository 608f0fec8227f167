"""The scorer's fast paths give what the patterns they replace gave.

The model was trained on features found by one regular-expression scan per
sentence (the ten lowercase word features as one alternation), by
scikit-learn's HashingVectorizer and by separate searches in the reason. The
scorer now finds them from one split of each sentence into words; these tests
keep the reference versions and hold the fast ones equal to them, on tricky
inputs and on random ones.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from claims.demo import SAMPLE_ARTICLE
from claims.extraction import checkworthiness as cw
from claims.extraction.sentences import split_sentences

# The reference: the linguistic features as the model was trained on them, one
# alternation scan of the lowercased sentence (the patterns define the features).
_REFERENCE = dict(zip(cw._LOW_FEATURES, (
    p.pattern for p in (cw._NUMBER_WORDS, cw._CUE, cw._FIRST_PLURAL, cw._SECOND, cw._MODAL, cw._OPINION,
                        cw._COMPARISON, cw._PREDICTION, cw._CAUSAL, cw._TIME)
), strict=True))
_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b")
_SCAN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _REFERENCE.items()))
_SEARCH = {name: re.compile(pattern) for name, pattern in _REFERENCE.items()}


def reference_features(low: str) -> set[str]:
    return {m.lastgroup for m in _SCAN.finditer(low)}


def reference_dense(text: str) -> list[float]:
    words = len(text.split())
    present = reference_features(text.lower())
    return [
        1.0 if cw._DIGITS.search(text) else 0.0,
        1.0 if "number_words" in present else 0.0,
        min(len(_NAME.findall(text)), 3) / 3,
        1.0 if "cue" in present else 0.0,
        1.0 if _FIRST_SINGULAR.search(text) else 0.0,
        1.0 if "first_plural" in present else 0.0,
        1.0 if "second" in present else 0.0,
        1.0 if text.rstrip().endswith("?") else 0.0,
        *(1.0 if name in present else 0.0
          for name in ("modal", "opinion", "comparison", "prediction", "causal", "time")),
        1.0 if words < 6 else 0.0,
        1.0 if 6 <= words < 15 else 0.0,
        1.0 if words >= 30 else 0.0,
    ]


def reference_reason(text: str, score: float, threshold: float) -> str:
    parts: list[str] = []
    low = text.lower()
    if text.strip().endswith("?"):
        parts.append("a question")
    numbers = [m.group(0).strip() for m in cw._NUMBER.finditer(text) if cw._DIGITS.search(m.group(0))]
    if numbers:
        parts.append("a statistic: " + ", ".join(numbers[:2]))
    elif _SEARCH["number_words"].search(low):
        parts.append("a quantity")
    if _SEARCH["cue"].search(low):
        parts.append("a statement attributed to " + ("a named source" if _NAME.search(text) else "a source"))
    for name, label in (("comparison", "a comparison"), ("prediction", "a prediction"),
                        ("causal", "a causal claim")):
        if _SEARCH[name].search(low):
            parts.append(label)
    if score < threshold:
        if _FIRST_SINGULAR.search(text) and _SEARCH["opinion"].search(low):
            parts.append("reads as personal opinion")
        elif not parts:
            parts.append("no checkable fact found")
    tokens = [t for t in re.findall(r"(?u)\b\w+\b", re.sub(r"\d", "0", low)) if t not in cw._STOP and len(t) > 2]
    weighed = sorted({t: cw.model().word_weight(t) for t in tokens}.items(), key=lambda kv: -abs(kv[1]))
    sign = 1 if score >= threshold else -1
    top = [t for t, w in weighed if w * sign > 0][:3]
    if top:
        parts.append("weighed: " + ", ".join(f"'{t}'" for t in top))
    verdict = "check-worthy" if score >= threshold else "not check-worthy"
    return f"{verdict} ({score:.2f}): " + "; ".join(parts)


TRICKY = [
    "",
    "Unemployment fell to 3.5 percent last year, more than in 2019.",
    "It rose 4 per cent since 1999; the rate is the highest on record.",
    "percent", "Percent.", "10percent", "per-cent", "PERCENT of us",
    "more than", "more  than", "more than.", "morethan", "more thanks", "the more_than", "BETTER THAN EVER",
    "last year", "last  year", "last years", "at last, year", "LAST WEEK", "last month's",
    "in 2020", "in 20200", "in 1899", "in 2020s", "in ٢٠٢٠", "in 19٩٩", "x2020", "2020_", "_2020",
    "predict", "predicted", "Predictions", "unpredictable", "predict_x", "predict2",
    "result in", "resulted in", "results in", "resulted inflation", "as a result, in",
    "going to", "going  to", "forgoing to", "expected to", "unexpected to", "expected tomorrow",
    "led to", "misled to", "due to", "due today", "according to", "according  to", "according toward",
    "We'll see", "we_can", "you're", "your's", "can't", "won't", "I'm sure I will", "İ will", "I think",
    "Me, my and mine; I feel", "They said: 'we will'", "He’s said — twice — that we must",
    "Не верьте этому 😀 will", "thousand-fold", "half-time", "double\u00a0check", "good\nbad",
    "caused\tbecause", "record-breaking", "a recording", "most_", "forecasting", "forecast.",
    "Joe Biden met Jens Stoltenberg", "xJoe Biden", "_Joe Biden", "ÉJoe Biden", "Joe  Biden\nSaid", "JOE Biden",
    "I", "xI", "I'm", "AI I", "mine", "minex", "myself", "Emmy", "Tim me", "me_", "2me", "Me My Mine",
]

WORDS = st.sampled_from(
    sorted({w for pattern in _REFERENCE.values() for w in re.findall(r"[a-z]+", pattern)} - {"b", "d", "w", "ed"})
    + ["2020", "1999", "20200", "199", "٢٠٢٠", "year", "week", "month", "than", "to", "in", "ed",
       "predicted", "prediction", "İ", "I", "Mr", "Biden", "Joe", "NATO", "me", "my", "mine", "Me", "Jo", "3.5", "2,000", "$", "£5", "%"]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "", ", ", ". ", "'", "-", "_", "\n", "?", "\u00a0", "’"])


@st.composite
def sentences(draw):
    words = draw(st.lists(st.tuples(WORDS, SEPARATORS), max_size=25))
    text = "".join(w + s for w, s in words)
    return text.upper() if draw(st.booleans()) and len(text) % 3 == 0 else text


def _sample_sentences() -> list[str]:
    return [s.text for s in split_sentences(SAMPLE_ARTICLE.read_text(encoding="utf-8"))]


def _check(text: str) -> None:
    low = text.lower()
    expected = reference_features(low)
    assert cw._low_features(low) == expected, text
    parsed = cw._Sentence(text)
    assert parsed.features == expected, text
    assert parsed.dense() == reference_dense(text), text
    # The reason's separate searches: each feature it reads is found alone as in the scan.
    for name in ("number_words", "cue", "comparison", "prediction", "causal", "opinion"):
        assert (name in parsed.features) == bool(_SEARCH[name].search(low)), (name, text)
    assert parsed.tokens == re.findall(r"(?u)\b\w+\b", cw._normalise(text)), text
    assert cw._NAME.findall(text) == _NAME.findall(text), text
    assert bool(cw._FIRST_SINGULAR.search(text)) == bool(_FIRST_SINGULAR.search(text)), text


@pytest.mark.parametrize("text", TRICKY)
def test_word_features_match_the_regex_scan_on_tricky_text(text):
    _check(text)


def test_word_features_match_the_regex_scan_on_the_sample_article():
    for text in _sample_sentences():
        _check(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_word_features_match_the_regex_scan_on_random_text(text):
    _check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_word_features_match_the_regex_scan_on_any_text(text):
    _check(text)


def test_features_equal_hashing_vectorizer_and_the_regex_features():
    texts = [*TRICKY, *_sample_sentences(), "x" * 3000, "word"]
    reference_words = HashingVectorizer(
        n_features=cw.WORD_FEATURES, ngram_range=(1, 2), alternate_sign=False, binary=True,
        token_pattern=r"(?u)\b\w+\b", preprocessor=cw._normalise, norm="l2",  # noqa: S106
    ).transform(texts)
    fast = cw.Featurizer().transform(texts)
    words = fast[:, : cw.WORD_FEATURES]
    assert words.shape == reference_words.shape
    assert (words != reference_words).nnz == 0  # the same entries, bit for bit
    assert np.array_equal(fast[:, cw.WORD_FEATURES:].toarray(), np.array([reference_dense(t) for t in texts]))


def test_scores_and_reasons_equal_the_reference():
    texts = [*TRICKY, *_sample_sentences(), "What do you think?", "I love this country."]
    scores = cw.score_sentences(texts)
    m = cw.model()
    reference = HashingVectorizer(
        n_features=cw.WORD_FEATURES, ngram_range=(1, 2), alternate_sign=False, binary=True,
        token_pattern=r"(?u)\b\w+\b", preprocessor=cw._normalise, norm="l2",  # noqa: S106
    ).transform(texts)
    dense = sparse.csr_matrix(np.array([reference_dense(t) for t in texts]))
    lexicon = np.array([
        (sum(found) / len(found)) if (found := [w for w in map(m.lexicon.get, cw.words_of(t)) if w is not None])
        else 0.0
        for t in texts
    ])
    margin = sparse.hstack([reference, dense], format="csr") @ m.coef + lexicon + m.intercept
    expected = 1.0 / (1.0 + np.exp(-margin))
    for text, score, p in zip(texts, scores, expected, strict=True):
        p = float(min(1.0, max(0.0, p)))
        assert score.score == p, text
        assert score.reason == reference_reason(text, p, m.threshold), text
