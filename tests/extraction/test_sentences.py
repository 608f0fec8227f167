"""Sentence splitting on the shapes news gives: abbreviations, initials, decimals, quotations."""

from __future__ import annotations

import pytest

from claims.extraction import pipeline
from claims.extraction.sentences import split_sentences

CASES = [
    # Months, titles, dotted acronyms, initials, decimals.
    (
        "The mayor spoke at a Nov. 6 event in Dayton. Then she left.",
        ["The mayor spoke at a Nov. 6 event in Dayton.", "Then she left."],
    ),
    ("The U.S. Senate voted 52 to 48. Mr. Cole objected.", ["The U.S. Senate voted 52 to 48.", "Mr. Cole objected."]),
    (
        "Gov. Ann Reyes and Sen. T. J. Moss met Sept. 3 in Wichita. Prices rose 4.7 percent.",
        ["Gov. Ann Reyes and Sen. T. J. Moss met Sept. 3 in Wichita.", "Prices rose 4.7 percent."],
    ),
    (
        "Harold W. Pike, the chairman, resigned. Dr. Lin took over.",
        ["Harold W. Pike, the chairman, resigned.", "Dr. Lin took over."],
    ),
    # AP-style state names only when capitalised: "ill." ends a sentence.
    (
        "Rep. Dana Ortiz, R-Fla., voted no. Her aide fell ill. Then he left.",
        ["Rep. Dana Ortiz, R-Fla., voted no.", "Her aide fell ill.", "Then he left."],
    ),
    # "No." is a number sign only before a number.
    (
        "He lives at No. 12 Elm St. today. She said “No.” Then she left.",
        ["He lives at No. 12 Elm St. today.", "She said “No.”", "Then she left."],
    ),
    # A quotation cut into fragments of a word or two is one sentence with its speaker.
    (
        "“Get. Them. OUT,” the governor tweeted on Friday. Nobody replied.",
        ["“Get. Them. OUT,” the governor tweeted on Friday.", "Nobody replied."],
    ),
    ('"No. Never," the minister said. The vote is Monday.', ['"No. Never," the minister said.', "The vote is Monday."]),
    # Straight quotes pair from the paragraph's start: a quotation closing in this sentence is no opening.
    (
        '"We know what the council is doing. It knows it," Ana Ruiz said. "It is changing the town."',
        ['"We know what the council is doing.', 'It knows it," Ana Ruiz said.', '"It is changing the town."'],
    ),
    # Two apostrophes open a quotation as a quotation mark does.
    (
        "''Shameful,'' Karl Dell said. ''The plant did not do well.''",
        ["''Shameful,'' Karl Dell said.", "''The plant did not do well.''"],
    ),
    # A quotation closing on "?" or "!" keeps its named speaker.
    (
        '"Is that all there is?" Ana Ruiz said. "We need more."',
        ['"Is that all there is?" Ana Ruiz said.', '"We need more."'],
    ),
    ("“We won!” Karl Dell told the crowd. Then he left.", ["“We won!” Karl Dell told the crowd.", "Then he left."]),
    # A quotation of whole sentences still splits, so that each keeps its own claim.
    (
        "“We cut the deficit by half. We will cut it again,” she said.",
        ["“We cut the deficit by half.", "We will cut it again,” she said."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences_in_news_shapes(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start : s.end] == s.text


def _claims(text: str):
    return pipeline.extract(pipeline.parse(text=text), default_claimant="The Courier").claims


def test_an_abbreviated_month_never_starts_a_claim():
    claims = _claims(
        "Budget row\n\nThe former governor said at a Nov. 6 event in Tulsa that unemployment had doubled to "
        "9 percent under his rival.\n"
    )
    texts = [c.text for c in claims]
    assert "unemployment had doubled to 9 percent under his rival" in texts
    assert not any(t.startswith((".", "6 event")) for t in texts)


def test_a_fragmented_quotation_stays_whole_with_its_speaker():
    claims = _claims("Border\n\n“Close. It. DOWN,” Abbott tweeted about the 3,000 crossings in March.\n")
    quoted = [c for c in claims if "Close" in c.sentence]
    assert len(quoted) == 1
    assert quoted[0].sentence == "“Close. It. DOWN,” Abbott tweeted about the 3,000 crossings in March."


@pytest.mark.parametrize(
    "sentence",
    [
        "That ends up trapping the warm air under the roof for weeks.",
        "That cost the city $4 million in lost fees last year.",
    ],
)
def test_a_leading_that_is_kept(sentence):
    claims = _claims(f"Heat\n\n{sentence}\n")
    assert sentence.rstrip(".") in [c.text for c in claims]


def test_a_that_after_the_reporting_verb_is_still_dropped():
    claims = _claims("Heat\n\nThe engineer said that the vents cost the city $4 million last year.\n")
    assert "the vents cost the city $4 million last year" in [c.text for c in claims]


def test_a_name_spelt_with_an_exclamation_mark_ends_no_sentence():
    text = "According to E! News, the deal is off. Yahoo! Finance reported the same. We won!"
    assert [s.text for s in split_sentences(text)] == [
        "According to E! News, the deal is off.",
        "Yahoo! Finance reported the same.",
        "We won!",
    ]
