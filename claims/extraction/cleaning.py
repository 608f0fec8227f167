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
  source link, copyright), list markers alone ("2."), credits ("X contributed
  reporting", "Reporting by ...; Editing by ..."), related-link teasers
  ("More: ..."), timestamps ("January 27, 2023, 1:48 pm"), social pitches
  ("Follow X on Facebook ..."), all-caps datelines and headings, and a trailing
  block of short or call-to-action lines after the last paragraph of prose.
- Lines the page itself marks as captions or subheads (``ArticleText.furniture``,
  from the HTML's elements and trafilatura's XML) are dropped too.

``clean`` is idempotent: it runs its rules to a fixed point.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .types import ArticleText

# Typographic quotes, dashes, primes, the no-break space and the ellipsis folded to ASCII
# (dedup.py folds the same, but for the backtick and the ellipsis).
FOLD_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2026": "...",
}
# One regex pass is far faster than str.translate with a dict on long lines.
_FOLD_RE = re.compile("[" + "".join(FOLD_MAP) + "]")
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
    "source link",
    "related articles",
    "related",
    "related stories",
    "related content",
    "read more",
    "read next",
    "more from",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "most read",
    "most popular",
    "trending",
    "trending now",
    "advertisement",
    "advert",
    "sponsored",
    "sponsored content",
    "share this article",
    "share this",
    "share",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "comments",
    "comment",
    "leave a comment",
    "stay in touch",
    "follow us",
    "subscribe",
    "sign up",
    "newsletter",
    "top stories",
    "latest news",
    "back to top",
    "skip to content",
    "loading",
    "view comments",
    "continue reading",
    "click here",
    "watch",
    "listen",
    "download the app",
    "all rights reserved",
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
# '..., mention it to your doctor," Dempsey said.': a quotation closed and attributed.
_REPORTED_SPEECH = re.compile(
    r"[,.?!][’”\"]\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|added|told|wrote|explained|warned)\b"
    r"|[,.?!][’”\"]\s+(?:said|says|added|told|wrote|explained|warned)\s+[A-Z]"
)
# Furniture by its shape, the same on every site (matched on the folded line):
# a list marker alone ("2.", "iv)"); credits ("Keith Bradsher contributed reporting",
# "(Reporting by ...; Editing by ...)", "Write to ... at ...@...", "Cover image: ...");
# related-link teasers ("More: ...", "[Related: ...]", "See it now: ...", "Also on rt.com ..."); a bare URL;
# social pitches ("Follow NBC Latino on Facebook, Twitter and Instagram").
_LIST_MARKER = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]$")
_CREDIT = re.compile(
    r"^\(?(?:(?:[\w'.-]+ ){1,4}(?:and (?:[\w'.-]+ ){1,4})?contributed (?:reporting|to this (?:report|story|article)|"
    r"research|additional reporting)"
    r"|(?:additional )?reporting by "
    r"|(?:writing|editing|edited|compiled|produced|reported|graphics|photos?) by [^.]{0,80}$"
    r"|write to [^@]{0,60}@|(?:cover |header |top |lead |featured )?(?:image|photo|photograph|picture|video)"
    r"(?: credits?)?: |(?:image )?credits?: |image source, )"
)
_TEASER = re.compile(
    r"^\[?(?:more|more on this|related|read more|read also|also read|also see|see also|see it now|watch|listen|"
    r"recommended|editor's picks?|don't miss|further reading|coming next|up next|next|previously|"
    r"more from [\w' ]{1,30}|related (?:story|stories|article|articles|coverage|content|video))"
    r"\s*(?::|\||»|›|>|–|-)\s*\S"
)
# A teaser naming the site it links to, no separator needed ("Also on rt.com Journalists & politicians … threatened").
_SITE_TEASER = re.compile(r"^(?:also|more|read more|read also|see more) on (?:[\w-]+\.)+[a-z]{2,6}\s+\S")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_SOCIAL = re.compile(
    r"^(?:follow|like|join|find|connect with|chat with)\b.{0,80}?\b(?:on|at|via)\s+(?:facebook|twitter|x|instagram|"
    r"tiktok|youtube|threads|linkedin|telegram|whatsapp|bluesky|mastodon|snapchat|flipboard|google news)\b"
)
_SOCIAL_WORDS = 60
# A contact line: "Contact Dear Kim at www.dearkim.com or P.O. Box 12, Town, ST 00000", "Write to the desk at
# tips@paper.com" (an address, a mailbox or a phone number after "at").
_CONTACT = re.compile(
    r"^(?:contact|write to|email|e-mail|reach|call)\b.{0,60}?\bat\s+(?:www\.|https?://|\S+@\S+\.\w|p\.?\s?o\.?\s+box|"
    r"\(?\d{3}\)?[\s.-]\d{3})"
)
# A timestamp line ("January 27, 2023, 1:48 pm", "Updated 3:15 PM EST, Fri January 27, 2023",
# "Published 2 hours ago"): nothing but these words, numbers and punctuation.
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu "
    "thur thurs fri sat sun am pm a.m p.m a m p et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest "
    "ist aest aedt updated update published posted last modified first on at ago hour hours minute minutes min "
    "mins day days week weeks h m today yesterday noon midnight".split()
)
_TIME_TOKEN = re.compile(r"[\w.]+")
_NUMBERISH = re.compile(r"^\d{1,4}(?:st|nd|rd|th|h|am|pm)?$")
# A dateline or all-caps heading alone on its line ("BAAR, SWITZERLAND", "HOW WILL THEY VOTE?").
_CAPS_WORDS = 8


def fold(text: str) -> str:
    """Quotes, apostrophes, dashes, spaces and case folded away, for comparing lines."""
    if not text.isascii():
        text = _FOLD_RE.sub(lambda m: FOLD_MAP[m.group()], text)
    return " ".join(text.split()).casefold()


_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]+")
# A wire agency's sign-off alone on its line ("PTI", "With inputs from PTI", "AFP and Reuters"), on the bare line.
_WIRES = r"(?:pti|ians|ani|afp|ap|reuters|dpa|efe|ansa|xinhua|tass|agencies|agency inputs|wires?)"
# The same sign-off run on after the story's last sentence ("... into the US. PTI").
_TRAILING_WIRE = re.compile(r"(?<=[.!?”\"’])\s+(?:PTI|IANS|ANI|AFP|AP|Reuters|DPA|Xinhua)\s*$")
_WIRE_SIGNOFF = re.compile(rf"^(?:with )?(?:(?:additional )?inputs? from )?{_WIRES}(?: (?:and|with) {_WIRES})*$")


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


def _is_timestamp(folded: str) -> bool:
    tokens = _TIME_TOKEN.findall(folded)
    if not tokens or len(tokens) > 16 or not any(ch.isdigit() for ch in folded):
        return False
    return all(t.strip(".") in _TIME_WORDS or _NUMBERISH.match(t) or t in ("a.m.", "p.m.") for t in tokens)


def _is_caps_heading(stripped: str) -> bool:
    letters = [ch for ch in stripped if ch.isalpha()]
    return (
        len(letters) >= 4
        and all(ch.isupper() for ch in letters)
        and len(stripped.split()) <= _CAPS_WORDS
        and not stripped.endswith(".")
    )


def _is_furniture(line: str, folded: str) -> bool:
    """``folded`` is ``fold(line.strip())``."""
    stripped = line.strip()
    if " " not in stripped and _TEMPLATE_TOKEN.match(stripped):
        return True
    if stripped.count(" ") < _SOCIAL_WORDS and _SOCIAL.match(folded):
        return True  # a social pitch, often with a deals disclaimer run on after it
    if stripped.count(" ") < _SOCIAL_WORDS and _CONTACT.match(folded):
        return True
    if stripped.count(" ") >= 30:
        return False  # prose: boilerplate lines are short
    bare = _bare(folded)
    if not bare or not any(ch.isalnum() for ch in bare.replace("_", "")):
        return True  # punctuation or symbols only
    if bare in _BOILERPLATE or _WIRE_SIGNOFF.match(bare):
        return True
    words = bare.split()
    if 1 < len(words) <= 3 and len(set(words)) == 1 and words[0] in _BOILERPLATE:
        return True  # "Comments Comments": a widget's label and its button
    if _BOILERPLATE_START.match(folded) or _LIST_MARKER.match(folded) or _BARE_URL.match(folded):
        return True
    return bool(
        _CREDIT.match(folded)
        or _TEASER.match(folded)
        or _SITE_TEASER.match(folded)
        or _is_timestamp(folded)
        or _is_caps_heading(stripped)
    )


def _is_weak_tail(line: str) -> bool:
    """A line that, in the trailing block, is site furniture rather than prose."""
    stripped = line.strip()
    words = stripped.split()
    if len(words) < 8 and not _SENTENCE_END.search(stripped):
        return True
    if _REPORTED_SPEECH.search(stripped):
        return False  # someone quoted in the story: prose, whatever its "you" and "get"
    # Distinct words: a story that says "you" five times is no pitch for it.
    cta = len({w.lower() for w in _CTA_WORDS.findall(stripped)})
    if cta:
        # Exclamations make a pitch of a line with call-to-action words; alone they are a tone.
        cta += stripped.count("!") * 2
    if _IMPERATIVE_START.match(stripped):
        cta += 2
    return cta >= 4 and len(words) <= 60


_CREDIT_AFTER_CAPTION = 80  # characters a caption's credit may add after it ("Photo: Jo Bell/Reuters")


def _marked(key: str, furniture: frozenset[str], prefixes: tuple[str, ...] = ()) -> bool:
    """Whether the page marked this line as a caption or subhead (a caption may carry its credit after it).

    ``prefixes``: the marks long enough to be recognised at a line's start (one C-level
    ``startswith`` over them all before any is looked at).
    """
    if key in furniture:
        return True
    if not prefixes or not key.startswith(prefixes):
        return False
    return any(key.startswith(mark) and len(key) - len(mark) <= _CREDIT_AFTER_CAPTION for mark in prefixes)


def _clean_once(
    paragraphs: list[str], authors: list[str], folded: dict[str, str], furniture: frozenset[str] = frozenset()
) -> list[str]:
    """One pass of the rules; ``folded`` keeps each paragraph's fold() across passes."""
    prefixes = tuple(mark for mark in furniture if len(mark) >= 20)
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
        if _is_furniture(stripped, key) or (furniture and _marked(key, furniture, prefixes)):
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
        cleaned = _clean_once(paragraphs, authors, folded, article.furniture)
        if cleaned == paragraphs:
            break
        paragraphs = cleaned
    if paragraphs:
        paragraphs[-1] = _TRAILING_WIRE.sub("", paragraphs[-1])  # "... into the US. PTI"
    text = "\n\n".join(paragraphs)
    return replace(article, text=text, authors=tuple(authors))
