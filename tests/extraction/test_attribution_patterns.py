"""Attribution patterns beyond "X said that ...": small made-up sentences, with negative cases."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quotation that goes on after its speaker is named: one claim, from the first word quoted to the last.
        (
            '"Prices will rise," Jo Smith said. "Wages will not keep up with them."',
            [('Prices will rise," Jo Smith said. "Wages will not keep up with them', "Jo Smith")],
        ),
        # A quotation opened after the cue and closed in a later sentence.
        (
            'Jo Smith said: "Prices will rise next year. Wages will stall for a while."',
            [("Prices will rise next year. Wages will stall for a while", "Jo Smith")],
        ),
        # Two apostrophes as quotation marks.
        ("''Prices will rise this year,'' Jo Smith said.", [("Prices will rise this year", "Jo Smith")]),
        # The speaker after the cue, with an apposition or lower-case words before the name.
        (
            "Rents have doubled in a decade, said Maria Lopez, a housing researcher.",
            [("Rents have doubled in a decade", "Maria Lopez")],
        ),
        (
            '"Rents have doubled in a decade," said former mayor Maria Lopez.',
            [("Rents have doubled in a decade", "Maria Lopez")],
        ),
        (
            '"Rents have doubled in a decade," said one tenant who asked not to be named.',
            [("Rents have doubled in a decade", "one tenant")],
        ),
        # Speakers without a capital.
        ("The bridge will close in May, officials said.", [("The bridge will close in May", "officials")]),
        (
            "The bridge will close in May, two engineers told the council on Monday.",
            [("The bridge will close in May", "two engineers")],
        ),
        ("However, two engineers said the bridge was unsafe.", [("the bridge was unsafe", "two engineers")]),
        (
            "The last caller was a retired teacher, who said the school had closed.",
            [("the school had closed", "a retired teacher")],
        ),
        # "he said" inside the content.
        (
            "Anna Berg said the vote was fair. The plan, she said, would cut emissions by half.",
            [("the vote was fair", "Anna Berg"), ("The plan, she said, would cut emissions by half", "Anna Berg")],
        ),
        (
            "Anna Berg said the vote was fair. Over the years, she said, the river has flooded many homes.",
            [("the vote was fair", "Anna Berg"), ("the river has flooded many homes", "Anna Berg")],
        ),
        # Words between the cue and "that".
        ("Anna Berg told a packed hall in Leeds that taxes would fall.", [("taxes would fall", "Anna Berg")]),
        ("Anna Berg said in an interview on Monday that taxes would fall.", [("taxes would fall", "Anna Berg")]),
        # "according to" a source without a capital, or at the start of the sentence (a report's claimant is
        # its maker).
        (
            "Exports fell by a fifth, according to a report by the trade ministry.",
            [("Exports fell by a fifth", "the trade ministry")],
        ),
        (
            "According to the ministry, exports fell by a fifth last year.",
            [("exports fell by a fifth last year", "the ministry")],
        ),
        # A headline's "Speaker: what they said".
        ("Anna Berg: Taxes will fall next year", [("Taxes will fall next year", "Anna Berg")]),
        # ", saying ...": the sentence's subject.
        ("Anna Berg criticised the plan, saying it would cost many jobs.", [("it would cost many jobs", "Anna Berg")]),
    ],
)
def test_attribution_patterns(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"Prices will rise," Jo Smith said. The council met on Monday.',  # no quotation goes on
        "Update: The road has reopened to traffic",  # no speaker before the colon
        "The house is said to be haunted by a ghost.",
        "Jo Smith spoke. In a speech last July, she said:",  # the content would come next
        "Tom Reed, a local farmer, said he would sell the land.",  # the apposition is no content
        "Jo Smith, who owns a bakery, spoke to the council on Monday.",
        "The results, which were published on Monday, surprised the board.",
        "KYIV: Russian troops have shelled the city overnight, killing three people.",  # a dateline
        "Background: The talks began in 2019 and stalled in the spring.",  # a section label
        "Officials said " * 5000,  # too long to be a sentence (and each cue reads all before it)
    ],
)
def test_no_attribution_where_there_is_none(text):
    claims = claims_of(text)
    if text.startswith("Tom Reed"):
        assert claims == [("he would sell the land", "Tom Reed")]
    elif text.startswith('"Prices'):
        assert claims[1] == ("The council met on Monday", "OUT")
    else:
        assert all(claimant == "OUT" for _, claimant in claims), claims


def test_the_president_is_the_latest_speaker_with_that_title():
    text = (
        "President Joe Biden said the talks would go on. Russian President Vladimir Putin met the "
        "German chancellor on Tuesday. Putin said the West had not answered his demands. "
        "'Of course we do not want war,' the President said."
    )
    claimants = dict(claims_of(text))
    assert claimants["the talks would go on"] == "Joe Biden"
    assert claimants["the West had not answered his demands"] == "Vladimir Putin"
    assert claimants["Of course we do not want war"] == "Vladimir Putin"
    # With no titled speaker yet, the first person the article calls President.
    early = "'We will not send troops,' the President said. President Joe Biden spoke on Monday."
    assert dict(claims_of(early))["We will not send troops"] == "Joe Biden"


def test_a_headline_speaker_is_a_person_the_article_names():
    text = "Bernie Sanders spoke in Iowa. Sanders: Endorsements prove Clinton is the candidate of the establishment."
    assert claims_of(text)[1] == ("Endorsements prove Clinton is the candidate of the establishment", "Bernie Sanders")


def test_according_to_a_possessive_source_keeps_the_whole_source():
    assert claims_of("Prices rose 5% in May, according to the Kremlin's press office.") == [
        ("Prices rose 5% in May", "Kremlin")
    ]  # an unnamed spokesperson speaks for the institution
    assert claims_of("Prices rose 5% in May, according to the Kremlin's economists.") == [
        ("Prices rose 5% in May", "Kremlin's economists")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An act of speech or stance with an object: the subject's claim, the span keeping the verb.
        ("Jo Smith urged voters to stay home on Tuesday.", [("urged voters to stay home on Tuesday", "Jo Smith")]),
        (
            "Jo Smith called the new tax a disaster for small farms.",
            [("called the new tax a disaster for small farms", "Jo Smith")],
        ),
        (
            "The mayor criticized the council for cutting library hours.",
            [("criticized the council for cutting library hours", "the mayor")],
        ),
        (
            "Anna Berg has repeatedly accused the utility of hiding its losses.",
            [("accused the utility of hiding its losses", "Anna Berg")],
        ),
        (
            "Anna Berg vowed to appeal the ruling, and her party backed her.",
            [("vowed to appeal the ruling", "Anna Berg")],
        ),
        (
            "Jo Smith wants to build a second bridge over the river.",
            [("wants to build a second bridge over the river", "Jo Smith")],
        ),
        ("Jo Smith warned of higher water bills next year.", [("warned of higher water bills next year", "Jo Smith")]),
        (
            "Jo Smith called the vote “a citizens' vote” and likened it to the first elections.",
            [("called the vote “a citizens' vote”", "Jo Smith")],
        ),
        (
            "Jo Smith offered a tribute to the nurses, naming each of them.",
            [("offered a tribute to the nurses", "Jo Smith")],
        ),
        # Linked to a clause, the act is a report: the content without the verb.
        ("Jo Smith warned that water bills would rise.", [("water bills would rise", "Jo Smith")]),
        ("Anna Berg vowed that the plant would stay open.", [("the plant would stay open", "Anna Berg")]),
    ],
)
def test_acts_of_speech_with_an_object(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jo Smith was criticized for the delay in the report.",  # passive: the subject is no source
        "Anna Berg never called the new tax a disaster for farms.",  # negated: nobody claims it
        "The farmers were urged to sell their cattle early.",
        "We want safer streets and better schools for our children.",  # the narrator is no source
        "A group called the Free Farmers of Ohio met on Monday.",  # "a group called": a name, not an act
    ],
)
def test_no_act_attributed_where_nobody_acts(text):
    assert all(claimant == "OUT" for _, claimant in claims_of(text))


def test_a_pronoun_speaker_is_the_person_the_outlets_last_sentence_is_about():
    text = (
        "Jo Smith said the plan would fail.\nKarl Dell toured the plant on Monday. He said the jobs would stay in town."
    )
    assert claims_of(text)[-1] == ("the jobs would stay in town", "Karl Dell")
    # A sentence quoting someone else leaves "he" to the last speaker.
    text = "Karl Dell toured the plant. Jo Smith said the plan would fail. He said the jobs would stay."
    assert claims_of(text)[-1] == ("the jobs would stay", "Jo Smith")
    # A time or a title before the name still opens the sentence with that person.
    text = (
        "Karl Dell runs the plant. Jo Smith said the plan would fail.\n"
        "On Monday, Mr. Dell toured the plant. He said the jobs would stay in town."
    )
    assert claims_of(text)[-1] == ("the jobs would stay in town", "Karl Dell")


def test_a_quotation_goes_on_after_its_speaker_adds_a_report():
    text = (
        '"Prices will rise this year," Jo Smith said, adding that wages would stall. '
        '"Nobody has a plan for the winter."'
    )
    assert claims_of(text) == [
        ("Prices will rise this year", "Jo Smith"),
        ("wages would stall", "Jo Smith"),
        ("Nobody has a plan for the winter", "Jo Smith"),
    ]


def test_a_question_quoted_before_a_named_speaker_is_theirs():
    text = '"Who will pay for the new bridge?" Ana Ruiz asked. The council did not answer.'
    assert claims_of(text)[0] == ("Who will pay for the new bridge", "Ana Ruiz")


def test_a_long_apposition_after_the_speaker_opening_the_sentence():
    text = (
        "Ana Ruiz, director of a tenants' union that has backed the mayor and that has sent its members "
        "to every hearing since May, said rents would rise again."
    )
    assert claims_of(text) == [("rents would rise again", "Ana Ruiz")]
    text = (
        "In Dayton, where the plant closed in 2019 and where rents have doubled since then, "
        "officials said rents would rise."
    )
    assert claims_of(text) == [("rents would rise", "officials")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A speaker with a title or a role between the quotation and the cue.
        ('"The bridge is safe," city press officer Ana Ruiz told reporters.', [("The bridge is safe", "Ana Ruiz")]),
        ('"The bridge is safe," a neighbour, Karl Dell, told the paper.', [("The bridge is safe", "Karl Dell")]),
        # "told" a listener, then the content without "that".
        (
            "Karl Dell told the Gazette his firm had never paid the fines.",
            [("his firm had never paid the fines", "Karl Dell")],
        ),
        ("Karl Dell told reporters on Monday the plant would close.", [("the plant would close", "Karl Dell")]),
    ],
)
def test_speakers_with_titles_and_listeners(text, expected):
    assert claims_of(text) == expected


def test_told_with_an_object_and_no_report_is_no_attribution():
    assert claims_of("Karl Dell told the story of his first farm.") == [
        ("Karl Dell told the story of his first farm", "OUT")
    ]


def test_a_quotation_goes_on_after_a_part_too_short_to_be_a_claim():
    text = 'Intro.\n\n"Shameful," Karl Dell said. "The plant did not do well, and the town paid for it."'
    assert claims_of(text)[-1] == ("The plant did not do well, and the town paid for it", "Karl Dell")


def test_a_quotation_of_two_sentences_before_a_speaker_with_titles_and_a_year():
    text = 'Intro.\n\n"The town did well in ’08. It will again," said former state Gov. and party chairman Ana Ruiz.'
    assert claims_of(text)[-1][1] == "Ana Ruiz"
    assert claims_of(text)[-1][0].startswith("The town did well in ’08. It will again")


def test_i_think_inside_a_quotation_is_the_speakers_words():
    text = 'Intro.\n\n"That speaks volumes," Ana Ruiz said. "I think they are waiting to be courted by both parties."'
    claim = find_claims(text, split_sentences(text), default_claimant="OUT")[-1]
    assert claim.claimant == "Ana Ruiz"
    assert claim.text.endswith("I think they are waiting to be courted by both parties")
    text = '"We will never back a plan that calls the tax a disaster," Ana Ruiz said.'
    assert claims_of(text) == [("We will never back a plan that calls the tax a disaster", "Ana Ruiz")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turnout was low – Ana Ruiz: “Two weeks ago the town had voted. Now it has not.”",
            [("Two weeks ago the town had voted. Now it has not", "Ana Ruiz")],
        ),
        (
            "From the report: “In general, older wells were the most polluted.”",
            [("In general, older wells were the most polluted", "the report")],
        ),
    ],
)
def test_a_source_a_colon_and_a_quotation(text, expected):
    assert claims_of(text) == expected


def test_a_quotation_with_mixed_marks_does_not_run_into_the_next_paragraph():
    text = 'Ana Ruiz said the vote was “highly significant."\nThe council met again on Monday to count the ballots.'
    assert claims_of(text) == [
        ("the vote was “highly significant", "Ana Ruiz"),
        ("The council met again on Monday to count the ballots", "OUT"),
    ]
    text = "Ana Ruiz said: “The vote was fair.\nThe council met again on Monday to count the ballots."
    assert claims_of(text)[-1] == ("The council met again on Monday to count the ballots", "OUT")


def test_two_reports_by_one_subject_are_two_claims():
    text = "Jo Smith said the mill was not for sale and said the workers would keep their jobs."
    assert claims_of(text) == [
        ("the mill was not for sale", "Jo Smith"),
        ("the workers would keep their jobs", "Jo Smith"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jo Smith seemed to suggest that the mill would close in May.", [("the mill would close in May", "Jo Smith")]),
        ("Jo Smith did say the mill would close in May.", [("the mill would close in May", "Jo Smith")]),
        ("Jo Smith went on to warn that the mill would close in May.", [("the mill would close in May", "Jo Smith")]),
        ("Early figures suggest the mill lost money in May.", [("the mill lost money in May", "Early figures")]),
    ],
)
def test_reports_behind_seemed_to_did_and_went_on_to(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quotation inside one report is not the next speaker's.
        (
            "While Jo Smith insisted that the mill ‘is not for sale – everyone knows that,’ Karl Dell retorted that "
            "the board would sell it anyway.",
            [
                ("the mill ‘is not for sale – everyone knows that,’", "Jo Smith"),
                ("the board would sell it anyway", "Karl Dell"),
            ],
        ),
        # An act that reports after a time ("admitted yesterday that ...") is a report, and a second report follows.
        (
            "Jo Smith admitted yesterday that the mill would close and said the workers would be paid.",
            [("the mill would close", "Jo Smith"), ("the workers would be paid", "Jo Smith")],
        ),
        # "they" acting in the second clause is the sentence's subject, not the last source.
        (
            "Ana Ruiz said the talks had failed. "
            "The unions and their allies rejected the offer, but they proposed new talks in May.",
            [("the talks had failed", "Ana Ruiz"), ("proposed new talks in May", "the unions and their allies")],
        ),
    ],
)
def test_reports_and_acts_in_one_sentence(text, expected):
    assert claims_of(text) == expected


def test_an_act_in_a_subordinate_clause_ends_with_it():
    text = "While Jo Smith wants the mill sold, the board voted to keep it open until May."
    assert claims_of(text) == [("wants the mill sold", "Jo Smith")]


@pytest.mark.parametrize(
    "text",
    [
        "So-called challenger banks have grown fast in Europe this year.",
        "MORE: Officials defended the new slogan for the state's campaign.",
    ],
)
def test_no_speaker_from_a_hyphenated_word_or_a_teaser_label(text):
    assert all(claimant in ("OUT", "Officials", "officials") for _, claimant in claims_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A poll's claimant is its pollster; polls no pollster is named for are nobody's (the outlet's sentence).
        (
            "A Gazette poll of Ohio released on Tuesday showed Jo Smith with a 16-point lead.",
            [("Jo Smith with a 16-point lead", "Gazette")],
        ),
        (
            "But county records show that the mill paid no tax in 2019.",
            [("the mill paid no tax in 2019", "county records")],
        ),
        ("Polls show Jo Smith up by ten points in Ohio.", [("Polls show Jo Smith up by ten points in Ohio", "OUT")]),
        ("I want to show you the mill before it closes.", [("I want to show you the mill before it closes", "OUT")]),
    ],
)
def test_polls_and_records_show(text, expected):
    assert claims_of(text) == expected


def test_a_report_inside_a_quotation_that_goes_on_is_the_speakers_words():
    text = 'Intro.\n\n"The mill was full every day," Ana Ruiz said. "A young woman told me the town was dying."'
    claim = find_claims(text, split_sentences(text), default_claimant="OUT")[-1]
    assert claim.claimant == "Ana Ruiz"
    assert claim.text.endswith("A young woman told me the town was dying")


def test_these_or_those_people_speak():
    assert claims_of("The mill, these workers said, would close by May.")[0][1] == "these workers"
    assert claims_of("Those officials said the mill would close by May.") == [
        ("the mill would close by May", "Those officials")
    ]


def test_some_acts_only_from_the_subject_opening_the_sentence():
    assert claims_of("Jo Smith praised the new levy on Monday.") == [("praised the new levy on Monday", "Jo Smith")]
    assert claims_of("The levy, which Jo Smith praised last year, will rise again.") == [
        ("The levy, which Jo Smith praised last year, will rise again", "OUT")
    ]
