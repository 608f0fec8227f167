"""Polarity and stance: denials claim the negation, negated reports claim nothing, no negation is lost.

Made-up sentences in the shapes real news uses (issue 22): reporting verbs that
assert, verbs that deny, reports that are themselves negated, double negatives,
and look-alikes that report nothing ("denying flu vaccines to immigrants").
"""

from __future__ import annotations

import pytest

from claims.extraction.attribution import find_claims
from claims.extraction.sentences import split_sentences
from evaluation.polarity import (
    ALL,
    ASSERTIONS,
    DENIALS,
    NEGATED_REPORTS,
    NOT_REPORTS,
    OUTLET,
    lost_negations,
    main,
)


def claims_of(text: str):
    return find_claims(text, split_sentences(text), default_claimant=OUTLET)


def one(text: str):
    found = claims_of(text)
    assert len(found) == 1, [(c.text, c.claimant) for c in found]
    return found[0]


@pytest.mark.parametrize(("text", "claimant", "exact"), DENIALS)
def test_a_denial_is_the_claimants_claim_of_the_negation(text, claimant, exact):
    context = "Ivan Petrov, a lawyer, said the trial was unfair. " if text.startswith("He ") else ""
    found = [c for c in claims_of(context + text) if c.sentence_index == (1 if context else 0)]
    assert len(found) == 1, [(c.text, c.claimant) for c in found]
    claim = found[0]
    assert (claim.text, claim.claimant, claim.stance) == (exact, claimant, "denies")
    assert claim.standalone.startswith(exact.split()[0])  # the denial stays in the standalone text


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_a_denial_verb_without_a_report_leaves_the_sentence_whole(text):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (text.rstrip("."), OUTLET, "asserts")


@pytest.mark.parametrize("text", NEGATED_REPORTS)
def test_a_negated_report_is_the_outlets_whole_sentence(text):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (text.rstrip("."), OUTLET, "asserts")


@pytest.mark.parametrize(("text", "claimant", "exact"), ASSERTIONS)
def test_an_asserted_report_keeps_its_negations_and_hedges(text, claimant, exact):
    claim = one(text)
    assert (claim.text, claim.claimant, claim.stance) == (exact, claimant, "asserts")


def test_the_polarity_set_has_at_least_sixty_sentences():
    assert len(set(ALL)) >= 60


@pytest.mark.parametrize("text", ALL)
def test_no_claim_loses_a_negation_of_its_sentence(text):
    """Every negation of a sentence is inside one of its claims, span and standalone text alike
    (a denial verb too: the denial's span keeps it)."""
    assert lost_negations(text) == []


def test_the_polarity_figure_of_make_eval(capsys):
    assert main() == 0
    assert "claims that lose a negation or a denial: 0; wrong stance: 0" in capsys.readouterr().out


def test_a_lost_negation_is_counted(monkeypatch):
    """The check can fail: a denial whose span drops its verb loses the denial."""
    from claims.extraction import attribution

    found = attribution._Found

    def without_the_verb(start, end, claimant, kind, stance="asserts", joins=False):
        return found(start + len("denied ") if stance == "denies" else start, end, claimant, kind, stance, joins)

    monkeypatch.setattr(attribution, "_Found", without_the_verb)
    assert lost_negations("Russia has denied having any invasion plans.") == ["denied"]


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("Trump falsely claimed that the election was stolen.", True),
        ("Jo Smith repeated her false claim that the vote was rigged.", True),
        ("The senator wrongly said that crime had doubled in a year.", True),
        ("Jo Smith claimed the figures were wrong.", False),
        ("The minister said the claim that prices doubled was false.", False),
    ],
)
def test_falsely_claimed_is_the_claimants_claim_that_the_article_calls_false(text, judged):
    claim = one(text)
    assert claim.stance == "asserts" and claim.claimant != OUTLET
    assert claim.judged_false is judged


def test_the_reason_tells_the_checker_the_article_calls_it_false():
    from claims.extraction import pipeline
    from claims.extraction.types import ArticleText

    (claim,) = pipeline.extract(
        ArticleText(text="Jo Smith falsely claimed that the vote was rigged."), default_claimant=OUTLET
    ).claims
    assert claim.text == "the vote was rigged" and claim.reason.endswith("; the article itself calls it false")
