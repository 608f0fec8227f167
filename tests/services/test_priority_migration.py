"""Migration 0033 splits each claim's stored priority into its parts, read from its history."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0032_admin_role_views_every_table")]
AFTER = [("claims", "0033_issue26_priority_parts_detach")]


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # whatever migrations come after this one


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_reads_the_base_the_cut_and_the_demand_out_of_the_history(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Article, Claim = apps.get_model("claims", "Article"), apps.get_model("claims", "Claim")
    ClaimEvent, ReaderRequest = apps.get_model("claims", "ClaimEvent"), apps.get_model("claims", "ReaderRequest")

    def claim(n: int, priority: float):
        text = f"Claim {n}: 2,400 homes were flooded in March."
        article = Article.objects.create(
            text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), source_kind="text", title=f"A{n}"
        )
        return Claim.objects.create(
            article=article,
            text=text,
            sentence=text,
            start=0,
            end=len(text),
            sentence_start=0,
            sentence_end=len(text),
            fingerprint=f"fp{n}",
            claimant="x",
            claim_type="quantity",
            score=0.9,
            priority=priority,
        )

    lowered = claim(1, 80.0 - 50.0 + 10.0)  # lowered once, two requests (+5 each)
    ClaimEvent.objects.create(claim=lowered, kind="matched", data={"priority_lowered": 50.0})
    for _ in range(2):
        ReaderRequest.objects.create(text="x", channel="web", claim=lowered, status="attached", outcome="attached")
        ClaimEvent.objects.create(claim=lowered, kind="requested", data={"priority_raised": 5.0})
    restored = claim(2, 70.0)  # lowered, then restored
    ClaimEvent.objects.create(claim=restored, kind="match_confirmed", data={"priority_lowered": 50.0})
    ClaimEvent.objects.create(claim=restored, kind="match_rejected", data={"priority_restored": 50.0})
    plain = claim(3, 42.5)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Claim = apps.get_model("claims", "Claim")
    rows = {c.pk: (c.priority_base, c.priority_lowered, c.readers, c.priority) for c in Claim.objects.all()}
    assert rows[lowered.pk] == (80.0, True, 2, 40.0)
    assert rows[restored.pk] == (70.0, False, 0, 70.0)
    assert rows[plain.pk] == (42.5, False, 0, 42.5)
