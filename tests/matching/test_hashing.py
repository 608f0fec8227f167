"""claims/matching/hashing.py gives what scikit-learn gives, bit for bit.

Serving processes hash in numpy (the matching's character n-grams) so as not to
import sklearn (about 64 MB each); these tests import it as the reference.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.utils import murmurhash3_32

from claims.matching import hashing

STRINGS = [
    "",
    "a",
    "ab",
    "abc",
    "abcd",
    "abcde",
    "abcdefgh",
    "abcdefghi",
    "the",
    "0000",
    "0 000",
    "said told",
    "é",
    "ü ß",
    "naïve café",
    "中文",
    "日本語のテキスト",
    "😀",
    "😀😀😀",
    "a😀b",
    "Ελληνικά",
    "русский текст",
    "עברית",
    "العربية",
    "\u200b",
    "\x00",
    "\x00\x00\x00\x00\x00",
    "x" * 1000,
    "ab" * 2001,
    "é" * 777,
    " ",
    "\n",
    "tab\there",
]


def murmur3_32_strings(strings: list[str]) -> np.ndarray:
    """``hashing.murmur3_32`` of each string's UTF-8 bytes, laid end to end as the callers lay them."""
    encoded = [s.encode("utf-8") for s in strings]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    starts = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return hashing.murmur3_32(np.frombuffer(b"".join(encoded), dtype=np.uint8), starts, lengths)


def test_murmur3_32_is_sklearns():
    ours = murmur3_32_strings(STRINGS)
    assert ours.dtype == np.int32
    assert ours.tolist() == [murmurhash3_32(s, seed=0) for s in STRINGS]
    assert murmur3_32_strings([]).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), max_size=20))
def test_murmur3_32_is_sklearns_on_any_strings(strings):
    assert murmur3_32_strings(strings).tolist() == [murmurhash3_32(s, seed=0) for s in strings]


@pytest.mark.parametrize("n_features", [1, 7, 1000, 2**18, 2**20, 2**31 - 1])
def test_bucket_is_sklearns_column_rule(n_features):
    hashes = np.array([0, 1, -1, 2**31 - 1, -(2**31), -(2**31) + 1, 123456789, -987654321], dtype=np.int32)
    # sklearn's _hashing_fast: abs(h) % n_features, and for h = -2**31 (2147483647 - (n_features - 1)) % n_features.
    expected = [
        (2147483647 - (n_features - 1)) % n_features if h == -(2**31) else abs(h) % n_features for h in hashes.tolist()
    ]
    assert hashing.bucket(hashes, n_features).tolist() == expected
