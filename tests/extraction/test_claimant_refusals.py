"""Claimants that name nobody (issue 22), each in made-up text of the shape seen on real pages: a pronoun
or a demonstrative with its contraction ("It’s", "That’s"), "you", a named day ("Election Day"), an amount
("Fifty-one percent"), a thing ("Another cloud of choking smoke") and a place qualifying a noun ("the
monitor in New Delhi"). Each resolves to the speaker the paragraph names, or to nobody — never to itself."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claimants(text: str) -> list[str]:
    return [c.claimant for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    "text",
    [
        "That’s according to early results of exit polls conducted for the networks.",
        "That’s the picture the mayor paints in an interview with the Herald.",
        "It’s a far cry from the duties of a first lady, the columnist wrote.",
        "Q: You said yesterday, the middle class is still getting crushed.",
        "You said the bridge would close in May.",
        "What Washington wants first is to besiege the group, the envoy said.",
    ],
)
def test_a_referring_word_is_never_the_claimant(text):
    for claimant in claimants(text):
        assert claimant.split()[0].lower().replace("’s", "") not in {"it", "that", "you", "what"}, claimant


def test_a_pronoun_speaker_is_the_person_the_paragraph_quotes():
    text = "Jo Smith spoke on Monday. “The bridge will close in May,” she said. It will cost $4 million, she said."
    assert claimants(text)[1:] == ["Jo Smith", "Jo Smith"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A named day is when, not who ("Election Day" was the claimant of a candidate's quote).
        ("Election Day said the votes would be counted by Friday.", "OUT"),
        ("“It will be a landslide,” Election Day, Trump said.", "Trump"),
        ("Tuesday night said the votes would be counted by Friday.", "OUT"),
        # A person whose surname is a time word is still a person.
        ("Kristen Day said the bill would cut funding for clinics by $4 million.", "Kristen Day"),
        # An amount is nobody: a poll's respondents are not its claimant.
        ("Fifty-one percent said the economy was getting worse.", "OUT"),
        # A thing is nobody.
        ("Another cloud of choking smoke said the levels would rise by Thursday.", "OUT"),
        # People-words after a determiner are sources.
        ("Some Republican lawmakers said the bill would fail in the Senate.", "Some Republican lawmakers"),
        ("People briefed on the talks said the deal would be signed on Friday.", "People briefed on the talks"),
    ],
)
def test_named_days_amounts_and_things_name_nobody(text, expected):
    assert claimants(text)[-1] == expected


def test_a_place_qualifying_a_noun_is_not_the_speaker():
    text = "The US Embassy’s monitor in New Delhi reported an air quality index of 999 on Sunday."
    claimant = claimants(text)[-1]
    assert "Embassy" in claimant
    assert claimant != "New Delhi"
    # A place after a preposition that is the speaker's own name stays the speaker.
    assert claimants("A monitor at the US Embassy reported an air quality index of 999.")[-1] == "US Embassy"


def test_a_quotation_over_several_sentences_is_the_speakers_whole():
    # An apostrophe inside a word ("shouldn’t") does not close the quotation: every sentence is Trump's.
    text = (
        "“I’m not satisfied, but others are. And we shouldn’t be satisfied with that number. Some bad "
        "numbers are coming out. Some really bad things. We should be doing much better,” Trump said."
    )
    claims = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert [c.claimant for c in claims] == ["Trump"]
    assert claims[0].text.startswith("I’m not satisfied") and claims[0].text.endswith("doing much better")


def test_he_is_the_surname_last_quoted_when_the_article_never_gives_a_full_name():
    text = "“We are ready,” Jo Smith said. “The accord will hold,” Okonjo said. “The talks are over,” he said."
    assert claimants(text) == ["Jo Smith", "Okonjo", "Okonjo"]
    # A people's name is no surname: "they" and "he" stay with the person.
    text = "“We are ready,” Jo Smith said. “The accord will hold,” Americans said. “The talks are over,” he said."
    assert claimants(text)[-1] == "Jo Smith"


def standalone_of(text: str) -> list[tuple[str, str, str]]:
    return [
        (c.claimant, c.text, c.standalone) for c in find_claims(text, split_sentences(text), default_claimant="OUT")
    ]


def test_an_act_after_an_apposition_keeps_its_subject_in_the_standalone():
    # "promised to protect Medicaid" alone lost who promised.
    claimant, span, standalone = standalone_of(
        "Jo Smith, who won the seat in 2018, promised to protect Medicaid and Social Security."
    )[-1]
    assert (claimant, span) == ("Jo Smith", "promised to protect Medicaid and Social Security")
    assert standalone.startswith("Jo Smith, who won the seat in 2018, promised to protect Medicaid")
    # Between dashes, with commas of its own inside.
    claimant, span, standalone = standalone_of(
        "In Kentucky, the candidate, Jo Smith — whose father, also as governor, expanded the program — promised "
        "to protect Medicaid and attacked the plan."
    )[-1]
    assert (claimant, span) == ("Jo Smith", "promised to protect Medicaid")
    assert standalone.startswith("Jo Smith — whose father, also as governor, expanded the program — promised")


def test_a_report_after_another_verb_is_the_subjects_whole_sentence():
    # "its own air quality monitor and reported ..." was the claimant, and "lower readings" a fragment.
    assert standalone_of("The city runs its own air quality monitor and reported an index of 400 on Sunday.") == [
        (
            "the city",
            "The city runs its own air quality monitor and reported an index of 400 on Sunday",
            "The city runs its own air quality monitor and reported an index of 400 on Sunday",
        )
    ]
    claims = standalone_of("The city runs its own air quality monitor and reported that the index was 400 on Sunday.")
    assert [(c[0], c[1]) for c in claims] == [("the city", "the index was 400 on Sunday")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A poll's result is the pollster's when the sentence names one ...
        ("In a Gallup poll released Tuesday, 51 percent of Americans said the economy was getting worse.", "Gallup"),
        (
            "Fifty-one percent of Americans said the economy was getting worse, according to a Gallup poll released "
            "Tuesday.",
            "Gallup",
        ),
        ("A Quinnipiac poll found that 51 percent of voters said the economy was getting worse.", "Quinnipiac"),
        (
            "A new Gallup poll came out on Tuesday. The poll found that most Americans think the economy is getting "
            "worse.",
            "Gallup",
        ),
        # ... else nobody's: never its respondents' nor an unnamed survey's, named in this sentence or not.
        (
            "A Gallup poll came out on Tuesday. And an overwhelming 70 percent of Americans say that the deal was "
            "wrong.",
            "OUT",
        ),
        ("Americans said the economy was getting worse in a poll released Tuesday.", "OUT"),
        ("Americans say the economy is getting worse, according to a new survey.", "OUT"),
        # A person talking about polls is still the claimant.
        ("Jo Smith said the polls were wrong about the race by 4 points.", "Jo Smith"),
    ],
)
def test_a_polls_claimant_is_the_pollster_or_nobody(text, expected):
    assert claimants(text)[-1] == expected


def test_an_embedded_post_is_its_authors_not_the_outlets():
    text = (
        "The senator reacted on social media on Tuesday, hours after the vote.\n\n"
        "The Fed should cut rates now, by at least 100 basis points. Our economy is the strongest in the "
        "world! pic.twitter.com/AbC123 — Jo Smith (@JoSmithMP) August 23, 2019\n\n"
        "The Federal Reserve cut rates by 25 basis points in September."
    )
    claims = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert [(c.claimant, c.text) for c in claims] == [
        ("OUT", "The senator reacted on social media on Tuesday, hours after the vote"),
        (
            "Jo Smith",
            "The Fed should cut rates now, by at least 100 basis points. Our economy is the strongest in the world",
        ),
        ("OUT", "The Federal Reserve cut rates by 25 basis points in September"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The whole noun phrase before "say(s)/said", past an aside, a parenthesis or a clause before it.
        (
            "Proponents of the new bill, however, say it would keep enough federal safeguards in place.",
            "Proponents of the new bill",
        ),
        (
            "But while Republicans back the delay, multiple sources privy to the talks say the unions pushed for it.",
            "multiple sources privy to the talks",
        ),
        (
            "Politicians and even some technologists say the crackdown has been toothless.",
            "Politicians and even some technologists",
        ),
        (
            "Few would admit this, but Sen. Jo Smith (a Democrat so young she was mistaken for an intern) says she "
            "was adrift after the election.",
            "Jo Smith",
        ),
        ("The report released in May says the bridge will cost $4 million.", "the report released in May"),
        # A clause with a verb of its own is no speaker.
        ("Whether the bridge is safe says a lot about the city and its budget.", "OUT"),
    ],
)
def test_the_subject_phrase_before_a_saying_verb(text, expected):
    assert claimants(text)[-1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country qualifying a group is kept ("officials" alone was the claimant).
        ("US officials said American forces had launched a rescue mission that failed.", "US officials"),
        # An adverb, a clause with a cue of its own or a believer are no speaker phrase.
        ("He dropped out after two years, and soon after wrote his first novel, a cyberpunk book.", "OUT"),
        # (not "When the guards found him, prosecutors": the clause before the comma is no part of the speaker,
        # and since "alleged" reports like "said", the prosecutors allege it)
        (
            "When the guards found him, prosecutors alleged that Noel and Thomas both acknowledged that they had "
            "not made their checks.",
            "prosecutors",
        ),
        ("The talks stalled, given that many analysts believe the deal covers only the easiest issues.", "OUT"),
        # A quantified group is a source.
        ("Many businesses say that China has long taken advantage of the United States.", "Many businesses"),
    ],
)
def test_speaker_phrases_kept_and_refused(text, expected):
    assert claimants(text)[-1] == expected


def test_a_headlines_first_name_is_the_one_person_the_article_names_so():
    text = "Hillary Clinton spoke on Monday. Hillary: The mother is absolutely wrong to call me a liar."
    assert claimants(text)[-1] == "Hillary Clinton"
    # Two people of that first name: it names neither.
    text = "Jo Smith and Jo Brown spoke on Monday. Jo: The rally will be the biggest of the campaign."
    assert claimants(text)[-1] not in ("Jo Smith", "Jo Brown")
    # A company's first word is not its product's name.
    text = "Sony Now has run since 2014. Sony said the service would close in May."
    assert claimants(text)[-1] == "Sony"
