"""The same-claim model behind the desk's tiers: pool-independent scores, fragments never match,
and training reads exactly the features the search computes."""

from __future__ import annotations

import numpy as np
import pytest

from claims.matching import sameclaim
from claims.matching import text as textmod
from claims.matching.index import Document, MatchIndex

NEWS = [
    Document(
        "delhi",
        "farmers burn the stubble because it is the cheapest and quickest way to clear their fields",
        "Farmers burn the stubble because it is the cheapest and quickest way to clear their fields, officials said.",
    ),
    Document(
        "nato",
        "troops in Ukraine fired anti-tank weapons in exercises near the border",
        "Troops in Ukraine fired anti-tank weapons in exercises near the border on Tuesday.",
    ),
    Document(
        "cars",
        "new vehicle sales in the area plunged 10 percent in October",
        "New vehicle sales in the area plunged 10 percent in October, the dealers said.",
    ),
    Document(
        "meth",
        "the campaign cost the state about $449,000",
        "The campaign, which includes TV and digital ads, cost the state about $449,000.",
    ),
    Document("list", "2.", "2."),
]


def _index():
    index = MatchIndex.rebuild(NEWS)
    twin = Document(
        "meth-2",
        "the state paid an advertising agency nearly $449,000 for the anti-meth campaign",
        "The state paid an advertising agency nearly $449,000 for the anti-meth campaign.",
    )
    index.add_many([twin, Document("list-2", "2.", "2.")])
    return index


def test_the_same_claim_in_two_articles_scores_high_and_unrelated_claims_low():
    index = _index()
    found = {m.id: m.same for m in index.search_indexed(["meth-2"], k=10, exclude=frozenset({"meth-2"}))[0]}
    suggest, _auto = sameclaim.default_thresholds()
    assert found["meth"] >= suggest
    assert all(found.get(other, 0.0) < suggest for other in ("delhi", "nato", "cars"))


def test_the_score_does_not_depend_on_what_else_the_pool_holds():
    # The re-ranker's probability is relative to the other candidates; the same-claim one is not.
    small = MatchIndex.rebuild([NEWS[3], NEWS[0]])
    large = _index()
    query = "The state paid an advertising agency nearly $449,000 for the anti-meth campaign"
    in_small = {m.id: m.same for m in small.search(query, k=5)}
    in_large = {m.id: m.same for m in large.search(query, k=10, exclude=frozenset({"meth-2"}))}
    assert abs(in_small["meth"] - in_large["meth"]) < 0.02


def test_fragments_never_match_even_word_for_word():
    index = _index()
    assert all(
        m.id != "list" for m in index.search_indexed(["list-2"], k=10, exclude=frozenset({"list-2"}), min_same=0.01)[0]
    )
    assert sameclaim.fragments("2.", ["the campaign cost the state about $449,000", "Ingredients"]).all()
    assert not sameclaim.fragments("the campaign cost the state $449,000", ["it cost the state $449,000"]).any()


def test_training_reads_the_features_the_search_scores():
    index = _index()
    row = index.row_of["meth-2"]
    rows, _matrix, features, fragment = index.pair_features(
        index.texts[row],
        index.vec_text[row].astype(np.float32),
        frozenset({"meth-2"}),
        title=index.titles[row],
        title_vector=index.vec_title[row].astype(np.float32),
    )
    offline = dict(
        zip((index.ids[r] for r in rows), sameclaim.default_model().probabilities(features, fragment), strict=True)
    )
    online = {m.id: m.same for m in index.search_indexed(["meth-2"], k=30, exclude=frozenset({"meth-2"}))[0]}
    assert online and all(abs(online[k] - offline[k]) < 1e-5 for k in online)


def test_names_are_the_capitalised_words_and_acronyms():
    text = textmod.normalise("Governor Kristi Noem said the DSS report was wrong, NATO's chief said")
    assert {"kristi", "noem", "dss", "nato"} <= sameclaim.names(text)
    assert "governor" not in sameclaim.names(text)  # the first word of the sentence


def test_boilerplate_about_two_people_is_never_linked_by_the_machine():
    index = MatchIndex.rebuild(
        [
            Document(
                "fox",
                "A rep for Braun did not immediately respond to Fox News' request for comment",
                "A rep for Braun did not immediately respond to Fox News' request for comment.",
            ),
            *NEWS[:3],
        ]
    )
    query = "The governor's office did not immediately respond to Fox News' request for comment"
    _suggest, auto = sameclaim.default_thresholds()
    found = {m.id: m.same for m in index.search(query, k=5, title=query + ".")}
    assert found.get("fox", 0.0) < auto
    assert sameclaim.BOILERPLATE.search(textmod.normalise("Smith didn't respond to an email seeking comment"))
    assert not sameclaim.BOILERPLATE.search("The state paid an agency $449,000 for the campaign")


def test_rare_words_weigh_more_than_common_ones():
    idf = sameclaim.Idf.build(
        [
            "the state said the campaign",
            "the state said it",
            "a campaign in the state",
            "the agency said",
            "the agency paid",
        ]
    )
    assert idf.of("stadia") == idf.highest > idf.of("campaign") > idf.of("state")
    assert sameclaim.Idf.from_json(idf.to_json()) == idf
    shipped = sameclaim.default_idf()
    assert shipped.of("methamphetamine") > shipped.of("said")


def test_without_hard_evidence_a_pair_stays_under_the_auto_tier():
    model = sameclaim.default_model()
    index = _index()
    row = index.row_of["meth-2"]
    _rows, _matrix, features, fragment = index.pair_features(
        index.texts[row],
        index.vec_text[row].astype(np.float32),
        frozenset({"meth-2"}),
        title=index.titles[row],
        title_vector=index.vec_title[row].astype(np.float32),
    )
    confident = features.copy()
    confident[:, sameclaim.FEATURES.index("cos_titles")] = 5.0  # pushes every logit up
    weak = confident.copy()
    for name in ("rare_shared", "number_overlap"):
        weak[:, sameclaim.FEATURES.index(name)] = 0.0
    boiler = confident.copy()
    boiler[:, sameclaim.FEATURES.index("boilerplate")] = 1.0
    assert (model.probabilities(weak) < model.auto).all()
    assert (model.probabilities(boiler) < model.auto).all()
    evident = model.hard_evidence(confident)
    assert (model.probabilities(confident)[evident] >= model.auto).all()


def test_ten_percent_is_the_number_ten_whatever_the_spelling():
    assert (
        textmod.numbers(textmod.normalise("sales fell 10 percent"))
        == textmod.numbers(textmod.normalise("sales fell 10%"))
        == frozenset({"10"})
    )


def test_a_review_titled_otherwise_reaches_the_auto_tier_against_its_own_claim():
    # An imported review's title is its headline, not the sentence its claim sits in: a gate that read
    # the titles' overlap kept a word-for-word match under auto (issue 20, third pass).
    claim = "The council said that 2,400 homes were flooded in March, twice as many as last year."
    index = MatchIndex.rebuild([Document("review", claim, title="No, 2,400 homes were not flooded")])
    query = textmod.normalise(claim)
    rows, _matrix, features, fragment = index.pair_features(query, index.encoder.encode([query])[0])
    on_claims = sameclaim.hard_evidence(features, 0.45, "claims")
    on_both = sameclaim.hard_evidence(features, 0.45, "both")
    assert on_claims.all() and not on_both.any()
    model = sameclaim.default_model()  # the shipped gate reads the claims: the review is linked
    assert model.probabilities(features, fragment)[0] >= model.auto


def test_the_gate_reads_only_the_overlaps_it_knows():
    with pytest.raises(ValueError, match="evidence_on"):
        sameclaim.hard_evidence(np.zeros((1, len(sameclaim.FEATURES))), 0.4, "titles")


def test_the_evaluations_auto_tier_counts_one_pair_a_claim_as_the_desk_links():
    """evaluation/pairsets.tier_figures: the auto row counts only each claim's best pair (one
    automatic match a claim, services.matching.tiers_of); the suggest row counts every pair."""
    from evaluation.pairsets import tier_figures

    scores = np.array([0.99, 0.95, 0.5, 0.97])
    same = np.array([1, 0, 0, 1])
    queries = ["a", "a", "a", "b"]
    every = tier_figures(scores, same, queries, 0.9)
    assert (every.shown, every.precision, every.recall) == (3, 2 / 3, 1.0)
    one = tier_figures(scores, same, queries, 0.9, one_per_query=True)
    assert (one.shown, one.precision, one.recall) == (2, 1.0, 1.0)
    assert (one.top_shown, one.top_precision) == (every.top_shown, every.top_precision) == (2, 1.0)
