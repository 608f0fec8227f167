"""Cleaning extracted article text: duplicates, bylines and site furniture out.

Works paragraph by paragraph (one per line, as extraction gives them) and
rebuilds the text from the kept paragraphs, one blank line between them;
that rebuilt text is the reference every claim offset points into.

- Repeated paragraphs (photo captions printed twice, with other apostrophes
  and dashes) are compared after folding quotes, dashes, spaces and case;
  the first is kept.
- Bylines ("ByDavid Averre For Mailonline", "By JANE DOE, Reuters") leave the
  text and their names join the authors.
- Furniture is recognised by what it is, not by one site's phrases: template
  tokens (``spot_img``), generic boilerplate lines (share, subscribe, related,
  source link, copyright), and a trailing block of short or call-to-action
  lines after the last paragraph of prose.

``clean`` is idempotent: it runs its rules to a fixed point.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .types import ArticleText

_FOLD_MAP = (
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2026": "...",
    }
)
# One regex pass is far faster than str.translate with a dict on long lines.
_FOLD_RE = re.compile("[" + "".join(_FOLD_MAP) + "]")
_SPACES = re.compile(r"\s+")
_TEMPLATE_TOKEN = re.compile(r"^(?:[a-z0-9]+_)+[a-z0-9]+$|^\{\{.*\}\}$|^\{%.*%\}$|^\[\w+\]$")
_NAME_WORD = r"(?!(?i:for|in|from|at|and)\b)(?:[A-Z][\w'’.-]*|van|von|de|da|del|der|al|bin)"
_BYLINE = re.compile(
    r"^(?:By|BY|by)\s*(?P<names>" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r")*"
    r"(?:\s*(?:,|and|&)\s*" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r")*)*)"
    r"(?:\s*(?:,|\||-|–|—)?\s*(?:[Ff]or|[Ii]n|[Ff]rom|[Aa]t)?\s*(?P<org>[\w .&'’-]{0,60}))?$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
# Lines that are furniture wherever they stand (compared folded, without punctuation).
_BOILERPLATE = {
    "source link", "related articles", "related", "related stories", "related content",
    "read more", "read next", "more from", "recommended", "recommended for you",
    "you may also like", "you might also like", "most read", "most popular", "trending",
    "trending now", "advertisement", "advert", "sponsored", "sponsored content",
    "share this article", "share this", "share", "share on facebook", "share on twitter",
    "tweet", "email", "print", "comments", "comment", "leave a comment", "stay in touch",
    "follow us", "subscribe", "sign up", "newsletter", "top stories", "latest news",
    "back to top", "skip to content", "loading", "view comments", "continue reading",
    "click here", "watch", "listen", "download the app", "all rights reserved",
}
_BOILERPLATE_START = re.compile(
    r"^(?:share (?:this|on|via)|follow us|sign up|subscribe (?:to|now|today)|click here|"
    r"read more|related:|see also|advertisement|©|\(c\) |copyright|all rights reserved|"
    r"published:|updated:|last updated|this article was|photo:|image:|getty images|"
    r"we use cookies|by continuing to use|privacy policy|terms (?:of|and) )",
    re.IGNORECASE,
)
_CTA_WORDS = re.compile(
    r"\b(?:subscribe|newsletter|sign up|signup|follow us|join us|join our|register|"
    r"download|app store|inbox|unsubscribe|stories|tips|exclusive|offers?|deals?|"
    r"today|now|free|best|click|start|get|your|you)\b",
    re.IGNORECASE,
)
_IMPERATIVE_START = re.compile(
    r"^(?:to follow|start|sign|subscribe|join|follow|get|download|click|discover|"
    r"don't miss|never miss|stay|find out|learn more|register|try|enjoy|shop)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…'\"’”)]$")


def fold(text: str) -> str:
    """Quotes, apostrophes, dashes, spaces and case folded away, for comparing lines."""
    if not text.isascii():
        text = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group()], text)
    return " ".join(text.split()).casefold()


_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]+")


def _bare(folded: str) -> str:
    return _NOT_WORD_OR_SPACE.sub("", folded).strip()


def _byline_names(line: str) -> list[str] | None:
    stripped = line.strip()
    if len(stripped) > 100 or _SENTENCE_END.search(stripped) and stripped.endswith("."):
        return None
    match = _BYLINE.match(stripped)
    if not match:
        return None
    names = []
    for name in _NAME_SPLIT.split(match.group("names")):
        words = name.strip(" .").split()
        if len(words) > 4:
            return None
        if len(words) >= 2:  # a single word is an organisation ("Reuters")
            names.append(" ".join(w.capitalize() if w.isupper() or w.islower() else w for w in words))
    return names or None


def _is_furniture(line: str, folded: str) -> bool:
    """``folded`` is ``fold(line.strip())``."""
    stripped = line.strip()
    if " " not in stripped and _TEMPLATE_TOKEN.match(stripped):
        return True
    if stripped.count(" ") >= 30:
        return False  # prose: boilerplate lines are short
    bare = _bare(folded)
    if not bare:
        return True  # punctuation or symbols only
    if bare in _BOILERPLATE:
        return True
    return bool(_BOILERPLATE_START.match(folded))


def _is_weak_tail(line: str) -> bool:
    """A line that, in the trailing block, is site furniture rather than prose."""
    stripped = line.strip()
    words = stripped.split()
    if len(words) < 8 and not _SENTENCE_END.search(stripped):
        return True
    cta = len(_CTA_WORDS.findall(stripped)) + stripped.count("!") * 2
    if _IMPERATIVE_START.match(stripped):
        cta += 2
    return cta >= 4 and len(words) <= 60


def _clean_once(paragraphs: list[str], authors: list[str], folded: dict[str, str]) -> list[str]:
    """One pass of the rules; ``folded`` keeps each paragraph's fold() across passes."""
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        stripped = paragraph.strip()
        if not stripped:
            continue
        names = _byline_names(stripped)
        if names:
            authors.extend(n for n in names if n not in authors)
            continue
        key = folded.get(stripped)
        if key is None:
            key = folded[stripped] = fold(stripped)
        if _is_furniture(stripped, key):
            continue
        if key in seen:
            continue
        seen.add(key)
        kept.append(stripped)
    while kept and _is_weak_tail(kept[-1]):
        kept.pop()
    return kept


def clean(article: ArticleText) -> ArticleText:
    """The article with duplicates, bylines and furniture removed (idempotent)."""
    paragraphs = article.text.replace("\r\n", "\n").split("\n")
    authors = list(article.authors)
    folded: dict[str, str] = {}
    for _ in range(5):
        cleaned = _clean_once(paragraphs, authors, folded)
        if cleaned == paragraphs:
            break
        paragraphs = cleaned
    text = "\n\n".join(paragraphs)
    return replace(article, text=text, authors=tuple(authors))
