"""Claims given to the outlet on PolNeAR train's shapes, read in the fourteenth claimant session (issue 22), each
shape in made-up text."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.claim_types import claim_type
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a report verb in its progressive form is the clause's verb, as its past is
        (
            "His team is suggesting that his finish in Nevada has turned it into a two-man contest.",
            [("his finish in Nevada has turned it into a two-man contest", "his team")],
        ),
        (
            "Television networks are predicting far more viewers in Cleveland this year.",
            [("predicting far more viewers in Cleveland this year", "Television networks")],
        ),
        (
            "Supporters were urging the governor to run again.",
            [("urging the governor to run again", "Supporters")],
        ),
        ("The senator is warning that the bill would raise taxes.", [("the bill would raise taxes", "the senator")]),
        # a sentence set off in brackets is read inside them
        (
            "(The book has sold 235,000 hardcover copies in eight months, according to Nielsen.)",
            [("The book has sold 235,000 hardcover copies in eight months", "Nielsen")],
        ),
        ("(Smith urged voters to stay home.)", [("urged voters to stay home", "Smith")]),
        # a day is no pollster
        (
            "A CBS poll released Monday had Clinton at 46 percent. Trump slipped to 39 percent in Monday’s poll. "
            "The poll showed that Clinton leads among women.",
            [
                ("A CBS poll released Monday had Clinton at 46 percent", "CBS"),
                ("Trump slipped to 39 percent in Monday’s poll", "OUT"),
                ("Clinton leads among women", "CBS"),
            ],
        ),
        # a speaker described by age after the quotation
        (
            "“He is, and always has been, an amazing leader,” said the 46-year-old.",
            [("He is, and always has been, an amazing leader", "the 46-year-old")],
        ),
        # an institution's spokesman after a bare possessive apostrophe speaks for it whole
        (
            "General Motors’ spokesman said the plant would close in March.",
            [("the plant would close in March", "General Motors")],
        ),
        # a poll's finding stated by its respondents keeps them and their share: the figure is the core
        (
            "In a new Gallup poll, 52 percent of voters say the economy is getting worse.",
            [("52 percent of voters say the economy is getting worse", "Gallup")],
        ),
        (
            "A Reuters poll has lower numbers (44 percent of Americans say they want the House to impeach), but also "
            "shows that most Americans want Congress to investigate.",
            [
                ("44 percent of Americans say they want the House to impeach", "Reuters"),
                ("most Americans want Congress to investigate", "Reuters"),
            ],
        ),
        (
            "In a new Gallup poll, most Americans say that the economy is getting worse.",
            [("most Americans say that the economy is getting worse", "Gallup")],
        ),
        # … but "is adding" adds something (unless what it adds is said), and the participle after a comma goes on
        ("The company is adding 500 jobs in Ohio.", [("The company is adding 500 jobs in Ohio", "OUT")]),
        ("The company is also adding 500 jobs in Ohio.", [("The company is also adding 500 jobs in Ohio", "OUT")]),
        (
            "The firm is adding that the recall covers 2 million vehicles.",
            [("the recall covers 2 million vehicles", "the firm")],
        ),
        # no report in the progressive of these: a sound echoing, a market calling a bluff
        (
            "The sound of sirens, meanwhile, was echoing across the city.",
            [("The sound of sirens, meanwhile, was echoing across the city", "OUT")],
        ),
        (
            "The market, however, is calling the central bank's bluff.",
            [("The market, however, is calling the central bank's bluff", "OUT")],
        ),
        # a reduced relative clause after "about" is no act of its subject (the review's case)
        (
            "Farmers complained about the cuts Trump proposed, saying they would hurt rural towns.",
            [("they would hurt rural towns", "Farmers")],
        ),
        # lower-case plurals that are things are no sources
        (
            "In the lab, computers predicted the hurricane would turn north.",
            [("In the lab, computers predicted the hurricane would turn north", "OUT")],
        ),
        # a company named with a possessive keeps it
        (
            "The company broke the law, according to a Moody’s survey of business leaders.",
            [("The company broke the law", "Moody’s")],
        ),
        (
            "“We will win,” Smith said, adding that the plan works.",
            [("We will win", "Smith"), ("the plan works", "Smith")],
        ),
    ],
)
def test_fourteenth_session_claims(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Oil revenue fell sharply last year.", "other"),
        ("Turnout rose in every county.", "other"),
        ("The senator won her seat easily.", "other"),
        ("The best of the year so far.", "not_a_claim"),
        # … but a noun that is a past tense too makes no verb of a fragment
        ("The cost of the war in Ukraine.", "not_a_claim"),
        ("A cut above the rest.", "not_a_claim"),
        ("The split in the Democratic Party.", "not_a_claim"),
    ],
)
def test_irregular_pasts_are_verbs(text, kind):
    assert claim_type(text) == kind
