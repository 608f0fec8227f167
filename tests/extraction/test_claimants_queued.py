"""Claimants of queued claims seen wrong on real news pages (issue 22), each in made-up text of the
same shape: an expletive is no speaker, who issued a statement speaks, a description is the person."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(("text", "expected"), [
    # An expletive or an adverb is never a claimant ("There" was).
    ("There are fears that the new tariffs will anger farmers in the Midwest.",
     [("There are fears that the new tariffs will anger farmers in the Midwest", "OUT")]),
    ("Here are claims that the bridge will close for a year.",
     [("Here are claims that the bridge will close for a year", "OUT")]),
    # Who issued the statement speaks, with a time between ("a statement" was the claimant) and the
    # whole subject, not its capitalised first word ("Military").
    ("Military commanders had issued a statement on Sunday insisting they were ready for the storm.",
     [("they were ready for the storm", "Military commanders")]),
    ("Hospital managers issued a memo last week saying the wards would stay open.",
     [("the wards would stay open", "Hospital managers")]),
    ("The Ames campaign issued a statement saying the poll was fake and biased.",
     [("the poll was fake and biased", "Ames campaign")]),
    # "That said," is an idiom; a contraction is no name ("That", "We’ve" were claimants).
    ("That said, the mill promised more, and for whatever reason, it is not delivering yet.",
     [("That said, the mill promised more, and for whatever reason, it is not delivering yet", "OUT")]),
    # The writer's "we" outside any quotation is the outlet, not the last one named ("Pokemon Sword" was).
    ("Jo Ames runs the shop. Normally the offer ends at launch, but we confirmed that buyers still get the credit.",
     [("Jo Ames runs the shop", "OUT"),
      ("Normally the offer ends at launch, but we confirmed that buyers still get the credit", "OUT")]),
    # ... while a quoted "we" stays the speaker's.
    ('Jo Ames said: "We confirmed that buyers still get the credit."',
     [("We confirmed that buyers still get the credit", "Jo Ames")]),
    # "It was noted that ...": an expletive, not the last one named.
    ("The Harbour Board met on Monday. It was noted that the new berth had been named after a captain.",
     [("The Harbour Board met on Monday", "OUT"),
      ("It was noted that the new berth had been named after a captain", "OUT")]),
    # Two institutions joined by "and" speak together ("Union" was the claimant).
    ("The World Bank and International Monetary Fund stressed the loan would not change the debt ceiling.",
     [("the loan would not change the debt ceiling", "World Bank and International Monetary Fund")]),
    # An institution keeps its qualifying words ("Office" was the claimant).
    ("A spokesperson for the British Home Office reiterated the position that the visas are valid for a year.",
     [("reiterated the position that the visas are valid for a year", "British Home Office")]),
    # A subject with a relative clause before the cue ("Israeli settlers, who ..., said").
    ("Dairy farmers, who mostly voted for the party, said the new tariff paved the way for imports.",
     [("the new tariff paved the way for imports", "Dairy farmers")]),
])
def test_queued_claimants(text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(text) == expected


def test_a_description_is_the_person_just_quoted() -> None:
    text = ("Harbour Mayor Dana Okafor has said that she hopes for a deal between the two ports. "
            "The former Olympic champion told a radio station that she hoped the strike would end on Friday. "
            "The ministry said that the talks would go on all week.")
    assert claims_of(text) == [
        ("she hopes for a deal between the two ports", "Dana Okafor"),
        ("she hoped the strike would end on Friday", "Dana Okafor"),
        ("the talks would go on all week", "the ministry"),
    ]


def test_a_description_with_nobody_quoted_stays_itself() -> None:
    # No person before: the description is all the article gives.
    text = "The former Olympic champion told a radio station that the strike would end on Friday."
    assert claims_of(text) == [("the strike would end on Friday", "the former Olympic champion")]
