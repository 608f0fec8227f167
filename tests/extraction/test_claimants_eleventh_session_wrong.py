"""Claims given the wrong claimant on PolNeAR train (eleventh session), each shape in made-up text: "he" after a
sentence whose subject has a role before the name or is a rank and a surname."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.claimant) for c in find_claims(text, split_sentences(text), default_claimant="OUT")]


def claimants_of(text: str) -> list[str]:
    return [claimant for _, claimant in claims_of(text)]


@pytest.mark.parametrize(
    ("opening", "person"),
    [
        # A role before the subject's name: "he" in the next sentence is the subject, not the person quoted before.
        ("Green presidential nominee Tom Bell has blasted the council for its silence.", "Tom Bell"),
        ("Speaking in Lyon, Northland party spokesman Tom Bell repeated that the region opposed the plan.", "Tom Bell"),
    ],
)
def test_he_after_a_sentence_whose_subject_has_a_role_is_that_subject(opening, person):
    text = f"Ana Ruiz said the roads were closed.\n\n{opening} He said the council would help."
    assert claims_of(text)[-1] == ("the council would help", person)


def test_he_after_a_sentence_opened_by_a_rank_and_a_surname_is_that_person():
    # A rank and a surname the article never gives in full name a person, not the woman quoted before.
    text = (
        "Ana Ruiz has always said that the roads were safe. President Bell backed her up in an interview last "
        "October. “I do not think it posed a problem,” he said."
    )
    assert claims_of(text)[-1] == ("I do not think it posed a problem", "Bell")


def test_a_subordinate_clause_opening_is_no_role():
    # "While nominee Jo Ames has …, his running mate has …": the name after "While" is not the sentence's subject.
    text = (
        "Ana Ruiz said the roads were closed.\n\n"
        "While Green presidential nominee Jo Ames has yet to endorse the mayor, the party chairman has. "
        "Ruiz said the mayor would win."
    )
    assert claimants_of(text)[-1] == "Ana Ruiz"


@pytest.mark.parametrize(
    "text",
    [
        # A relative clause after the organisation the apposition names: it describes the organisation.
        "But Tom Bell, political director of Acme Action, which organized the letter, said the reply was weak.",
        # A second apposition, describing the organisation: "the network's funding arm".
        "Tom Bell, chairman of the board of Acme Partners, the network's funding arm, said the reply was weak.",
    ],
)
def test_a_clause_describing_the_organisation_in_an_apposition_keeps_the_person(text):
    assert claims_of(text) == [("the reply was weak", "Tom Bell")]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # A middle initial broke the name: "Bell" later was nobody the article named in full.
        ("Council leader Thomas R. Bell said the bill was shameful. Later, Bell said it would fail.", "Thomas R. Bell"),
        ("Thomas R. Bell Jr. said the bill was shameful. Later, Bell said it would fail.", "Thomas R. Bell Jr"),
    ],
)
def test_a_surname_after_a_name_with_a_middle_initial_is_that_person(text, person):
    assert claimants_of(text) == [person, person]


def test_according_to_a_name_with_a_middle_initial_runs_past_the_initial():
    text = "For the mayor, according to former education secretary Thomas R. Bell, the speech is a test of his nerve."
    assert claimants_of(text) == ["Thomas R. Bell"]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # An initialism's full stops ended the source at its first letter ("F").
        ("The runway was closed twice last year, according to F.A.A. records.", "F.A.A. records"),
        ("Most members back the plan, according to polling by the A.F.L.-C.I.O.", "A.F.L.-C.I.O"),
    ],
)
def test_according_to_an_initialism_runs_past_its_full_stops(text, claimant):
    assert claimants_of(text) == [claimant]


@pytest.mark.parametrize(
    "text",
    [
        # A bare weekday between the statement and "saying" made the statement the claimant.
        "Mr. Bell released a statement Wednesday saying the comments are based on opinion, not facts.",
        "Mr. Bell issued a statement Tuesday night saying the comments are based on opinion, not facts.",
    ],
)
def test_who_issued_a_statement_on_a_weekday_saying_is_the_claimant(text):
    assert claimants_of(text) == ["Bell"]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # A capitalised qualifier opening the subject was taken for the whole of it ("His", "Some", "Syrian").
        ("His chief aide doubled down on the attacks, saying the plan might not be enough.", "his chief aide"),
        ("Some candidates have followed his lead, saying the scandal is a fair criticism.", "Some candidates"),
        ("Syrian hackers hit the site on Monday, tweeting that the paper had lied.", "Syrian hackers"),
        (
            "Other Democratic candidates, including Jo Ames and Tom Bell, have followed his lead, saying the scandal "
            "is a fair criticism.",
            "Other Democratic candidates",
        ),
    ],
)
def test_a_capitalised_qualifier_goes_with_the_subjects_head(text, claimant):
    assert claimants_of(text)[-1] == claimant


def test_a_role_before_a_name_is_still_the_name():
    text = "Green pollster Tom Bell looked at the figures, saying the race is close."
    assert claimants_of(text) == ["Tom Bell"]


@pytest.mark.parametrize(
    ("name", "claimant"),
    [
        # A place's name with a personal title is a surname: "he" after it is that person.
        ("Mr. Jordan", "Jordan"),
        ("Rep. Georgia", "Georgia"),
    ],
)
def test_a_place_name_with_a_personal_title_is_a_person(name, claimant):
    text = f"Ana Ruiz said the vote was fair. {name} said the bill would fail. He said the vote was rigged."
    assert claimants_of(text) == ["Ana Ruiz", claimant, claimant]


def test_a_place_name_alone_is_no_person_he_can_mean():
    text = "Ana Ruiz said the vote was fair. Georgia said the bill would fail. She said the vote was rigged."
    assert claimants_of(text) == ["Ana Ruiz", "Georgia", "Ana Ruiz"]


def test_a_participle_after_a_quotation_and_its_speaker_is_the_speakers():
    # "recalling" (no participle of saying) took the name inside the quotation, "Dover", as its speaker.
    text = "“He would get choked up speaking about Dover,” Mr. Bell said, recalling a visit to his church by Jo Ames."
    assert claimants_of(text) == ["Bell", "Bell"]


def test_a_participle_after_a_short_quotation_and_its_speaker_is_the_speakers():
    # The quotation is too short for a claim; the participle is still the speaker's, not the outlet's.
    text = "Ana Ruiz said the vote was fair. “Out!” she wrote on Monday, arguing that the plan would fail the town."
    assert claims_of(text)[-1] == ("the plan would fail the town", "Ana Ruiz")


def test_a_quotation_then_answers_is_the_answerers():
    text = "Ana Ruiz said the vote was fair.\n\n“I can point to only two good laws. Besides that, none,” Bell answers."
    assert claims_of(text)[-1] == ("I can point to only two good laws. Besides that, none", "Bell")


def test_answered_questions_is_no_report():
    assert claimants_of("Tom Bell answered questions from reporters for an hour on Monday.") == ["OUT"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tom Bell, 53, a guard at a casino, is backing Ruiz because he worries the mayor would lose in the fall.",
        "Tom Bell, a lawyer who represents owners, has helped clubs adapt to what he said is a growing demand.",
    ],
)
def test_he_in_a_clause_after_a_subject_with_an_apposition_is_that_subject(sentence):
    text = f"Jo Ames said he backs the mayor.\n\n{sentence}"
    assert claimants_of(text) == ["Jo Ames", "Tom Bell"]


def test_he_in_a_trailing_speech_tag_is_not_the_contents_subject():
    text = "Tom Bell said the plan is bad. Jo Ames, who takes no donations, fits that bill for many people, he added."
    assert claimants_of(text)[-1] == "Tom Bell"


@pytest.mark.parametrize("group", ["Gerald Ford-Rockefeller Republicans", "Iowa Democrats", "Super Tuesday"])
def test_a_group_or_a_day_is_nobody_he_means(group):
    # A sentence opening with the group inside a quotation made it whom the next "he" meant.
    text = (
        f"“The party is tired,” Tom Bell says.\n\n“Jo Ames had this saying – ‘we were the great unwashed.’ {group} "
        "have always viewed us with disdain. This is how they view the mayor today, ” Bell says.\n\n"
        "“Can you name one thing?” he asks."
    )
    assert claimants_of(text)[-1] == "Tom Bell"


def test_a_passive_report_set_off_after_the_subject_is_its_agents():
    text = "The new campaign, first reported by the Dover Gazette, is a key part of the council's response."
    assert claimants_of(text) == ["Dover Gazette"]


def test_a_passive_report_inside_an_object_is_no_claimant_of_the_sentence():
    text = "But Ames recently ordered up a legal analysis, first reported by the Dover Gazette, which found a way out."
    assert "Dover Gazette" not in claimants_of(text)


def test_charged_that_reports_and_charged_a_fee_does_not():
    text = (
        "Ana Ruiz, an organizer, said the march would go on. Ruiz criticized the mayor for the bill. "
        "She also charged that the party had ignored the movement."
    )
    assert claims_of(text)[-1] == ("the party had ignored the movement", "Ana Ruiz")
    assert claimants_of("“It is a fraud,” Tom Bell charged.") == ["Tom Bell"]
    text = "Under what Mr. Bell called “the old model,” the Dover Golf Club, a private course, charged a large fee."
    assert "Dover Golf Club" not in claimants_of(text)
    assert claimants_of("Prosecutors charged him with fraud on Monday.") == ["OUT"]


def test_no_cue_word_starts_inside_a_word():
    # The learnt ranker's cue words were read from inside "NBC's" ("C's"), making "NB" a speaker.
    text = "The candidate was pressed by NBC's host, Jo Ames, about his plan to cut taxes for the rich."
    assert "NB" not in claimants_of(text)


def test_a_quotation_trailing_off_on_an_ellipsis_keeps_its_speaker():
    # The ellipsis ended the sentence before "Ruiz said", so the quotation went on as the questioner's.
    text = 'Ames asked, "Would you pick a farmer?"\n\n"Well, yes. I am going to look at a lot of people…" Ruiz said.'
    assert claims_of(text)[-1] == ("Well, yes. I am going to look at a lot of people…", "Ruiz")


@pytest.mark.parametrize("cue", ["said", "stated", "wrote"])
def test_said_of_something_that_reports_what_follows_that(cue):
    text = f"Later in the show, Tom Bell {cue} of the scandal that the report was not good."
    assert claims_of(text) == [("the report was not good", "Tom Bell")]


def test_a_sentence_opening_with_adding_goes_on_from_the_speaker_before():
    text = (
        "Later in the show, Tom Bell stated that the report “wasn’t good.” Adding, “Now, what they actually do is "
        "never that bad. It is always how they handle it.”"
    )
    said = "Now, what they actually do is never that bad. It is always how they handle it"
    assert claims_of(text)[-1] == (said, "Tom Bell")


def test_a_gerund_after_a_preposition_is_no_report_of_the_name_before_it():
    text = "Greens -- including Ana Ruiz -- quickly accused Tom Bell of suggesting violence against the mayor."
    assert "Tom Bell" not in claimants_of(text)
