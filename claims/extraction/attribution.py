"""Who claims what: claim spans, claimants and claim types, by rules.

For reported speech and quotes the claim is the content and the claimant the
speaker: "despite Moscow saying that tanks are being withdrawn" gives the
claim "tanks are being withdrawn" by "Moscow". Speakers are normalised to the
fullest form of their name in the article ("Biden" → "Joe Biden"), titles are
dropped ("NATO Secretary-General Jens Stoltenberg" → "Jens Stoltenberg"), and
pronouns ("he said") resolve to the last person quoted or named. A quote that
runs over several sentences is attributed as a whole. A sentence with no
attribution is one claim by ``default_claimant`` (the outlet).

Regular expressions and small word lists only: a few milliseconds an article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .claim_types import claim_type
from .patterns import words
from .types import ClaimSpan, Sentence

_CUE_WORDS = (
    "said|says|say|told|tells|added|adds|claimed|claims|insisted|insists|warned|warns|stated|"
    "states|announced|announces|denied|denies|accused|accuses|argued|argues|noted|notes|wrote|"
    "writes|tweeted|tweets|explained|explains|confirmed|confirms|revealed|reveals|reported|"
    "suggested|suggests|admitted|admits|acknowledged|acknowledges|promised|promises|vowed|vows|"
    "declared|declares|asserted|asserts|maintained|maintains|estimated|estimates|predicted|"
    "predicts|alleged|alleges|believes|believed|stressed|stresses|emphasised|emphasized|"
    "boasted|boasts|complained|complains|conceded|concedes|concluded|contended|countered|"
    "indicated|indicates|observed|recalled|remarked|replied|responded|testified|thinks|"
    "insisting|saying|telling|adding|claiming|warning|stating|announcing|denying|arguing|"
    "noting|writing|tweeting|explaining|confirming|suggesting|admitting|boasting|"
    "found|finds|showed|shows|concluded|concludes|continued|wrote|writes|"
    "pointed out|made clear"
)
# The word lists go in as words(...): the same matches, grouped by first letter (patterns.py).
_CUE_ALTERNATIVES = words(_CUE_WORDS)
_CUE = re.compile(
    r"\b(?:" + words("has |have |had |is |was |were |also |again |repeatedly |previously |later ") + r")*"
    r"(?P<cue>" + _CUE_ALTERNATIVES + r")\b"
)
_ACCORDING = re.compile(
    r"\baccording to (?:the )?(?P<src>[A-Z][\w’'.-]*(?:\s+(?:(?:of|for|and|the|on)\s+)?[A-Z][\w’'.-]*)*)"
)
_OPEN_Q = "‘“\"'«"
_CLOSE_Q = "’”\"'»"
# The opening quote first, so that re jumps to it: the same matches as
# (?<!\w)(?P<o>[‘“"«'])(?P<c>[^‘“"«]{8,}?)(?P<e>[’”"»'])(?![A-Za-z]).
_QUOTE = re.compile(r"(?P<o>[‘“\"«'])(?<!\w[‘“\"«'])(?P<c>[^‘“\"«]{8,}?)(?P<e>[’”\"»'])(?![A-Za-z])")
# After the cue: optional time words, then "that", a colon, or the content itself.
_AFTER_CUE = re.compile(
    r"^(?:\s+(?:on|in|at|last|this|earlier|later)\s+\w+(?:\s+\w+)?)?"
    r"(?:\s+(?:today|yesterday|tonight|recently|previously|again|repeatedly|publicly|privately))?"
    r"(?:\s+(?:to|in)\s+(?:reporters|journalists|the press|a statement|an interview|parliament))?"
    r"(?:\s+(?:reporters|journalists|the press|the BBC|parliament|MPs|lawmakers|Congress|the Senate|"
    r"a press conference|an interviewer|(?:him|her|them|us)))?"
    r"\s*(?P<link>:|,?\s*that\b)?\s*"
)
# "told CNN that ...": after these cues a named listener comes before the content.
_AFTER_TOLD = re.compile(
    r"^\s+(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}|reporters|journalists|him|her|them|us|me)"
    r"(?:\s+(?:on|in|at|last|this)\s+\w+)?\s*(?P<link>:|,?\s*that\b)\s*"
)
_BOUNDARY = re.compile(
    r"(?:,\s|;\s|\s[–—-]\s|(?<!such)(?<!well)\sas\s(?!(?:well|much|many|long|soon|far|a result|part|of)\b)"
    r"|\swhile\s|\sbut\s|\swhen\s|\sdespite\s"
    r"|\sand\s+(?:" + _CUE_ALTERNATIVES + r")\b)"
)
_NP_BEFORE = re.compile(
    r"\b(?P<np>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin))*)\s*$"
)
_ROLE_BEFORE = re.compile(
    r"\b(?P<np>(?:the|a|an|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:minister|ministers|president|spokesman|spokeswoman|spokesperson|official|officials|ministry|"
    r"government|department|agency|company|firm|police|army|military|prime minister|secretary|"
    r"chancellor|governor|mayor|senator|senators|lawmakers|leader|leaders|chief|analysts?|experts?|"
    r"researchers?|scientists?|study|report|survey|statement|court|judge|campaign|party|council|"
    r"committee|board|commission|authority|authorities|union|group|regulator|watchdog|charity|"
    r"hospital|university|school|bank|prosecutors?|lawyers?|critics|campaigners|residents|"
    r"witnesses|sources?|organi[sz]ation|administration|white house|kremlin))\s*$",
    re.IGNORECASE,
)
_PAREN_TAIL = re.compile(r"\s*\([^()]{0,30}\)$")
_PRONOUN_BEFORE = re.compile(r"\b(?P<np>he|she|they|it|we|i)\s*$", re.IGNORECASE)
_NP_AFTER = re.compile(
    r"^\s*(?P<np>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*|he|she|they|it|we|I)\b"
)
_CLOSE_THEN_CUE = re.compile(
    r"[’”\"'»][,.]?\s+(?:(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|he|she|they|it|we|I|"
    r"the\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:" + _CUE_ALTERNATIVES + r")|(?:" + _CUE_ALTERNATIVES + r")\s+"
    r"(?P<np2>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|he|she|they|the\s+[a-z]+))\b"
)
_LEAD_WORDS = re.compile(r"(?:(?:however|also|though|instead|too|that)[,]?\s+)+", re.IGNORECASE)
# Cues that need "that", a colon or a quote before their content ("accused X of ...").
_LINKED_ONLY = frozenset(
    {"accused", "accuses", "told", "tells", "warned", "warns", "telling", "warning", "boasted", "boasts",
     "boasting", "complained", "complains", "responded", "replied", "testified", "found", "finds",
     "showed", "shows", "concluded", "concludes", "continued"}
)
_NOT_SPEAKERS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday"]
)
_SPEAKER_ONLY = re.compile(
    r"^(?:(?:[A-Z][\w’'.-]*|of|the)(?:\s+(?:[A-Z][\w’'.-]*|of|the))*|he|she|they|it|we|I|"
    r"(?:the|a)\s+[a-z]+(?:\s+[a-z]+)?)$"
)
# Capital first, so that re jumps to the candidates: the same matches as
# \b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|de|van|von|al|bin))*\s[A-Z][a-z’'-]+\b
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[ -](?:[A-Z][a-z]+|de|van|von|al|bin))*\s[A-Z][a-z’'-]+\b")

TITLES = frozenset(
    ["president", "vice", "prime", "minister", "secretary", "general", "secretary-general", "foreign", "defence", "defense", "home", "health", "finance", "interior", "deputy", "chief", "executive", "spokesman", "spokeswoman", "chancellor", "senator", "sen", "rep", "governor", "mayor", "ambassador", "king", "queen", "prince", "princess", "pope", "dr", "mr", "mrs", "ms", "miss", "professor", "prof", "gen", "admiral", "colonel", "col", "captain", "capt", "lieutenant", "sergeant", "commander", "director", "chairman", "chairwoman", "chair", "leader", "speaker", "judge", "justice", "attorney", "state", "us", "u.s", "uk", "british", "american", "russian", "ukrainian", "german", "french", "chinese", "european", "nato", "eu", "un", "former", "acting", "premier", "lord", "lady", "sir", "dame", "officer", "analyst", "the", "of"]
)
_LEADING_WORDS = frozenset({"and", "but", "so", "then", "also", "meanwhile", "however", "yet", "now"})
# Words naming a position: what follows them is the person.
_RANKS = frozenset(
    ["president", "minister", "secretary", "secretary-general", "spokesman", "spokeswoman", "chancellor", "senator", "sen", "governor", "mayor", "ambassador", "king", "queen", "pope", "professor", "prof", "general", "gen", "admiral", "colonel", "captain", "commander", "director", "chairman", "chairwoman", "chair", "leader", "speaker", "judge", "justice", "premier", "officer", "dr", "mr", "mrs", "ms", "sir", "dame", "lord", "lady"]
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_ORG_HINTS = re.compile(
    r"\b(?:Ministry|Department|Government|Kremlin|White House|NATO|EU|UN|Office|Agency|Council|"
    r"Commission|Party|Bank|Police|Army|Court|Parliament|Congress|Senate|Institute|University|"
    r"Company|Inc|Ltd|Group|Association|Union|Organization|Organisation|Moscow|Washington|Beijing|"
    r"Kyiv|Kiev|London|Brussels|Russia|Ukraine|China|Britain|America|France|Germany)\b"
)


class _Names:
    """Full names in the article, to expand "Biden" into "Joe Biden"."""

    def __init__(self, text: str) -> None:
        self.by_last: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for match in _NAME.finditer(text):
            name = _strip_titles(match.group(0))
            parts = name.split()
            if len(parts) >= 2 and not _ORG_HINTS.search(name):
                self.by_last.setdefault(parts[-1], name)
                title = _title_of(match.group(0))
                if title:
                    self.by_title.setdefault(title, name)

    def full(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1 and parts[0] in self.by_last:
            return self.by_last[parts[0]]
        if len(parts) >= 2 and parts[-1] in self.by_last and self.by_last[parts[-1]].endswith(name):
            return self.by_last[parts[-1]]
        return name


def _strip_titles(np: str) -> str:
    """"And NATO Secretary-General Jens Stoltenberg" → "Jens Stoltenberg"."""
    words = np.replace("’s", "").replace("'s", "").split()
    while words and words[0].lower() in _LEADING_WORDS:
        words.pop(0)
    titled = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _RANKS]
    if titled and len(words) - titled[-1] - 1 >= 1:
        words = words[titled[-1] + 1:]
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES or words[0].isupper()):
        words.pop(0)
    while words and words[-1].lower() in ("the", "of"):
        words.pop()
    return " ".join(words)


def _title_of(np: str) -> str:
    """The rank in a speaker phrase ("President Joe Biden" → "president"), or ""."""
    ranks = [w.lower().rstrip(".") for w in np.split() if w.lower().rstrip(".") in _RANKS]
    return ranks[-1] if ranks else ""


def is_person(name: str) -> bool:
    """Two to four capitalised words and nothing that names an institution or a place."""
    parts = name.split()
    return 2 <= len(parts) <= 4 and not _ORG_HINTS.search(name) and all(p[:1].isupper() for p in parts)


class _Speakers:
    """Resolves source phrases to claimants, remembering who spoke last."""

    def __init__(self, text: str) -> None:
        self.names = _Names(text)
        self.last_person = ""
        self.last_any = ""

    def resolve(self, np: str) -> str:
        np = np.strip(" ,.;:")
        if not np:
            return ""
        low = np.lower()
        if low in PRONOUNS:
            if low in ("he", "she") and self.last_person:
                return self.last_person
            return self.last_any or self.last_person or ""
        if low.startswith(("the ", "a ", "an ", "its ", "his ", "her ", "their ")):
            rest = np.split(None, 1)[1]
            title = _title_of(rest)
            if title and title in self.names.by_title:
                # "the president" → the person the article calls President.
                return self.resolve(self.names.by_title[title])
            claimant = rest if rest[:1].isupper() else f"{low.split()[0]} {rest}"
            self.last_any = claimant
            return claimant
        if np.split()[-1].lower() in _NOT_SPEAKERS:
            return ""
        name = self.names.full(_strip_titles(np))
        if not name:
            return ""
        if is_person(name):
            self.last_person = name
        self.last_any = name
        return name


def _np_before(left: str) -> str:
    """The speaker phrase that ends ``left`` (before a cue verb)."""
    left = left[-120:].rstrip()  # the phrase is near; anchored searches stay cheap
    left = _PAREN_TAIL.sub("", left)  # "Jens Stoltenberg (left) said"
    # "Jens Stoltenberg, NATO's chief executive, said": skip the apposition.
    if left.endswith(","):
        head, _, appos = left[:-1].rpartition(",")
        if head and len(appos.split()) <= 8:
            named = _NP_BEFORE.search(head.rstrip())
            if named and named.group("np")[:1].isupper():
                return named.group("np")
        left = left[:-1].rstrip()
    for pattern in (_PRONOUN_BEFORE, _ROLE_BEFORE, _NP_BEFORE):
        match = pattern.search(left)
        if match:
            np = match.group("np")
            if np and (pattern is not _NP_BEFORE or np[:1].isupper()):
                return np
    return ""


def _trim(sentence: str, start: int, end: int, *, cut: bool) -> tuple[int, int]:
    """Shrink [start, end) to the content: no quotes, spaces or trailing punctuation."""
    if cut:
        boundary = _BOUNDARY.search(sentence, start, end)
        while boundary and len(sentence[start:boundary.start()].split()) < 3:
            boundary = _BOUNDARY.search(sentence, boundary.end(), end)
        if boundary:
            end = boundary.start()
    while start < end and (sentence[start].isspace() or sentence[start] in _OPEN_Q + ",;:–—-"):
        start += 1
    lead = _LEAD_WORDS.match(sentence, start, end)
    if lead:
        start = lead.end()
    while end > start and (sentence[end - 1].isspace() or sentence[end - 1] in ".,;:!?" + _CLOSE_Q):
        if sentence[end - 1] in "’”»" and any(q in sentence[start:end - 1] for q in "‘“«"):
            break  # the quote closes one opened inside the content
        end -= 1
    return start, end


def _attributions(sentence: str, speakers: _Speakers) -> list[tuple[int, int, str]]:
    """(start, end, claimant) of every attributed content in one sentence."""
    found: list[tuple[int, int, str]] = []
    quotes = list(_QUOTE.finditer(sentence))
    for cue in _CUE.finditer(sentence):
        left, right = sentence[: cue.start()], sentence[cue.end():]
        # 1. '...,' he said / '...,' said Biden — the quote before the cue.
        quote = None
        for q in reversed(quotes):
            if q.end() > cue.start():
                continue
            between = sentence[q.end():cue.start()].strip(" ,")
            if not between or _SPEAKER_ONLY.match(between):
                quote = q
            break
        if quote is not None:
            between = sentence[quote.end():cue.start()].strip(" ,")
            after = _NP_AFTER.match(right)
            np = between or (after.group("np") if after else "")
            claimant = speakers.resolve(np) if np else ""
            if claimant:
                start, end = _trim(sentence, quote.start("c"), quote.end("c"), cut=False)
                if len(sentence[start:end].split()) >= 3:
                    found.append((start, end, claimant))
                continue
        np = _np_before(left)
        if not np:
            continue
        # 2. X, Moscow says, while ... — the clause before the parenthetical cue.
        if left.rstrip().endswith(np) and left[: left.rstrip().rfind(np)].rstrip().endswith(",") and (
            not right.strip() or right.lstrip()[:1] in ",.;"
        ):
            clause_end = left[: left.rstrip().rfind(np)].rstrip().rfind(",")
            start, end = _trim(sentence, 0, clause_end, cut=False)
            if len(sentence[start:end].split()) >= 3:
                found.append((start, end, speakers.resolve(np)))
            continue
        # 3. X said (today) that ... / X said: '...' / X says ...
        after = (_AFTER_TOLD.match(right) if cue.group("cue") in ("told", "tells", "telling") else None) \
            or _AFTER_CUE.match(right)
        offset = cue.end() + (after.end() if after else 0)
        rest = sentence[offset:]
        linked = bool(after and after.group("link")) or rest[:1] in _OPEN_Q
        if not rest.strip() or (cue.group("cue") in _LINKED_ONLY and not linked):
            continue
        quoted = _QUOTE.match(sentence, offset) if rest[:1] in _OPEN_Q else None
        if quoted:
            start, end = _trim(sentence, quoted.start("c"), quoted.end("c"), cut=False)
        else:
            start, end = _trim(sentence, offset, len(sentence), cut=True)
        if len(sentence[start:end].split()) >= 3:
            claimant = speakers.resolve(np)
            if claimant:
                found.append((start, end, claimant))
    for match in _ACCORDING.finditer(sentence) if "according to " in sentence else ():
        before = sentence[: match.start()].rstrip(" ,")
        if len(before.split()) >= 3:
            start, end = _trim(sentence, 0, len(before), cut=False)
            found.append((start, end, speakers.resolve(match.group("src"))))
        else:
            start, end = _trim(sentence, match.end(), len(sentence), cut=False)
            if len(sentence[start:end].split()) >= 3:
                found.append((start, end, speakers.resolve(match.group("src"))))
    # Keep the first of overlapping spans.
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for span in found:
        if span[2] and (not kept or span[0] >= kept[-1][1]):
            kept.append(span)
    return kept


def _open_quote_run(sentences: Sequence[Sentence], i: int) -> int | None:
    """For a sentence opening a quote it does not close, the sentence that closes it."""
    text = sentences[i].text
    if text[:1] not in _OPEN_Q or any(q in text[1:] for q in "”»") or _QUOTE.match(text):
        return None
    for j in range(i + 1, min(i + 4, len(sentences))):
        if any(q in sentences[j].text for q in "’”\"»"):
            return j
    return None


def find_claims(text: str, sentences: Sequence[Sentence], *, default_claimant: str) -> list[ClaimSpan]:
    """Candidate claims of an article: attributed contents, else whole sentences."""
    speakers = _Speakers(text)
    claims: list[ClaimSpan] = []
    pending: list[int] = []  # sentences of a quote whose speaker comes later

    def whole(k: int, claimant: str, *, quoted: bool, limit: int | None = None) -> None:
        s = sentences[k]
        start, end = _trim(s.text, 0, len(s.text) if limit is None else limit, cut=False)
        if end <= start:
            start, end = 0, len(s.text)
        claims.append(_span(s, k, start, end, claimant, quoted=quoted))

    for index, sentence in enumerate(sentences):
        if pending:
            close = _CLOSE_THEN_CUE.search(sentence.text)
            if close and sentence.text[:1] not in _OPEN_Q:
                # '... (earlier sentences) ... seen,' he added. — the whole quote is his.
                claimant = speakers.resolve(close.group("np") or close.group("np2") or "")
                claimant = claimant or default_claimant
                for k in pending:
                    whole(k, claimant, quoted=True)
                whole(index, claimant, quoted=True, limit=close.start())
                pending = []
                continue
            if len(pending) < 3 and sentence.text[:1] not in _OPEN_Q and not any(
                q in sentence.text for q in "’”»"
            ):
                pending.append(index)  # the quote goes on
                continue
            for k in pending:  # a quote nobody claims: the outlet's text
                whole(k, default_claimant, quoted=False)
            pending = []
        spans = _attributions(sentence.text, speakers)
        if not spans and _open_quote_run(sentences, index) is not None:
            pending.append(index)
            continue
        if spans:
            for start, end, claimant in spans:
                claims.append(_span(sentence, index, start, end, claimant, quoted=True))
        else:
            whole(index, default_claimant, quoted=False)
    for k in pending:
        whole(k, default_claimant, quoted=False)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _span(sentence: Sentence, index: int, start: int, end: int, claimant: str, *, quoted: bool) -> ClaimSpan:
    content = sentence.text[start:end]
    return ClaimSpan(
        text=content,
        start=sentence.start + start,
        end=sentence.start + end,
        sentence_index=index,
        claimant=claimant,
        claim_type=claim_type(content, sentence=sentence.text, attributed=quoted, claimant=claimant),
    )
