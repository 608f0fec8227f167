"""Claim types after Full Fact's taxonomy, by rules over the claim's words."""

from __future__ import annotations

import re

from ..choices import ClaimType

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
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|in my opinion|i love|i hate|i hope|we hope|wonderful|"
    r"terrible|great|awful|beautiful|amazing)\b",
)
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|"
    r"may|might|\w+ed|\w+s)\b"
)
_ORGANISATION = re.compile(
    r"\b(?:Ministry|Department|Government|Kremlin|White House|NATO|EU|UN|Office|Agency|Council|"
    r"Commission|Police|Army|Court|Parliament|Congress|Moscow|Washington|Beijing|Kyiv|Kiev|"
    r"London|Brussels|Russia|Ukraine|China|Britain|France|Germany|officials?)\b"
)


def claim_type(text: str, *, sentence: str = "", attributed: bool = False, claimant: str = "") -> str:
    """The ClaimType value for a claim, with quantities and predictions first."""
    original = text.strip()
    stripped = original.lower()  # the word patterns are lowercase: faster than IGNORECASE
    words = stripped.split()
    if (
        not words
        or stripped.endswith("?")
        or _GREETING.match(stripped)
        or len(words) < 4 and not _QUANTITY.search(stripped)
        or len(words) < 8 and not _VERB.search(stripped)
    ):
        return ClaimType.NOT_A_CLAIM
    if _QUANTITY.search(stripped):
        return ClaimType.QUANTITY
    if _CORRELATION.search(stripped):
        return ClaimType.CORRELATION
    if _CAUSAL.search(stripped):
        return ClaimType.CAUSAL
    if _PREDICTION.search(stripped):
        return ClaimType.PREDICTION
    if _COMPARISON.search(stripped):
        return ClaimType.COMPARISON
    if _LEGAL.search(stripped):
        return ClaimType.LEGAL
    if _OPINION.search(stripped) and not attributed:
        return ClaimType.NOT_A_CLAIM
    if attributed:
        if _ORGANISATION.search(claimant):
            return ClaimType.OFFICIAL_POSITION
        return ClaimType.QUOTE
    if _FIRST_PERSON.search(original):
        return ClaimType.PERSONAL_EXPERIENCE
    return ClaimType.OTHER
