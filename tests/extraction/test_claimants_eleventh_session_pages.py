"""Claimants and spans found wrong on real news pages (eleventh session), each shape in made-up text: a role after
the cue that names its person after a comma, a saying in an infinitive after the speaker's act."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


def claimants_of(text: str) -> list[str]:
    return [claimant for _, claimant in claims_of(text)]


@pytest.mark.parametrize(
    "text",
    [
        # The role after the cue names its person after a comma: the person speaks (the sentence's subject,
        # "Jones", was the claimant).
        "Jones was known for being late to every meeting, said a witness in the inquiry, adviser Dana Hull.",
        "Jones was known for being late to every meeting, said another witness, former aide Dana Hull.",
    ],
)
def test_a_role_after_the_cue_names_its_person_after_a_comma(text):
    assert claims_of(text) == [("Jones was known for being late to every meeting", "Dana Hull")]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # "… shifted his account to say": the one whose act it is speaks (the claimant was the act, "Kim Vale
        # shifted his own account of the May 3 meeting to").
        ("Kim Vale shifted his own account of the May 3 meeting to say Jones did discuss the loans.", "Kim Vale"),
        (
            "Another diplomat, former envoy to Ruritania Kim Vale, shifted his own account of the May 3 meeting to "
            "say Jones did, in fact, discuss the loans.",
            "Kim Vale",
        ),
        # Led to say it: the ones led say it.
        ("The late timing of the vote led Democrats to say that the party was protecting its man.", "Democrats"),
    ],
)
def test_a_saying_in_an_infinitive_is_the_subjects(text, claimant):
    assert claimants_of(text) == [claimant]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # People told as a body, then the clause without "that": the speaker's report (it was the outlet's
        # sentence).
        ("Tom Bell told lawmakers it was his duty to report his concerns about the call.", "it was his duty"),
        ("Ana Ruiz told the jury the gun was not hers.", "the gun was not hers"),
    ],
)
def test_a_clause_told_to_a_body_of_people_is_the_speakers(text, content):
    (claim,) = claims_of(text)
    assert claim[1] in ("Tom Bell", "Ana Ruiz")
    assert claim[0].startswith(content)


def test_an_act_taking_something_as_proof_keeps_the_whole_clause():
    # The clause proven runs on past an aside ("…, in fact, working" was cut at ", working").
    text = "The ad drew ridicule, but Ames cited the backlash as proof that the ads were, in fact, working."
    assert claims_of(text) == [
        ("The ad drew ridicule", "OUT"),  # (the writer's clause before the act: its own claim, since 2026-12-07)
        ("cited the backlash as proof that the ads were, in fact, working", "Ames"),
    ]


def test_a_description_is_the_person_the_article_names_with_it():
    # "The Acme founder" was the correspondent named on a line of their own just before (the last person).
    text = (
        "Acme co-founder Jo Ames was arrested in May. Police said he was held overnight. "
        "Tom Bell, BBC correspondent\n\n"
        "With the end of the case, one chapter is over. The Acme founder always argued that his fear of arrest was "
        "why he had hidden."
    )
    assert claims_of(text)[-1] == ("his fear of arrest was why he had hidden", "Jo Ames")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A ruling that something is so: the clause after "that", not the whole sentence with its "ruled that".
        ("But a judge ruled that Ames should remain in jail.", ("Ames should remain in jail", "a judge")),
        ("The court ruled on Monday that the new law was void.", ("the new law was void", "the court")),
    ],
)
def test_a_ruling_reports_its_clause(text, expected):
    assert claims_of(text) == [expected]


def test_ruling_a_country_or_ruling_out_is_no_ruling_that():
    assert claims_of("Jo Ames ruled out a vote on the bill.") == [("ruled out a vote on the bill", "Jo Ames")]
    assert claimants_of("The king ruled the country for twenty years.") == ["OUT"]


def test_the_statement_opening_a_sentence_is_its_issuers():
    # "The statement" capitalised at the sentence's start named nobody, so the sentence stayed the outlet's.
    text = (
        "Acme Records issued a statement on Monday. The statement, which was obtained by a magazine, claimed that "
        "Acme and the studio had come to terms."
    )
    assert claims_of(text)[-1] == ("Acme and the studio had come to terms", "Acme Records")


def test_a_he_after_a_sentence_about_someone_is_not_the_last_one_quoted():
    # The sentence before is about Ames (his possessive opens it), so its "he" is never Tom Bell, the last one
    # quoted (the learnt ranker gave it to him).
    text = (
        "President Jo Ames met the envoys on Monday.\n\n"
        "“It is striking that growth is slowing,” Tom Bell, the head of the bank, said in a speech last week.\n\n"
        "Mr. Ames’s theatrical style is not limited to trade. He has injected similar drama into talks with other "
        "partners, suggesting he might leave some partners behind."
    )
    assert claimants_of(text)[-1] in ("OUT", "Jo Ames")


def test_a_he_after_a_sentence_about_a_surname_alone_is_not_the_last_one_quoted():
    # The article gives "Mr. Ames" only, never in full; his possessive opens the sentence before "He".
    text = (
        "“I want more,” Mr. Ames recounted at a meeting.\n\n"
        "“It is striking that growth is slowing,” Tom Bell, the head of the bank, said in a speech last week.\n\n"
        "Mr. Ames’s theatrical style is not limited to trade. He has injected similar drama into talks with other "
        "partners, suggesting he might leave some partners behind."
    )
    assert claimants_of(text)[-1] in ("OUT", "Ames")


def test_a_quotation_recounted_is_the_quotation():
    assert claims_of("“I want a lot more money from them,” Mr. Ames recounted at a meeting.") == [
        ("I want a lot more money from them", "Ames")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A passive denial with its agent: the agent's denial (it was the outlet's assertion).
        (
            "A photo of the meeting was denied by Tom Bell, hinting that it was a fake.",
            ("A photo of the meeting was denied by Tom Bell", "Tom Bell"),
        ),
        ("That account is disputed by Acme, which says it paid.", ("That account is disputed by Acme", "Acme")),
    ],
)
def test_a_passive_denial_is_its_agents(text, expected):
    (claim,) = find_claims(text, split_sentences(text), default_claimant="OUT")
    assert (claim.text, claim.claimant, claim.stance) == (*expected, "denies")


def test_a_request_denied_by_someone_is_no_denial_of_a_claim():
    assert claimants_of("The request was denied by the court on Monday.") == ["OUT"]


def standalones_of(text: str) -> list[str]:
    return [c.standalone for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


@pytest.mark.parametrize(
    ("text", "standalone"),
    [
        # A report inside a relative clause lacks the noun the clause is about: its object ("he is willing to
        # discuss" read as the whole claim) or its subject ("would hurt farmers").
        (
            "Offers were made on arms control, and on data-sharing on naval drills that Jo Ames has said he is "
            "willing to discuss.",
            "Jo Ames is willing to discuss data-sharing on naval drills",
        ),
        ("The deal includes a new tariff on steel, which Ames said would hurt farmers.", "would hurt farmers"),
    ],
)
def test_a_report_inside_a_relative_clause_gets_the_noun_it_lacks(text, standalone):
    assert standalone in standalones_of(text)[-1]
    assert standalones_of(text)[-1].endswith(standalone.split()[-1])


def test_the_fact_that_opens_no_relative_clause():
    assert standalones_of("It ignores the fact that Ames said he would run for mayor.")[-1].endswith(
        "would run for mayor"
    )


def test_something_revealed_with_no_clause_is_no_report_of_its_words():
    # "one of those talks to investigators" was the claim (what was revealed, the object, read as a clause).
    text = "Last week state official Dan Holt revealed one of those talks to investigators, saying he recalled it."
    assert ("one of those talks to investigators", "Dan Holt") not in claims_of(text)
    assert claims_of("Holt revealed the talks had failed in May.") == [("the talks had failed in May", "Holt")]


def test_according_to_inside_a_dashed_aside_reports_the_aside():
    # The content started at the sentence's first word ("Given that history -- and the fact that …").
    text = (
        "Given that history -- and the fact that Ames has made more than 300 false claims since taking office, "
        "according to the Daily Ledger -- there is every reason to doubt the story."
    )
    assert claims_of(text)[0] == ("Ames has made more than 300 false claims since taking office", "Daily Ledger")


def test_a_source_after_according_to_ends_at_a_dash():
    text = "The plant -- which cost five billion dollars to build, according to the company -- opened in May."
    assert [c for _, c in claims_of(text)] == ["the company"]


@pytest.mark.parametrize(
    ("text", "standalone"),
    [
        # "I" with an adverb before its verb: the verb agrees with the speaker ("Jo Ames now do recall").
        ("“I now do recall the talks,” Jo Ames said.", "Jo Ames now does recall the talks"),
        ("“I really am sorry for the delay,” Jo Ames said.", "Jo Ames really is sorry for the delay"),
        ("“I still think it was right,” Jo Ames said.", "Jo Ames still thinks it was right"),
    ],
)
def test_a_first_person_verb_after_an_adverb_agrees_with_the_speaker(text, standalone):
    assert standalones_of(text) == [standalone]


def test_he_in_someones_event_is_that_someone():
    # "he" acting in "Ames’s call" was the last person quoted.
    text = (
        "“I will testify,” Tom Bell said. Bell will face questions about Jo Ames’s May 5 call when he urged the "
        "minister to open the inquiries."
    )
    assert claims_of(text)[-1][1] == "Jo Ames"
    (claim,) = [c for c in find_claims(text, split_sentences(text), default_claimant="OUT") if "urged" in c.text]
    assert claim.standalone.startswith("Jo Ames urged the minister")


def test_an_amount_added_is_no_saying():
    # "added 20.72 points" was the Nasdaq's claim "20.72 points, or 0.24%, to 8,570.66", its claimant "IXIC".
    text = "Stocks rose, and the Nasdaq Composite .IXIC added 20.72 points, or 0.24%, to 8,570.66."
    assert claimants_of(text) == ["OUT"]
    assert claims_of("Ames added that 20 people were hurt.") == [("20 people were hurt", "Ames")]


def test_the_speaker_is_in_the_clause_a_subordinator_opens():
    text = "Oil fell after sources told the agency that Ruritania is unlikely to cut its output."
    assert claims_of(text) == [("Ruritania is unlikely to cut its output", "sources")]


def test_an_apostrophe_is_no_quotation_mark_before_a_reporting_he():
    # "to Omar’s office" read as a quotation before "he said", so "he" went to the last one quoted.
    text = (
        "Tom Bell Jr., 55, pleaded guilty on Monday.\n\n"
        "Jo Ames, Bell’s attorney, told reporters that her client meant no harm to Lee.\n\n"
        "Bell was arrested in April for a call he reportedly made to Lee’s office, in which he said he would burn it."
    )
    assert claims_of(text)[-1] == ("he would burn it", "Tom Bell Jr")
