"""Errors seen on real news pages read by the desk (issue 22), each as a general rule tested on made-up text
of the same shape: brackets, wire credits, exhortations, things a speaker has, places and estimates as
speakers, embedded posts, "this" pointing back across speakers, interviews, first-person essays and dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.extraction import pipeline
from claims.extraction.attribution import find_claims
from claims.extraction.ranking import is_exhortation, is_threat, is_writers_opinion
from claims.extraction.sentences import split_sentences
from claims.extraction.standalone import absolute_dates
from claims.extraction.types import ArticleText

OUT = "The Outlet"
TUESDAY = datetime(2021, 3, 9, tzinfo=UTC)


def claims_of(text: str, published: datetime | None = TUESDAY):
    return find_claims(text, split_sentences(text), default_claimant=OUT, published=published)


def spans(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in claims_of(text)]


# -- brackets ---------------------------------------------------------------------------------------------


def test_a_claim_inside_brackets_ends_at_the_closing_bracket_and_the_report_after_it_is_its_own():
    text = (
        "A new Harbor Institute survey has weaker support for the tax (38 percent of voters say they want the "
        "council to repeal it and the mayor to sign the repeal), but also shows that most voters want an audit "
        "of the fund."
    )
    found = spans(text)
    # (the respondents and their share stay in the poll's finding: "38 percent" is what a checker checks)
    assert (
        "38 percent of voters say they want the council to repeal it and the mayor to sign the repeal",
        "Harbor Institute",
    ) in found
    assert ("most voters want an audit of the fund", "Harbor Institute") in found
    for claim, _ in found:
        assert claim.count("(") == claim.count(")"), claim  # no claim runs over a bracket


def test_a_claim_starting_before_a_bracket_stops_before_it():
    found = spans("The board said the levy (first raised in 2009 and never repealed) would rise again.")
    assert all(c.count("(") == c.count(")") for c, _ in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A wire credit ending the sentence is no speaker, and no part of the claim.
        (
            "Factory output fell 4 percent in June, the statistics office said (Reuters).",
            [("Factory output fell 4 percent in June", "the statistics office")],
        ),
        ("Factory output fell 4 percent in June (AP).", [("Factory output fell 4 percent in June", OUT)]),
    ],
)
def test_a_wire_credit_in_brackets_is_neither_claimant_nor_content(text, expected):
    assert spans(text) == expected


def test_an_aside_in_brackets_after_a_name_is_not_part_of_the_claimant():
    claimants = [c for _, c in spans("Jo Ames (who said the bridge would close) voted for the budget.")]
    assert all("(" not in c for c in claimants), claimants


# -- exhortations ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ohio, with all the jobs I brought to you, and with everything planned, go out and vote Democrat today",
        "GET OUT and VOTE on March 3rd for your great Mayor, @JoAmes",
        "Don't forget to register to vote by Friday",
        "You gotta give me a big win please",
        "Let's finish the wall",
        "Please.",
        # Orders and pleas opening a quotation.
        "Don't believe a word they say about the harbour",
        "Do not trust the council with your money",
        "Stop the count",
        "Get out of my office now",
        "Vote them out in November",
        "Stand up for the harbour workers",
    ],
)
def test_calls_to_action_are_exhortations(text):
    assert is_exhortation(text)


@pytest.mark.parametrize(
    "text",
    [
        "He urged supporters to go out and vote",  # reporting a call to action is a checkable act
        "The mayor asked residents to vote early",
        "Turnout rose 4 percent as voters came out in the rain",
        "Let's be clear: unemployment fell to 4.2 percent",
        "Critics say the law would make sure you pay more tax",
        "Voters turned out in record numbers",
        "Stopping the count was unlawful, the judge ruled",
        "Stop, the rate doubled last year",  # a comma after the verb: a statement follows
        "Don't you think the rate fell?",
        "Get this: the rate doubled in a year",
        # Names and titles that open with an order's words, in statements.
        "Stop the Levy organisers raised $2.5 million in a week.",
        "Get Lost grossed $255 million worldwide.",
        "Get Out Now grossed $25 million in its first week.",
        "Don't Look Back was watched for 152 million hours in its first week.",
        "Stand Up for Rivers has raised more than $600 million since 2008.",
        "Do not resuscitate orders were placed on 500 patients without consent.",
        "Fight for 15 activists say the minimum wage has not risen since 2009.",
        "Lock her up chants broke out twice during the speech.",
        "Keep fighting was the slogan the campaign printed on every poster.",
    ],
)
def test_statements_are_not_exhortations(text):
    assert not is_exhortation(text)


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("I will destroy you", True),
        ("We're going to crush them in the courts", True),
        ("I'll see you in court", True),
        ("We will find you and we will sue you", True),
        ("We will win this seat", False),  # a prediction, no threat
        ("We will give you a pay rise of 5 percent", False),
        ("We will find the money for the hospital", False),
        ("He will destroy the company", False),  # not the speaker's own intention
        (
            "I will destroy the myth that the levy pays for itself, because it raised only half of its cost in "
            "the last ten years of the scheme",
            False,  # a long claim: more than a threat
        ),
    ],
)
def test_threats_to_the_one_addressed(text, threat):
    assert is_threat(text) is threat


def test_a_quoted_threat_is_never_queued_whatever_its_score():
    text = "The councillor sent the mayor a message on Friday. “I will destroy you,” Jo Ames wrote to the mayor."
    result = pipeline.extract(ArticleText(text=text, published=TUESDAY), default_claimant=OUT, threshold=0.0)
    (threat,) = [c for c in result.claims if "destroy" in c.text]
    assert threat.claimant == "Jo Ames"
    assert not threat.checkworthy
    assert "threat" in threat.reason


def test_an_exhortation_is_never_queued_whatever_its_score():
    text = (
        "The governor sent a similar message before the vote. “Ohio, with all the jobs I brought to you, "
        "and with all the money we have planned, go out and vote Democrat today,” he said."
    )
    result = pipeline.extract(ArticleText(text=text, published=TUESDAY), default_claimant=OUT, threshold=0.0)
    (exhortation,) = [c for c in result.claims if "vote Democrat" in c.text]
    assert not exhortation.checkworthy
    assert "exhortation" in exhortation.reason


@pytest.mark.parametrize(
    ("text", "opinion"),
    [
        ("But just because nobody campaigned on the levy doesn’t mean it wasn’t on voters’ minds", True),
        ("But it’s also possible that the council is leaving money on the table", True),
        ("In my view, the council has failed", True),
        ("I don’t see the harm", True),
        ("You could read these results as a rebuke", True),
        ("I think unemployment fell to 4.2 percent", False),  # an opinion around a statistic still holds a fact
        ("It is possible to vote by post in 30 states", False),  # a fact about what is possible
        ("The council spent the reserve on roads", False),
    ],
)
def test_the_writers_framed_opinion_is_recognised(text, opinion):
    assert is_writers_opinion(text) is opinion


def test_the_writers_framed_opinion_is_not_queued_but_a_speakers_is_judged_as_usual():
    text = (
        "But it’s also possible that the council is leaving money on the table with the new levy. "
        "“It’s possible that the harbour fund will run dry by the spring,” the treasurer, Ann Kole, said."
    )
    result = pipeline.extract(ArticleText(text=text, published=TUESDAY), default_claimant=OUT, threshold=0.0)
    writer = [c for c in result.claims if c.claimant == OUT]
    speaker = [c for c in result.claims if c.claimant == "Ann Kole"]
    assert writer and not any(c.checkworthy for c in writer)
    assert "opinion" in writer[0].reason
    assert speaker and all("opinion" not in c.reason for c in speaker)


# -- what a speaker has, places and estimates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "maintains its own monitor": a thing it has, nothing it said; the coordinated report is the claim.
        (
            "The UK Consulate in Lagos maintains its own rain gauge and reported Friday that rainfall reached "
            "300 millimetres.",
            [("rainfall reached 300 millimetres", "UK Consulate in Lagos")],
        ),
        # An institution in a place speaks, not the place.
        (
            "The City Hospital in North Falls says lead levels reached 41 parts per billion.",
            [("lead levels reached 41 parts per billion", "City Hospital in North Falls")],
        ),
        # The people of a place speak, not the place.
        (
            "The mayor of Harrow says rainfall reached 300 millimetres this week.",
            [("rainfall reached 300 millimetres this week", "the mayor of Harrow")],
        ),
        (
            "Officials in Harrow say rainfall reached 300 millimetres this week.",
            [("rainfall reached 300 millimetres this week", "Officials in Harrow")],
        ),
        # "a town like Harrow" is an example of a thing, not Harrow speaking.
        (
            "A town like Harrow demands investment on a vast scale to make a difference.",
            [("A town like Harrow demands investment on a vast scale to make a difference", OUT)],
        ),
        # An estimate is no speaker: nobody named makes it, so it is the outlet's.
        (
            "Rivers have lost 2.1 metres of depth across the province, according to one estimate.",
            [("Rivers have lost 2.1 metres of depth across the province", OUT)],
        ),
        # ... but whoever the article says made it does.
        (
            "Rivers have lost 2.1 metres of depth across the province, according to estimates by the World Bank.",
            [("Rivers have lost 2.1 metres of depth across the province", "World Bank")],
        ),
    ],
)
def test_speakers_are_who_speaks_not_what_they_have_where_they_are_or_an_estimate(text, expected):
    assert spans(text) == expected


# -- embedded posts ----------------------------------------------------------------------------------------

POST = (
    "The river flooded again this week. The mayor turned to Twitter on Friday to describe the town as a lake.\n\n"
    "Our town has become a lake because of the broken dam upstream\n\n"
    "It is vital that everyone stays indoors. Through the schools, we have handed out 20,000 sandbags today\n\n"
    "I ask everyone to stay safe pic.twitter.com/AbCdEf123\n\n"
    "— Jo Ames (@JoAmesMayor) March 5, 2021\n\n"
    "The water reached the second floor of the library on Sunday."
)


def test_a_post_whose_signature_is_a_paragraph_of_its_own_is_its_authors():
    found = claims_of(POST)
    by_text = {c.text: c.claimant for c in found}
    (post,) = [c for c in found if c.text.startswith("Our town")]
    assert post.claimant == "Jo Ames"
    assert post.text.endswith("stay safe")  # all its paragraphs, not its picture link
    assert "pic.twitter" not in post.standalone
    assert "Jo Ames asks everyone to stay safe" in post.standalone
    assert not any("@JoAmesMayor" in t for t in by_text)  # the signature is no claim
    # The article's own sentences around it stay the outlet's, the one introducing it too.
    assert by_text["The water reached the second floor of the library on Sunday"] == OUT
    assert by_text["The river flooded again this week"] == OUT


def test_paragraphs_longer_than_a_post_before_a_signature_are_not_taken_for_it():
    long = "The council met for six hours on Monday and heard from forty residents about the flood. " * 4
    text = long.strip() + "\n\n— Jo Ames (@JoAmesMayor) March 5, 2021\n\nThe water reached the library."
    assert all(c.claimant == OUT for c in claims_of(text))


# -- "this" across speakers ---------------------------------------------------------------------------------


def test_a_quoted_this_is_not_given_another_speakers_words():
    text = (
        "Some of the returning workers said they felt cheated after paying agents for years.\n\n"
        "“This was the third time I have been sent back,” said Karl Dunmore, 31, a welder from the coast."
    )
    claims = claims_of(text)
    (quote,) = [c for c in claims if c.claimant == "Karl Dunmore"]
    assert "[" not in quote.standalone  # no other speaker's clause pasted in brackets
    assert quote.standalone.startswith("This was the third time Karl Dunmore has been sent back")


def test_this_still_points_back_within_one_voice():
    text = "The bridge was closed to lorries in 2019. This meant a detour of 40 miles for the quarry's trucks."
    second = claims_of(text)[-1]
    assert second.standalone.startswith("This [The bridge was closed to lorries in 2019] meant")


# -- interviews and first-person essays --------------------------------------------------------------------

INTERVIEW = (
    "The outbreak has spread to six districts. We spoke to the city's chief epidemiologist.\n\n"
    "Q: How many cases have there been?\n\n"
    "A: We have confirmed 312 cases since March, most of them in the eastern districts.\n\n"
    "Q: Is the vaccine working?\n\n"
    "A: Hospital admissions fell by half after the campaign began."
)


def test_answers_to_an_interviewee_described_not_named_are_theirs_without_the_label():
    answers = [c for c in claims_of(INTERVIEW) if "312" in c.text or "admissions" in c.text]
    assert [(c.text, c.claimant) for c in answers] == [
        (
            "We have confirmed 312 cases since March, most of them in the eastern districts",
            "the city's chief epidemiologist",
        ),
        ("Hospital admissions fell by half after the campaign began", "the city's chief epidemiologist"),
    ]
    questions = [c for c in claims_of(INTERVIEW) if c.text.startswith("Q:")]
    assert questions and all(c.claimant == OUT for c in questions)


def test_the_writers_own_i_in_an_essay_is_the_outlet_not_the_last_person_quoted():
    text = (
        "My neighbour, Carl Brandt, worked at the plant until it closed. He says the town lost 4,000 jobs.\n\n"
        "I think the council has failed us. I believe the plant could have been saved."
    )
    found = spans(text)
    assert ("the town lost 4,000 jobs", "Carl Brandt") in found
    essay = [(t, c) for t, c in found if t.startswith("I ")]
    assert essay == [
        ("I think the council has failed us", OUT),
        ("I believe the plant could have been saved", OUT),
    ]
    for claim in claims_of(text):
        if claim.text.startswith("I "):
            assert claim.standalone == claim.text  # "I" is never replaced with someone else's name


def test_a_quoted_i_still_becomes_the_speaker_in_the_standalone_text():
    (claim,) = claims_of("“I think the council has failed us,” Carl Brandt said.")
    assert (claim.claimant, claim.standalone) == ("Carl Brandt", "Carl Brandt thinks the council has failed us")


# -- relative dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He spoke on Monday night", "He spoke on the night of March 8, 2021"),
        ("The vote was held last night", "The vote was held on the night of March 8, 2021"),
        ("Officials met this morning", "Officials met on the morning of March 9, 2021"),
        ("They will meet tomorrow evening", "They will meet on the evening of March 10, 2021"),
        ("The riots began tonight", "The riots began on the night of March 9, 2021"),
        ("Last week, prices fell", "In the week of March 1, 2021, prices fell"),
        ("It rained on Monday", "It rained on March 8, 2021"),
        ("Shops stay open every night", "Shops stay open every night"),
    ],
)
def test_relative_dates_read_as_dates_with_their_part_of_the_day(text, expected):
    assert absolute_dates(text, TUESDAY) == expected


def test_a_quoted_he_after_someone_unnamed_is_left_as_he():
    text = (
        "Mohan Lal said he has spent 10,000 dollars on three attempts. Ravi Dass, another migrant, said he had paid "
        "20,000 dollars to a city-based agent to get him across the border. "
        "“He sent me to the coast on May 2 and then stopped answering,” he said."
    )
    (quote,) = [c for c in claims_of(text) if c.text.startswith("He sent")]
    assert quote.claimant == "Ravi Dass"
    assert quote.standalone.startswith("He sent Ravi Dass to the coast")


def test_a_quoted_he_with_only_a_named_person_before_still_resolves():
    text = (
        "Ravi Dass said he had met the governor, Tom Okafor, twice. "
        "“He promised me a permit on May 2 and then stopped answering,” Dass said."
    )
    (quote,) = [c for c in claims_of(text) if c.text.startswith("He promised")]
    assert quote.standalone.startswith("Tom Okafor promised Ravi Dass a permit")


# -- rules found on PolNeAR train -----------------------------------------------------------------------------


def test_a_quotation_opening_a_paragraph_is_the_speaker_its_close_names_not_the_one_before():
    text = (
        "“I don't think that voters here believe he is serious about it,” said Carl Ames, a media consultant.\n\n"
        "“He never came to the valley. When I listened to him, I was sure he would drop out or endorse her,” said "
        "Rudy Kane, the former mayor of Dayton."
    )
    assert spans(text) == [
        ("I don't think that voters here believe he is serious about it", "Carl Ames"),
        (
            "He never came to the valley. When I listened to him, I was sure he would drop out or endorse her",
            "Rudy Kane",
        ),
    ]


def test_a_quotation_going_on_in_a_new_paragraph_stays_its_speakers():
    # Hers, and a statement of its own: the quotation before closed, the new paragraph opens another.
    text = "“We will win this,” Jo Kane said.\n\n“And we will win it by a mile. Nobody can stop us now.”"
    assert spans(text) == [
        ("We will win this", "Jo Kane"),
        ("And we will win it by a mile. Nobody can stop us now", "Jo Kane"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ann Kole spoke in Akron. She appeared to imply that the mayor could lose the county by a wide margin.",
            ("the mayor could lose the county by a wide margin", "Ann Kole"),
        ),
        (
            "Ann Kole spoke in Akron. She guessed that the family had moved away in the spring.",
            ("the family had moved away in the spring", "Ann Kole"),
        ),
        (
            'Jo Ames spoke in Dayton. Ames shot back, "The council called them out on it."',
            ("The council called them out on it", "Jo Ames"),
        ),
        # A subject with an irregular past before ", saying": the subject says it.
        (
            "The senator took a swipe at the council, saying it had wasted the reserve on roads.",
            ("it had wasted the reserve on roads", "the senator"),
        ),
    ],
)
def test_more_reporting_shapes(text, expected):
    assert expected in spans(text)


def test_a_things_implication_is_no_report():
    assert spans("The bill implies a tax rise of 4 percent for most families.") == [
        ("The bill implies a tax rise of 4 percent for most families", OUT)
    ]


def test_a_share_of_respondents_spelt_out_is_never_the_claimant():
    # ("Fifty-one percent of voters" was: a hyphenated number is a share of respondents too)
    found = spans("Fifty-one percent of voters say they want the levy repealed before the spring.")
    assert all(c == OUT for _, c in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A poll "released Sunday by" its pollster, an average of a pollster's polls, a named average.
        (
            "A national poll released Sunday by The Harbor Times and WKLM News shows the mayor keeping his lead.",
            ("the mayor keeping his lead", "Harbor Times and WKLM News"),
        ),
        (
            "This year, an average of recent Times-WKLM polls shows the mayor leading Kole "
            "by 70 percent to 25 percent.",
            ("the mayor leading Kole by 70 percent to 25 percent", "Times-WKLM"),
        ),
        (
            "A Harbor Politics average of polls shows Kole leading by 2.2 percent over the mayor.",
            ("Kole leading by 2.2 percent over the mayor", "Harbor Politics"),
        ),
        # An average nobody is named as making is the outlet's report.
        (
            "The average shows Kole leading by 2.2 percent over the mayor.",
            ("The average shows Kole leading by 2.2 percent over the mayor", OUT),
        ),
    ],
)
def test_poll_averages_and_pollsters_after_by(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An act's object runs on past "including": it is the whole of what was done.
        (
            "Ann Kole cited several factors for the low turnout, including new barriers to voting.",
            ("cited several factors for the low turnout, including new barriers to voting", "Ann Kole"),
        ),
    ],
)
def test_the_whole_act_runs_past_including(text, expected):
    assert expected in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A possessor and a role after a quotation: the quotation is theirs (it was lost to "denying the reports").
        (
            '"We have no plans to close the plant," Acme\'s chief executive said, denying the reports.',
            ("We have no plans to close the plant", "Acme's chief executive"),
        ),
        # A party-and-state tag after the name is not the speaker.
        (
            "Sen. Jo Ames, R-Ohio, appearing on Fox News right after the speech, said the mayor failed to act.",
            ("the mayor failed to act", "Jo Ames"),
        ),
        # A long apposition naming an institution: the person before it speaks.
        (
            "In an article posted online, Shen Li, a doctoral candidate at the Harbor Institute of Technology, urged "
            "readers to stay calm about the tides.",
            ("urged readers to stay calm about the tides", "Shen Li"),
        ),
    ],
)
def test_the_speaker_before_a_role_a_party_tag_or_a_long_apposition(text, expected):
    assert expected in spans(text)


def test_a_dateline_opening_the_story_is_no_part_of_its_first_claim():
    text = (
        "Workers return home from the Gulf\n\n"
        "NEW DELHI: Their savings gone, nearly 90 workers returned home on Wednesday after being sent back.\n\n"
        "LONDON (Reuters) - Output fell 4 percent in May, the statistics office said."
    )
    assert spans(text)[1:] == [
        ("Their savings gone, nearly 90 workers returned home on Wednesday after being sent back", OUT),
        ("Output fell 4 percent in May", "the statistics office"),
    ]


def test_a_transcripts_speaker_label_is_no_dateline():
    text = "KATE AMES: Why not debate?\n\nJO KANE: Because the rules say no.\n\nKATE AMES: The rules changed in 2019."
    assert spans(text)[0] == ("Why not debate", "Kate Ames")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # People of a place before a cue, after a capitalised word or a conjunction: they speak, not the place.
        (
            "Health authorities in Inner Harbor Province have confirmed that a third case has been reported.",
            ("a third case has been reported", "authorities in Inner Harbor Province"),
        ),
        (
            "The first cases came to light last week, when authorities in Harbor City announced that two infected "
            "people sought treatment.",
            ("two infected people sought treatment", "authorities in Harbor City"),
        ),
    ],
)
def test_authorities_of_a_place_speak_not_the_place(text, expected):
    assert expected in spans(text)


def test_a_streak_snapped_is_no_report():
    text = "The Eagles (6-5) snapped an 11-game losing streak to the Huskies and ended their title hopes."
    assert [c for _, c in spans(text)] == [OUT]


def test_a_post_never_takes_in_the_articles_paragraphs_reporting_others_before_it():
    text = (
        "Some users mocked the slogan. “If we were any higher, we’d be in orbit,” one user quipped.\n\n"
        "Another wondered why the county bothered to register the slogan at all.\n\n"
        "I love that they registered it. Don't worry, nobody is taking your slogan. https://t.co/AbCd123\n\n"
        "— Jo Ames (@JoAmesMayor) November 18, 2019"
    )
    found = spans(text)
    assert found[-1] == ("I love that they registered it. Don't worry, nobody is taking your slogan", "Jo Ames")
    assert all(c != "Jo Ames" for t, c in found if t.startswith(("Another", "If we")))


# -- a "he" whose clause names its subject; an office "for the" district ------------------------------


def test_a_reporting_he_is_the_person_its_own_sentence_names_as_subject_not_the_last_quoted():
    text = (
        "Jo Ames, the driver's lawyer, told reporters that her client did not plan the attack. "
        "Mark Bell was arrested in April for a call to the office, in which he said he would burn the building "
        "down. When Bell was approached, he told police he supported the mayor."
    )
    found = spans(text)
    assert ("her client did not plan the attack", "Jo Ames") in found
    assert ("he would burn the building down", "Mark Bell") in found
    assert ("he supported the mayor", "Mark Bell") in found  # what he told police, not his act


def test_a_quoted_he_is_left_to_the_quotations_speaker():
    text = "Jo Ames said her client was sorry. “He regrets it,” she said."
    assert ("He regrets it", "Jo Ames") in spans(text)


def test_an_office_for_a_district_is_named_whole():
    text = (
        "The U.S. Attorney's Office for the Western District of New York announced that the man pleaded guilty "
        "to two charges."
    )
    assert spans(text) == [
        ("the man pleaded guilty to two charges", "U.S. Attorney's Office for the Western District of New York")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Neither Mr Smith nor Ms Jones said the budget would rise by 4 percent.",
        "Neither the mayor nor the council has said when the bridge will reopen.",
    ],
)
def test_a_report_neither_speaker_made_is_nobodys_claim_but_the_outlets_whole_sentence(text):
    # Crediting the content to one of them would state the opposite of what the sentence says.
    assert spans(text) == [(text.rstrip("."), OUT)]
