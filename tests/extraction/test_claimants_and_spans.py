"""Claimants and whole spans in the shapes issue 22 found on real news (made-up text)."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences

OUTLET = "The Outlet"


def claims_of(text: str):
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant=OUTLET)]


def claimant_of(text: str, fragment: str) -> str:
    found = [(t, who) for t, who in claims_of(text) if fragment in t]
    assert found, claims_of(text)
    return found[0][1]


# --- whole spans ----------------------------------------------------------------


def test_the_claim_is_the_whole_reported_content_not_the_first_clause():
    text = (
        "Dr. Ana Ruiz said that based on an estimated 200,000 children in federal custody, "
        "the rate is nine times higher than expected."
    )
    assert claims_of(text) == [
        (
            "based on an estimated 200,000 children in federal custody, the rate is nine times higher than expected",
            "Ana Ruiz",
        )
    ]


def test_a_quotation_split_by_its_speaker_is_one_claim():
    text = '"The plant is safe," Jo Smith said, "and it will stay open until 2030."'
    assert claims_of(text) == [('The plant is safe," Jo Smith said, "and it will stay open until 2030', "Jo Smith")]
    claim = find_claims(text, split_sentences(text), default_claimant=OUTLET)[0]
    assert claim.standalone == "The plant is safe, and it will stay open until 2030"


def test_a_quotation_that_runs_over_sentences_is_one_claim_with_its_parts_joined():
    text = (
        '"Rents doubled in ten years," Jo Smith said. "Wages did not. Families are leaving the city."\n\n'
        "The council meets on Tuesday."
    )
    found = find_claims(text, split_sentences(text), default_claimant=OUTLET)
    assert [(c.claimant, c.sentences) for c in found] == [("Jo Smith", 3), (OUTLET, 1)]
    assert found[0].standalone == "Rents doubled in ten years. Wages did not. Families are leaving the city"


def test_after_said_colon_the_next_sentence_is_the_speakers():
    text = "In a speech on Friday, the governor said:\n\nThe state will hire 2,000 new teachers by the autumn."
    assert claims_of(text)[-1] == ("The state will hire 2,000 new teachers by the autumn", "the governor")


# --- claimants ------------------------------------------------------------------


def test_a_speaker_named_after_the_quote_with_an_apposition():
    text = (
        "“It's striking how fast prices have fallen,” John Williams, the president of the Federal Reserve "
        "Bank of New York, said."
    )
    assert claims_of(text) == [("It's striking how fast prices have fallen", "John Williams")]


def test_a_speaker_named_after_the_quote_with_a_title():
    text = "“Prices have peaked,” said Federal Reserve Chair Jerome Powell on Wednesday."
    assert claimant_of(text, "Prices have peaked") == "Jerome Powell"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The hospital had run out of oxygen by Friday, NBC News reported.", "NBC News"),
        ("The hospital had run out of oxygen by Friday, the Daily Ledger reported on Saturday.", "Daily Ledger"),
        (
            "Unemployment rose to 4.1 percent in May, according to the Office for National Statistics.",
            "Office for National Statistics",
        ),
        (
            "According to the Office for National Statistics, unemployment rose to 4.1 percent in May.",
            "Office for National Statistics",
        ),
    ],
)
def test_outlets_and_institutions_as_sources(text, claimant):
    assert claimant_of(text, "percent" if "percent" in text else "oxygen") == claimant


def test_a_pronoun_speaker_is_the_person_the_paragraph_quotes():
    text = (
        "Maria Chen, who runs the county's food bank, has watched demand triple. "
        "“We are feeding 3,000 families a week,” Chen said. "
        "The county's budget was cut by Governor Tom Reyes last spring. "
        "She said she wasn't concerned about running out of food before winter."
    )
    assert claimant_of(text, "running out of food") == "Maria Chen"


@pytest.mark.parametrize(
    ("text", "fragment", "claimant"),
    [
        (
            "As Emily Feng reported, the factory closed after the inspection found 40 violations.",
            "factory closed",
            "Emily Feng",
        ),
        (
            "“The risks are small,” said Ian Hamilton, a researcher at York University who did not work on the study.",
            "risks are small",
            "Ian Hamilton",
        ),
        (
            "The WikiLeaks founder Julian Assange has always said the cables were authentic.",
            "cables were authentic",
            "Julian Assange",
        ),
        ("China's CDC said the variant spreads faster than earlier ones.", "variant spreads", "China's CDC"),
        ("Former Secretary of State Jane Doe said the treaty had failed.", "treaty had failed", "Jane Doe"),
        (
            "Sen. Ruth Okafor, a Democrat from Ohio, said the bill would cut costs.",
            "bill would cut costs",
            "Ruth Okafor",
        ),
    ],
)
def test_claimant_names_are_full_without_titles_or_leading_words(text, fragment, claimant):
    assert claimant_of(text, fragment) == claimant


def test_a_quotation_going_on_in_the_same_sentence_after_he_said_is_one_claim():
    text = (
        "Ed Park spoke after the vote.\n\n''Nobody is going after the leader,'' he said. "
        "''I have never seen a campaign like it.''"
    )
    found = find_claims(text, split_sentences(text), default_claimant=OUTLET)
    quoted = [c for c in found if c.claimant == "Ed Park"]
    assert len(quoted) == 1 and quoted[0].text.endswith("a campaign like it")
    assert quoted[0].standalone == "Nobody is going after the leader. Ed Park has never seen a campaign like it"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "''I don't think she has been truthful with us,'' Mary Purner, 67, a retired nurse in Allentown, said.",
            "Mary Purner",
        ),
        ("''There is no place for racism in this party,'' former Gov. Jeb Bush said on Twitter.", "Jeb Bush"),
        ("(The French are big fans of ''Prison Break,'' Mr. Madden said.)", "Madden"),
    ],
)
def test_speakers_between_the_quote_and_the_cue(text, claimant):
    found = claims_of(text)
    assert len(found) == 1 and found[0][1] == claimant, found


def test_a_quotation_with_apostrophes_runs_on_after_said_colon():
    text = "Ann Ridge said: \"Bombast doesn't cut it. Inexperience doesn't cut it either.\"\n\nThe debate ends at ten."
    found = find_claims(text, split_sentences(text), default_claimant=OUTLET)
    assert [(c.text, c.claimant) for c in found] == [
        ("Bombast doesn't cut it. Inexperience doesn't cut it either", "Ann Ridge"),
        ("The debate ends at ten", OUTLET),
    ]


@pytest.mark.parametrize(
    ("text", "fragment", "claimant"),
    [
        (
            "The county chairman Carl Webb declined to name the delegates but said one was a Trump supporter.",
            "one was a Trump supporter",
            "Carl Webb",
        ),
        ("Jo Smith hopes that the strike will end by May.", "the strike will end by May", "Jo Smith"),
        ("Most economists believe the recession is over.", "the recession is over", "Most economists"),
    ],
)
def test_more_reporting_shapes(text, fragment, claimant):
    assert claimant_of(text, fragment) == claimant


def test_a_belief_verb_without_that_reports_nothing():
    assert claims_of("Jo Smith knows the town well.") == [("Jo Smith knows the town well", OUTLET)]


@pytest.mark.parametrize(
    ("text", "fragment", "claimant"),
    [
        (
            "Campaign spokesman Brian Fallon told Politico, “The senator has answered every question.”",
            "answered every question",
            "Brian Fallon",
        ),
        (
            "At least 12 families have received stays of deportation, according to lawyers with the project.",
            "stays of deportation",
            "lawyers with the project",
        ),
        (
            "The mayor raised $2.7 million last year, according to new campaign filings.",
            "raised $2.7 million",
            "new campaign filings",
        ),
    ],
)
def test_told_with_a_quote_and_sources_without_a_determiner(text, fragment, claimant):
    assert claimant_of(text, fragment) == claimant


@pytest.mark.parametrize(
    ("text", "fragment", "claimant"),
    [
        (
            "But opponents say the rapid wage increase will push companies out of the state.",
            "wage increase",
            "opponents",
        ),
        (
            "Indeed, supporters of stricter rules say there is a link between the posts and the attacks.",
            "there is a link",
            "supporters of stricter rules",
        ),
    ],
)
def test_speakers_without_a_capital_after_a_conjunction_or_with_a_qualifier(text, fragment, claimant):
    assert claimant_of(text, fragment) == claimant


def test_a_speaker_after_a_title_abbreviation_and_a_participle_clause_after_the_content():
    text = "In an interview, Mr. Coleman said Mr. Kasich should leave the race, echoing a memo from the party."
    assert claims_of(text) == [("Mr. Kasich should leave the race", "Coleman")]


def test_a_quotation_goes_on_after_a_place_with_dots_and_a_determined_speaker():
    text = (
        "“The record is not a good one,” Ann Lee said at a rally in Albany, N.Y. “It worked against us.”\n\n"
        "''Threats have no place here,'' a Twitter spokesman said. ''Our teams act on every report.''"
    )
    assert claims_of(text) == [
        ("The record is not a good one,” Ann Lee said at a rally in Albany, N.Y. “It worked against us", "Ann Lee"),
        ("Threats have no place here,'' a Twitter spokesman said. ''Our teams act on every report", "Twitter"),
    ]  # an unnamed spokesman speaks for the company


def test_content_ends_where_another_speaker_reports_not_at_a_verb_of_belief_inside_it():
    assert claims_of("Ann Lee said she had long felt that way, and I think she is right.") == [
        ("she had long felt that way, and I think she is right", "Ann Lee")
    ]
    assert claims_of("Ann Lee said the tanks are being withdrawn as Vladimir Putin insists he is ready to talk.")[
        0
    ] == ("the tanks are being withdrawn", "Ann Lee")


def test_a_transcripts_turns_are_their_speakers_to_the_end_of_the_paragraph():
    text = (
        "Transcript of the interview.\n\nKATE BOULDUAN: Why not debate? You said you would.\n\n"
        "JOEL BENENSON: This man said he would never run a negative campaign. He has run one for months.\n\n"
        "KATE BOULDUAN: So no debate in New York?\n\nJOEL BENENSON: Not until the tone changes."
    )
    assert claims_of(text) == [
        ("Transcript of the interview", OUTLET),
        ("Why not debate? You said you would", "Kate Boulduan"),
        ("This man said he would never run a negative campaign. He has run one for months", "Joel Benenson"),
        ("So no debate in New York", "Kate Boulduan"),
        ("Not until the tone changes", "Joel Benenson"),
    ]


def test_a_dateline_in_capitals_is_no_speaker():
    assert claims_of("KYIV: Ukraine's army said on Monday that 40 tanks had crossed the border.") == [
        ("40 tanks had crossed the border", "Ukraine's army")
    ]
