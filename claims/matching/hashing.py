"""Feature hashing as scikit-learn does it, in numpy, so serving processes never import sklearn.

``murmur3_32`` is MurmurHash3 (x86, 32-bit, seed 0) over many byte strings at
once, as signed int32: what ``sklearn.utils.murmurhash3_32(s, seed=0)`` gives
for the UTF-8 bytes of ``s``. ``bucket`` is sklearn's column rule
(``abs(h) % n_features``); claims/matching/chargrams.py hashes character n-grams
with them. Importing sklearn costs a process about 64 MB
of resident memory; training and evaluation scripts still use it, and
``tests/matching/test_hashing.py`` holds these equal to it.
"""

from __future__ import annotations

import numpy as np

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix(k: np.ndarray) -> np.ndarray:
    k = k * _C1
    k = _rotl(k, 15)
    return k * _C2


def murmur3_32(utf8: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 (x86, 32-bit, seed 0) of the byte strings ``utf8[starts[i]:starts[i] + lengths[i]]``,
    as signed int32 (what sklearn's ``murmurhash3_32`` gives for the same bytes)."""
    with np.errstate(over="ignore"):
        padded = np.concatenate([utf8, np.zeros(4, np.uint8)]).astype(np.uint32)
        # The little-endian 32-bit word at each byte offset.
        word_at = padded[:-3] | (padded[1:-2] << 8) | (padded[2:-1] << 16) | (padded[3:] << 24)
        h = np.zeros(len(starts), dtype=np.uint32)
        blocks = lengths // 4
        for b in range(int(blocks.max(initial=0))):
            live = np.flatnonzero(blocks > b)
            mixed = _rotl(h[live] ^ _mix(word_at[starts[live] + 4 * b]), 13) * np.uint32(5) + np.uint32(0xE6546B64)
            h[live] = mixed
        # The tail: the 1-3 bytes after the last whole block.
        rest = (lengths & 3).astype(np.uint32)
        tail = word_at[starts + 4 * blocks] & ((np.uint32(1) << (np.uint32(8) * rest)) - np.uint32(1))
        h ^= _mix(tail)
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def bucket(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """The column of each hash: ``abs(h) % n_features`` (int64), with abs(-2**31) = 2**31 as sklearn defines it."""
    return np.abs(hashes.astype(np.int64)) % n_features
