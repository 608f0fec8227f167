"""Polarity and stance: denials claim the negation, negated reports claim nothing, no negation is lost.

Made-up sentences in the shapes real news uses (issue 22): reporting verbs that
assert, verbs that deny, reports that are themselves negated, double negatives,
and look-alikes that report nothing ("denying flu vaccines to immigrants").
"""

from __future__ import annotations

import re

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences

OUTLET = "The Outlet"
# Words that turn a statement around. A claim may carry them; none may sit, unclaimed, in
# the words that report it. ("falsely claimed" is the outlet's judgement of a claim, which is
# still the claimant's claim: not a negation of it.)
NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|no one|deny|denies|denied|denying|dispute[sd]?|"
    r"disputing|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refute[sd]?|refuting|rebut(?:s|ted)?|refused|declined)\b|n[’']t\b",
    re.IGNORECASE,
)


def claims_of(text: str):
    return find_claims(text, split_sentences(text), default_claimant=OUTLET)


def one(text: str):
    found = claims_of(text)
    assert len(found) == 1, [(c.text, c.claimant) for c in found]
    return found[0]


# (sentence, claimant, stance, the claim's exact text)
DENIALS = [
    ("Russia has denied having any invasion plans.", "Russia", "denied having any invasion plans"),
    ("The Kremlin denied that troops were massing near the border.", "Kremlin",
     "denied that troops were massing near the border"),
    ("Acme Corp flatly denied any wrongdoing.", "Acme Corp", "denied any wrongdoing"),
    ("The minister disputed claims that the hospital had closed.", "the minister",
     "disputed claims that the hospital had closed"),
    ("Officials rejected reports that the dam was leaking.", "Officials",
     "rejected reports that the dam was leaking"),
    ("The ministry dismissed suggestions that it had lost the files.", "the ministry",
     "dismissed suggestions that it had lost the files"),
    ("Scientists have refuted the claim that the vaccine causes infertility.", "Scientists",
     "refuted the claim that the vaccine causes infertility"),
    ("Jo Smith denied ever meeting the lobbyist.", "Jo Smith", "denied ever meeting the lobbyist"),
    ("Moscow denies that it plans to invade.", "Moscow", "denies that it plans to invade"),
    ("The club rejected accusations of racism.", "the club", "rejected accusations of racism"),
    ("The White House disputed the report.", "White House", "disputed the report"),
    ("Ann Lee, the mayor, denied that the budget was overspent.", "Ann Lee",
     "denied that the budget was overspent"),
    ("The police dismissed the rumours as false.", "the police", "dismissed the rumours as false"),
    ("The embassy rejected the accusation that it had spied on dissidents.", "the embassy",
     "rejected the accusation that it had spied on dissidents"),
    ("Jo Smith disputes that the contract was signed.", "Jo Smith", "disputes that the contract was signed"),
    ("The firm rebutted claims that its products were unsafe.", "the firm",
     "rebutted claims that its products were unsafe"),
    ("Police are denying that officers used tear gas.", "Police", "denying that officers used tear gas"),
    ("The Kremlin has repeatedly denied plans to invade Ukraine.", "Kremlin", "denied plans to invade Ukraine"),
    ("The ministry denied it.", "the ministry", "denied it"),
    ("He denied he was ever in Kyiv.", "Ivan Petrov", "denied he was ever in Kyiv"),
    # Double negatives: the denial and the negation inside it are both kept.
    ("Moscow denied that it was not withdrawing troops.", "Moscow", "denied that it was not withdrawing troops"),
    ("The company denied that no safety checks had been made.", "the company",
     "denied that no safety checks had been made"),
    ("Jo Smith rejected the claim that she had never paid tax.", "Jo Smith",
     "rejected the claim that she had never paid tax"),
]


@pytest.mark.parametrize(("text", "claimant", "exact"), DENIALS)
def test_a_denial_is_the_claimants_claim_of_the_negation(text, claimant, exact):
    context = "Ivan Petrov, a lawyer, said the trial was unfair. " if text.startswith("He ") else ""
    found = [c for c in claims_of(context + text) if c.sentence_index == (1 if context else 0)]
    assert len(found) == 1, [(c.text, c.claimant) for c in found]
    claim = found[0]
    assert (claim.text, claim.claimant, claim.stance) == (exact, claimant, "denies")
    assert claim.standalone.startswith(exact.split()[0])  # the denial stays in the standalone text


# The verb denies something that is no statement: a refusal or a vote, the outlet's own claim.
NOT_REPORTS = [
    "The governor is denying flu vaccines to immigrants.",
    "Parliament rejected the bill by 300 votes to 250.",
    "The court dismissed the case on Friday.",
    "The board rejected the offer from the union.",
    "The agency denied visas to 40 students.",
]


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_a_denial_verb_without_a_report_leaves_the_sentence_whole(text):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (text.rstrip("."), OUTLET, "asserts")


# Reports that are themselves negated: nobody claims the content; the outlet's sentence stays whole.
NEGATED_REPORTS = [
    "Jo Smith did not say that taxes would rise.",
    "The minister never claimed the war was over.",
    "Officials didn't confirm that the plant had closed.",
    "The company has not denied that it sold the data.",
    "Jo Smith refused to say whether she would run.",
    "The mayor declined to confirm the figures.",
    "Ann Lee would not say that the deal was dead.",
    "Nobody has claimed that the vote was rigged.",
    "Jo Smith never denied that she had met him.",
    "The hospital did not dispute the figures.",
    "No one said the road would close.",
    "The police have not confirmed that anyone was arrested.",
]


@pytest.mark.parametrize("text", NEGATED_REPORTS)
def test_a_negated_report_is_the_outlets_whole_sentence(text):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (text.rstrip("."), OUTLET, "asserts")


# (sentence, claimant, the claim's exact text): asserted, with every negation and hedge inside.
ASSERTIONS = [
    ("Jo Smith said she did not know about the payments.", "Jo Smith", "she did not know about the payments"),
    ("The minister said there were no plans to raise taxes.", "the minister",
     "there were no plans to raise taxes"),
    ("Officials said no one had been hurt.", "Officials", "no one had been hurt"),
    ("Jo Smith insisted she had never taken a bribe.", "Jo Smith", "she had never taken a bribe"),
    ("The report found that none of the 40 wells was safe.", "the report", "none of the 40 wells was safe"),
    ('"We will not raise taxes," the chancellor said.', "the chancellor", "We will not raise taxes"),
    ('"Nobody was hurt in the blast," a police spokesman said.', "a police spokesman",
     "Nobody was hurt in the blast"),
    ("The minister said it was not true that prices had doubled.", "the minister",
     "it was not true that prices had doubled"),
    ("Jo Smith said she did not deny that the meeting took place.", "Jo Smith",
     "she did not deny that the meeting took place"),
    ("The agency warned that the river would not freeze this year.", "the agency",
     "the river would not freeze this year"),
    ("Ann Lee told reporters that she had not seen the letter.", "Ann Lee", "she had not seen the letter"),
    ("According to the health ministry, no new cases were recorded.", "the health ministry",
     "no new cases were recorded"),
    ("No new cases were recorded, according to the health ministry.", "the health ministry",
     "No new cases were recorded"),
    ("The ministry said it could not rule out more cuts.", "the ministry", "it could not rule out more cuts"),
    ("Trump falsely claimed that the election was stolen.", "Trump", "the election was stolen"),
    ("The senator wrongly said that crime had doubled in a year.", "the senator", "crime had doubled in a year"),
    ("Jo Smith repeated her false claim that the vote was rigged.", "Jo Smith", "the vote was rigged"),
    ("The group claimed responsibility for the attack.", "the group", "claimed responsibility for the attack"),
    ("The minister warned that prices would rise.", "the minister", "prices would rise"),
    ("Jo Smith claimed the figures were wrong.", "Jo Smith", "the figures were wrong"),
    ("The company announced it would not cut jobs.", "the company", "it would not cut jobs"),
    ("Analysts said growth was unlikely to exceed 2 percent.", "Analysts", "growth was unlikely to exceed 2 percent"),
    ("Ann Lee said prices may rise by about 3 percent, the most since 2008.", "Ann Lee",
     "prices may rise by about 3 percent, the most since 2008"),
    ("The mayor said at least 12 people had died, but no foreigners were among them.", "the mayor",
     "at least 12 people had died, but no foreigners were among them"),
    ("It is not true that the bridge is closing, the council said.", "the council",
     "It is not true that the bridge is closing"),
]


@pytest.mark.parametrize(("text", "claimant", "exact"), ASSERTIONS)
def test_an_asserted_report_keeps_its_negations_and_hedges(text, claimant, exact):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (exact, claimant, "asserts")


ALL = [t for t, *_ in DENIALS] + NOT_REPORTS + NEGATED_REPORTS + [t for t, *_ in ASSERTIONS]


def test_the_polarity_set_has_at_least_sixty_sentences():
    assert len(set(ALL)) >= 60


@pytest.mark.parametrize("text", ALL)
def test_no_claim_loses_a_negation_of_its_sentence(text):
    """Every negation in a sentence is inside a claim, or in the words that report a claim
    which itself states the denial (its stance is "denies" and its span keeps the verb)."""
    claims = [c for c in claims_of(text) if c.sentence_index == 0]
    assert claims
    for match in NEGATION.finditer(text):
        inside = [c for c in claims if c.start <= match.start() and match.end() <= c.end]
        assert inside, f"{match.group(0)!r} of {text!r} is in no claim: {[(c.text, c.claimant) for c in claims]}"
        for claim in inside:
            assert match.group(0) in claim.standalone or match.group(0).lower() in claim.standalone.lower()
