"""The extraction rules' fast forms give what their plain forms gave.

Word lists grouped by first letter (patterns.words), claim types that skip a
pattern when the claim lacks its key words, and the dedup normalisation
without str.translate must answer exactly as the patterns they stand for:
each test keeps the plain form and compares, on the sample article, tricky
cases and random text.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.choices import ClaimType
from claims.demo import SAMPLE_ARTICLE
from claims.extraction import attribution, claim_types, dedup
from claims.extraction.patterns import split_alternatives, words
from claims.extraction.sentences import split_sentences

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sample_sentences() -> list[str]:
    return [s.text for s in split_sentences(SAMPLE_ARTICLE.read_text(encoding="utf-8"))]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


# --- patterns.words ---------------------------------------------------------


def test_split_alternatives_keeps_groups_and_classes_whole():
    assert split_alternatives(r"a|b(?:c|d)|[|x]|e\|f|g") == ["a", "b(?:c|d)", "[|x]", r"e\|f", "g"]
    assert split_alternatives("said") == ["said"]


def test_words_groups_by_first_letter_keeping_the_order():
    assert words("said|told|says|say|so") == "s(?:aid|ays|ay|o)|told"
    for bad in (r"\w+ed", "(?:a|b)", "a?b", "[ab]c"):
        with pytest.raises(ValueError, match="letter"):
            words(bad)


WORD_LISTS = [
    attribution._CUE_WORDS,
    "has |have |had |is |was |were |also |again |repeatedly |previously |later ",
    "say|says|said|s|sa|saying|sayings",
    "result(?:ed)? in|re|result|results",
]


@pytest.mark.slow
@FUZZ
@given(
    st.sampled_from(WORD_LISTS),
    st.lists(
        st.sampled_from(
            [
                "said",
                "says",
                "say",
                "s",
                "sa",
                "saying",
                "result",
                "resulted in",
                "results",
                "re",
                "has ",
                "was ",
                "later ",
                "pointed out",
                "made clear",
                "Said",
                "x",
                " ",
                ", ",
                "_",
                "-",
                "told",
                "wrote",
            ]
        ),
        max_size=20,
    ),
)
def test_words_match_exactly_as_the_plain_alternation(alternatives, pieces):
    text = "".join(pieces)
    for template in (r"\b(?:{})\b", r"(?:{})", r"\b(?:{})*(?P<w>{})\b"):
        plain = re.compile(template.format(alternatives, alternatives))
        fast = re.compile(template.format(words(alternatives), words(alternatives)))
        assert spans(fast, text) == spans(plain, text), text


# --- attribution: the cue patterns ------------------------------------------

_PLAIN_CUE = re.compile(
    r"\b(?:has |have |had |is |are |was |were |also |again |repeatedly |previously |later |always |often |long |once |"
    r"then |now |still |even |first |flatly |falsely |wrongly |baselessly |seemed to |seems to |appeared to |"
    r"appears to |went on to |goes on to |did |does |[a-z]{2,}ly )*"
    r"(?P<cue>" + attribution._CUE_WORDS + r")\b"
)
_PLAIN_BOUNDARY = re.compile(
    r"(?:,\s|;\s|\s[–—-]\s|(?<!such)(?<!well)\sas\s(?!(?:well|much|many|long|soon|far|a result|part|of)\b)"
    r"|\swhile\s|\sbut\s|\swhen\s|\sdespite\s"
    r"|\sand\s+(?:" + attribution._CUE_WORDS + r")\b)"
)
_PLAIN_CLOSE_THEN_CUE = re.compile(
    r"[’”\"'»][,.]?\s+(?:(?P<np>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
    r"(?:(?:\s+[a-z][\w-]*){1,3}\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3})?|he|she|they|it|we|I|"
    r"the\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:"
    + attribution._CUE_WORDS
    + r")|(?:"
    + attribution._CUE_WORDS
    + r")\s+(?P<np2>(?:(?:"
    + attribution._TITLE_WORDS
    + r")\s+)*[A-Z][\w’'.-]*(?:\s+(?:(?:"
    + attribution._TITLE_WORDS
    + r")\s+){0,3}[A-Z][\w’'.-]*)*|he|she|they|the\s+[a-z]+))\b"
)
# A double mark closed by a double one, a single by a single.
_PLAIN_QUOTE = re.compile(r"(?<!\w)(?:(?P<o>[“\"«])|[‘'])(?P<c>[^‘“\"«]{8,}?)(?(o)[”\"»]|[’'])(?![A-Za-z0-9])")
CUE_TEXT = st.lists(
    st.sampled_from(
        [
            *attribution._CUE_WORDS.split("|")[::3],
            "has",
            "was",
            "later",
            "also",
            "and",
            "he",
            "Biden",
            "Joe",
            "the minister",
            "’",
            "”",
            "'",
            ",",
            ".",
            " ",
            " ",
            " ",
            "  ",
            "-",
            " – ",
            "as",
            "while",
            "said",
            "says",
            "‘",
            "“",
            '"',
            "«",
            "»",
            "x‘",
            "_“",
            "it's",
            "according to",
            "According to the",
            "NATO",
            "de",
            "van",
            "Jo",
            "O’Neil",
            "Jens-Peter",
            "xJoe",
            "Smith-Jones",
        ]
    ),
    max_size=30,
).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


_PLAIN_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|de|van|von|al|bin))*\s[A-Z][a-z’'-]+\b")


def _check_cues(text: str) -> None:
    assert spans(attribution._NAME, text) == spans(_PLAIN_NAME, text), text
    assert spans(attribution._CUE, text) == spans(_PLAIN_CUE, text), text
    assert spans(attribution._BOUNDARY, text) == spans(_PLAIN_BOUNDARY, text), text
    assert spans(attribution._CLOSE_THEN_CUE, text) == spans(_PLAIN_CLOSE_THEN_CUE, text), text
    assert spans(attribution._QUOTE, text) == spans(_PLAIN_QUOTE, text), text
    for offset in range(len(text) + 1):  # _QUOTE.match(sentence, offset) looks behind the offset
        fast, plain = attribution._QUOTE.match(text, offset), _PLAIN_QUOTE.match(text, offset)
        assert (fast and (fast.span(), fast.groupdict())) == (plain and (plain.span(), plain.groupdict())), text


def test_cue_patterns_match_as_before_on_the_sample_article():
    for text in sample_sentences():
        _check_cues(text)
    article = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert spans(attribution._NAME, article) == spans(_PLAIN_NAME, article)


@FUZZ
@given(CUE_TEXT)
def test_cue_patterns_match_as_before_on_random_text(text):
    _check_cues(text)


# --- claim types --------------------------------------------------------------

_PLAIN_AMOUNT = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|half|twice|doubled?|"
    r"tripled?)\b|per cent"
)


def plain_quantity(original: str) -> bool:
    """A quantity as the type rules read it: a figure that parses as an amount, or an amount in words."""
    from claims.extraction.checkworthiness import quantities

    return bool(re.search(r"\d", original) and quantities(original)) or bool(_PLAIN_AMOUNT.search(original.lower()))


def plain_claim_type(text: str, *, attributed: bool = False, claimant: str = "") -> str:
    """claim_type as it was: every pattern searched."""
    ct = claim_types
    original = text.strip()
    stripped = original.lower()
    words_ = stripped.split()
    if (
        not words_
        or stripped.endswith("?")
        or ct._GREETING.match(stripped)
        or len(words_) < 4
        and not plain_quantity(original)
        or len(words_) < 8
        and not ct._VERB.search(stripped)
    ):
        return ClaimType.NOT_A_CLAIM
    if plain_quantity(original):
        return ClaimType.QUANTITY
    for pattern, kind in (
        (ct._CORRELATION, ClaimType.CORRELATION),
        (ct._CAUSAL, ClaimType.CAUSAL),
        (ct._PREDICTION, ClaimType.PREDICTION),
        (ct._COMPARISON, ClaimType.COMPARISON),
        (ct._LEGAL, ClaimType.LEGAL),
    ):
        if pattern.search(stripped):
            return kind
    if ct._OPINION.search(stripped) and not attributed:
        return ClaimType.NOT_A_CLAIM
    if attributed:
        return ClaimType.OFFICIAL_POSITION if ct._ORGANISATION.search(claimant) else ClaimType.QUOTE
    if ct._FIRST_PERSON.search(original):
        return ClaimType.PERSONAL_EXPERIENCE
    return ClaimType.OTHER


def _pattern_words() -> list[str]:
    found = set()
    for pattern in claim_types._KEY_WORDS:
        found.update(re.findall(r"[a-z][a-z' ]*[a-z]", pattern.pattern))
    return sorted(found)


TYPE_TEXT = st.lists(
    st.sampled_from(
        [
            *_pattern_words(),
            "violated",
            "violation",
            "contravened",
            "breaches",
            "correlation",
            "uncorrelated",
            "by 2030",
            "by 1999",
            "2030",
            "3.5",
            "percent",
            "the",
            "a",
            "report",
            "I",
            "We",
            "My",
            "it",
            "is",
            "plans",
            "planned",
            "doubles",
            "tripled",
            "won't",
            "won",
            "wont",
            "likely",
            "set",
            "to",
            "than",
            "as",
            "result",
            "results",
            "in",
            "blame",
            "blamed",
            "for",
            ",",
            ".",
            "?",
            "-",
            "_",
            "İ",
        ]
    ),
    max_size=14,
).map(" ".join)


def _check_type(text: str) -> None:
    low = text.strip().lower()
    tokens = frozenset(re.findall(r"\w+", low))
    for pattern in claim_types._KEY_WORDS:  # each gate alone, whatever the order of the types
        if pattern is claim_types._QUANTITY:
            assert claim_types._quantity(text.strip(), tokens) == plain_quantity(text.strip()), text
            continue
        assert claim_types._found(pattern, low, tokens) == bool(pattern.search(low)), (pattern.pattern, text)
    for attributed, claimant in ((False, ""), (True, "the Kremlin"), (True, "Joe Biden")):
        assert claim_types.claim_type(text, attributed=attributed, claimant=claimant) == plain_claim_type(
            text, attributed=attributed, claimant=claimant
        ), text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Is it?",
        "Thank you all.",
        "Prices will be 20% higher by 2030 than they are now, experts said.",
        "The ban was found to violate the treaty.",
        "Smoking is correlated with cancer in most studies here.",
        "It is likely to rain on the parade tomorrow, so they say.",
        "We won't stop until the job is done.",
        "I think this is a wonderful outcome for everyone involved.",
        "Sales doubled as a result of the campaign.",
        "The plan is set to go ahead by 2025 according to the people.",
        "They blamed the weather for the delays.",
        "The company breached the agreement again.",
        "They contravened the agreement again.",
        "Its acts violated the agreement again.",
        "Poverty correlates with poor health among adults.",
        "The firm is linked to the minister's family.",
        "Ministers are tied to the decision they took.",
    ],
)
def test_claim_types_as_before_on_tricky_claims(text):
    _check_type(text)


def test_claim_types_as_before_on_the_sample_article():
    for text in sample_sentences():
        _check_type(text)


@FUZZ
@given(TYPE_TEXT)
def test_claim_types_as_before_on_random_claims(text):
    _check_type(text)


# --- dedup ----------------------------------------------------------------------

_PLAIN_QUOTES = str.maketrans(dedup.QUOTE_MAP)


def plain_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN_QUOTES).casefold()
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text)
    return dedup._NON_WORD.sub(" ", text).strip()


@pytest.mark.parametrize(
    "text",
    [
        "It cost £2,000,000.",
        "1.000 or 1.0000 or 1,00 or ,000 or 2,000x",
        "‘Quoted’ — “twice”\u00a0here…",
        "ＦＵＬＬ width ２,０００",
        "Straße",
        "x\u2032y\u2033z",
        "",
    ],
)
def test_normalise_as_before(text):
    assert dedup.normalise(text) == plain_normalise(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab Z09,.'\"‘’“”\u2010\u2013\u2014\u2212\u00a0\u2032ﬁ²%$€£_-"), max_size=40))
def test_normalise_as_before_on_random_text(text):
    assert dedup.normalise(text) == plain_normalise(text)


@FUZZ
@given(st.text(max_size=40))
def test_normalise_as_before_on_any_text(text):
    assert dedup.normalise(text) == plain_normalise(text)
