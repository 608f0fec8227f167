import numpy as np
import pytest

from claims.matching.index import Document, MatchIndex


def test_finds_a_paraphrase(pool):
    index = MatchIndex.rebuild(pool)
    top = index.search("Bill Gates wants to put tracking chips in people with the covid jab!!", k=3)
    assert top[0].id == "v-microchip"
    assert [m.rank for m in top] == [1, 2, 3]
    assert top[0].score > top[1].score


def test_tweet_noise_and_numbers_pick_the_right_claim(pool):
    index = MatchIndex.rebuild(pool)
    top = index.search("@BorisJohnson UK sent 2000 #NLAW to Ukraine 🇺🇦 https://t.co/x", k=2)
    assert top[0].id == "v-nlaw"
    assert {m.id for m in top} == {"v-nlaw", "v-nlaw-old"}


def test_empty_long_and_foreign_queries_are_sane(pool):
    index = MatchIndex.rebuild(pool)
    assert index.search("", k=5) == []
    assert index.search("😭😭", k=5) == []
    assert len(index.search("vaccine microchip " * 5000, k=5)) <= 5
    spanish = index.search("Las redes 5G propagan el coronavirus", k=1)
    assert spanish[0].id == "v-5g"  # multilingual encoder: Spanish finds the English claim


def test_incremental_add_replace_and_remove(pool):
    index = MatchIndex.rebuild(pool[:4])
    assert "v-shark" not in index
    index.add("v-shark", "A shark swam on a flooded highway after a hurricane.")
    assert index.search("shark swimming on the freeway in Houston flood", k=1)[0].id == "v-shark"
    index.add("v-shark", "Lions escaped from the zoo during the storm.")  # same id replaces
    assert len(index) == 5
    assert index.search("lions escaped zoo storm", k=1)[0].id == "v-shark"
    assert index.remove("v-shark") and "v-shark" not in index
    assert all(m.id != "v-shark" for m in index.search("lions escaped zoo storm", k=5))


def test_save_load_and_rebuild_give_the_same_ranking(pool, tmp_path):
    index = MatchIndex.rebuild(pool[:6])
    index.add("v-moon", "The Apollo moon landing was filmed in a studio.", "Moon landing hoax")
    index.save(tmp_path / "idx")
    again = MatchIndex.load(tmp_path / "idx")
    query = "NASA faked the moon landings in a film studio"
    assert again.search(query) == index.search(query)
    again.add("v-shark", "A shark swam on a flooded highway after a hurricane.")  # keeps growing after load
    assert len(again) == 8
    rebuilt = MatchIndex.rebuild(pool)
    assert [m.id for m in rebuilt.search(query)][:1] == ["v-moon"]


def test_switches_to_ann_above_the_threshold(pool, tmp_path):
    index = MatchIndex(ann_threshold=5)
    index.add_many(pool[:4])
    assert not index.uses_ann
    index.add_many(pool[4:])
    assert index.uses_ann
    assert index.search("Lady Gaga cookies from Oreo", k=1)[0].id == "v-oreo"
    index.add("v-new", "Drinking bleach cures COVID-19.")  # added to the graph too
    assert index.search("bleach cures covid", k=1)[0].id == "v-new"
    index.save(tmp_path / "ann")
    loaded = MatchIndex.load(tmp_path / "ann")
    assert loaded.uses_ann and loaded.search("bleach cures covid", k=1)[0].id == "v-new"


@pytest.mark.parametrize("dtype", ["f32", "f16", "i8"])
def test_every_graph_vector_type_finds_the_same_claims(pool, dtype):
    index = MatchIndex(ann_threshold=5, ann_dtype=dtype)
    index.add_many(pool)
    assert index.uses_ann and str(index.ann.dtype).lower().endswith(dtype)
    assert index.search("Lady Gaga cookies from Oreo", k=1)[0].id == "v-oreo"


def test_the_default_graph_is_i8_and_an_unknown_vector_type_is_refused():
    assert MatchIndex(ann_threshold=5).ann_dtype == "i8"  # bench/quantisation.py: 2A dev MAP@5 as f32's
    with pytest.raises(ValueError, match="ann_dtype must be one of f32, f16, i8, not 'f64'"):
        MatchIndex(ann_dtype="f64")


def test_precomputed_vectors_can_be_added(pool):
    base = MatchIndex.rebuild(pool[:2])
    docs = [Document("x1", "Aliens built the pyramids.")]
    vec = base.encoder.encode(["Aliens built the pyramids."])
    base.add_vectors(docs, vec, np.zeros_like(vec))
    assert base.search("the pyramids were built by aliens", k=1)[0].id == "x1"


def test_recent_additions_rank_the_same_before_and_after_bm25_merges_them(pool):
    index = MatchIndex.rebuild(pool[:4])
    index.add_many(pool[4:])  # a few documents: their postings stay in BM25's delta
    assert index.bm25.delta_documents == 4
    query = "shark swimming on the freeway in Houston flood"
    before = index.search(query)
    index.bm25.compact()
    assert index.bm25.delta_documents == 0 and index.search(query) == before


def test_a_minimum_same_claim_probability_returns_exactly_the_matches_above_it(pool):
    index = MatchIndex.rebuild(pool)
    queries = [
        Document("q-nlaw", "UK sent 2000 NLAW weapons to Ukraine", "UK sent 2000 NLAW weapons to Ukraine"),
        Document("q-oreo", "Lady Gaga Oreo cookies are real", "Lady Gaga Oreo cookies are real"),
    ]
    index.add_many(queries)
    ids = [q.id for q in queries]
    everything = index.search_indexed(ids, k=10, exclude=frozenset(ids))
    assert everything[0][0].same > 0.3  # the NLAW claim, the same numbers and names
    for threshold in (0.05, 0.3, 0.9):
        above = index.search_indexed(ids, k=10, exclude=frozenset(ids), min_same=threshold)
        assert above == [[m for m in found if m.same >= threshold] for found in everything]
    assert everything[0][0].id == "v-nlaw" and len(everything[0]) > 2
