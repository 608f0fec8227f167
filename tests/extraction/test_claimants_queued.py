"""Claimants of queued claims seen wrong on real news pages (issue 22), each in made-up text of the
same shape: an expletive is no speaker, who issued a statement speaks, a description is the person."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An expletive or an adverb is never a claimant ("There" was).
        (
            "There are fears that the new tariffs will anger farmers in the Midwest.",
            [("There are fears that the new tariffs will anger farmers in the Midwest", "OUT")],
        ),
        (
            "Here are claims that the bridge will close for a year.",
            [("Here are claims that the bridge will close for a year", "OUT")],
        ),
        # Who issued the statement speaks, with a time between ("a statement" was the claimant) and the
        # whole subject, not its capitalised first word ("Military").
        (
            "Military commanders had issued a statement on Sunday insisting they were ready for the storm.",
            [("they were ready for the storm", "Military commanders")],
        ),
        (
            "Hospital managers issued a memo last week saying the wards would stay open.",
            [("the wards would stay open", "Hospital managers")],
        ),
        (
            "The Ames campaign issued a statement saying the poll was fake and biased.",
            [("the poll was fake and biased", "Ames campaign")],
        ),
        # "That said," is an idiom; a contraction is no name ("That", "We’ve" were claimants).
        (
            "That said, the mill promised more, and for whatever reason, it is not delivering yet.",
            [("That said, the mill promised more, and for whatever reason, it is not delivering yet", "OUT")],
        ),
        # The writer's "we" outside any quotation is the outlet, not the last one named ("Pokemon Sword" was).
        (
            "Jo Ames runs the shop. "
            "Normally the offer ends at launch, but we confirmed that buyers still get the credit.",
            [
                ("Jo Ames runs the shop", "OUT"),
                ("Normally the offer ends at launch, but we confirmed that buyers still get the credit", "OUT"),
            ],
        ),
        # ... while a quoted "we" stays the speaker's.
        (
            'Jo Ames said: "We confirmed that buyers still get the credit."',
            [("We confirmed that buyers still get the credit", "Jo Ames")],
        ),
        # "It was noted that ...": an expletive, not the last one named.
        (
            "The Harbour Board met on Monday. It was noted that the new berth had been named after a captain.",
            [
                ("The Harbour Board met on Monday", "OUT"),
                ("It was noted that the new berth had been named after a captain", "OUT"),
            ],
        ),
        # Two institutions joined by "and" speak together ("Union" was the claimant).
        (
            "The World Bank and International Monetary Fund stressed the loan would not change the debt ceiling.",
            [("the loan would not change the debt ceiling", "World Bank and International Monetary Fund")],
        ),
        # An institution keeps its qualifying words ("Office" was the claimant).
        (
            "A spokesperson for the British Home Office reiterated the position that the visas are valid for a year.",
            [("reiterated the position that the visas are valid for a year", "British Home Office")],
        ),
        # A subject with a relative clause before the cue ("Israeli settlers, who ..., said").
        (
            "Dairy farmers, who mostly voted for the party, said the new tariff paved the way for imports.",
            [("the new tariff paved the way for imports", "Dairy farmers")],
        ),
        # A longer listener, an apposition and a date before "that" (the sentence was the outlet's).
        (
            "Ames, who will chair the merged firm, told investors of Acme Holdings, the mill's parent, on Oct. 31 that "
            "the merger would cut the debt by half.",
            [("the merger would cut the debt by half", "Ames")],
        ),
        # ... but "told him to ... that" is no report.
        (
            "Jo Ames told him to leave the building that was burning.",
            [("Jo Ames told him to leave the building that was burning", "OUT")],
        ),
    ],
)
def test_queued_claimants(text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(text) == expected


def test_a_description_is_the_person_just_quoted() -> None:
    text = (
        "Harbour Mayor Dana Okafor has said that she hopes for a deal between the two ports. "
        "The former Olympic champion told a radio station that she hoped the strike would end on Friday. "
        "The ministry said that the talks would go on all week."
    )
    assert claims_of(text) == [
        ("she hopes for a deal between the two ports", "Dana Okafor"),
        ("she hoped the strike would end on Friday", "Dana Okafor"),
        ("the talks would go on all week", "the ministry"),
    ]


def test_a_description_with_nobody_quoted_stays_itself() -> None:
    # No person before: the description is all the article gives.
    text = "The former Olympic champion told a radio station that the strike would end on Friday."
    assert claims_of(text) == [("the strike would end on Friday", "the former Olympic champion")]


def test_an_interviews_answers_are_the_interviewees() -> None:
    text = (
        "Harbour Bank is thrilled to have Dana Okafor as our new chief executive.\n\n"
        "Q: Dana, what did you learn in your past roles?\n\n"
        "A: I think listening is the biggest lesson I have learned. You must be data driven when deciding.\n\n"
        "Q: What is your favourite tool?\n\n"
        "A: I use a paper notebook for small tasks.\n\n"
        "The best thing about the bank is the people who work here.\n\n"
        "Q: Any last words?\n\n"
        "A: Thanks to all 350 partners of the bank.\n"
    )
    assert claims_of(text) == [
        ("Harbour Bank is thrilled to have Dana Okafor as our new chief executive", "OUT"),
        ("Q: Dana, what did you learn in your past roles", "OUT"),
        ("I think listening is the biggest lesson I have learned", "Dana Okafor"),
        ("You must be data driven when deciding", "Dana Okafor"),
        ("Q: What is your favourite tool", "OUT"),
        ("I use a paper notebook for small tasks", "Dana Okafor"),
        ("The best thing about the bank is the people who work here", "Dana Okafor"),
        ("Q: Any last words", "OUT"),
        ("Thanks to all 350 partners of the bank", "Dana Okafor"),
    ]


def test_answers_with_nobody_introduced_stay_the_outlets() -> None:
    text = "Q: What is the tool?\n\nA: A paper notebook for small tasks.\n\nQ: Why?\n\nA: It never runs out of power.\n"
    assert {c for _, c in claims_of(text)} == {"OUT"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The learnt ranker gave the outlet's sentence to a thing done ("the decision" was the claimant) ...
        (
            "Ames said the quay was legal. "
            "The decision puts the port at odds with virtually every other harbour in the region.",
            [
                ("the quay was legal", "Ames"),
                ("The decision puts the port at odds with virtually every other harbour in the region", "OUT"),
            ],
        ),
        # ... and to the subject of a sentence about them, where the cue word is a noun after a possessive.
        (
            "Dana Okafor spoke in Leeds. Okafor is under fire for failing to keep her oft-repeated vow that the mill "
            "would reopen in May.",
            [
                ("Dana Okafor spoke in Leeds", "OUT"),
                (
                    "Okafor is under fire for failing to keep her oft-repeated vow that the mill would reopen in May",
                    "OUT",
                ),
            ],
        ),
        (
            "Jo Ames spoke in Leeds. Ames is under fire for breaking his promise that the mill would reopen in May.",
            [
                ("Jo Ames spoke in Leeds", "OUT"),
                ("Ames is under fire for breaking his promise that the mill would reopen in May", "OUT"),
            ],
        ),
    ],
)
def test_no_speaker_for_the_outlets_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(text) == expected
