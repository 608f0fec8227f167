"""Text normalisation for claim matching: tweets, headlines and claims alike.

Pure functions over strings. ``normalise`` keeps the words a reader sees and drops
what only a platform adds: links, ``pic.twitter.com`` stubs, the embed signature
("— Name (@handle) January 28, 2021"), ``@`` and ``#`` marks (the words stay;
CamelCase hashtags are split), emojis and other symbols. Numbers are written one
way ("2,000" → "2000", "1.5m" → "1.5 million") so that lexical matching and the
number-overlap feature see the same token.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000  # a claim is a sentence or two; longer inputs are cut, never rejected

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ly|co|gov|io)/\S*",
    re.IGNORECASE,
)
# The signature that embedded tweets end with: "— Name (@handle) Month D, YYYY".
_SIGNATURE = re.compile(r"[—–-]\s*[^—–\n]{0,80}\(@\w+\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*\"?\s*$")
_HANDLE = re.compile(r"(?<![\w@])@(\w+)")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z]{3,})")
_THOUSANDS = re.compile(r"(?<=\d)[,  ](?=\d{3}\b)")
_SCALE = re.compile(r"\b(\d+(?:\.\d+)?)\s?(k|m|bn|b)\b", re.IGNORECASE)
_SCALES = {"k": "thousand", "m": "million", "b": "billion", "bn": "billion"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_KEEP_SYMBOLS = set("$%€£¥+=<>")
_SPACE = re.compile(r"\s+")


def _split_hashtag(match: re.Match) -> str:
    return _CAMEL.sub(" ", match.group(1))


def _drop_symbols(text: str) -> str:
    # Emojis, pictographs, dingbats, modifiers and joiners: category S* (except
    # currency and maths signs a claim may need), Cf (ZWJ, variation selectors), Co, Cs.
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat[0] == "S" and ch not in _KEEP_SYMBOLS) or cat in ("Cf", "Co", "Cs", "Cc"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalise(text: str, *, keep_handles: bool = True) -> str:
    """Return ``text`` cleaned of platform noise, with numbers in one form.

    Handles become plain words (``@JoeBiden`` → ``JoeBiden``) unless
    ``keep_handles`` is false. Never raises; any string in, a string out
    (possibly empty).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)[: MAX_CHARS * 2]).translate(_QUOTES)
    text = _URL.sub(" ", text)
    text = _SIGNATURE.sub(" ", text.rstrip())
    text = _HASHTAG.sub(_split_hashtag, text)
    text = _HANDLE.sub((lambda m: m.group(1)) if keep_handles else (lambda m: " "), text)
    text = _drop_symbols(text)
    text = _THOUSANDS.sub("", text)
    text = _SCALE.sub(lambda m: f"{m.group(1)} {_SCALES[m.group(2).lower()]}", text)
    text = text.replace('""', '"')
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def numbers(text: str) -> frozenset[str]:
    """The numbers in an already normalised text, as strings ("2000", "1.5")."""
    return frozenset(n.rstrip("0").rstrip(".") if "." in n else n for n in _NUMBER.findall(text))


_TOKEN = re.compile(r"\d+(?:\.\d+)?|\w+", re.UNICODE)
# Short English function words; matching works in any language, these only
# keep BM25 from rewarding shared "the" and "of".
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves rt via amp""".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of a normalised text, without stop words, lightly stemmed."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS]


def _stem(token: str) -> str:
    # A deliberately small suffix stripper (plural and -ing/-ed forms); a full
    # stemmer buys little here and would be English-only anyway.
    if len(token) > 4 and not token.isdigit():
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith(("sses", "ness")):
            return token
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
        if token.endswith("ing") and len(token) > 6:
            return token[:-3]
        if token.endswith("ed") and len(token) > 5:
            return token[:-2]
    return token
