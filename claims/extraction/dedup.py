"""The same claim said twice is one claim: normalisation, fingerprints, near-duplicates in one article."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from .cleaning import FOLD_MAP
from .types import ExtractedClaim, Placement

# The cleaner's folding (cleaning.FOLD_MAP) but for the backtick and the ellipsis, which stay as
# written here: fingerprints stored by earlier versions must not change.
QUOTE_MAP = {char: folded for char, folded in FOLD_MAP.items() if char not in "`\u2026"}
# One regex pass is several times faster than str.translate with a dict.
_QUOTES = re.compile("[" + "".join(QUOTE_MAP) + "]")
_NON_WORD = re.compile(r"[^\w%$€£]+", re.UNICODE)
# A digit group separator: "," or "." after a digit and before three digits that end a
# number. Written separator first, so that re finds candidates fast; the same as
# (?<=\d)[,.](?=\d{3}\b).
_GROUP_SEPARATOR = re.compile(r"[,.](?<=\d[,.])(?=\d{3}\b)")


def normalise(text: str) -> str:
    """Case, quotes, dashes, punctuation and spacing folded away."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _QUOTES.sub(lambda m: QUOTE_MAP[m.group()], text)
    text = text.casefold()
    # Digit group separators carry no meaning: "2,000" == "2000".
    text = _GROUP_SEPARATOR.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: equal for the same claim worded the same."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# Words that carry no claim: left out when comparing two claims' wording.
_STOPWORDS = frozenset(
    "a an the of to in on at for from by with and or but as that this these those it its is are was were be been "
    "has have had will would can could should may might do does did he she they we i you his her their our my "
    "your him them us me says said say saying told according also just about into over than then there here "
    "which who whom whose what when where while".split()
)
# Negation and denial: two claims that differ in one of these say opposite things.
_NEGATIONS = frozenset("not no never nor t without none nobody nothing neither deny denies denied denying".split())
_SUFFIXES = ("ing", "ed", "es", "s")
_SHORTEST = 2  # content words: shorter claims are merged only when worded the same
_CONTAINED = 0.8  # of the shorter claim's content words found in the other
_JACCARD = 0.5  # shared content words over all of both


_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\D*\d.*")
_LEFT_OUT = _STOPWORDS | _NEGATIONS
_STEMS: dict[str, str] = {}  # the words of one process's articles: bounded by the vocabulary
_MAX_STEMS = 200_000


def _stem(word: str) -> str:
    stem = _STEMS.get(word)
    if stem is None:
        stem = word
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                stem = word[: -len(suffix)]
                break
        if len(_STEMS) < _MAX_STEMS:
            _STEMS[word] = stem
    return stem


def _signature(text: str, normalised: str) -> tuple:
    """A claim's content words (stemmed), its numbers, whether it negates, its names, and their order.

    ``normalised`` is ``normalise(text)``. Names are the capitalised words after the
    first (stemmed like the content words); the order is of every capitalised content
    word, the first included ("Biden beat Trump": biden, trump).
    """
    words = normalised.split()
    numbers = (
        frozenset(w for w in words if not w.isalpha() and _NUMBER_WORD.fullmatch(w))
        if _DIGIT.search(normalised)
        else frozenset()
    )
    negates = not _NEGATIONS.isdisjoint(words)
    content = frozenset(_stem(w) for w in words if w not in _LEFT_OUT)
    capitalised = [_stem(_NON_WORD.sub("", word).casefold()) for word in text.split() if word[:1].isupper()]
    order = tuple(dict.fromkeys(name for name in capitalised if name in content))
    names = frozenset(capitalised[1:] if text[:1].isupper() else capitalised) & content
    return content, numbers, negates, names, order


def _same_names(a: tuple, b: tuple) -> bool:
    """No name swapped for another, and the names they share in the same order.

    "Vote for Anna" is not "vote for Maria" (one wording may leave a name out, as a
    headline often does, but not both), and "Biden beat Trump" is not "Trump beat Biden".
    """
    if (a[3] - b[0]) and (b[3] - a[0]):
        return False
    shared = set(a[4]) & set(b[4])
    return [n for n in a[4] if n in shared] == [n for n in b[4] if n in shared]


def _near(a: frozenset[str], b: frozenset[str], shared: int) -> bool:
    smaller = min(len(a), len(b))
    if smaller < _SHORTEST:
        return False
    return shared >= _CONTAINED * smaller and shared >= _JACCARD * (len(a) + len(b) - shared)


def _placement(claim: ExtractedClaim) -> Placement:
    return Placement(
        text=claim.text,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        claimant=claim.claimant,
    )


def unique_claims(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """One claim per statement of an article, its other places kept as ``also_at``.

    The same claim worded the same (same fingerprint), or nearly the same — a
    headline, the lede, a caption and a pull quote restating one claim — is one
    claim: the same numbers, the same negation, and most of the shorter one's
    content words in the other. The fullest wording (most content words; the
    earliest of equals) is the claim; it takes the highest score and reason of
    the group, and the others are its appearances.
    """
    ordered = sorted(claims, key=lambda c: (c.start, c.end))
    normalised = [normalise(c.text) for c in ordered]  # once each: the costly step of both below
    signatures = [_signature(c.text, n) for c, n in zip(ordered, normalised, strict=True)]
    keys = [hashlib.sha256(n.encode("utf-8")).hexdigest() for n in normalised]  # fingerprint()
    group_of = list(range(len(ordered)))  # union-find over claims of one statement

    def root(i: int) -> int:
        while group_of[i] != i:
            group_of[i] = group_of[group_of[i]]
            i = group_of[i]
        return i

    first_with_key: dict[str, int] = {}
    postings: dict[str, list[int]] = {}
    for i, (content, numbers, negates, _names, _order) in enumerate(signatures):
        earlier = first_with_key.setdefault(keys[i], i)
        if earlier != i:
            group_of[root(i)] = root(earlier)
            continue
        # Count shared content words with every earlier claim through an inverted index:
        # linear in the postings, not quadratic in the claims.
        shared: dict[int, int] = {}
        for word in content:
            for j in postings.get(word, ()):
                shared[j] = shared.get(j, 0) + 1
            postings.setdefault(word, []).append(i)
        for j, count in shared.items():
            other = signatures[j]
            if (
                other[1] == numbers
                and other[2] == negates
                and _near(content, other[0], count)
                and _same_names(signatures[i], other)
            ):
                group_of[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(root(i), []).append(i)
    result = []
    for members in groups.values():
        main = max(members, key=lambda i: (len(signatures[i][0]), -i))
        best = max(members, key=lambda i: ordered[i].score)
        claim = ordered[main]
        others = tuple(_placement(ordered[i]) for i in members if i != main and ordered[i].start != claim.start)
        result.append(
            replace(
                claim,
                score=ordered[best].score,
                reason=ordered[best].reason,
                checkworthy=any(ordered[i].checkworthy for i in members),
                also_at=others,
            )
        )
    return sorted(result, key=lambda c: (c.start, c.end))
