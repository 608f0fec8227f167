"""Sentences with exact offsets, rule-based and fast.

A regular expression proposes boundaries (terminal punctuation, optionally
closing quotes/brackets, then whitespace and an opening capital, digit or
quote); a few rules veto them (abbreviations, initials, decimals, "No. 10").
Paragraph breaks (blank lines, bullet lines) always end a sentence. About
50x faster than pysbd on news text, with the same answers on the cases news
needs (see tests/extraction/test_sentences.py).
"""

from __future__ import annotations

import re

from .types import Sentence

# Abbreviations that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "cpl", "pte", "messrs", "mme", "mlle", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "para", "paras", "art", "ch", "sec", "op", "ed", "eds", "est", "approx", "dept", "univ", "assn", "bros", "co", "corp", "inc", "ltd", "plc", "llc", "vs", "v", "etc", "al", "e.g", "i.e", "cf", "ca", "viz", "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m"]
)
_BOUNDARY = re.compile(
    r"""(?:[.!?…]+|\.\.\.)["'”’»)\]]*   # terminal punctuation, closing quotes/brackets
        (?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])  # then space and a capital, digit or opening quote
    """,
    re.VERBOSE,
)
# Blank lines, and single newlines not followed by a lowercase continuation
# (extracted article text has one paragraph per line; hard-wrapped pasted text
# continues in lowercase), end a sentence; so do bullets.
_PARAGRAPH = re.compile(r"\n\s*\n\s*|\n[ \t]*(?![ \t]*[a-z])|(?<=\n)[ \t]*[•·▪◦][ \t]*")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_false_boundary(text: str, end: int) -> bool:
    """True when the period at text[end-1] belongs to an abbreviation or initial."""
    if text[end - 1] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, end - 20), end - 1)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "e.g."
    if len(word) == 1 and word.isalpha():
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _spans(text: str, start: int, end: int):
    """Sentence spans inside one paragraph text[start:end]."""
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        punct = match.group(0)
        if punct[0] == "." and not punct.startswith("..") and _is_false_boundary(text, match.start() + 1):
            continue
        yield cursor, match.end()
        cursor = match.end()
    yield cursor, end


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text``, in order, each with ``text[start:end] == sentence.text``."""
    sentences: list[Sentence] = []
    block_start = 0
    blocks = [*((m.start(), m.end()) for m in _PARAGRAPH.finditer(text)), (len(text), len(text))]
    for gap_start, gap_end in blocks:
        for s, e in _spans(text, block_start, gap_start):
            # Trim whitespace so a sentence never starts or ends with it.
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and any(ch.isalnum() for ch in text[s:e]):
                sentences.append(Sentence(text=text[s:e], start=s, end=e))
        block_start = gap_end
    return sentences
