"""Character n-gram vectors, as sklearn's ``HashingVectorizer(analyzer="char_wb")`` makes them, in numpy.

The re-ranker's ``char_text`` / ``char_title`` features are cosines between
log(1 + count) vectors of hashed character 3-5-grams taken inside
space-padded words. sklearn builds them one n-gram string at a time in Python
(about 70 µs a short text, most of the re-ranking time); here all n-grams of a
batch of texts are cut and hashed (MurmurHash3, x86 32-bit, seed 0, on the
UTF-8 bytes, as sklearn does: claims/matching/hashing.py) with array operations. The vectors are the same
as sklearn's (``tests/matching`` compares them), so the trained weights stay
valid.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .hashing import bucket, murmur3_32

N_FEATURES = 2**20
NGRAMS = (3, 5)


def vectors(texts: list[str]) -> sparse.csr_matrix:
    """One L2-normalised row per text: log(1 + count) of each hashed char_wb 3-5-gram."""
    n_texts = len(texts)
    # Each text as " w1  w2  w3 ": words split as sklearn splits them, two spaces apart, so that
    # every padded word " w " is a run of its own.
    padded = [f" {'  '.join(text.lower().split())} " for text in texts]
    joined = "".join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = codes == 32
    word = ~space
    edges = np.flatnonzero(np.diff(word.astype(np.int8)))  # a word starts after edges[0::2], ends at edges[1::2]
    if not len(edges):
        return sparse.csr_matrix((n_texts, N_FEATURES), dtype=np.float64)
    start = edges[0::2]  # the space before the word
    length = edges[1::2] + 2 - start  # with both spaces
    text_end = np.cumsum([len(p) for p in padded])
    owner_arr = np.searchsorted(text_end, start, side="right")
    utf8 = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    widths = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    byte_at = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    gram_start, gram_owner, gram_end = [], [], []
    for n in range(NGRAMS[0], NGRAMS[1] + 1):
        # A padded word of length L gives its L - n + 1 n-grams; one shorter than n gave itself
        # once at the smaller n already (sklearn stops there).
        has = length >= n
        counts = (length - n + 1)[has]
        if not len(counts):
            break
        first = np.repeat(start[has] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        gram_start.append(first)
        gram_end.append(first + n)
        gram_owner.append(np.repeat(owner_arr[has], counts))
    first = np.concatenate(gram_start)
    b0, b1 = byte_at[first], byte_at[np.concatenate(gram_end)]
    column = bucket(murmur3_32(utf8, b0, b1 - b0), N_FEATURES)
    keys, counts = np.unique(np.concatenate(gram_owner) * N_FEATURES + column, return_counts=True)
    rows = keys // N_FEATURES
    values = np.log1p(counts.astype(np.float64))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n_texts))
    values /= norms[rows]
    indptr = np.zeros(n_texts + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_texts), out=indptr[1:])
    return sparse.csr_matrix((values, (keys % N_FEATURES).astype(np.int32), indptr), shape=(n_texts, N_FEATURES))
