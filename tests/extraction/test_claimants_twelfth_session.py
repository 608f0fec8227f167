"""Claims cut wrong on real pages read in the twelfth claimant session (issue 22), each shape in made-up text."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    ("text", "claim", "claimant"),
    [
        (
            "The mayor on Tuesday claimed victory as the council concluded its third hearing on the budget.",
            "claimed victory as the council concluded its third hearing on the budget",
            "the mayor",
        ),
        ("Jo Ames claimed credit for the fall in crime.", "claimed credit for the fall in crime", "Jo Ames"),
        (
            "The Greens claimed a landslide victory in the regional vote.",
            "claimed a landslide victory in the regional vote",
            "Greens",
        ),
        ("The group claimed responsibility for the attack.", "claimed responsibility for the attack", "the group"),
    ],
)
def test_what_one_claims_as_ones_own_keeps_the_verb(text, claim, claimant):
    # "Trump claimed victory as the House concluded …" was the claim "victory as the House concluded …": a fragment
    # that says nothing alone. What X claims as its own (victory, credit, responsibility) is X's claim with the verb.
    assert claims_of(text) == [(claim, claimant)]


def test_a_claim_that_stays_a_report():
    assert claims_of("Jo Ames claimed that the vote was rigged.") == [("the vote was rigged", "Jo Ames")]


def test_it_is_never_the_person_quoted_last():
    # CNBC: "Emirates President Tim Clark told reporters … In addition to its order of 30 Boeing jets, it announced an
    # order of 50 Airbus jets" gave the Airbus order to Tim Clark. "It" is a company, a government, a study.
    text = (
        "Acme President Jo Ames told reporters that the firm will expand in 2021.\n\n"
        "In addition to its order of 30 vans, it announced an order of 50 trucks on Monday.\n"
    )
    assert [claimant for _, claimant in claims_of(text)] == ["Jo Ames", "OUT"]


def test_it_is_the_last_thing_that_spoke():
    text = (
        "The company said that sales fell sharply in May. Jo Ames said the firm will expand. "
        "It added that prices will rise."
    )
    assert claims_of(text) == [
        ("sales fell sharply in May", "the company"),
        ("the firm will expand", "Jo Ames"),
        ("prices will rise", "the company"),
    ]


def test_a_quoted_phrase_is_nobodys_full_name():
    # The New York Times: accounts put their location as “Wilayat Twitter,” and every later "Twitter said" became
    # "Wilayat Twitter" said, a person (two capitalised words), whom "it" could not mean.
    text = (
        "Some accounts put the location on their profile as “Wilayat Twitter,” or “the province of Twitter.”\n\n"
        "In a blog post on Friday, Twitter said violent threats had long been against its terms of service. "
        "It added that it has worked with groups that counter extremist recruitment.\n"
    )
    assert [claimant for _, claimant in claims_of(text)][-2:] == ["Twitter", "Twitter"]


def test_a_cue_then_a_comma_and_but_opens_the_writers_clause():
    # PolitiFact: "That's less than the $53 million figure McKinley cited, but it's in the ballpark …" and "That's
    # smaller than what McKinley said, but his number is a reasonable approximation …" were McKinley's claims: the
    # fact-checker's own judgement, given to the congressman it checks.
    text = (
        "Once you divide the total by 52 weeks, the value is about $44.2 million a week.\n\n"
        "That is less than the $53 million figure Jo Ames cited, but it is in the ballpark considering that the "
        "street value of drugs can fluctuate.\n\n"
        "That is smaller than what Jo Ames said, but his number is a reasonable approximation given the uncertainty.\n"
    )
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert [(c.claimant, c.text.split()[0]) for c in found] == [("OUT", "Once"), ("OUT", "That"), ("OUT", "That")]
    # the second "That" is not resolved to the first "That …" sentence (itself a "that" nobody resolved)
    assert not found[2].standalone.startswith("That [That")


def test_a_quotation_before_the_cue_stays_the_speakers_whatever_follows():
    assert claims_of("“We will win,” Jo Ames said, but the polls disagree.") == [("We will win", "Jo Ames")]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Biden said, while visiting Kyiv on Monday, that the United States would send more tanks.", "Biden"),
        ("Putin said, although he gave no evidence, that Ukraine had attacked the plant.", "Putin"),
        ("Police said, but did not elaborate, that two suspects had been arrested.", "Police"),
        ("Police said, so far, 12 people had died in the floods.", "Police"),
        (
            "The vaccine cut hospitalizations by 90 percent, researchers reported, though the trial was small.",
            "researchers",
        ),
    ],
)
def test_an_aside_after_the_cue_or_a_trailing_tag_keeps_the_report(text, claimant):
    # (a review's cases: the comma-and-conjunction rule above must not take these reports from their speakers)
    assert claims_of(text)[0][1] == claimant


def test_claimed_then_a_clause_is_a_report():
    assert claims_of("Zelensky claimed victory was within reach if the West sent more weapons.") == [
        ("victory was within reach if the West sent more weapons", "Zelensky")
    ]


def test_it_may_mean_a_company_named_by_one_word():
    text = "Tesla said it delivered 400,000 cars. It said production would rise in the second half."
    assert [claimant for _, claimant in claims_of(text)] == ["Tesla", "Tesla"]


def test_a_quoted_name_in_speech_is_still_a_full_name():
    text = "“Joe Biden,” Trump said, “will raise your taxes.” Biden said the claim was false."
    assert claims_of(text)[-1] == ("the claim was false", "Joe Biden")
