"""Speaker shapes seen wrong on real pages and in PolNeAR train (issue 22), each in made-up text:
a long apposition after a quotation that ran over sentences, a place between a rank and the name,
a reporter "of the" paper, occupations written like titles, long lower-case speakers after "said"."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import _speaker_after, find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    "text",
    [
        "“It came as a surprise. We never expected the effect to be so large,” study lead author Nuno Prata, "
        "a researcher at the Institute of Coastal Studies in Faro, told CNN.",
        "“It came as a surprise. We never expected the effect to be so large,” Nuno Prata, a researcher, said.",
        "“It came as a surprise. We never expected the effect to be so large,” Nuno Prata, the study’s lead author "
        "and a researcher at the institute, said in a statement.",
    ],
)
def test_a_quotation_over_sentences_then_its_speaker_with_an_apposition(text):
    assert claims_of(text) == [("It came as a surprise. We never expected the effect to be so large", "Nuno Prata")]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Chile's ambassador to Norway Ana Ibarra said the fishing quotas were a mistake.", "Ana Ibarra"),
        ("The US envoy to the United Nations Carla Monti said the fishing quotas were a mistake.", "Carla Monti"),
        ("“The fishing quotas were a mistake,” Norway's ambassador Ana Ibarra told the BBC.", "Ana Ibarra"),
    ],
)
def test_a_place_between_the_rank_and_the_name_is_no_part_of_the_name(text, claimant):
    assert [c for _, c in claims_of(text)] == [claimant]


def test_a_reporter_of_the_paper_is_the_speaker_not_the_paper():
    text = "Dana Kovac of the Daily Ledger said the council had voted twice on the budget."
    assert claims_of(text) == [("the council had voted twice on the budget", "Dana Kovac of the Daily Ledger")]
    # a title "of the" is no reporter: the rank's holder is not made up
    titled = claims_of("The Secretary of the Treasury said the rates would rise next year.")
    assert all("Secretary" not in c for _, c in titled)


@pytest.mark.parametrize(
    "text",
    [
        "Bassist Remy Olsen said the tour would go ahead in May.",
        "“The tour will go ahead in May,” bassist Remy Olsen said.",
        "Novelist Remy Olsen told fans that the tour would go ahead in May.",
    ],
)
def test_an_occupation_before_the_name_is_dropped(text):
    assert [c for _, c in claims_of(text)] == ["Remy Olsen"]


def test_a_first_name_that_looks_like_an_occupation_stays():
    assert [c for _, c in claims_of("Christian Olsen said the tour would go ahead in May.")] == ["Christian Olsen"]


@pytest.mark.parametrize(
    ("right", "speaker"),
    [
        (" a former senior law enforcement official.", "a former senior law enforcement official"),
        (" the former top aide to Governor Mary T. Olsen.", "the former top aide to Governor Mary T. Olsen"),
    ],
)
def test_long_speakers_after_the_cue(right, speaker):
    assert _speaker_after(right, final=True) == speaker


def test_a_speaker_after_the_quotation_with_a_role_to_someone():
    text = "“There was wrongdoing,” said a former senior aide to Governor Mary T. Olsen."
    assert claims_of(text) == [("There was wrongdoing", "a former senior aide to Governor Mary T. Olsen")]
    # "to" that is no role's stays out: the speaker is who said it, not whom to
    assert claims_of("“There was wrongdoing,” said Mary Olsen to the crowd.") == [
        ("There was wrongdoing", "Mary Olsen")
    ]


def test_an_aside_between_the_speaker_and_the_cue_names_nobody():
    text = "Olsen’s office, when contacted by the Daily Ledger, said the former envoy could not recall the dinner."
    assert claims_of(text) == [("the former envoy could not recall the dinner", "Olsen’s office")]


def test_a_time_opening_the_sentence_is_no_subject():
    text = "Six years ago, Okafor backed the plan and said, “It will never cost the city a cent.”"
    assert claims_of(text) == [("It will never cost the city a cent", "Okafor")]


def test_a_party_tag_and_an_apposition_after_the_opening_name():
    text = "Rep. Dana Kovac (D-Ore.), chair of the party’s rules committee, said the vote would be held in June."
    assert claims_of(text) == [("the vote would be held in June", "Dana Kovac")]


def test_a_person_with_a_long_relative_clause_before_said():
    text = (
        "One attendee, who like several others spoke on the condition of anonymity to describe the closed "
        "meeting, said the message was that the campaign would go on."
    )
    assert claims_of(text) == [("the message was that the campaign would go on", "One attendee")]


def test_a_reason_the_speaker_gives_stays_in_the_content():
    text = "Kovac said she asked for the meeting because she wanted to settle the dispute before June."
    assert claims_of(text) == [
        ("she asked for the meeting because she wanted to settle the dispute before June", "Kovac")
    ]
    # another report after "as" still ends it
    text = "Kovac said the dispute was settled, as her lawyer told reporters on Monday."
    assert claims_of(text)[0] == ("the dispute was settled", "Kovac")


def test_a_long_apposition_after_the_speaker_that_reports_again():
    text = (
        "“Without a kinder tone you will have a hard time,” said Marta Olsen, the executive director of the "
        "Coastal Partnership for Fair Fishing, who also said that the two men, and Mr. Ames in particular, "
        "must do more to reach the fishermen."
    )
    assert claims_of(text)[0] == ("Without a kinder tone you will have a hard time", "Marta Olsen")


def test_a_county_office_before_the_name_is_a_title():
    text = (
        "Pima County Recorder Dana Kovac spoke at a hearing. “It saved money,” said Jim Ortez, a county official. "
        "Kovac said she made her decision based on the last primary.\n\n"
        "She also said the legislature had not given the county enough money."
    )
    assert [c for _, c in claims_of(text)][-2:] == ["Dana Kovac", "Dana Kovac"]


def test_a_phrase_before_the_subject_of_a_report_by_participle():
    text = "Speaking at a town hall in Keene, Okafor went after Ames, calling him “a total stiff.”"
    assert claims_of(text)[-1] == ("calling him “a total stiff.”", "Okafor")


def test_a_party_member_by_state_is_the_person_just_named():
    text = (
        "Senator Dana Kovac criticized the talk of harsher interrogations. "
        "The Oregon Republican says such methods are inhumane."
    )
    assert claims_of(text)[-1] == ("such methods are inhumane", "Dana Kovac")


def test_a_possessive_after_an_opening_phrase_is_no_subject():
    text = (
        "In addition to the three deaths at a fuel plant on Tuesday, Chile’s public defender’s office said another "
        "30 people had been injured, but added the exact circumstances of the deaths remained unclear."
    )
    assert all(c != "Chile" for _, c in claims_of(text))


def test_a_surname_opening_the_sentence_is_the_he_of_the_next_quotation():
    text = (
        "President Obama said in May that the talks had gone well. “Nuclear is growing too slowly,” said "
        "Ted Nordhaus, an analyst.\n\n"
        "And Obama, for all the progress he helped wrangle, seems to agree. “We don't yet know what works,” he said."
    )
    assert claims_of(text)[-1] == ("We don't yet know what works", "Obama")


def test_a_partial_quotation_inside_a_clause_keeps_the_clause_from_its_subject():
    # before, the claim began inside the quotation ("failed the families ...") and lost its subject
    text = 'The ministry of the new government has "failed the families it meant to help", Jo Ames said.'
    assert claims_of(text) == [
        ('The ministry of the new government has "failed the families it meant to help"', "Jo Ames")
    ]
    # a quotation that opens the sentence is the content as before
    assert claims_of('"The ministry has failed the families it meant to help," Jo Ames said.') == [
        ("The ministry has failed the families it meant to help", "Jo Ames")
    ]


def test_the_thing_done_opening_a_sentence_is_no_speaker_for_a_participle_cue():
    # "declaring" belongs to "resolutions"; the learnt ranker used to give the sentence to "the decision"
    text = (
        "The decision puts the port at odds with most of its neighbours and breaks with council rulings "
        "declaring the jetties to be unsafe."
    )
    assert [c for _, c in claims_of(text)] == ["OUT"]


@pytest.mark.parametrize(
    "text",
    [
        "County health officials said Monday the victim was one of two people who caught the virus.",
        "County health officials said on Monday the victim was one of two people who caught the virus.",
        "County health officials said Tuesday morning that the victim was one of two people who caught the virus.",
    ],
)
def test_the_day_a_report_was_made_is_no_part_of_its_content(text):
    # before, "Monday the victim was ..." or "victim was ..." (the day, or "the", eaten by the cue's time)
    assert claims_of(text) == [("the victim was one of two people who caught the virus", "County health officials")]


def test_a_day_that_is_the_subject_of_the_content_stays_in_it():
    assert claims_of("Officials said Monday was the worst day of the outbreak so far.") == [
        ("Monday was the worst day of the outbreak so far", "Officials")
    ]


def test_maintaining_a_lead_reports_nothing():
    text = "It is a state where former governor Jo Biden has maintained a large polling lead for months, in all groups."
    assert [c for _, c in claims_of(text)] == ["OUT"]
    assert claims_of("Jo Biden maintains the polls were wrong about the state.") == [
        ("the polls were wrong about the state", "Jo Biden")
    ]


def test_a_study_with_its_qualifiers_is_the_finder_not_a_name_inside_the_finding():
    # before, "BED" (inside "those with BED reported ...") was the claimant of a fragment
    text = "In fact, one study in 146 people found that those with BED reported more symptoms of insomnia than others."
    assert claims_of(text) == [
        ("those with BED reported more symptoms of insomnia than others", "one study in 146 people")
    ]


def test_a_letters_greeting_is_whom_it_is_written_to_not_its_speaker():
    text = (
        "DEAR KIM: My wife of ten years just bought tickets to Spain. She is in first class while I'm in coach.\n\n"
        "DEAR COACH: Tell her how you feel.\n\n"
        "DEAR KIM: My brother never calls me back."
    )
    assert all(c != "Dear Kim" and c != "Kim" for _, c in claims_of(text))


@pytest.mark.parametrize("noun", ["family", "ally", "assembly"])
def test_a_noun_in_ly_before_the_verb_is_the_speaker_not_an_adverb(noun):
    # before, "family said" read as an adverb and its verb, and the claim went to "Jo Epstein"
    text = f"Jo Epstein's {noun} said the financier may have been murdered."
    assert claims_of(text) == [("the financier may have been murdered", f"Jo Epstein's {noun}")]
    assert claims_of("Jo Ames quickly said the financier may have been murdered.") == [
        ("the financier may have been murdered", "Jo Ames")
    ]


def test_according_to_inside_the_clause_keeps_the_whole_clause():
    # before, only "One of the officers" (the subject before the aside) was the claim
    text = "One of the guards, according to court records, had worked four night shifts in a row."
    assert claims_of(text) == [
        ("One of the guards, according to court records, had worked four night shifts in a row", "court records")
    ]
    assert claims_of("The fire was started by a cigarette, according to the police.") == [
        ("The fire was started by a cigarette", "the police")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "She was a victim of Jo Epstein’s alleged trafficking ring in the city.",
        "The plan would cost an estimated 200 million dollars over ten years.",
        "The council's expected vote on the plan was put off again.",
    ],
)
def test_a_cue_word_after_a_possessive_or_determiner_is_an_adjective(text):
    # before, "Jo Epstein’s alleged ..." made Jo Epstein the claimant of "trafficking ring in the city"
    assert [c for _, c in claims_of(text)] == ["OUT"]


def test_a_title_abbreviation_ends_no_name():
    # before, "Despite Mr" was a person, and the "he" after it became "Despite Mr"
    text = (
        "Despite Mr. Ames’s announcement, a deal has proved elusive. But Mr. Ames keeps giving mixed signals "
        "about whether he actually wants a deal. He has injected drama into the talks."
    )
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert all("Despite" not in c.claimant for c in found)
    assert not found[-1].standalone.startswith("Despite")


def test_an_announced_thing_is_the_act_verb_and_all():
    # before, the claim was the bare object "the trade deal during a meeting ..."
    text = "The president announced the trade deal during a meeting in the Oval Office with the envoy."
    assert claims_of(text) == [
        ("announced the trade deal during a meeting in the Oval Office with the envoy", "the president")
    ]
    assert claims_of("The president announced the deal would be signed in May.") == [
        ("the deal would be signed in May", "the president")
    ]


def test_a_surname_that_is_a_pronoun_is_not_every_he():
    # before, each sentence opening with "He" named "Liu He", whom its "he" then meant
    text = (
        "The president met Liu He, the trade negotiator, in May.\n\n"
        "But Jo Ames keeps giving mixed signals about whether he actually wants a deal. "
        "He has injected drama into the talks with other partners, officials said."
    )
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert all("Liu He" not in c.claimant and "Liu He" not in c.standalone for c in found[1:])


def test_a_place_in_the_sentence_is_never_the_speaker():
    # before, the learnt ranker gave the sentence to "Cabinet Room"
    text = (
        "When the mayor’s advisers suggested a smaller budget, Mr. Ames wasn’t satisfied. "
        "In a dramatic retelling in the Cabinet Room, he said he pressed his team to triple that figure."
    )
    assert "Cabinet Room" not in [c for _, c in claims_of(text)]


def test_a_report_inside_whether_is_asked_not_asserted():
    # before, "wants a deal" was a claim of whoever "he" was taken to be
    text = "Jo Ames keeps giving mixed signals about whether he actually wants a deal with the union."
    assert [c for _, c in claims_of(text)] == ["OUT"]


def test_a_possessive_opening_the_sentence_is_part_of_its_subject():
    # before, "China" (the possessive alone), then "to Britain" (the rank stripped as a title)
    text = "Chile’s ambassador to Norway accused the board of meddling and warned that the quotas would not last."
    assert claims_of(text) == [("the quotas would not last", "Chile’s ambassador to Norway")]


def test_an_opening_adverb_and_its_comma_is_no_subject():
    # before, "Shortly" was the claimant of what "some of the mayor's defenders" claimed
    text = (
        "Shortly after, some of the mayor’s defenders took to social media, claiming that the envoy’s wealth "
        "far exceeded her salary."
    )
    assert "Shortly" not in [c for _, c in claims_of(text)]


def test_a_quotation_opening_with_a_capital_after_a_clause_stays_the_quotation():
    # only a fragment ("has "failed ...") continues the clause before it; a whole quoted sentence is the content
    text = 'Asked about the plan on Monday the mayor was blunt "We will not sign it," Jo Ames said.'
    assert [t for t, _ in claims_of(text)] == ["We will not sign it"]
