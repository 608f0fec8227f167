"""The index on disk: a snapshot plus a journal of additions, replayed on load, safe across crashes."""

from __future__ import annotations

import numpy as np
import pytest

from claims.matching import store as storemod
from claims.matching.index import Document, IndexFormatError, MatchIndex, embed
from claims.matching.store import IndexStore

QUERY = "shark swimming on the freeway in Houston flood"
SHARK = Document("v-shark", "A shark swam on a flooded highway after a hurricane.", "Highway shark photo")
LIONS = Document("v-lions", "Lions escaped from the zoo during the storm.", "Zoo lions")


def add(store: IndexStore, index: MatchIndex, state, documents):
    vec_text, vec_title = embed(documents, index.encoder)
    return store.append(index, documents, vec_text, vec_title, state)


def test_a_restart_replays_the_journal_onto_the_snapshot(pool, tmp_path):
    store = IndexStore(tmp_path)
    with pytest.raises(IndexFormatError):
        store.load()
    index = MatchIndex.rebuild(pool[:4])
    state = store.snapshot(index)
    state = add(store, index, state, [SHARK])
    state = add(store, index, state, [LIONS, Document("v-5g", "5G towers spread the virus.", "5G again")])
    assert (state.journaled, state.base) == (3, 4) and store.is_current(state)
    snapshot = store.current()

    again, loaded = IndexStore(tmp_path).load()  # another process, or after a restart
    assert store.current() == snapshot and loaded == state  # nothing rewritten, everything replayed
    assert len(again) == len(index) == 6
    for query in (QUERY, "lions escaped zoo storm", "does 5G spread covid"):
        assert again.search(query) == index.search(query)
    assert np.array_equal(again.vec_text[: len(again.ids)], index.vec_text[: len(index.ids)])


def test_a_reader_catches_up_with_what_a_writer_appended(pool, tmp_path):
    writer_store = IndexStore(tmp_path)
    writer = MatchIndex.rebuild(pool[:4])
    writer_state = writer_store.snapshot(writer)
    reader, reader_state = IndexStore(tmp_path).load()
    writer_state = add(writer_store, writer, writer_state, [SHARK])
    assert not IndexStore(tmp_path).is_current(reader_state)
    reader_state = IndexStore(tmp_path).catch_up(reader, reader_state)
    assert reader_state == writer_state and reader.search(QUERY)[0].id == "v-shark"


def test_a_line_torn_by_a_crash_is_ignored_then_cut_off(pool, tmp_path):
    store = IndexStore(tmp_path)
    index = MatchIndex.rebuild(pool[:4])
    state = add(store, index, store.snapshot(index), [SHARK])
    journal = tmp_path / f"journal-{state.snapshot}.jsonl"
    with journal.open("ab") as handle:  # a writer died mid-line
        handle.write(b'{"id": "v-half", "text": "Half a rec')
    loaded, loaded_state = IndexStore(tmp_path).load()
    assert "v-half" not in loaded and "v-shark" in loaded
    assert loaded_state.offset == state.offset < journal.stat().st_size
    # The next writer cuts the torn line off before appending: every line of the journal is whole.
    loaded_state = add(store, loaded, loaded_state, [LIONS])
    lines = journal.read_bytes().splitlines(keepends=True)
    assert len(lines) == 2 and all(line.endswith(b"\n") for line in lines)
    assert set(IndexStore(tmp_path).load()[0].ids) >= {"v-shark", "v-lions"}


def test_a_damaged_whole_line_is_skipped_and_the_lines_after_it_are_kept(pool, tmp_path):
    store = IndexStore(tmp_path)
    index = MatchIndex.rebuild(pool[:4])
    state = add(store, index, store.snapshot(index), [SHARK])
    journal = tmp_path / f"journal-{state.snapshot}.jsonl"
    with journal.open("ab") as handle:  # damage that still ends its line, as a torn append never does
        handle.write(b'{"id": "v-bad", "text": \x00 not json}\n')
    state = add(
        store, index, storemod.State(state.snapshot, journal.stat().st_size, state.journaled + 1, state.base), [LIONS]
    )
    loaded, loaded_state = IndexStore(tmp_path).load()
    assert "v-shark" in loaded and "v-lions" in loaded and "v-bad" not in loaded
    assert loaded_state.offset == journal.stat().st_size  # read to the end: nothing to cut
    add(store, loaded, loaded_state, [Document("v-5g", "5G towers spread the virus.", "5G again")])
    assert {"v-shark", "v-lions", "v-5g"} <= set(IndexStore(tmp_path).load()[0].ids)


def test_a_crash_before_the_new_snapshot_is_published_keeps_the_old_one_and_its_journal(pool, tmp_path):
    store = IndexStore(tmp_path)
    index = MatchIndex.rebuild(pool[:4])
    state = add(store, index, store.snapshot(index), [SHARK])
    # Crash between writing a new snapshot and publishing it: the new files are there, CURRENT is not.
    index.add_many([LIONS])
    index.save(tmp_path / "snapshot-unpublished")
    (tmp_path / "CURRENT.unpublished.tmp").write_text("unpublished")
    loaded, loaded_state = IndexStore(tmp_path).load()
    assert loaded_state == state and "v-shark" in loaded and "v-lions" not in loaded
    # The next snapshot publishes and clears away the leftovers and the old journal.
    new_state = store.snapshot(loaded)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["CURRENT", f"snapshot-{new_state.snapshot}"]
    assert IndexStore(tmp_path).load()[0].search(QUERY)[0].id == "v-shark"


def test_the_journal_is_folded_into_a_snapshot_when_large(pool, tmp_path, monkeypatch):
    monkeypatch.setattr(storemod, "COMPACT_MIN_DOCUMENTS", 2)
    store = IndexStore(tmp_path)
    index = MatchIndex.rebuild(pool[:4])
    state = add(store, index, store.snapshot(index), [SHARK])
    assert not store.wants_snapshot(state)
    state = add(store, index, state, [LIONS])
    assert store.wants_snapshot(state)
    state = store.snapshot(index)
    assert (state.journaled, state.base, store.journal_size(state.snapshot)) == (0, 6, 0)
    assert IndexStore(tmp_path).load()[0].search(QUERY)[0].id == "v-shark"


def test_an_index_saved_before_word_ids_were_kept_still_loads(pool, tmp_path):
    index = MatchIndex.rebuild(pool)
    index.save(tmp_path)
    (tmp_path / "tokens.npz").unlink()
    loaded = MatchIndex.load(tmp_path)
    assert np.array_equal(loaded.tok_ids[: loaded.tok_ptr[len(pool)]], index.tok_ids[: index.tok_ptr[len(pool)]])
    assert loaded.search(QUERY) == index.search(QUERY)


# -- The desk's snapshots and journal entries as bytes (issue 27) ----------------------------------


def test_a_packed_snapshot_unpacks_to_the_same_index(pool, tmp_path):
    index = MatchIndex.rebuild(pool)
    size = storemod.pack(index, tmp_path / "snap.tar")
    assert size == (tmp_path / "snap.tar").stat().st_size > 0
    loaded = storemod.unpack(tmp_path / "snap.tar", tmp_path / "out", encoder=index.encoder)
    assert loaded.ids == index.ids and np.array_equal(loaded.vec_text, index.vec_text[: len(index.ids)])
    assert loaded.search(QUERY, k=1)[0].id == index.search(QUERY, k=1)[0].id


def test_a_damaged_snapshot_or_vector_is_refused(pool, tmp_path):
    (tmp_path / "bad.tar").write_bytes(b"not a tar file at all")
    with pytest.raises(IndexFormatError, match="not a snapshot"):
        storemod.unpack(tmp_path / "bad.tar", tmp_path / "out")
    vector = np.linspace(-1, 1, 8, dtype=np.float32)
    assert np.allclose(storemod.vector_from_bytes(storemod.vector_bytes(vector), 8), vector, atol=1e-3)
    with pytest.raises(ValueError, match="4 dimensions, the encoder has 8"):
        storemod.vector_from_bytes(storemod.vector_bytes(vector[:4]), 8)


def test_a_journal_is_folded_from_a_quarter_of_the_snapshot_and_2000_documents():
    assert not storemod.wants_snapshot(1_999, 1_000)
    assert storemod.wants_snapshot(2_000, 1_000)
    assert not storemod.wants_snapshot(2_400, 10_000) and storemod.wants_snapshot(2_500, 10_000)
