"""Claim types after Full Fact's taxonomy, by rules over the claim's words."""

from __future__ import annotations

import re

from ..choices import ClaimType
from .checkworthiness import quantities

_QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent|half|"
    r"third|quarter|double[ds]?|tripled?|majority|minority)\b",
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|going to|expected to|set to|forecasts?|predicts?|projected|"
    r"is likely to|are likely to|would be|plans? to|intends? to|by 20\d\d)\b",
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|caused|causes|causing|led to|leads to|leading to|result(?:ed)? in|"
    r"as a result|thanks to|blamed? (?:for|on)|responsible for|triggered|drove|driven by)\b",
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|better|worse|faster|"
    r"slower|cheaper|older|younger)\s+than\b|\b(?:highest|lowest|largest|smallest|biggest|"
    r"best|worst|fastest|most|least|record|compared (?:with|to)|twice as|half as)\b",
)
_LEGAL = re.compile(
    r"\b(?:law|laws|illegal|legal|legally|unlawful|court|rule|rules|ruling|ban|banned|"
    r"regulations?|constitution(?:al)?|unconstitutional|treaty|statute|legislation|bill|"
    r"sanctions?|violat\w*|contravene\w*|breach\w*|sovereignty|rights?)\b",
)
_CORRELATION = re.compile(
    r"\b(?:linked (?:to|with)|associated with|correlat\w*|tied to|connected (?:to|with))\b",
)
_FIRST_PERSON = re.compile(r"^(?:I|We|My|Our)\b|\b(?:I|we)\s+(?:was|were|saw|have|had|lived|met)\b")
_GREETING = re.compile(
    r"^(?:thank(?:s| you)|hello|hi|good (?:morning|evening|afternoon|night)|welcome|congratulations|"
    r"please|sorry)\b",
)
# Saying nothing: "WeWork declined to comment", "did not respond to a request for comment", "could not be
# reached", "refused to comment on the report". Whoever it is about, there is nothing in it to check.
_NO_COMMENT = re.compile(
    r"\b(?:(?:(?:declined|declines|declining|refused|refuses|did not want|(?:did not|didn[’']t) wish) to|would not|"
    r"wouldn[’']t) (?:comment|respond|elaborate|say more|discuss)"
    r"|(?:did not|didn[’']t|does not|doesn[’']t|has not|hasn[’']t|have not|"
    r"haven[’']t) (?:yet |immediately )?(?:respond|reply|replied|responded|return(?:ed)?)(?: to)?\b[^.;]{0,60}?"
    r"\b(?:requests?|calls?|emails?|messages?|inquir\w+|queries)|(?:could|can) ?not (?:immediately )?be reached"
    r"|(?:was|were) not (?:immediately )?available (?:for|to) comment|had no (?:immediate )?comment)"
)
# Every alternative of _NO_COMMENT holds one of these: the pattern is searched only when one is there.
_NO_COMMENT_KEYS = ("comment", "respond", "reach", "repl", "return", "elaborate", "say more", "discuss")
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|in my opinion|i love|i hate|i hope|we hope|wonderful|"
    r"terrible|great|awful|beautiful|amazing)\b",
)
# Common irregular past tenses: the verb of a clause that "-ed" does not show ("Oil revenue fell sharply last year").
_IRREGULAR_PAST_WORDS = (
    "fell rose sold bought won lost made took gave grew paid spent led met kept left came went got ran saw told "
    "brought began became built held found sent fought struck drew flew fled hid shot sank spoke stood wrote chose "
    "hit cut set put quit shut spread split cost beat broke caught dealt drove fed felt forgot froze hung knew lay "
    "lent meant overtook rang rode sought shook slid swore taught threw understood withdrew wore"
).split()
IRREGULAR_PAST = re.compile(r"\b(?:" + "|".join(_IRREGULAR_PAST_WORDS) + r")\b")
# Those that are nouns or adjectives as often ("The cost of the war", "A cut above the rest", "the left") make no
# verb of a fragment; the rest only when no article comes before them.
_NOUNS_TOO = frozenset("cost cut set split hit spread lay left lost shot beat felt broke put fed".split())
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|"
    r"may|might|\w+ed|\w+s)\b|(?<!the )(?<!an )(?<!\ba )\b(?:"
    + "|".join(w for w in _IRREGULAR_PAST_WORDS if w not in _NOUNS_TOO)
    + r")\b"
)
_ORGANISATION = re.compile(
    r"\b(?:Ministry|Department|Government|Kremlin|White House|NATO|EU|UN|Office|Agency|Council|"
    r"Commission|Police|Army|Court|Parliament|Congress|Moscow|Washington|Beijing|Kyiv|Kiev|"
    r"London|Brussels|Russia|Ukraine|China|Britain|France|Germany|officials?)\b"
)


# Searching a claim with each pattern costs more than splitting it into words
# once: a pattern is searched only when the claim has one of its key words, or
# one of its pieces. Every alternative of the pattern holds a key word as a
# whole word ("likely" for "is likely to", "won" for "won't"), or else a piece
# that any of its matches contains ("violat" for ``violat\w*``, "20" for
# ``by 20\d\d``). The answers are the patterns' own
# (tests/extraction/test_fast_patterns.py).
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_KEY_WORDS = {
    _QUANTITY: frozenset(
        "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
        "hundred hundreds thousand thousands million millions billion billions trillion trillions "
        "dozen dozens percent per half third quarter double doubled doubles triple tripled majority "
        "minority".split()
    ),
    _PREDICTION: frozenset(
        "will won shall going expected set forecast forecasts predict predicts projected likely would "
        "plan plans intend intends".split()
    ),
    _CAUSAL: frozenset(
        "because due caused causes causing led leads leading result resulted thanks blame blamed "
        "responsible triggered drove driven".split()
    ),
    _COMPARISON: frozenset(
        "than highest lowest largest smallest biggest best worst fastest most least record compared twice half".split()
    ),
    _LEGAL: frozenset(
        "law laws illegal legal legally unlawful court rule rules ruling ban banned regulation "
        "regulations constitution constitutional unconstitutional treaty statute legislation bill "
        "sanction sanctions sovereignty right rights".split()
    ),
    _CORRELATION: frozenset("linked associated tied connected".split()),
    _OPINION: frozenset(
        "think believe feel opinion love hate hope wonderful terrible great awful beautiful amazing".split()
    ),
}
_PIECES = {_LEGAL: ("violat", "contravene", "breach"), _CORRELATION: ("correlat",), _PREDICTION: ("20",)}


def _found(pattern: re.Pattern[str], low: str, words: frozenset[str]) -> bool:
    """``pattern.search(low)``, skipped when ``low`` has none of its key words and pieces."""
    if words.isdisjoint(_KEY_WORDS[pattern]):
        pieces = _PIECES.get(pattern)
        if not pieces or not any(p in low for p in pieces):
            return False
    return pattern.search(low) is not None


# Number words that state an amount ("two", "millions", "twice"); not "one" ("one of the"),
# ordinals or "majority" (no number parses from them).
_AMOUNT_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "dozen dozens percent half twice double doubled triple tripled".split()
)


def _quantity(original: str, words: frozenset[str]) -> bool:
    """A number that parses as an amount: a figure (not a date, a year, a time or a rank) or an
    amount in words."""
    if _DIGIT.search(original) is not None and quantities(original):
        return True
    return not words.isdisjoint(_AMOUNT_WORDS) or "per cent" in original.lower()


def claim_type(text: str, *, sentence: str = "", attributed: bool = False, claimant: str = "") -> str:
    """The ClaimType value for a claim, with quantities and predictions first."""
    original = text.strip()
    stripped = original.lower()  # the word patterns are lowercase: faster than IGNORECASE
    words = stripped.split()
    if not words or stripped.endswith("?") or _GREETING.match(stripped):
        return ClaimType.NOT_A_CLAIM
    if any(key in stripped for key in _NO_COMMENT_KEYS) and _NO_COMMENT.search(stripped):
        return ClaimType.NOT_A_CLAIM  # "declined to comment": nothing stated
    tokens = frozenset(_WORD.findall(stripped))
    quantity = _quantity(original, tokens)
    if len(words) < 4 and not quantity or len(words) < 8 and not _VERB.search(stripped):
        return ClaimType.NOT_A_CLAIM
    if quantity:
        return ClaimType.QUANTITY
    if _found(_CORRELATION, stripped, tokens):
        return ClaimType.CORRELATION
    if _found(_CAUSAL, stripped, tokens):
        return ClaimType.CAUSAL
    if _found(_PREDICTION, stripped, tokens):
        return ClaimType.PREDICTION
    if _found(_COMPARISON, stripped, tokens):
        return ClaimType.COMPARISON
    if _found(_LEGAL, stripped, tokens):
        return ClaimType.LEGAL
    if _found(_OPINION, stripped, tokens) and not attributed:
        return ClaimType.NOT_A_CLAIM
    if attributed:
        if _ORGANISATION.search(claimant):
            return ClaimType.OFFICIAL_POSITION
        return ClaimType.QUOTE
    if _FIRST_PERSON.search(original):
        return ClaimType.PERSONAL_EXPERIENCE
    return ClaimType.OTHER
