"""Claims cut or attributed wrong on PolNeAR train (issue 22, eleventh session), each shape in made-up text:
quotations tagged with a verb the cue list does not hold, a new paragraph's quotation after the one before closed,
a party tag between a speaker and the cue, standings "in the polls", title-case headlines, "X to Y:" headlines,
"As reported by X," and "But, said X, …"."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


def stances_of(text: str) -> list[tuple[str, str, str]]:
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    return [(c.text, c.claimant, c.stance) for c in found]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("“Our schools will stay open all winter,” an angry Ana Ruiz retaliated.", "Ana Ruiz"),
        ("“Nothing was taken from the vault,” the mayor sniffed.", "the mayor"),
        ("“We will cut taxes for every family,” Jo Ames boomed.", "Jo Ames"),
    ],
)
def test_a_quotation_tagged_with_any_verb_is_the_speakers(text, claimant):
    # The cue list cannot hold every verb a writer tags a quotation with; these went to the outlet.
    assert claims_of(text)[0][1] == claimant
    assert "”" not in claims_of(text)[0][0]


def test_a_reply_tagged_with_an_unlisted_verb_is_not_the_previous_speakers():
    # Ana Ruiz's retort was joined to Tom Bell's quotation before it, the whole of both his.
    text = (
        "Tom Bell said the region had lost its way: “Northland is no longer Northland,” he claimed.\n"
        "“Northland will always be Northland,” an angry Ana Ruiz retaliated. “It never gives up.”"
    )
    claims = claims_of(text)
    assert ("Northland will always be Northland", "Ana Ruiz") in [(t.split(",”")[0], c) for t, c in claims]
    assert all("always be" not in t for t, c in claims if c == "Tom Bell")


def test_a_new_paragraphs_quotation_after_a_closed_one_is_a_claim_of_its_own():
    text = (
        "“There are two big differences between the candidates,” Bozell says.\n\n"
        "“First, in every clash it was the other candidate picking a fight. In this case it was the reverse.”"
    )
    assert claims_of(text) == [
        ("There are two big differences between the candidates", "Bozell"),
        ("First, in every clash it was the other candidate picking a fight. In this case it was the reverse", "Bozell"),
    ]


def test_a_quotation_left_open_at_a_paragraphs_end_runs_on_into_the_next():
    text = "“We will win this state. We will win it big.\n\n“And then we will win the country,” Ames said."
    claims = claims_of(text)
    assert len(claims) == 1 and claims[0][1] == "Ames" and "win the country" in claims[0][0]


def test_a_party_tag_between_the_speaker_and_the_cue_keeps_the_speaker():
    text = "Biofuels do not stir up the same fervor among voters as they did in the 1980s, Jo Ames (R-Iowa) said."
    assert claims_of(text) == [
        ("Biofuels do not stir up the same fervor among voters as they did in the 1980s", "Jo Ames")
    ]


def test_a_standing_in_the_polls_makes_no_poll_respondents():
    # "Republicans" speak here as a party's veterans, not as a survey's respondents (it went to the outlet).
    text = (
        "While he is running third in most polls, a strong showing could finally show the extent of his appeal, "
        "veteran Republicans said."
    )
    assert claims_of(text)[0][1] == "Republicans"
    # A survey's respondents stay nobody's claimants.
    assert claims_of("In a new survey, 40 percent of Republicans said the economy was their top issue.")[0][1] == "OUT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bush Says We Should Pay Attention To History In The Middle East", ("We Should Pay Attention", "Bush")),
        ("Jo Ames Tells Conservatives They Need To Change Course", ("They Need To Change Course", "Jo Ames")),
    ],
)
def test_a_title_case_headline_reports_with_a_capitalised_verb(text, expected):
    claim, claimant = claims_of(text)[0]
    assert claim.startswith(expected[0]) and claimant == expected[1]


def test_a_title_case_headline_denial_keeps_its_stance():
    assert stances_of("Kremlin Denies Having Any Plans To Invade Its Neighbour") == [
        ("Denies Having Any Plans To Invade Its Neighbour", "Kremlin", "denies")
    ]
    assert stances_of("Jo Ames Denies Ever Meeting The Ambassador")[0][1:] == ("Jo Ames", "denies")


def test_a_title_case_sentence_without_a_speaker_stays_the_outlets():
    assert claims_of("What The Bible Says About Money And Debt")[0][1] == "OUT"
    # Ordinary sentences keep their capitalised words as they are ("Says" starts no report in a sentence's middle).
    assert claims_of("The shop called Simon Says sold toys in the town for forty years.")[0][1] == "OUT"


def test_a_headline_naming_whom_the_speaker_addresses():
    text = (
        "Ana Ruiz to Planned Parenthood: the court will reverse the ruling\n\nAna Ruiz spoke to supporters on Friday."
    )
    assert claims_of(text)[0] == ("the court will reverse the ruling", "Ana Ruiz")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As reported by the Northland Herald, the former minister was told of her duty to protect the files.",
            ("the former minister was told of her duty to protect the files", "Northland Herald"),
        ),
        (
            "As first reported by the Daily Planet on Monday, the agency dropped the plan for the bridge.",
            ("the agency dropped the plan for the bridge", "Daily Planet"),
        ),
    ],
)
def test_as_reported_by_a_source_opening_the_sentence(text, expected):
    assert claims_of(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'But, said Solovey, "I do not want to drum up a conflict with him."',
            ("I do not want to drum up a conflict with him", "Solovey"),
        ),
        ("And, said Jo Ames, the plan will fail by the spring.", ("the plan will fail by the spring", "Jo Ames")),
    ],
)
def test_a_speaker_right_after_an_opening_conjunction(text, expected):
    assert claims_of(text) == [expected]
