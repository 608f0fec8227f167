"""Matching real-shaped news through a real worker: unrelated articles never dismiss one another's
claims, and two outlets' articles on one story get suggestions a checker decides (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import rebuild_worker_match_index, wait_for
from django.urls import reverse

from claims.choices import JobStatus
from claims.demo import SAMPLE_ARTICLE
from claims.models import Claim, ClaimMatch, ExtractionJob
from claims.services import ingest

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
UNRELATED = ["smog.txt", "cars.txt", "cannabis.txt", "airline.txt", "flu.txt"]

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _ingest_and_match(texts: list[str], worker) -> list[ExtractionJob]:
    jobs = [ingest.article_ingest(text=text) for text in texts]

    def done() -> bool:
        rows = ExtractionJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("status", "match_pending")
        return all(status == JobStatus.SUCCEEDED and not pending for status, pending in rows)

    wait_for(done, timeout=120, worker=worker)
    return [ExtractionJob.objects.get(pk=j.pk) for j in jobs]


def test_unrelated_articles_dismiss_nothing_and_a_same_story_pair_gets_suggestions(async_tasks, client, checker):
    rebuild_worker_match_index(async_tasks)
    texts = [
        SAMPLE_ARTICLE.read_text(encoding="utf-8"),
        *((ARTICLES / n).read_text(encoding="utf-8") for n in UNRELATED),
    ]
    _ingest_and_match(texts, async_tasks)
    assert Claim.objects.filter(checkworthy=True).count() > 20
    # Six articles on six topics: no claim left the queue, nothing was linked, nothing suggested.
    assert not Claim.objects.filter(status="dismissed").exists()
    assert not ClaimMatch.objects.filter(tier="auto").exists()
    assert list(ClaimMatch.objects.values_list("claim__text", "matched_claim__text")) == []

    [earlier] = _ingest_and_match([(ARTICLES / "campaign-a.txt").read_text(encoding="utf-8")], async_tasks)
    [later] = _ingest_and_match([(ARTICLES / "campaign-b.txt").read_text(encoding="utf-8")], async_tasks)
    suggestions = ClaimMatch.objects.filter(claim__article_id=later.article_id).select_related("claim", "matched_claim")
    assert suggestions and all(m.matched_claim.article_id == earlier.article_id for m in suggestions)
    assert all((m.tier, m.decision) == ("suggest", "pending") for m in suggestions)
    assert any("449,000" in m.claim.sentence and "449,000" in m.matched_claim.sentence for m in suggestions)
    assert not Claim.objects.filter(status="dismissed").exists()  # suggested, never removed
    # The checker sees them in the queue and decides with one click.
    client.force_login(checker)
    page = client.get(reverse("queue")).content.decode()
    shown = [m for m in suggestions if f'data-suggestion="{m.pk}"' in page]
    assert shown
    match = next(m for m in shown if "449,000" in m.claim.sentence)
    response = client.post(reverse("claim_match", args=[match.claim_id, match.pk, "confirm"]), {"next": "/"})
    assert response.status_code == 302
    claim = Claim.objects.get(pk=match.claim_id)
    assert (claim.status, claim.duplicate_of_id) == ("dismissed", match.matched_claim_id)
    assert claim.events.filter(kind="match_confirmed", actor=checker).exists()
