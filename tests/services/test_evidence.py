"""Evidence pages are archived in the background, failures recorded."""

from __future__ import annotations

import pytest
from factories import claim_in_state

from claims.models import Evidence
from claims.services import workflow


@pytest.fixture
def site(local_site):
    return local_site(
        {
            "/report": (
                200,
                "text/html; charset=utf-8",
                (
                    b"<html><head><title>Border report</title></head><body><article><p>Satellite images "
                    b"taken on 15 February show 40 more tanks near the border than a week earlier.</p>"
                    b"</article></body></html>"
                ),
            )
        }
    )


def test_evidence_page_is_archived_with_its_hash(db, users, site, django_capture_on_commit_callbacks):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        evidence = workflow.evidence_add(
            claim=claim, actor=users["checker"], source_kind="media", stance="refutes", url=f"{site}/report"
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == "archived"
    assert "40 more tanks" in evidence.archive_text
    assert len(evidence.archive_sha256) == 64 and evidence.archived_at
    assert evidence.title == "Border report"


def test_unreachable_evidence_is_marked_failed_with_the_reason(db, users, site, django_capture_on_commit_callbacks):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        evidence = workflow.evidence_add(
            claim=claim, actor=users["checker"], source_kind="media", stance="refutes", url=f"{site}/missing"
        )
    evidence.refresh_from_db()
    assert (evidence.archive_status, "404" in evidence.archive_error) == ("failed", True)


def test_quote_only_evidence_needs_no_archive(db, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    evidence = workflow.evidence_add(
        claim=claim,
        actor=users["checker"],
        source_kind="expert",
        stance="context",
        quote="Troop numbers vary week to week.",
    )
    assert Evidence.objects.get(pk=evidence.pk).archive_status == "none"
