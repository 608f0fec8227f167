"""Is a candidate the same claim? The calibrated probability behind the desk's tiers.

The re-ranker (``rerank``) orders candidates; several of its features are relative
to the other candidates of the query (BM25 against the best one, the gap to the best
cosine, ranks), which is what ranks well on CheckThat! 2A, where every tweet has a
verified claim in the pool. In a desk most new claims have no earlier twin, and the
best of many unrelated candidates still looks "best": a re-ranker probability of 0.9
said nothing there (issue 20: a Delhi smog claim linked to a NATO claim). This model
reads only *absolute* features of the pair — how close the two texts are, whatever
else the pool holds — and is trained on the pairs the desk sees: news claims against
claims of other articles of the same story (labelled by hand), against claims of
unrelated articles, and tweets against fact-checks (2A). Its probability is what
``ClaimMatch.score`` stores and what the suggest / auto thresholds apply to.

Words count by how rare they are (``Idf``, ``models/idf.json``): two claims of one story share
its common words anyway. The auto tier also needs *hard evidence* (``hard_evidence``): no
boilerplate on either side, a shared number or rare word, enough IDF-weighted overlap of the
claims (and of their sentences, when the model's ``evidence_on`` is "both"); without it a pair is
capped just under ``auto`` (suggested, never linked by the machine).

Pure: strings, numpy, the rapidfuzz features the re-ranker already computes. Weights, the IDF
and the default thresholds: ``models/``, made by ``scripts/train_matching.py --desk`` (card:
docs/models/matching.md).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from . import rerank
from . import text as textmod

MODEL_PATH = Path(__file__).with_name("models") / "sameclaim.json"
IDF_PATH = Path(__file__).with_name("models") / "idf.json"
RARE_IDF = 6.0  # a word in fewer than about 1 in 400 documents of the IDF corpus

# Sentences every news page has and that state nothing to check: whoever they are about, two of
# them are never the same claim for the auto tier (issue 20: "did not immediately respond to a
# request for comment" about two different people scored 0.967).
BOILERPLATE = re.compile(
    r"\b(?:respond(?:ed|s)? to (?:\w+(?:'s)? ){0,4}(?:request|email|message|call|inquir)\w*"
    r"|request(?:s|ed)? for comment|(?:did not|didn't|does not|doesn't) (?:immediately )?(?:return|respond|reply)"
    r"|declined to comment|(?:could|can) ?not be reached|contributed (?:to )?(?:this )?report"
    r"|reporting by|editing by|sign up for|newsletter|subscribe to|all rights reserved|click here"
    r"|follow (?:us|him|her|them) on)\b",
    re.IGNORECASE,
)

# Columns taken from the re-ranker's feature matrix: the absolute ones.
FROM_RERANK = (
    "cos_text",
    "cos_title",
    "cos_max",
    "number_overlap",
    "query_has_numbers",
    "fuzz_text",
    "fuzz_partial",
    "fuzz_title",
    "char_text",
    "char_title",
    "token_overlap",
)
# Computed here, for each (query, candidate) pair.
EXTRA = (
    "query_overlap",  # share of the query's words found in the candidate
    "number_conflict",  # both state numbers and share none
    "candidate_has_numbers",
    "names_in_candidate",  # share of the query's names (capitalised words, acronyms) in the candidate
    "names_in_query",  # share of the candidate's names in the query
    "names_conflict",  # both name someone or something and share no name
    "length_ratio",  # shorter / longer, in words
    "short",  # 1 / (1 + words of the shorter): a two-word fragment proves little
    "fuzz_sort",  # token-sort ratio: the same words in another order
    "both_have_names",
    # The two titles: for desk claims the sentences they sit in (a claim is often a clause, its
    # sentence says whose and about what); a query without a title stands in for its own.
    "cos_titles",
    "fuzz_titles",
    "char_titles",  # costly: filled in by ``add_costly``
    # Words weighted by how rare they are (``idf``): sharing "Stadia" says more than sharing "said".
    "idf_query",  # IDF mass of the shared claim words over the query's
    "idf_candidate",  # ... over the candidate's
    "idf_min",  # the smaller of the two
    "idf_titles_query",  # the same three over the titles (a desk claim's sentence)
    "idf_titles_candidate",
    "idf_titles_min",
    "idf_shared",  # IDF mass of the shared claim words, min(·, 40) / 40: how much they share
    "idf_titles_shared",  # of the shared title words, min(·, 60) / 60
    "idf_rarest_shared",  # the highest IDF of a shared word (claims or titles) over the highest IDF
    "rare_shared",  # shared words with IDF > 6 (claims or titles), min(·, 5) / 5
    "boilerplate",  # either side is newsroom boilerplate ("did not respond to a request for comment")
)
FEATURES = FROM_RERANK + EXTRA
_RERANK_COLUMNS = [rerank.FEATURES.index(name) for name in FROM_RERANK]
# The costly columns (0..1 each) a caller may leave at 0 and bound (``upper_bounds``).
COSTLY = tuple(FEATURES.index(name) for name in ("fuzz_partial", "char_text", "char_title", "char_titles"))
_CHAR_TITLES = EXTRA.index("char_titles")
_IDF_MIN, _IDF_TITLES_MIN, _RARE, _NUMBERS, _BOILERPLATE = (
    FEATURES.index(name) for name in ("idf_min", "idf_titles_min", "rare_shared", "number_overlap", "boilerplate")
)
MIN_WORDS = 3  # a side with fewer words (letters, not numbers) is a fragment: never the same claim

_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def names(text: str) -> frozenset[str]:
    """Proper names and acronyms of a normalised text, lower-cased (a capitalised word at the very
    start is skipped unless it is an acronym: a sentence starts with a capital anyway)."""
    found = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if len(word) > 1 and (match.start() > 0 or word.isupper()):
            found.add(word.lower().removesuffix("'s").removesuffix("’s"))
    return frozenset(found)


@lru_cache(maxsize=16_384)
def _profile(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A normalised text's words and names, once a process: an article's claims meet the same
    candidates again and again."""
    return _tokens(text), names(text)


@lru_cache(maxsize=16_384)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(textmod.tokens(text))


_LETTER_WORD = re.compile(r"\S*[^\W\d_]\S*")


@lru_cache(maxsize=16_384)
def _words(text: str) -> int:
    """Words with a letter in them (a number or a list marker is not a word here)."""
    return len(_LETTER_WORD.findall(text))


def extra_features(
    query: str,
    texts: list[str],
    numbers: list[frozenset[str]],
    *,
    query_title: str = "",
    titles: list[str] | None = None,
    cos_titles: np.ndarray | None = None,
) -> np.ndarray:
    """The ``EXTRA`` columns for one normalised query and its candidates' normalised texts (and
    titles), ``char_titles`` left at 0 (``add_costly``). ``cos_titles``: the cosines of the query's
    title vector to the candidates' title vectors (the index computes them)."""
    n = len(texts)
    out = np.zeros((n, len(EXTRA)), dtype=np.float64)
    if not n:
        return out
    q_words, q_names = _profile(query)
    q_numbers = textmod.numbers(query)
    for i, text in enumerate(texts):
        words, found = _profile(text)
        shared_names = len(q_names & found)
        shorter, longer = sorted((len(q_words), len(words)))
        out[i, 0] = len(q_words & words) / (len(q_words) or 1)
        out[i, 1] = float(bool(q_numbers) and bool(numbers[i]) and not q_numbers & numbers[i])
        out[i, 2] = float(bool(numbers[i]))
        out[i, 3] = shared_names / len(q_names) if q_names else 0.5
        out[i, 4] = shared_names / len(found) if found else 0.5
        out[i, 5] = float(bool(q_names) and bool(found) and not shared_names)
        out[i, 6] = shorter / (longer or 1)
        out[i, 7] = 1 / (1 + shorter)
        out[i, 9] = float(bool(q_names) and bool(found))
    out[:, 8] = process.cdist([query], texts, scorer=fuzz.token_sort_ratio, dtype=np.float64)[0] / 100
    titles = [t or texts[i] for i, t in enumerate(titles)] if titles is not None else texts
    out[:, 10] = cos_titles if cos_titles is not None else 0.0
    out[:, 11] = process.cdist([query_title or query], titles, scorer=fuzz.token_set_ratio, dtype=np.float64)[0] / 100
    idf = default_idf()
    q_title = query_title or query
    q_words_t = _tokens(q_title)
    q_mass, q_mass_t = _mass(query), _mass(q_title)
    q_boiler = _boilerplate(q_title) or _boilerplate(query)
    of, highest = idf.of, idf.highest
    for i, text in enumerate(texts):
        shared, shared_t = q_words & _tokens(text), q_words_t & _tokens(titles[i])
        weights = {w: of(w) for w in shared | shared_t}
        mass, mass_t = sum(weights[w] for w in shared), sum(weights[w] for w in shared_t)
        out[i, 13] = mass / (q_mass or 1.0)
        out[i, 14] = mass / (_mass(text) or 1.0)
        out[i, 16] = mass_t / (q_mass_t or 1.0)
        out[i, 17] = mass_t / (_mass(titles[i]) or 1.0)
        out[i, 19] = min(mass, 40.0) / 40
        out[i, 20] = min(mass_t, 60.0) / 60
        out[i, 21] = max(weights.values(), default=0.0) / highest
        out[i, 22] = min(sum(w > RARE_IDF for w in weights.values()), 5) / 5
        out[i, 23] = float(q_boiler or _boilerplate(titles[i]) or _boilerplate(text))
    out[:, 15] = np.minimum(out[:, 13], out[:, 14])
    out[:, 18] = np.minimum(out[:, 16], out[:, 17])
    return out


@lru_cache(maxsize=16_384)
def _mass(text: str) -> float:
    """The IDF mass of a normalised text's distinct words."""
    return default_idf().mass(_tokens(text))


@lru_cache(maxsize=16_384)
def _boilerplate(text: str) -> bool:
    return bool(BOILERPLATE.search(text))


@dataclass(frozen=True)
class Idf:
    """Document frequencies of the words (``text.tokens``) of a fixed corpus: the benchmark's news
    sentences and the 2A verified claims (``scripts/train_matching.py --desk`` writes them). A word
    seen once or never gets the highest IDF."""

    documents: int
    df: dict[str, int]

    def of(self, word: str) -> float:
        return math.log((self.documents + 1) / (self.df.get(word, 1) + 0.5))

    @property
    def highest(self) -> float:
        return self.of("")

    def mass(self, words) -> float:
        return sum(self.of(w) for w in words)

    @classmethod
    def build(cls, documents, *, min_df: int = 2) -> Idf:
        counts: dict[str, int] = {}
        total = 0
        for document in documents:
            total += 1
            for word in set(textmod.tokens(textmod.normalise(document))):
                counts[word] = counts.get(word, 0) + 1
        return cls(total, {w: n for w, n in sorted(counts.items()) if n >= min_df})

    def to_json(self, **about) -> str:
        return json.dumps(
            {**about, "documents": self.documents, "df": self.df}, ensure_ascii=False, separators=(",", ":")
        )

    @classmethod
    def from_json(cls, raw: str) -> Idf:
        data = json.loads(raw)
        return cls(int(data["documents"]), data["df"])


@cache
def default_idf() -> Idf:
    return Idf.from_json(IDF_PATH.read_text(encoding="utf-8"))


def add_costly(extra: np.ndarray, char_titles: np.ndarray) -> None:
    """Fill in the costly ``EXTRA`` column (the character n-gram cosine of the titles)."""
    extra[:, _CHAR_TITLES] = char_titles


def fragments(query: str, texts: list[str]) -> np.ndarray:
    """True for the pairs where either side has fewer than ``MIN_WORDS`` words: list numbers ("2."),
    labels ("Ingredients"), a lone name. They are never the same claim, whatever their scores."""
    if _words(query) < MIN_WORDS:
        return np.ones(len(texts), dtype=bool)
    return np.array([_words(t) < MIN_WORDS for t in texts], dtype=bool)


def features(rerank_matrix: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """The model's feature matrix from the re-ranker's and ``extra_features`` (same rows)."""
    return np.hstack([rerank_matrix[:, _RERANK_COLUMNS], extra])


@dataclass(frozen=True)
class SameClaimModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    suggest: float  # the default thresholds, chosen with the weights (see the card)
    auto: float
    evidence: float = 0.0  # the IDF-weighted overlap a pair needs to reach ``auto`` (``hard_evidence``)
    evidence_on: str = "both"  # whose overlap the gate reads: "both" (claims and titles) or "claims"

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return ((matrix - self.mean) / self.scale) @ self.coef + self.intercept

    def probabilities(self, matrix: np.ndarray, fragment: np.ndarray | None = None) -> np.ndarray:
        """The probability of each row; 0 for the rows that are ``fragments``; just under ``auto``
        for the rows without ``hard_evidence`` (they may be suggested, never linked by the machine)."""
        if not len(matrix):
            return np.zeros(0)
        out = _sigmoid(self.logits(matrix))
        out = np.where(self.hard_evidence(matrix), out, np.minimum(out, self.auto - AUTO_GAP))
        return np.where(fragment, 0.0, out) if fragment is not None else out

    def hard_evidence(self, matrix: np.ndarray) -> np.ndarray:
        """Rows that may reach the auto tier: neither side boilerplate, most of the rarer words of
        both claims (and of both sentences, ``evidence_on`` "both") shared, and a shared number or
        rare word among them."""
        return hard_evidence(matrix, self.evidence, self.evidence_on)

    def upper_bounds(self, cheap: np.ndarray) -> np.ndarray:
        """The highest probability each row can reach once its ``COSTLY`` columns (at 0 in
        ``cheap``, each within 0..1) are known."""
        if not len(cheap):
            return np.zeros(0)
        headroom = sum(max(0.0, self.coef[j] / self.scale[j]) for j in COSTLY)
        return _sigmoid(self.logits(cheap) + headroom)

    def to_json(self, **about) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "mean": self.mean.tolist(),
                "scale": self.scale.tolist(),
                "coef": self.coef.tolist(),
                "intercept": self.intercept,
                "thresholds": {
                    "suggest": self.suggest,
                    "auto": self.auto,
                    "evidence": self.evidence,
                    "evidence_on": self.evidence_on,
                },
                **about,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, raw: str) -> SameClaimModel:
        data = json.loads(raw)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("sameclaim.json was trained on other features; run scripts/train_matching.py --desk")
        return cls(
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            coef=np.array(data["coef"]),
            intercept=float(data["intercept"]),
            suggest=float(data["thresholds"]["suggest"]),
            auto=float(data["thresholds"]["auto"]),
            evidence=float(data["thresholds"].get("evidence", 0.0)),
            evidence_on=str(data["thresholds"].get("evidence_on", "both")),
        )


AUTO_GAP = 0.001  # how far under ``auto`` a pair without hard evidence is capped


def hard_evidence(matrix: np.ndarray, overlap: float, on: str = "both") -> np.ndarray:
    """``SameClaimModel.hard_evidence`` for a given overlap gate (training chooses the gate and
    whose overlap it reads)."""
    # "both": the claims and the sentences they sit in — two sentences of a story share its rare words
    # ("pneumonic plague", "Inner Mongolia") without stating the same thing; the claims then differ.
    # "claims": the claims only — an imported review's title is its headline ("No, 2,400 homes were
    # not flooded"), not the sentence its claim sits in, and a gate on the titles kept a review from
    # the auto tier against its own claim, word for word.
    if on not in ("both", "claims"):
        raise ValueError(f"evidence_on must be 'both' or 'claims', not {on!r}")
    shared = matrix[:, _IDF_MIN] if on == "claims" else np.minimum(matrix[:, _IDF_MIN], matrix[:, _IDF_TITLES_MIN])
    specific = (matrix[:, _RARE] > 0) | (matrix[:, _NUMBERS] > 0)
    return (matrix[:, _BOILERPLATE] == 0) & (shared >= overlap) & specific


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@cache
def default_model() -> SameClaimModel:
    return SameClaimModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))


@cache
def default_thresholds() -> tuple[float, float]:
    """(suggest, auto) the shipped model was chosen with, read without numpy work."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["thresholds"]
    return float(data["suggest"]), float(data["auto"])
