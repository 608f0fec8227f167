"""The desk's matching index without a shared disk (issue 27): each process's copy, the journal and
the snapshots in the database. Two "processes" here are two index directories (each its own copy
in ``match_index.local_copy()``) on one database; tests/stack/test_several_hosts.py runs real ones."""

from __future__ import annotations

import pytest
from conftest import tasks_queued
from django.test import override_settings
from factories import make_article, make_claim

from claims.matching import store
from claims.models import Claim, MatchJournalEntry, MatchSnapshot, MatchSnapshotChunk
from claims.services import match_index


@pytest.fixture
def hosts(tmp_path):
    """Run code as host A or host B: each has its own directory and so its own copy."""

    def on(name: str):
        return override_settings(VERIFY_MATCH_INDEX_DIR=tmp_path / name)

    return on


def ids_of(hits) -> list[str]:
    return [h.doc_id for h in hits]


def test_a_claim_indexed_on_one_host_is_found_on_another_after_the_sync_delay(db, hosts, settings):
    first = make_claim(text="5G mobile networks spread the coronavirus")
    with hosts("a"):
        match_index.index_add_claims(claim_ids=[first.pk])  # no index yet: A builds and publishes one
    settings.VERIFY_MATCH_SYNC_SECONDS = 5
    with hosts("b"):  # starts empty: loads A's snapshot
        assert ids_of(match_index.search("5G spreads covid", k=1, build=False)) == [f"claim:{first.pk}"]
    later = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    with hosts("a"):
        assert match_index.index_add_claims(claim_ids=[later.pk]) == 1
    with hosts("b"):
        # B caught up less than 5 s ago: it does not ask the database yet ...
        assert f"claim:{later.pk}" not in ids_of(match_index.search("Lady Gaga Oreo cookies", k=2, build=False))
        match_index.local_copy().synced -= 5  # ... and does once its copy is 5 s old
        assert ids_of(match_index.search("Lady Gaga Oreo cookies", k=1, build=False)) == [f"claim:{later.pk}"]
    assert MatchSnapshot.objects.count() == 1  # one snapshot (A's build), the rest is journal


def test_with_no_snapshot_a_web_search_says_not_ready_and_never_builds(db, hosts, settings):
    make_claim(text="5G mobile networks spread the coronavirus")
    # Nobody builds it within the request.
    with tasks_queued(), hosts("b"), pytest.raises(match_index.IndexNotReady, match="being built"):
        match_index.search("5G spreads covid", k=1, build=False)
    assert not MatchSnapshot.objects.exists()


def test_folding_keeps_two_snapshots_prunes_the_journal_and_a_late_host_reloads(db, hosts, monkeypatch):
    monkeypatch.setattr(store, "COMPACT_MIN_DOCUMENTS", 1)
    claims = [make_claim(text="5G mobile networks spread the coronavirus")]
    with hosts("b"):
        match_index.index_add_claims(claim_ids=[claims[0].pk])  # B builds; it will fall behind
    with hosts("a"):
        for text in (
            "Oreo released Lady Gaga themed cookies",
            "The council said 2,400 homes were flooded in March",
            "The new bridge cost 3 billion euros to build",
        ):
            claims.append(make_claim(article=make_article(), text=text))
            match_index.index_add_claims(claim_ids=[claims[-1].pk])  # each append folds a snapshot here
    kept = list(MatchSnapshot.objects.order_by("pk"))
    assert len(kept) == match_index.KEEP_SNAPSHOTS and not kept[0].rebuilt
    assert (
        not MatchJournalEntry.objects.filter(pk__lte=kept[0].upto)
        .exclude(pk=MatchJournalEntry.objects.latest("pk").pk)
        .exists()
    )  # pruned below the older one
    assert MatchSnapshotChunk.objects.filter(snapshot__in=kept).count() == 2
    with hosts("b"):  # its cursor is below what was pruned: it loads the newest snapshot
        stale = match_index.local_copy()
        assert stale.cursor < kept[0].upto
        assert match_index.current_index() is not stale.index
        assert {f"claim:{c.pk}" for c in claims} <= set(match_index.current_index().row_of)


def test_a_rebuild_replaces_every_hosts_copy(db, hosts):
    gone = make_claim(text="5G mobile networks spread the coronavirus")
    kept = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    with hosts("b"):
        match_index.index_add_claims(claim_ids=[gone.pk, kept.pk])
        assert f"claim:{gone.pk}" in match_index.current_index()
    Claim.objects.filter(pk=gone.pk).update(checkworthy=False)  # no longer indexed after a rebuild
    with hosts("a"):
        assert match_index.index_rebuild() == 1
    with hosts("b"):
        index = match_index.current_index()
        assert f"claim:{gone.pk}" not in index and f"claim:{kept.pk}" in index
    assert MatchSnapshot.objects.latest("pk").rebuilt


def test_a_snapshot_with_a_missing_chunk_is_skipped_for_the_one_before(db, hosts, monkeypatch):
    monkeypatch.setattr(store, "COMPACT_MIN_DOCUMENTS", 1)
    first = make_claim(text="5G mobile networks spread the coronavirus")
    with hosts("a"):
        match_index.index_add_claims(claim_ids=[first.pk])  # built: the first snapshot
        second = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
        match_index.index_add_claims(claim_ids=[second.pk])  # journaled and folded: a second snapshot
    assert MatchSnapshot.objects.count() == 2
    newest = MatchSnapshot.objects.latest("pk")
    MatchSnapshotChunk.objects.filter(snapshot=newest).delete()
    with hosts("c"):  # a new host: the newest cannot be read, the older one and the journal can
        index = match_index.current_index()
        assert index is not None and {f"claim:{first.pk}", f"claim:{second.pk}"} <= set(index.row_of)
        assert not list(match_index.index_dir().glob(f"snapshot-{newest.token}"))


def test_a_fold_overtaken_by_a_rebuild_is_dropped_and_the_host_loads_the_rebuild(db, hosts, monkeypatch):
    """A worker packs its copy as a snapshot (seconds, on a large index) while another host publishes
    a rebuild: the fold, made from a copy that lacks what the rebuild read from the database, must
    not become the newest snapshot a starting host loads."""
    monkeypatch.setattr(store, "COMPACT_MIN_DOCUMENTS", 1)
    first = make_claim(text="5G mobile networks spread the coronavirus")
    with hosts("b"):
        match_index.index_add_claims(claim_ids=[first.pk])
    unjournaled = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    pack = store.pack

    def rebuild_while_packing(index, path):  # host A rebuilds while B is packing its fold
        monkeypatch.setattr(store, "pack", pack)  # once
        with hosts("a"):
            match_index.index_rebuild()
        return pack(index, path)

    later = make_claim(article=make_article(), text="The new bridge cost 3 billion euros to build")
    with hosts("b"):
        monkeypatch.setattr(store, "pack", rebuild_while_packing)
        match_index.index_add_claims(claim_ids=[later.pk])  # appends to the journal, then folds
        newest = MatchSnapshot.objects.latest("pk")
        assert newest.rebuilt  # the fold was dropped
        index = match_index.current_index()  # and B loads the rebuild, journal replayed after it
        assert {f"claim:{c.pk}" for c in (first, unjournaled, later)} <= set(index.row_of)
    with hosts("c"):  # a host starting now gets every claim too
        assert {f"claim:{c.pk}" for c in (first, unjournaled, later)} <= set(match_index.current_index().row_of)


def test_a_copy_reloads_when_the_tables_were_made_again_and_ids_restart(db, hosts):
    """A restore, or a migration undone and redone, empties the journal and snapshot tables and
    starts their ids again: a copy whose snapshot id and journal cursor are above every id now
    present must load the new snapshot, not wait for ids it believes it has seen."""
    from django.core.management.color import no_style
    from django.db import connection

    old = []
    with hosts("b"):
        for n in range(1, 4):  # B's copy: a snapshot of the first, then the journal
            old.append(make_claim(article=make_article(), text=f"The council said {n},400 homes were flooded"))
            match_index.index_add_claims(claim_ids=[old[-1].pk])
        stale = match_index.local_copy()
        assert stale.cursor >= 2
    MatchSnapshot.objects.all().delete()
    MatchJournalEntry.objects.all().delete()
    Claim.objects.filter(pk__in=[c.pk for c in old]).update(checkworthy=False)
    tables = [{"table": m._meta.db_table, "column": "id"} for m in (MatchSnapshot, MatchJournalEntry)]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), tables):
            cursor.execute(sql)
    new = make_claim(article=make_article(), text="Oreo released Lady Gaga themed cookies")
    with hosts("a"):
        match_index.index_rebuild()  # snapshot id 1 again, journal empty
    assert MatchSnapshot.objects.get().pk <= stale.snapshot
    with hosts("b"):
        index = match_index.current_index()
        assert index is not stale.index
        assert f"claim:{new.pk}" in index and not any(f"claim:{c.pk}" in index for c in old)
