"""The same claim said twice is one claim: normalisation and fingerprints."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from .types import ExtractedClaim

_QUOTE_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
}
# One regex pass is several times faster than str.translate with a dict.
_QUOTES = re.compile("[" + "".join(_QUOTE_MAP) + "]")
_NON_WORD = re.compile(r"[^\w%$€£]+", re.UNICODE)
# A digit group separator: "," or "." after a digit and before three digits that end a
# number. Written separator first, so that re finds candidates fast; the same as
# (?<=\d)[,.](?=\d{3}\b).
_GROUP_SEPARATOR = re.compile(r"[,.](?<=\d[,.])(?=\d{3}\b)")


def normalise(text: str) -> str:
    """Case, quotes, dashes, punctuation and spacing folded away."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _QUOTES.sub(lambda m: _QUOTE_MAP[m.group()], text)
    text = text.casefold()
    # Digit group separators carry no meaning: "2,000" == "2000".
    text = _GROUP_SEPARATOR.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: equal for the same claim worded the same."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def unique_claims(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """Keep the first of claims with the same fingerprint, in text order.

    When the same claim appears again with a higher score, the kept one takes
    that score and reason (the later context made it clearer).
    """
    kept: dict[str, ExtractedClaim] = {}
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        key = fingerprint(claim.text)
        first = kept.setdefault(key, claim)
        if claim.score > first.score:
            kept[key] = replace(first, score=claim.score, reason=claim.reason,
                                checkworthy=first.checkworthy or claim.checkworthy)
    return list(kept.values())
