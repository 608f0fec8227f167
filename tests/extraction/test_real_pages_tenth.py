"""Claim defects seen on real news pages (issue 22, tenth session), each shape in made-up text: a pronoun inside
what a denial denies, a quotation opening with a prepositional phrase ("Instead of ..."), job titles of agency and
company heads before a name, a report verb with nothing reported ("..., which Jo Ames announced in 2019")."""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences
from claims.extraction.standalone import standalone_text

OUTLET = "The Herald"


def claims_of(text: str):
    return find_claims(text, split_sentences(text), default_claimant=OUTLET)


def last_sentence_claims(text: str):
    last = len(split_sentences(text)) - 1
    return [c for c in claims_of(text) if c.sentence_index == last]


# 1. A denial's content is a clause: its "he"/"she"/"it" is resolved, the denial verb and stance stay.
@pytest.mark.parametrize(
    ("text", "claimant", "exact", "standalone"),
    [
        (
            "Mara Lindqvist, the former trade envoy, testified on Monday. She denied that she, Deputy Minister Paul "
            "Okafor and Treasury Secretary Dana Hill formed a secret channel.",
            "Mara Lindqvist",
            "denied that she, Deputy Minister Paul Okafor and Treasury Secretary Dana Hill formed a secret channel",
            "denied that Mara Lindqvist, Deputy Minister Paul Okafor and Treasury Secretary Dana Hill formed a secret "
            "channel",
        ),
        (
            "Mara Lindqvist testified on Monday. Lindqvist disputed the notion that she had been a member of a "
            "shadow group.",
            "Mara Lindqvist",
            "disputed the notion that she had been a member of a shadow group",
            "disputed the notion that Mara Lindqvist had been a member of a shadow group",
        ),
        (
            "Omar Velde spoke to reporters in Oslo. Velde denied he had met the bidders before the auction.",
            "Omar Velde",
            "denied he had met the bidders before the auction",
            "denied Omar Velde had met the bidders before the auction",
        ),
        (
            "Omar Velde spoke to reporters in Oslo. Velde rejected claims that he had never paid the fine.",
            "Omar Velde",
            "rejected claims that he had never paid the fine",
            "rejected claims that Omar Velde had never paid the fine",
        ),
    ],
)
def test_a_pronoun_inside_a_denied_clause_is_resolved_and_the_denial_kept(text, claimant, exact, standalone):
    (claim,) = last_sentence_claims(text)
    assert (claim.text, claim.claimant, claim.stance) == (exact, claimant, "denies")
    assert claim.standalone == standalone


def test_an_institutions_it_inside_a_denied_clause_is_the_institution():
    text = standalone_text(
        ["denied that it had moved troops to the border"], claimant="Kolvia Ministry", person=False, attributed=True
    )
    assert text == "denied that the Kolvia Ministry had moved troops to the border"


def test_a_denial_of_a_thing_has_no_pronoun_to_resolve():
    text = standalone_text(["denied the allegations"], claimant="Omar Velde", person=True, attributed=True)
    assert text == "denied the allegations"


# 2. An opening prepositional phrase is no connective: "Instead of ..." keeps "Instead".
@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "Mara Lindqvist testified on Monday. “Instead of asking them to pay the levy, I told them the opposite,” "
            "Lindqvist said.",
            "Instead of asking them to pay the levy, I told them the opposite",
        ),
        (
            "Mara Lindqvist testified on Monday. Lindqvist said instead of raising taxes, the city would cut its "
            "spending.",
            "instead of raising taxes, the city would cut its spending",
        ),
        (
            "Mara Lindqvist testified on Monday. Lindqvist said too many clinics had closed in the valley.",
            "too many clinics had closed in the valley",
        ),
        (
            "Mara Lindqvist testified on Monday. Lindqvist said however much the council spent, the roads would "
            "still crumble.",
            "however much the council spent, the roads would still crumble",
        ),
    ],
)
def test_an_opening_phrase_stays_whole(text, exact):
    claims = last_sentence_claims(text)
    assert [(c.text, c.claimant) for c in claims] == [(exact, "Mara Lindqvist")]


def test_the_first_person_after_an_opening_phrase_is_the_speaker():
    text = (
        "Mara Lindqvist testified on Monday. “Instead of asking them to pay the levy, I told them the opposite,” "
        "Lindqvist said."
    )
    (claim,) = last_sentence_claims(text)
    assert claim.standalone == "Instead of asking them to pay the levy, Mara Lindqvist told them the opposite"


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        # A connective alone (with its comma) is still left out of what was said.
        ("Mara Lindqvist said, however, that the levy would stay.", "the levy would stay"),
        ("Mara Lindqvist said instead that the levy would stay.", "the levy would stay"),
        ("Mara Lindqvist said that, instead, the levy would stay.", "the levy would stay"),
    ],
)
def test_a_connective_alone_is_still_dropped(text, exact):
    assert [(c.text, c.claimant) for c in claims_of(text)] == [(exact, "Mara Lindqvist")]


# 3. Titles of agency, company and commission heads are dropped from the claimant, before or after the quote.
@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Zorvex Administrator Lena Marsh said the lander is ready for crews.", "Lena Marsh"),
        ("“The lander is ready for crews,” said Zorvex Administrator Lena Marsh.", "Lena Marsh"),
        ("Trade Commissioner Omar Velde said the tariffs would stay in place.", "Omar Velde"),
        ("Halvor Chief Executive Dana Pike said profits would rise next year.", "Dana Pike"),
        ("Police Chief Jo Ames said the suspect had fled the county.", "Jo Ames"),
        ("National Security Adviser Rob Tarn said the talks had failed.", "Rob Tarn"),
        ("Special Envoy Kurt Volder said the talks had failed.", "Kurt Volder"),
        ("White House Counsel Pat Cifone said the talks had failed.", "Pat Cifone"),
        ("Fire Marshal Dee Lowe said the blaze was arson.", "Dee Lowe"),
        ("State Tax Administrator Jo Lim said refunds would be late this year.", "Jo Lim"),
        ("Chief of Staff Mark Mead said the talks had failed.", "Mark Mead"),
        ("Zorvex Spokesperson Lena Marsh said the launch was delayed.", "Lena Marsh"),
    ],
)
def test_a_job_title_before_the_name_is_dropped(text, claimant):
    assert [c.claimant for c in claims_of(text)] == [claimant]


def test_an_institution_keeps_its_name():
    # "Administration", "Commission" are institutions' heads, no titles to drop.
    text = "The Food and Drug Administration said the vaccine was safe."
    assert [c.claimant for c in claims_of(text)] == ["Food and Drug Administration"]


# 4. A report with nothing reported is no claim of its speaker.
@pytest.mark.parametrize(
    "text",
    [
        "Zorvex will offer the agency its Star Hopper lander, which Lena Marsh announced earlier in 2019.",
        "Zorvex will offer its Star Hopper lander, which Lena Marsh announced at a gala in Denver.",
        "The council will vote on the new levy, which Mayor Jo Ames announced last week.",
        "The clinic will close in June, which Dana Pike announced on Monday, and staff will move to Salem.",
    ],
)
def test_a_report_with_nothing_reported_is_no_claim_of_the_speaker(text):
    claimants = [c.claimant for c in claims_of(text)]
    assert claimants and all(c not in ("Lena Marsh", "Jo Ames", "Dana Pike") for c in claimants), claimants


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("Lena Marsh announced on Monday that the lander would fly in 2024.", "the lander would fly in 2024"),
        ("Lena Marsh said last week the lander would fly in 2024.", "the lander would fly in 2024"),
        ("Lena Marsh announced the new lander on Monday.", "announced the new lander on Monday"),
    ],
)
def test_a_report_with_content_after_a_time_is_still_a_claim(text, exact):
    assert [(c.text, c.claimant) for c in claims_of(text)] == [(exact, "Lena Marsh")]


# Pages read this session: a quotation going on after a sentence that ends with its speaker's cue; a subordinate
# clause or a place's relative clause around "X testified" taken for what X said.
@pytest.mark.parametrize(
    "first",
    [
        "“We don't want those people” running the clinics, she said.",
        "The plan was “a disaster” for the clinics, she said.",
        "The plan was a disaster for the clinics, Pike said.",
    ],
)
def test_a_quotation_after_a_sentence_ending_with_its_cue_is_the_speakers(first):
    text = (
        f"Dana Pike spoke in Salem on Monday.\n\n{first} “This was a disgrace for the whole agency. We have some bad "
        "managers; we want to get rid of them.”"
    )
    claims = claims_of(text)
    assert [c.claimant for c in claims[1:]] == ["Dana Pike"]
    assert claims[-1].text.endswith("we want to get rid of them")
    assert "This was a disgrace for the whole agency" in claims[-1].standalone


def test_a_quotation_in_a_new_paragraph_after_the_cue_is_not_carried_over():
    text = (
        "Dana Pike spoke in Salem on Monday. The plan was a disaster for the clinics, she said.\n\n"
        "“This was a disgrace for the whole agency,” said Omar Velde."
    )
    assert [c.claimant for c in claims_of(text)[1:]] == ["Dana Pike", "Omar Velde"]


def test_an_act_ending_the_sentence_carries_no_quotation():
    text = "Dana Pike spoke in Salem on Monday. Pike praised the nurses at length. “This was a disgrace for them.”"
    assert [(c.text, c.claimant) for c in claims_of(text)[1:]] == [
        ("praised the nurses at length", "Dana Pike"),
        ("This was a disgrace for them", OUTLET),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "As the bill passed, Dana Pike testified before the House Budget Committee in Salem, where lawmakers voiced "
        "anger over the cuts.",
        "As the bill passed, Dana Pike testified before the House Budget Committee in Salem.",
        "When the polls closed, Omar Velde spoke at a rally in Oslo.",
    ],
)
def test_a_subordinate_clause_or_a_places_relative_clause_is_no_report(text):
    assert [(c.text, c.claimant) for c in claims_of(text)] == [(text.rstrip("."), OUTLET)]


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "The levy is unfair, Dana Pike said at the hearing in Salem, where lawmakers voiced anger.",
            "The levy is unfair",
        ),
        ("If the levy passes, the clinics will close, Dana Pike said.", "If the levy passes, the clinics will close"),
        (
            "Over the years, Pike said, the clinics have lost most of their staff.",
            "the clinics have lost most of their staff",
        ),
    ],
)
def test_what_was_said_around_the_cue_is_still_found(text, exact):
    assert [c.text for c in claims_of(text)] == [exact]


def test_a_second_first_person_verb_agrees_with_the_speaker():
    text = standalone_text(
        ["I am committed to this agency and am confident we will restore trust"],
        claimant="Dana Pike",
        person=True,
        attributed=True,
    )
    assert text == "Dana Pike is committed to this agency and is confident we will restore trust"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # An office named without a person keeps its whole name: "High Commissioner" is nobody's name.
        (
            "The United Nations High Commissioner for Human Rights said the decision did not change the law.",
            "United Nations High Commissioner for Human Rights",
        ),
        ("China's ambassador to Britain Liu Wei said the decision did not change the law.", "Liu Wei"),
        ("The UN special envoy for Syria Geir Pedersen said the talks would resume.", "Geir Pedersen"),
    ],
)
def test_an_office_without_a_person_keeps_its_name(text, claimant):
    assert [c.claimant for c in claims_of(text)] == [claimant]
