"""What a desk checks first: which claims an article puts in the queue, their order, and why.

Pure, like every extraction step. After scoring and deduplication each claim gets:

- ``queued``: scored at or above the threshold, and a whole statement — never a question, a
  fragment or what the type rules call no claim at all;
- ``priority`` (higher first): its check-worthiness, raised for a number that parses as an
  amount (what a desk checks first), a little for a claim a named person or institution makes
  (over the outlet's own voice or an anonymous source). The weights are small: the score,
  calibrated on news, leads; they reorder claims within a tenth of the same score.
  A claim that states one with a published verdict leaves the queue at matching time
  (services/matching.py: dismissed as its duplicate, with an undo), so it is never new work;
- the per-article cap: past an article's ``cap`` best claims, the rest are kept under the
  article, out of the queue (the desk's setting; the model's default comes from the training
  news);
- a reason a checker can read: the checkable core and who claims it ("a statistic: 964,000
  people with a meth use disorder in 2017, from the national drug survey; a claim by Kristi
  Noem, Governor of South Dakota"), and why a claim was kept out of the queue.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..choices import ClaimType
from .checkworthiness import quantities
from .types import ExtractedClaim

# Small weights on top of the calibrated score, measured by each training article's top-5 and top-10
# precision on cross-validated scores (docs/models/checkworthiness.md, "Fifth session"): a number that
# parses as an amount is what a desk checks first, and the one part that ranked better (at +0.10, top-5
# precision 0.000 to +0.012 over ten heads, mean +0.006; top-10 unchanged); a named claimant moved nothing
# measurable and a comparison or cause lowered it a little, so they stay tie-breakers or get no weight.
STATISTIC = 0.10  # a number that parses as an amount ("2,000 NLAW", "$3.5 billion"), not a date or a rank
NAMED_CLAIMANT = 0.02  # a named person or institution makes the claim
ANONYMOUS_CLAIMANT = -0.02  # "officials", "a source", "critics": nobody to hold to it
CHECKABLE_CORE = 0.0  # a comparison, a cause, a correlation: kept as a part of the reason, no weight

# Claimants nobody can be held to.
_ANONYMOUS = re.compile(
    r"^(?:an?|the|some|many|several|two|three|other)?\s*(?:unnamed\s+|anonymous\s+|senior\s+|former\s+|top\s+)*"
    # up to two words of whose ("US officials", "White House aides"), unless a name follows the noun
    r"(?:[\w.'’-]+\s+){0,2}?(?:unnamed\s+|anonymous\s+|senior\s+|former\s+|top\s+)*"
    r"(?:officials?|sources?|critics|experts|analysts|observers|people|residents|witnesses|insiders|"
    r"aides?|spokes(?:man|woman|person)|reports?|someone|others)\b(?!,?\s+(?-i:[A-Z]))",
    re.I,
)
# Capitalised words that name nobody ("There", "It" at a sentence's start taken for a speaker).
_NOT_NAMES = frozenset("a an the there here it this that these those he she they we i you some".split())
_CORE_TYPES = {ClaimType.COMPARISON, ClaimType.CAUSAL, ClaimType.CORRELATION}
_DESCRIBED: dict[str, str] = {
    ClaimType.QUANTITY: "a statistic",
    ClaimType.COMPARISON: "a comparison",
    ClaimType.CAUSAL: "a causal claim",
    ClaimType.CORRELATION: "a correlation",
    ClaimType.PREDICTION: "a prediction",
    ClaimType.LEGAL: "a legal claim",
    ClaimType.OFFICIAL_POSITION: "an official position",
    ClaimType.QUOTE: "a quoted statement",
    ClaimType.PERSONAL_EXPERIENCE: "a personal account",
    ClaimType.OTHER: "a factual statement",
}
# The words after a number that say what it counts, up to a clause's end.
_STOP_AFTER = re.compile(
    r"[,;:.!?](?=\s|$)|[\"“”()]|\s(?:and|but|which|who|whom|that|while|although|because|as|is|are|was|were|has|have|had|"
    r"will|would|said|says|according)\s"
)
_SOURCE = re.compile(r"\baccording to ((?:the |a |an )?[^,;:.!?\"“”()]{3,80})", re.I)
_COMPARISON = re.compile(
    r"\b(?:(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|better|worse|faster|slower|cheaper)\s+than"
    r"|highest|lowest|largest|smallest|biggest|most|least|record|compared (?:with|to)|twice as|half as)"
    r"\b[^,;:.!?]{0,60}",
    re.I,
)
_CAUSE = re.compile(
    r"\b(?:because|due to|caused|causes|led to|leads to|result(?:ed)? in|as a result of|blamed (?:for|on)|"
    r"responsible for|triggered|driven by)\b[^,;:.!?]{0,60}",
    re.I,
)
_WORDS = re.compile(r"\w+")
_ALNUM_START = re.compile(r"^[\"“'‘]?[\w$£€]")
# A wire story's dateline or credit before its lede: "(Reuters) —", "WASHINGTON (AP) —",
# "NEW YORK, Dec 6 (Reuters) -", "LONDON —". A place in capitals, a credit in brackets, or both,
# then a dash.
_PLACE = r"[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3}(?:,\s*[\w. ]{1,25}?)?"
_DATELINE = re.compile(
    r"^\s*(?:(?:" + _PLACE + r"\s*)?\(\s*[A-Z][\w.&'’/ -]{0,40}\)|" + _PLACE + r")\s*(?:—|–|--|-)\s+"
)


def is_question(text: str) -> bool:
    return text.rstrip(" \"”'’)").endswith("?")


def without_dateline(text: str) -> str:
    """The text after a dateline or credit ("(Reuters) — The NYAG is investigating WeWork" →
    "The NYAG is investigating WeWork"); the text itself when it has none."""
    match = _DATELINE.match(text)
    return text[match.end() :] if match else text


# A call to action opening a clause (at the start, or after a vocative or a comma): "Go out and vote
# Republican today", "Virginia, ..., go out and vote", "Sign the petition", "Don't forget to register".
# The guide's label 0: an exhortation asserts nothing a checker could check.
_EXHORTATION = re.compile(
    r"(?:^|[,;:—–]\s*|\b(?:so|now|just|please)\s+)(?:please\s+|just\s+|so\s+)?(?:"
    r"(?:go|get|come|turn|show|head)\s+out\b|show\s+up\b|vote\s+(?:for|against|early|today|now|yes|no|"
    r"republican|democrat(?:ic)?|labou?r|conservative|tory|\w+\s+(?:today|now|on\b))|vote[.!]?$|"
    r"(?:don[’']t|do\s+not|never)\s+forget\b|remember\s+to\b|make\s+sure\s+(?:you|to)\b|"
    r"sign\s+(?:up|the\s+petition)\b|register\s+to\s+vote\b|join\s+(?:us|me|the\s+fight)\b|"
    r"stand\s+(?:with|up\s+for)\s+(?:us|me)\b|donate\b|subscribe\b|let(?:[’']s|\s+us)\b(?!\s+be\s+(?:clear|honest|frank)\b)|"
    r"you\s+(?:gotta|got\s+to|have\s+to|must|need\s+to)\s+(?:give|vote|go|get|come|support)\s+(?:me|us|out|for)\b|"
    r"(?:call|write\s+to|contact|tell)\s+your\b|give\s+me\b|please[.!]?$)",
    re.IGNORECASE,
)


# An order or a plea opening the claim: "Don't believe the lies", "Stop the count", "Get out of my house", "Vote
# them out", "Lock him up". (A comma or colon after the verb ("Stop, the rate doubled", "Get this: …") may go on
# to a statement: left alone.)
_ORDER = re.compile(
    r"^(?:(?:don[’']t|do\s+not)\s+(?!you\b|they\b|we\b|i\b)[a-z]+\b|stop\s+(?:the|this|it|them|him|her|now)\b|"
    r"get\s+(?:out|off|lost|back)\b|go\s+(?:home|away|back)\b|(?:lock|vote)\s+(?:her|him|them|us)\s+(?:up|out)\b|"
    r"(?:wake|stand|rise|speak)\s+up\b|keep\s+fighting\b|fight\s+(?:back|on|for)\b)(?![,:])",
    re.IGNORECASE,
)


# After an order's opening, what makes it a statement after all: a finite verb ("Lock her up chants broke out",
# "Stop the count efforts were dropped").
_FINITE_AFTER = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|[a-z]{3,}ed|broke|grew|rose|fell|came|went|won|lost|"
    r"made|began|drew|took|says|said)\b"
)


def _title_case(word: str) -> bool:
    """A capital then lower case ("Steal", "Out"): a title's or a name's word, not shouting ("OUT") nor "I"."""
    return word[:1].isupper() and not word.isupper()


def _is_order(text: str) -> bool:
    """ "Don't believe the lies", "Stop the count": an order, not "Stop the Steal organisers raised $2.5 million"
    (a name or a title opening a statement: a capital after the first word, a figure, a finite verb)."""
    order = _ORDER.match(text)
    if not order or any(ch.isdigit() for ch in text):
        return False
    # The order's own words and the word after them: a capital there is a title ("Stop the Steal organisers",
    # "Don't Look Up was …"); later ones are names and dates an order may hold ("Vote them out in November").
    opening = text[: order.end()].split()[1:] + text[order.end() :].split()[:1]
    if any(_title_case(word) for word in opening):
        return False
    return not _FINITE_AFTER.search(text, order.end())


def is_exhortation(text: str) -> bool:
    """A call to action ("go out and vote Republican today"), an order ("Don't believe the lies"), not a
    statement of fact."""
    text = text.strip().strip("“”\"‘’'").strip()
    call = _EXHORTATION.search(text)
    if call and any(_title_case(word) for word in call.group().split()[1:]):
        call = None  # a title: "Get Out grossed $255 million"
    return bool(call) or _is_order(text)


# A threat or a promise the speaker makes to whom they address ("I will destroy you", "We'll see you in court",
# "I'm going to crush them"): an intention, nothing a checker could verify. First person, short, no figure.
_THREAT = re.compile(
    r"^(?:i|we)\s*(?:will|shall|[’']ll|am\s+going\s+to|are\s+going\s+to|[’']m\s+going\s+to|[’']re\s+going\s+to|"
    r"[’']m\s+gonna|[’']re\s+gonna)\s+(?:never\s+|not\s+|just\s+|personally\s+|all\s+)?"
    r"(?:(?:destroy|kill|crush|bury|punish|ruin|hurt|smash|annihilate|obliterate|wipe\s+out)\b|"
    r"(?:find|get|see|sue|beat|end|finish|expose|fire|hunt(?:\s+down)?|come\s+for|go\s+after|take\s+down)\s+you\b)",
    re.IGNORECASE,
)
_THREAT_WORDS = 14  # a longer claim opening "I will ... you" says more than a threat


def is_threat(text: str) -> bool:
    """A threat or a promise to the one addressed ("I will destroy you"), not a statement of fact."""
    text = text.strip().strip("“”\"‘’'").strip()
    return len(text.split()) <= _THREAT_WORDS and not any(ch.isdigit() for ch in text) and bool(_THREAT.match(text))


# The writer's own opinion or speculation, framed as such: "But it's also possible that ...", "Just because no
# one ran on it doesn't mean ...", "I think ...", "In my view ...". In the outlet's own voice (an op-ed's), no
# checkable claim: the guide's label 0. (A person the article quotes saying so is another matter.)
_OPINION_FRAME = re.compile(
    r"^(?:(?:but|and|so|yet|still),?\s+)?(?:it(?:[’']s|\s+is|\s+may\s+be|\s+might\s+be)\s+(?:also\s+)?"
    r"(?:possible|conceivable|plausible|arguable|fair\s+to\s+say)\s+that\b|just\s+because\b|"
    r"i\s+(?:think|believe|suspect|suppose|feel|don[’']t\s+see)\b|in\s+my\s+(?:view|opinion)\b|"
    r"you\s+could\s+(?:argue|read|say|see)\b)",
    re.IGNORECASE,
)


def is_writers_opinion(text: str) -> bool:
    """Whether the outlet's own sentence is framed as the writer's opinion or speculation, with no amount in it
    (an opinion around a statistic still holds a checkable fact)."""
    return bool(_OPINION_FRAME.match(text.strip().strip("“”\"‘’'").strip())) and not quantities(text)


# A market report read out: a market (a named index, shares, crude, a currency, a bond) as the subject of a
# move or a price ("Spot gold added 0.1% to $1,472.19 an ounce", "The Dow closed down 24.11 points"), in one
# session, with no reason, record or comparison given. The guide's 1 ("market tickers read out without a
# claim about them"); every such sentence of the team's training news is labelled 1 (2026-12-07).
_MARKET = (
    r"(?:Dow(?:\s+Jones)?|Nasdaq|S&P(?:\s+500)?|FTSE(?:\s+100)?|Nikkei|Hang\s+Seng|STOXX(?:\s+600)?|DAX|CAC|Kospi|"
    r"MSCI|(?i:stocks|shares|futures|crude|Brent|oil|gold|silver|copper|aluminum|aluminium|dollar|euro|yen|"
    r"sterling|pound|yuan|ruble|peso|greenback|bonds?|notes|yields?|Treasur(?:y|ies)|bitcoin|ether))"
)
_MARKET_MOVE = re.compile(
    # the market, then within its clause (no comma) the verb: "Spot gold XAU= added", "The Dow Jones
    # Industrial Average .DJI fell", not "oil production rose" (a noun after the market word) nor "Dollar store sales"
    r"\b"
    + _MARKET
    + r"(?:\s+(?:[A-Z][\w&.=-]*|\.\w+|\w+=\w*|index|average|industrial|composite|share|futures|\d[\w-]*))*\s+"
    r"(?:last\s+|also\s+)?(?:rose|fell|gained|lost|added|slipped|climbed|dropped|jumped|declined|edged|advanced|eased|"
    r"shed|closed|ended|finished|settled|traded|was\s+(?:last\s+)?(?:at|trading|up|down)|strengthened|weakened)\b"
    r"[^.;]{0,40}?(?:\d[\d.,/]*\s*(?:%|percent|points?|cents?)|\$\s?\d)"
)
_MARKET_WHY = re.compile(
    r"\b(?:after|because|due\s+to|amid|following|when|as|thanks\s+to|driven\s+by|erasing|wiping|signal\w*|"
    r"prompting|on\s+(?:[\w-]+\s+){0,2}(?:concerns|fears|hopes|news|worries|reports|data|optimism|pessimism))\b"
    # a record or a comparison, a span longer than a session: a claim about the market, not a ticker
    r"|\b(?:record|highest|lowest|biggest|largest|worst|best|first\s+time|ever|history|all-time|since|under|during|"
    r"this\s+year|last\s+year|in\s+\d{4}|over\s+the\s+(?:year|decade|past)|\d+-year|\d+\s+years|week|month|"
    r"peak|pace|value)\b"
    # a move of 10% or more is news in itself (the training news' tickers move by less than 4%)
    r"|(?<![\d.,])(?:[1-9]\d|\d{3,})(?:\.\d+)?\s*(?:%|percent)|\bon\s+the\s+dollar\b",
    re.IGNORECASE,
)


def is_market_tick(text: str) -> bool:
    """Whether the sentence reads out a market's move or price in one session and says nothing about it."""
    return bool(_MARKET_MOVE.search(text)) and not _MARKET_WHY.search(text)


def is_fragment(text: str) -> bool:
    """Not a whole statement: too short, or cut (starting on punctuation, a list number alone).
    A dateline or credit before the statement is not a cut: what follows it is judged."""
    stripped = without_dateline(text.strip()).strip()
    return len(_WORDS.findall(stripped)) < 3 or not _ALNUM_START.match(stripped)


def claimant_kind(claimant: str, default_claimant: str) -> str:
    """ "named" (a person or institution by name), "anonymous" ("officials", "a source"),
    "described" ("the former heavyweight champion"), or "outlet" (the article's own voice)."""
    if not claimant or claimant == default_claimant:
        return "outlet"
    if _ANONYMOUS.match(claimant.strip()):
        return "anonymous"
    return "named" if any(w[:1].isupper() and w.lower() not in _NOT_NAMES for w in claimant.split()) else "described"


def priority(claim: ExtractedClaim, default_claimant: str) -> float:
    kind = claimant_kind(claim.claimant, default_claimant)
    bonus = {"named": NAMED_CLAIMANT, "anonymous": ANONYMOUS_CLAIMANT}.get(kind, 0.0)
    if claim.claim_type in _CORE_TYPES:
        bonus += CHECKABLE_CORE
    if quantities(claim.standalone or claim.text):
        bonus += STATISTIC
    return round(claim.score + bonus, 6)


def _phrase(text: str, start: int) -> str:
    rest = text[start:]
    stop = _STOP_AFTER.search(rest)
    return " ".join(rest[: stop.start() if stop else 80].split()[:10]).strip()


def core(text: str, claim_type: str) -> str:
    """What a checker would check in the claim, in a few words."""
    described = _DESCRIBED.get(claim_type, "a factual statement")
    if claim_type == ClaimType.QUANTITY:
        found = quantities(text)
        if found:
            where = text.find(found[0])
            detail = _phrase(text, where) if where >= 0 else found[0]
            source = _SOURCE.search(text)
            if source:
                detail += f", from {source.group(1).strip()}"
            return f"{described}: {detail}"
        return "a quantity"
    pattern = {ClaimType.COMPARISON: _COMPARISON, ClaimType.CAUSAL: _CAUSE}.get(claim_type)
    match = pattern.search(text) if pattern else None
    if match:
        return f"{described}: “{' '.join(match.group(0).split())}”"
    return described


def who(claimant: str, default_claimant: str) -> str:
    kind = claimant_kind(claimant, default_claimant)
    if kind == "outlet":
        return f"in {default_claimant}'s own words" if default_claimant else "in the article's own words"
    if kind == "anonymous":
        return f"a claim by {claimant}, not named"
    return f"a claim by {claimant}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank(
    claims: list[ExtractedClaim],
    *,
    default_claimant: str,
    threshold: float,
    cap: int | None,
    weighed: dict[int, tuple[str, ...]] | None = None,
) -> list[ExtractedClaim]:
    """The claims (in text order) with ``checkworthy`` (queued), ``priority`` and ``reason`` set.

    ``weighed``: by a claim's start, the words the model weighed most (named last in the reason)."""
    out: list[ExtractedClaim] = []
    details: list[list[str]] = []  # each claim's reason, in parts (the core, who claims it, the words)
    for claim in claims:
        if is_question(claim.text) or (claim.end >= claim.sentence_end - 2 and is_question(claim.sentence)):
            kept_out = "a question"
        elif is_exhortation(claim.text):
            kept_out = "an exhortation, a call to action: nothing to check"
        elif is_threat(claim.text):
            kept_out = "a threat or a promise to whom the speaker addresses: nothing to check"
        elif claim.claimant == default_claimant and is_writers_opinion(claim.text):
            kept_out = "the writer's opinion or speculation"
        elif claim.claim_type == ClaimType.NOT_A_CLAIM:
            kept_out = "not a statement of fact"
        elif claim.claimant == default_claimant and is_market_tick(claim.text):
            kept_out = "a market's move or price read out, no claim about it"
        elif is_fragment(claim.text):
            kept_out = "a fragment, not a whole statement"
        else:
            kept_out = ""
        queued = claim.score >= threshold and not kept_out
        if kept_out:
            verdict, parts = "not queued", [kept_out, who(claim.claimant, default_claimant)]
        else:
            verdict = "check-worthy" if queued else "not check-worthy"
            parts = [core(claim.standalone or claim.text, claim.claim_type), who(claim.claimant, default_claimant)]
            words = (weighed or {}).get(claim.start, ())
            if words:
                parts.append("weighed: " + ", ".join(f"'{w}'" for w in words))
        if claim.reason.endswith(_CALLED_FALSE):
            parts.append(_CALLED_FALSE[2:])
        out.append(
            replace(
                claim,
                checkworthy=queued,
                priority=priority(claim, default_claimant),
                reason=_reason(verdict, claim.score, parts),
            )
        )
        details.append(parts)
    if cap is not None and cap > 0:
        ordered = sorted(
            (n for n, c in enumerate(out) if c.checkworthy), key=lambda n: (-out[n].priority, out[n].start)
        )
        for ranked, n in enumerate(ordered[cap:], start=cap + 1):
            past = f"check-worthy, but past this article's cap of {cap} claims (ranked {_ordinal(ranked)})"
            out[n] = replace(out[n], checkworthy=False, reason=_reason("not queued", out[n].score, [past, *details[n]]))
    return out


_CALLED_FALSE = "; the article itself calls it false"


def _reason(verdict: str, score: float, parts: list[str]) -> str:
    """ "check-worthy (0.90): a statistic: ...; a claim by Jo Smith": the verdict, the score, then the parts
    (why it was kept out or past the cap, the core, who claims it, the words weighed)."""
    return f"{verdict} ({score:.2f}): {'; '.join(parts)}"[:1000]
