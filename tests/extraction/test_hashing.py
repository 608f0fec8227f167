"""claims/hashing.py and the check-worthiness featurizer give what scikit-learn gives, bit for bit.

Serving processes hash in numpy so as not to import sklearn (about 64 MB each);
these tests import it as the reference: ``murmurhash3_32``, ``FeatureHasher``
and ``normalize`` as the scorer used them before.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from claims import hashing
from claims.extraction import checkworthiness as cw

STRINGS = [
    "", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "abcdefghi", "the", "0000", "0 000", "said told",
    "é", "ü ß", "naïve café", "中文", "日本語のテキスト", "😀", "😀😀😀", "a😀b", "Ελληνικά", "русский текст",
    "עברית", "العربية", "\u200b", "\x00", "\x00\x00\x00\x00\x00", "x" * 1000, "ab" * 2001, "é" * 777,
    " ", "\n", "tab\there",
]
TEXTS = [
    "", " ", "   \n ", "?", "a", "I", "NATO said 2,000 troops moved last year.",
    "The the the the the the the the", "a b a b a b a b", "Ünïcödé wörds and 中文 and 😀 emoji",
    "Costs rose 12.5% (from $3,400 to $3,825) in 2019.", "x" * 2000, "word " * 400,
    "don't won't can't it's", "snake_case and CamelCase and ALLCAPS", "١٢٣ ٤٥٦ Arabic-Indic digits",
    "ＦＵＬＬ ＷＩＤＴＨ", "ﬁ ligature and ǅ titlecase", "İstanbul DİYARBAKIR ß ẞ",
]


def reference_words(token_lists: list[list[str]]) -> sparse.csr_matrix:
    """The scorer's hashed n-grams as they were made with sklearn (before claims/hashing.py)."""
    hasher = FeatureHasher(n_features=cw.WORD_FEATURES, input_type="pair", dtype=np.float64, alternate_sign=False)
    words = hasher.transform([zip(cw._ngrams(tokens), repeat(1)) for tokens in token_lists])
    words.data.fill(1)
    words = normalize(words, norm="l2", copy=False)
    return words


def reference_transform(texts: list[str]) -> sparse.csr_matrix:
    sentences = [cw._Sentence(t) for t in texts]
    dense = sparse.csr_matrix(np.array([s.dense() for s in sentences], dtype=np.float64).reshape(len(texts), cw.N_DENSE))
    return sparse.hstack([reference_words([s.tokens for s in sentences]), dense], format="csr")


def assert_same_csr(ours: sparse.csr_matrix, theirs: sparse.csr_matrix) -> None:
    """The same matrix in the same layout: dtypes, indptr, index order and values bit for bit."""
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    assert ours.indices.dtype == theirs.indices.dtype and ours.indptr.dtype == theirs.indptr.dtype
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert ours.data.tobytes() == theirs.data.tobytes()


def test_murmur3_32_is_sklearns():
    ours = hashing.murmur3_32_strings(STRINGS)
    assert ours.dtype == np.int32
    assert ours.tolist() == [murmurhash3_32(s, seed=0) for s in STRINGS]
    assert hashing.murmur3_32_strings([]).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), max_size=20))
def test_murmur3_32_is_sklearns_on_any_strings(strings):
    assert hashing.murmur3_32_strings(strings).tolist() == [murmurhash3_32(s, seed=0) for s in strings]


@pytest.mark.parametrize("n_features", [1, 7, 1000, 2**18, 2**20, 2**31 - 1])
def test_bucket_is_sklearns_column_rule(n_features):
    hashes = np.array([0, 1, -1, 2**31 - 1, -(2**31), -(2**31) + 1, 123456789, -987654321], dtype=np.int32)
    # sklearn's _hashing_fast: abs(h) % n_features, and for h = -2**31 (2147483647 - (n_features - 1)) % n_features.
    expected = [(2147483647 - (n_features - 1)) % n_features if h == -(2**31) else abs(h) % n_features
                for h in hashes.tolist()]
    assert hashing.bucket(hashes, n_features).tolist() == expected


@pytest.mark.parametrize("alternate_sign", [False, True])
@pytest.mark.parametrize("n_features", [7, 1000, 2**18])
def test_hash_counts_is_feature_hasher(alternate_sign, n_features):
    rows = [[], STRINGS, ["a", "a", "a", "b"], [], ["中文", "中文", ""], STRINGS[::-1] * 3, []]
    flat = [s for row in rows for s in row]
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    ours = hashing.hash_counts(hashing.murmur3_32_strings(flat), owner, len(rows), n_features,
                               alternate_sign=alternate_sign)
    theirs = FeatureHasher(n_features=n_features, input_type="string", alternate_sign=alternate_sign).transform(rows)
    assert_same_csr(ours, sparse.csr_matrix(theirs))


def test_hashed_ngrams_and_features_are_sklearns():
    ours = cw.Featurizer().transform(TEXTS)
    assert_same_csr(ours, reference_transform(TEXTS))
    assert cw._hashed_ngrams([]).shape == (0, cw.WORD_FEATURES)
    assert cw._hashed_ngrams([[], []]).nnz == 0 and cw.Featurizer().transform(["", "?"])[:, :cw.WORD_FEATURES].nnz == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=120), min_size=1, max_size=12))
def test_features_are_sklearns_on_any_text(texts):
    assert_same_csr(cw.Featurizer().transform(texts), reference_transform(texts))


def test_word_weights_are_as_with_sklearns_hash():
    m = cw.model()
    tokens = ["the", "percent", "0000", "said", "中文", "😀", "x" * 300, "naïve", "unseenwordxyz"]
    expected = [float(m.coef[abs(murmurhash3_32(t, seed=0)) % cw.WORD_FEATURES]) + m.lexicon.get(t, 0.0)
                for t in tokens]
    m._weights.clear()
    assert [m.word_weight(t) for t in tokens] == expected  # one at a time
    m._weights.clear()
    assert list(m._weigh(tokens).values()) == expected  # together
    assert [m.word_weight(t) for t in tokens] == expected  # cached
