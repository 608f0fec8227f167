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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A determiner, a name with "&" and a role: '“…,” one Acme & Co employee told …' went to the outlet.
        (
            "“We are shocked, he was a friend to us,” one P&Q Amiens employee told a television station.",
            ("We are shocked, he was a friend to us", "one P&Q Amiens employee"),
        ),
        # "his childhood friend", "her longtime aide" after a quotation.
        (
            "“He always wanted to fly planes,” his childhood friend told the Daily Planet.",
            ("He always wanted to fly planes", "his childhood friend"),
        ),
    ],
)
def test_a_lower_case_speaker_after_a_quotation(text, expected):
    assert claims_of(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jo Ames told a news conference they are planting the seeds of a deal.",
            ("they are planting the seeds of a deal", "Jo Ames"),
        ),
        ("Ana Ruiz told supporters the race was far from over.", ("the race was far from over", "Ana Ruiz")),
    ],
)
def test_told_an_audience_then_a_clause(text, expected):
    assert claims_of(text) == [expected]


def test_a_web_address_as_a_source():
    text = "They lived in the city of Angers and were merchants, according to ouest-journal.fr."
    assert claims_of(text) == [("They lived in the city of Angers and were merchants", "ouest-journal.fr")]


def test_reports_as_a_verb_and_as_a_noun():
    text = "The engineer was based in Johannesburg, Northland newspaper Correio de Tarde reports."
    assert claims_of(text) == [("The engineer was based in Johannesburg", "Correio de Tarde")]
    assert claims_of("The Daily Planet reports that the mayor will resign.") == [
        ("the mayor will resign", "Daily Planet")
    ]
    # A noun: nobody reports here.
    assert claims_of("Media reports that the minister resigned were false.")[0][1] == "OUT"


def test_a_name_starting_like_a_pronoun_is_the_subject():
    # "Wealth-X" was read as "We" (the pronoun alternative matched the name's first letters).
    text = "Wealth-Y keeps its own finances a secret but says its business has tripled over three years."
    assert claims_of(text) == [("its business has tripled over three years", "Wealth-Y")]


def test_a_determiner_and_a_noun_in_ing_are_a_speaker():
    assert claims_of("The ruling says the law is unconstitutional.") == [("the law is unconstitutional", "the ruling")]


def test_a_report_inside_a_relative_clause_with_and():
    text = (
        "Jo Ames, who endorsed Ruiz in late May and said he would probably campaign with her, ultimately did not "
        "show up in person for the race."
    )
    assert claims_of(text) == [
        ("he would probably campaign with her", "Jo Ames"),
        ("ultimately did not show up in person for the race", "OUT"),
    ]


def test_a_surname_in_ing_after_an_opening_participle():
    # "Walking to the next address, Ebeling …": the participle opens the sentence, the name ending in -ing is its
    # subject (it was read as another participle, and the report left to the outlet).
    text = (
        "Walking to the next address, Ebeling recalled her days growing up in Park Ridge, and said their views were "
        "both changed by the war."
    )
    assert claims_of(text)[-1] == ("their views were both changed by the war", "Ebeling")


def test_a_relative_clause_report_ends_where_the_subjects_own_verb_comes():
    text = (
        "Ana Ruiz, who recalled taking the service lift up to the suite to work on the book, said in an interview "
        "that the project never came to pass."
    )
    assert claims_of(text) == [
        ("taking the service lift up to the suite to work on the book", "Ana Ruiz"),
        ("the project never came to pass", "Ana Ruiz"),
    ]


def test_a_title_case_headline_does_not_run_two_names_into_one():
    # "Francois Hollande Says Donald Trump …" was read as one name, and "Trump" later in the article expanded to it.
    text = (
        "Ana Ruiz Says Tom Bell Is Wrong About The Port\n\n"
        "Tom Bell spoke in Salem on Monday. Bell said the port would close by the end of the year."
    )
    assert ("the port would close by the end of the year", "Tom Bell") in claims_of(text)


def test_a_pronouns_quotation_after_the_sentences_own_report_is_its_subjects():
    text = (
        "Ana Ruiz spoke first. Soon after the vote, Tom Bell asserted that Northland had lost its way: "
        "“Northland is no longer Northland,” he claimed."
    )
    assert claims_of(text)[-1] == ("Northland had lost its way: “Northland is no longer Northland", "Tom Bell")


def test_a_speech_tag_followed_by_more_of_the_quotation():
    text = "“Northland will always be Northland,” an angry Ana Ruiz retaliated. “It never gives up on its ideals.”"
    claims = claims_of(text)
    assert [c for _, c in claims] == ["Ana Ruiz"] and "never gives up" in claims[0][0]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # A comma and a time between the poll and "by" its maker.
        (
            "The poll, released on Wednesday night by the Northland Policy Institute, showed Ana Ruiz leading Tom "
            "Bell among likely voters, 46 percent to 44 percent.",
            "Northland Policy Institute",
        ),
        (
            "The survey, conducted by the Northland Policy Institute, finds Ruiz with only a small lead over Bell.",
            "Northland Policy Institute",
        ),
    ],
)
def test_a_polls_result_is_its_named_makers(text, claimant):
    assert [c for _, c in claims_of(text)] == [claimant]


def test_a_dated_report_that_found_something():
    text = 'A 2014 Northland Senate Committee report found "no evidence that there was a stand-down order."'
    claims = claims_of(text)
    assert claims == [("no evidence that there was a stand-down order", "a 2014 Northland Senate Committee report")]


def test_an_apposition_holding_a_shows_title_keeps_the_person():
    text = "Jo Ames, host of Planet TV’s “Morning Jo,” suggested the mayor’s refusal to resign could cost him the race."
    assert claims_of(text)[0][1] == "Jo Ames"


def test_a_condition_before_a_parenthetical_report_is_part_of_the_claim():
    # Without its condition the claim said the opposite of his ("Christians must ignore the law").
    text = "Jo Ames spoke in Salem. If the law conflicts with their faith, Ames said, believers must ignore the law."
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert (found[-1].text, found[-1].claimant) == (
        "If the law conflicts with their faith, Ames said, believers must ignore the law",
        "Jo Ames",
    )
    # The standalone text drops the tag: the claimant is named beside the claim, not inside it.
    assert found[-1].standalone == "If the law conflicts with their faith, believers must ignore the law"


def test_a_subject_before_a_parenthetical_report_joins_its_verb_in_the_standalone_text():
    text = "Ana Ruiz spoke. The mayor, she said, has created chaos in the port."
    found = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert found[-1].standalone == "The mayor has created chaos in the port"


def test_a_person_named_right_before_a_colon_and_a_quotation_speaks_it():
    text = (
        "The timing of the surge does not surprise Republican pollster Dana Shawcross: “Historically, lesser-known "
        "candidates have seen the biggest boost.”"
    )
    assert claims_of(text)[0][1] == "Dana Shawcross"
    # A place before the colon speaks nothing.
    assert claims_of("The crowd gathered in New York: “We will win this state,” the banners read.")[0][1] != "New York"


def test_a_quotation_ending_with_one_inside_it_and_its_speaker():
    # The splitter cut after "?’”", and the inner quotation's "President Ames" took the claim.
    text = "“I then heard President Ames ask, quote, ‘So is he going to do it?’” Holmes testified. “He said yes.”"
    claims = claims_of(text)
    assert claims[0][1] == "Holmes" and claims[0][0].startswith("I then heard President Ames ask")
    assert (
        split_sentences("“He said ‘no.’” Holmes testified. Then we left.")[0].text
        == "“He said ‘no.’” Holmes testified."
    )


def test_a_subject_that_shifted_its_account_to_say_something():
    text = (
        "Another diplomat, former special envoy Jo Volkov, shifted his own account of the July meeting to say Bell "
        "did, in fact, discuss investigations with the visitors."
    )
    assert claims_of(text)[0][1] == "Jo Volkov"
    # Never the predicate before "to say" as a claimant, nor a poll's respondents.
    assert claims_of("Northland voters are slightly more likely to say that Ruiz represents them well.")[0][1] == "OUT"


def test_a_restrictive_who_clause_is_no_report_of_a_name_before_it():
    text = (
        "Bell’s appearance follows the testimony of four officials, including a career Army officer who described "
        "the call as “improper.”"
    )
    # The rules leave it to the outlet, and the learnt ranker, which reads what the rules leave, offers no
    # possessed thing as a speaker ("Bell’s appearance" was its pick); "Bell’s lawyer" may speak.
    assert claims_of(text) == [(claims_of(text)[0][0], "OUT")]
    assert claims_of("Bell’s lawyer said the call was perfect.") == [("the call was perfect", "Bell’s lawyer")]


def test_a_description_then_the_name_after_the_cue():
    text = (
        "Bell was known for telling others he was in charge of the file, said another witness in the inquiry, "
        "former White House adviser Fiona Hillman."
    )
    assert claims_of(text) == [("Bell was known for telling others he was in charge of the file", "Fiona Hillman")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A thing revealed or confirmed is an act with its verb, not a noun phrase on its own.
        ("Jo Ames revealed the plan to reporters on Monday.", ("revealed the plan to reporters on Monday", "Jo Ames")),
        (
            "The ministry confirmed the deaths of three soldiers.",
            ("confirmed the deaths of three soldiers", "the ministry"),
        ),
        # A clause after the cue stays the content.
        ("The company confirmed the plant closes in May.", ("the plant closes in May", "the company")),
    ],
)
def test_an_object_revealed_or_confirmed_keeps_its_verb(text, expected):
    assert claims_of(text) == [expected]


def test_as_a_reporter_reports_for_an_outlet():
    text = "As Emily Fenwick reports for NPR, the first cases came to light last week in the capital."
    assert claims_of(text) == [("the first cases came to light last week in the capital", "Emily Fenwick")]


def test_a_reply_in_a_new_paragraph_is_its_speakers_not_the_questions():
    text = '"So you have not fixed the problem?" Ames asked.\n\n"That\'s correct," Volkov said.'
    assert claims_of(text) == [("So you have not fixed the problem", "Ames"), ("That's correct", "Volkov")]


@pytest.mark.parametrize(
    "title",
    [
        "'Meth. We're On It.': Northland spends $449K on a new anti-drug campaign",
        "“Wild Rose” is now available on DVD and on demand.",
    ],
)
def test_a_paragraph_opening_with_a_quoted_title_is_no_quotation_going_on(title):
    text = f'"The campaign is raising awareness," Ana Ruiz told the Herald. "It is working."\n\n{title}'
    claims = claims_of(text)
    assert claims[-1][1] == "OUT"
    # The single-quoted title is one sentence ("'Meth." was cut off it).
    assert split_sentences(title)[0].text == title


def test_named_reports_after_a_preposition_are_a_noun():
    text = (
        "Nancy Pelosi wants to end the inquiry soon, before the Horowitz and Durham reports, before the bored "
        "public wonders where the evidence is."
    )
    assert all(c != "Horowitz and Durham" for _, c in claims_of(text))


# Misfires a review of the session's rules found on ordinary news text, each now right.
@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # "warned of a recession that …": the "that" is the recession's; nothing was said after it.
        ("The central bank warned of a recession that could last two years.", "the central bank"),
        # A refusal is no denial of a claim.
        ("The meeting request was denied by the State Department.", "OUT"),
        ("Access to the video was denied by the school district.", "OUT"),
        # "reports" with an object and no clause reports nothing.
        ("Acme reports quarterly results on Thursday after the market closes.", "OUT"),
    ],
)
def test_review_misfires_on_ordinary_text(text, claimant):
    assert claims_of(text)[0][1] == claimant


def test_review_misfires_on_whole_claims():
    # A participle opening a sentence with a subject of its own is no quotation going on.
    text = "“The bridge is unsafe,” said engineer Jo Ames. Warning that it could collapse, the city closed the bridge."
    assert claims_of(text)[-1][1] == "OUT"
    # "after" is a preposition here: the residents speak, not "the storm".
    assert claims_of("Many residents after the storm said the river had never been so high.")[0][1] != "the storm"
    # A surname that looks like a demonym is no qualifier ("Paul Ryan thanks voters" was the claimant).
    assert claims_of("Paul Ryan thanks voters for their support, saying the race is not over.")[0][1] == "Paul Ryan"
    # A company is no general.
    text = "General Motors cut 2,000 jobs on Monday. He said the cuts were painful but necessary."
    assert all(c != "Motors" for _, c in claims_of(text))
    # Whom the role knows is not the speaker.
    assert claims_of("“The plan failed,” said a neighbor, a longtime friend of Maria Lopez.")[0][1] == "a neighbor"
    # A capitalised verb outside a headline keeps a name whole.
    text = "Edward Said wrote many books. Said argued that the West misread the East."
    assert claims_of(text)[-1] == ("the West misread the East", "Edward Said")
    # A name in -ing is no opening participle.
    text = "Boeing CEO Dave Calhoun, the company's top executive, apologized and said the jet was safe."
    assert claims_of(text) == [("the jet was safe", "Dave Calhoun")]
    assert claims_of("The crowd chanted “lock her up,” prompting Ames to say the chant went too far.")[-1][1] == "Ames"


def test_review_a_quotation_running_into_a_paragraph_with_a_plural_possessive():
    text = (
        "Jo Ames told reporters: “We will fight this to the end.\n\n“The workers’ pensions are gone. Nobody will "
        "stop us.”"
    )
    assert [c for _, c in claims_of(text)] == ["Jo Ames"]


def test_review_a_debate_transcript_naming_a_speaker_in_full_first():
    from claims.extraction.checkworthiness import genre_of

    text = (
        "SEN. BERNIE SANDERS (I-VT): We will win.\nTAPPER: Why?\nSANDERS: Because we are right.\n"
        "TAPPER: And then?\nSANDERS: Then we govern."
    )
    assert genre_of(text) == "transcript"
