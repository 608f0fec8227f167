"""Claimants seen wrong on real pages (issue 22), each in a made-up sentence of the same shape,
and the learnt speaker ranker (speakers.py) for sentences the rules leave to the outlet."""

from __future__ import annotations

import json

import pytest

from claims.extraction import speakers
from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT", **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An institution's name keeps its "on"/"for" ("Drug Abuse" was the claimant), before or after the content.
        (
            "The National Institute on Drug Abuse said overdose deaths rose by 30 percent last year.",
            [("overdose deaths rose by 30 percent last year", "National Institute on Drug Abuse")],
        ),
        (
            "Overdose deaths rose by 30 percent, the National Institute on Drug Abuse said.",
            [("Overdose deaths rose by 30 percent", "National Institute on Drug Abuse")],
        ),
        (
            "The Centers for Disease Control said cases had doubled in a week.",
            [("cases had doubled in a week", "Centers for Disease Control")],
        ),
        # A state's department is named whole ("South Dakota's Department of" was the claimant).
        (
            "South Dakota's Department of Health said the outbreak was under control.",
            [("the outbreak was under control", "South Dakota's Department of Health")],
        ),
        # A title between the comma and the name ("Wikileaks founder" was the claimant, or the outlet).
        (
            "The cables were authentic, Wikileaks founder Julian Assange said.",
            [("The cables were authentic", "Julian Assange")],
        ),
        ("The cables were authentic, union spokesman Karl Dell said.", [("The cables were authentic", "Karl Dell")]),
        # A sentence opening with an adverb or a place: neither is a speaker ("There" was the claimant).
        (
            "There, the plans will anger Putin, said Jo Smith, a diplomat.",
            [("There, the plans will anger Putin", "Jo Smith")],
        ),
        ("Yesterday, the plans angered Putin, said Jo Smith.", [("Yesterday, the plans angered Putin", "Jo Smith")]),
        (
            "In Kyiv, the plans will anger Putin, said Olena Kovalenko.",
            [("In Kyiv, the plans will anger Putin", "Olena Kovalenko")],
        ),
    ],
)
def test_claimants_of_real_page_shapes(text, expected):
    assert claims_of(text) == expected


def test_an_apposition_after_a_name_still_hides_the_clause():
    # The fix for places and adverbs keeps "Name, an apposition, said ..." a speaker's apposition.
    assert claims_of("Tom Reed, a local farmer, said he would sell the land.") == [
        ("he would sell the land", "Tom Reed")
    ]


def test_first_person_in_an_inner_quotation_is_not_the_claimant():
    text = '"I will not back down," Jo Smith said. She said her rival told voters "I am the only one who can win."'
    claims = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert claims[0].standalone == "Jo Smith will not back down"  # her own "I" is her
    rival = claims[1]
    assert rival.claimant == "Jo Smith"
    assert "I am the only one" in rival.standalone and "Jo Smith is" not in rival.standalone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A time or a party label between the speaker and the cue (the outlet's before).
        (
            "Democratic candidate Jo Smith on Tuesday said that the plant would close within a year.",
            [("the plant would close within a year", "Jo Smith")],
        ),
        (
            "Mayor Jo Smith (D-Ohio) last week said the plant would close within a year.",
            [("the plant would close within a year", "Jo Smith")],
        ),
        (
            "The plant will close within a year, Mayor Jo Smith told reporters Wednesday.",
            [("The plant will close within a year", "Jo Smith")],
        ),
        # An apposition between dashes, after the name or holding it.
        (
            "Jason Sims — a teacher from Mount Pleasant — says he made a last-minute decision to vote.",
            [("he made a last-minute decision to vote", "Jason Sims")],
        ),
        (
            "A former candidate -- John McCain, who lost the 2008 election -- said the president offered no changes.",
            [("the president offered no changes", "John McCain")],
        ),
        # "That person said ...": a demonstrative subject.
        (
            "That person said the closure hampered the town for years.",
            [("the closure hampered the town for years", "That person")],
        ),
    ],
)
def test_speakers_the_rules_missed(text, expected):
    assert claims_of(text, learnt=False) == expected


# Sentences the rules leave to the outlet (a speaker after a long clause, a verb of stance): the
# learnt ranker names the speaker; the rules alone do not.
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Still, the town will be re-evaluating its budget, a source close to the mayor said.",
            "a source close to the mayor",
        ),
        ("The mayor seemed to concede that the plant would close.", "the mayor"),
    ],
)
def test_the_learnt_ranker_names_speakers_the_rules_miss(text, speaker):
    assert claims_of(text, learnt=False) == [(text.rstrip("."), "OUT")]
    assert claims_of(text) == [(text.rstrip("."), speaker)]


@pytest.mark.parametrize(
    "text",
    [
        "Trump then threw up his hands in mock exasperation at the comment.",  # an act, nothing said
        "The council met on Monday and voted to close the plant.",
        "Parliament rejected the bill by 300 votes to 250.",  # a denial verb without a report: the rules decide
        "The levy, which Jo Smith praised last year, will rise again.",  # an act not opening the sentence
        "Jo Smith did not say that taxes would rise.",  # a negated report claims nothing
        "The house is said to be haunted by a ghost.",  # a passive report names no speaker
        "The plan would see four battlegroups deploy along the eastern front.",
        # Seen on the sample article: a clause ("the move could give Moscow cause for") or a list's
        # tail ("and Western allies") is no speaker, nor is a noun a cue ("for talks aimed at").
        "The move could give Moscow cause for alarm as it would signal to Putin that NATO has no plans to consider "
        "the demands.",
        "The US, UK and Western allies have offered to engage Russia in talks on how to reach a deal.",
        "The leaders met for talks aimed at easing the crisis.",
    ],
)
def test_the_learnt_ranker_leaves_the_outlets_sentences(text):
    assert claims_of(text) == [(text.rstrip("."), "OUT")]


def test_the_shipped_model_is_small_and_matches_the_features():
    data = json.loads(speakers.MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == speakers.FEATURES
    assert len(data["weights"]) == len(speakers.FEATURES) == len(data["mean"]) == len(data["scale"])
    assert 0.5 <= data["threshold"] < 1 and "said" in data["cues"]
    assert speakers.MODEL_PATH.stat().st_size < 300_000
    model = speakers.SpeakerModel(data)
    assert 0.0 <= model.score({}) <= 1.0


def test_a_model_of_other_features_is_refused():
    data = json.loads(speakers.MODEL_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        speakers.SpeakerModel(data)


def test_a_party_label_between_quotation_and_cue():
    assert claims_of('"The vote was rigged," Sen. Bernie Sanders (I-Vt.) said on Monday.') == [
        ("The vote was rigged", "Bernie Sanders")
    ]


def test_a_shorter_name_is_not_expanded_into_a_name_opened_by_a_number_word():
    text = (
        "Dow component Home Depot reported quarterly earnings that topped estimates as revenue fell short. "
        '"Sales were held back by our One Home Depot strategic investments," chief executive Dana Kerr said.'
    )
    assert [claimant for _, claimant in claims_of(text)] == ["Home Depot", "Dana Kerr"]


@pytest.mark.parametrize(
    "speaker", ["chairman, CEO and president Dana Kerr", "chairman and CEO Dana Kerr", "Dana Kerr, the chairman,"]
)
def test_a_list_of_titles_before_the_speaker_ends_the_quotation(speaker):
    text = f'"Sales were held back by our investments," {speaker} said in the release.'
    assert claims_of(text) == [("Sales were held back by our investments", "Dana Kerr")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "While press secretary Dana Kerr said the trip was a routine checkup, he did not have that "
            "checkup done in phases in the past two years.",
            [
                ("the trip was a routine checkup", "Dana Kerr"),
                ("he did not have that checkup done in phases in the past two years", "OUT"),
            ],
        ),
        (
            "Although the mayor said the budget was balanced, the city borrowed $20 million in March.",
            [("the budget was balanced", "the mayor"), ("the city borrowed $20 million in March", "OUT")],
        ),
    ],
)
def test_what_a_subordinate_clause_reports_ends_with_it_and_the_main_clause_is_the_outlets(text, expected):
    assert claims_of(text) == expected


def test_he_is_never_the_news_agency_the_sentence_before_names():
    text = (
        "A New York man pleaded guilty on Monday to threatening to kill a senator, prosecutors said.\n\n"
        "Mark T. Dobbs Jr., 55, of Addison, pleaded guilty to threatening to assault a United States official.\n\n"
        "He was arrested in April for a call to the offices of the senator.\n\n"
        "Dobbs's attorney, Mia Lund, said in an email to The Associated Press that Dobbs never intended harm.\n\n"
        '"He has taken responsibility for using threatening language," Lund said.\n\n'
        "Dobbs is a convicted felon and possessed a loaded handgun at his home, prosecutors said. "
        "He was convicted of criminal mischief in 1998 and was barred from possessing a firearm."
    )
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert "Associated Press" not in found[-1].standalone
    assert found[-1].standalone.endswith(
        "was convicted of criminal mischief in 1998 and was barred from possessing a firearm"
    )


def test_an_adverb_before_the_cue_is_not_part_of_the_claimant():
    assert claims_of("The company flat-out denied the allegations in a statement on its website.") == [
        ("denied the allegations in a statement on its website", "the company")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A further 17 makers, according to the report, had plants of 30 to 600 megawatts.",
            [("A further 17 makers, according to the report, had plants of 30 to 600 megawatts", "the report")],
        ),
        # A whole clause before the aside is the content alone.
        (
            "Sales fell by 5 percent, according to the report, in the third quarter.",
            [("Sales fell by 5 percent", "the report")],
        ),
    ],
)
def test_according_to_as_an_aside_between_subject_and_predicate_keeps_both(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Dean Baquet, the executive editor, said the paper would keep its paywall.", "Dean Baquet"),
        ("Pastor Maldonado said the race was lost in the first lap.", "Pastor Maldonado"),
        ("Coach P.J. Fleck said the team had played its best game of the season.", "P.J. Fleck"),
    ],
)
def test_a_first_name_that_is_also_a_rank_stays_in_the_name(text, claimant):
    assert [c for _, c in claims_of(text)] == [claimant]


def test_acronyms_before_the_cue_are_no_list_of_titles():
    found = claims_of("\u201cWe will respond in kind,\u201d FBI, CIA and NSA officials said.")
    assert [text for text, _ in found] == ["We will respond in kind"]
    assert "and NSA" not in found[0][1]


def test_the_main_clause_begins_where_a_clause_of_its_own_begins():
    text = "Although the company said sales, which fell 10% last year, would recover, analysts were not convinced."
    assert claims_of(text) == [
        ("sales, which fell 10% last year, would recover", "the company"),
        ("analysts were not convinced", "OUT"),
    ]


def _spans(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (c.text, c.claimant, c.stance, c.standalone)
        for c in find_claims(text, split_sentences(text), default_claimant="OUT")
    ]


@pytest.mark.parametrize(
    ("text", "reported", "claimant", "stance", "main"),
    [
        (
            "Mr Olsen, who denies the accusation, has avoided extradition to Norway for seven years.",
            "denies the accusation",
            "Olsen",
            "denies",
            "has avoided extradition to Norway for seven years",
        ),
        (
            "Jo Olsen, who denies any wrongdoing, resigned on Monday.",
            "denies any wrongdoing",
            "Jo Olsen",
            "denies",
            "resigned on Monday",
        ),
        (
            "The mayor, who says the budget is balanced, will face voters in May.",
            "the budget is balanced",
            "the mayor",
            "asserts",
            "will face voters in May",
        ),
        (
            "Jo Olsen, who said last year that the plant would close, was proved right on Monday.",
            "the plant would close",
            "Jo Olsen",
            "asserts",
            "was proved right on Monday",
        ),
    ],
)
def test_a_report_inside_a_relative_clause_ends_with_it_and_the_predicate_is_the_outlets(
    text, reported, claimant, stance, main
):
    """ "Mr X, who denies the accusation, has avoided extradition …": X denies the accusation; that he avoided
    extradition is the outlet's, read whole from its subject (it was all X's, denial and all)."""
    spans = _spans(text)
    assert spans[0][:3] == (reported, claimant, stance)
    assert spans[1][:3] == (main, "OUT", "asserts")
    assert spans[1][3].startswith(text.split(",")[0]) and spans[1][3].endswith(main)


def test_a_relative_clause_inside_what_was_said_stays_in_it():
    assert [s[:2] for s in _spans("The mayor said the budget, which grew, was balanced.")] == [
        ("the budget, which grew, was balanced", "the mayor")
    ]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # "the West" is a bloc, not a surname: "He" is the last person quoted, not "West".
        (
            "Putin said the West agreed to discuss a ban on missile deployment.\n\n"
            "He said Russia is open to discuss some of those elements.",
            "Putin",
        ),
        (
            "West risks a row with Moscow amid East-West tensions. Ruiz said the West agreed to send more troops.\n\n"
            "He said the West will meet again in May.",
            "Ruiz",
        ),
        # A surname the article also writes on its own stays a person, "the Obama administration" or not.
        (
            "The Obama administration said little. Obama said the deal agreed to cut tariffs.\n\n"
            "He said the talks would go on.",
            "Obama",
        ),
    ],
)
def test_a_one_word_name_always_written_after_the_is_nobody_he_means(text, claimant):
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert found[-1].claimant == claimant, [(c.text, c.claimant) for c in found]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A dash and a contrasting condition open a clause of their own: the report ends before them.
        (
            "Jo Ames said troops would not be sent to fight – but if citizens were targeted, the minister warned "
            "of a long war.",
            "troops would not be sent to fight",
        ),
        (
            "Ana Ruiz said the mine would stay open — but when prices fall, the owners said, it will be sold.",
            "the mine would stay open",
        ),
        # Without a new report after the condition, the whole is the speaker's; a condition after a dash with
        # no "but" is the claim's own: they stay.
        (
            "Ana Ruiz said the mine would stay open — but when prices fall, the owners will sell it.",
            "the mine would stay open — but when prices fall, the owners will sell it",
        ),
        ("Ana Ruiz said the mine would close – if the subsidies end.", "the mine would close – if the subsidies end"),
        ("Jo Ames said prices would rise – but not by much.", "prices would rise – but not by much"),
    ],
)
def test_a_dash_and_but_if_before_a_new_report_end_the_reported_content(text, content):
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert found[0].text == content, [(c.text, c.claimant) for c in found]


@pytest.mark.parametrize(
    "text",
    [
        "“The plant will close,” said one legal expert.",
        "“The plant will close,” said one legal expert, as reported by the Ledger newspaper.",
        "“The plant will close,” one legal expert said.",
    ],
)
def test_one_of_the_experts_is_a_source_as_one_official_is(text):
    # "expert" heads no source in the word list (its plural does): the quotation went to the outlet,
    # its span running into '” said one legal expert'.
    (claim,) = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert (claim.text, claim.claimant) == ("The plant will close", "one legal expert")


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Prince Edward told the BBC that he never met her. In it, the British royal blankly denied having met "
            "the girls.",
            "Prince Edward",
        ),
        ("Jo Ames said the fund had grown. The financier told reporters that it would grow again.", "Jo Ames"),
    ],
)
def test_a_description_of_the_person_just_quoted_is_that_person(text, claimant):
    # "the British royal", "the financier": the person the article has just quoted, not a claimant "British royal".
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert found[-1].claimant == claimant, [(c.text, c.claimant) for c in found]


@pytest.mark.parametrize(
    "text",
    ["He met Acme Chief Executive The Rev. Al Green, who said it failed.", "Jo Ames, Minister Of The, said it failed."],
)
def test_a_name_made_only_of_titles_does_not_stop_the_article(text):
    # _strip_titles left "" and the people's first-word check raised IndexError: the whole article failed.
    assert find_claims(text, split_sentences(text), default_claimant="OUT")


@pytest.mark.parametrize(
    "text",
    [
        "Officials said Monday, however, that the dam was safe.",
        "Officials said Monday, meanwhile, that the dam was safe.",
    ],
)
def test_a_connective_between_the_day_and_that_is_no_part_of_the_content(text):
    # The claim was "Monday, however, that the dam was safe" (seen on an LA Times page).
    (claim,) = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert (claim.text, claim.claimant) == ("the dam was safe", "Officials")


def test_a_surname_before_jr_is_the_same_person():
    # "Jo Ames Jr" and "Ames" were two claimants: the key for "Ames" was "Jr".
    text = "Jo Ames Jr said the case was strong. Ames said the trial would start in May."
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert [c.claimant for c in found] == ["Jo Ames Jr", "Jo Ames Jr"]
