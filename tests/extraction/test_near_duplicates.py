"""Near-duplicates in one article — headline, lede, caption, pull quote — are one claim with appearances."""

from __future__ import annotations

import pytest

from claims.extraction import pipeline
from claims.extraction.dedup import unique_claims
from claims.extraction.types import ExtractedClaim

ARTICLE = "\n\n".join(
    [
        "Russia pulls 10,000 troops back from Ukraine border, Moscow says",
        "Russia has pulled 10,000 troops back from its border with Ukraine, the defence ministry in Moscow said on "
        "Tuesday.",
        "Russian armoured vehicles leave a base near the border. "
        "Russia has pulled 10,000 troops back from the Ukraine border, Moscow said.",
        "Western officials said they had seen no sign of the withdrawal and that 150,000 troops remained in place.",
        "“We will never recognise the annexation,” the foreign secretary said.",
        "“We will never recognise the annexation of Crimea by Russia,” the foreign secretary told MPs, "
        "adding that sanctions would stay.",
        "Russia has not pulled 10,000 troops back from the border, the Ukrainian army said.\n",
    ]
)


def _claim(text: str, start: int, *, score: float = 0.5, claimant: str = "The Courier") -> ExtractedClaim:
    return ExtractedClaim(
        text=text,
        sentence=text + ".",
        start=start,
        end=start + len(text),
        sentence_start=start,
        sentence_end=start + len(text) + 1,
        claimant=claimant,
        claim_type="statistic",
        score=score,
        reason="r",
        checkworthy=score >= 0.5,
    )


@pytest.fixture(scope="module")
def claims():
    return pipeline.extract(pipeline.parse(text=ARTICLE), default_claimant="The Courier").claims


def test_headline_lede_and_caption_are_one_claim(claims):
    withdrawn = [c for c in claims if "10,000 troops back" in c.text and "not" not in c.text]
    assert len(withdrawn) == 1
    claim = withdrawn[0]
    places = [claim, *claim.also_at]
    assert len(places) == 3
    assert {p.start for p in places} == {ARTICLE.index(p.text) for p in places}
    for p in places:
        assert ARTICLE[p.start : p.end] == p.text and ARTICLE[p.sentence_start : p.sentence_end] == p.sentence


def test_a_pull_quote_becomes_an_appearance_of_the_full_quote(claims):
    quoted = [c for c in claims if "never recognise the annexation" in c.text]
    assert len(quoted) == 1
    assert "of Crimea by Russia" in quoted[0].text  # the fullest wording is the claim
    assert [p.text for p in quoted[0].also_at] == ["We will never recognise the annexation"]


def test_a_denial_or_other_numbers_stay_separate_claims(claims):
    assert any("has not pulled 10,000 troops" in c.text for c in claims)
    assert any("150,000 troops remained" in c.text for c in claims)


def test_different_numbers_names_or_negation_are_not_duplicates():
    pairs = [
        ("Unemployment fell to 4.2 percent in March", "Unemployment fell to 4.8 percent in March"),
        ("Voters can back Anna Kovac in the final round", "Voters can back Maria Lind in the final round"),
        (
            "The ministry confirmed the troops withdrew from the border",
            "The ministry denied the troops withdrew from the border",
        ),
        ("The budget cuts hospital funding", "The budget does not cut hospital funding"),
        ("Biden beat Trump by 12,000 votes in Georgia", "Trump beat Biden by 12,000 votes in Georgia"),
    ]
    for a, b in pairs:
        assert len(unique_claims([_claim(a, 0), _claim(b, 100)])) == 2, (a, b)


def test_the_merged_claim_keeps_the_highest_score_and_is_checkworthy_if_any_was():
    merged = unique_claims(
        [
            _claim("Police arrested 40 protesters outside parliament", 0, score=0.3),
            _claim("Police arrested 40 protesters outside the parliament building on Friday", 200, score=0.9),
        ]
    )
    assert len(merged) == 1
    assert merged[0].start == 200 and merged[0].score == 0.9 and merged[0].checkworthy
    assert [p.start for p in merged[0].also_at] == [0]


def test_exact_repeats_become_appearances_too():
    merged = unique_claims([_claim("Police arrested 40 protesters", 0), _claim("Police arrested 40 protesters", 90)])
    assert len(merged) == 1 and merged[0].start == 0 and [p.start for p in merged[0].also_at] == [90]
