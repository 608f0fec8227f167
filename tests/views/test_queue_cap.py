"""Issue 23, part 3: the desk's cap on claims an article puts in the queue, end to end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.demo import SAMPLE_ARTICLE
from claims.errors import InvalidInput
from claims.extraction import checkworthiness
from claims.models import Claim, DeskSettings
from claims.selectors import checkworthy_threshold_setting, claims_per_article_cap
from claims.services import ingest
from claims.services.desk import desk_settings_update

SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")


def _extract() -> list[Claim]:
    job = ingest.article_ingest(text=SAMPLE)
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    return list(job.article.claims.all())


def test_the_default_cap_and_threshold_are_the_models(db):
    assert claims_per_article_cap() == checkworthiness.DEFAULT_CAP
    assert checkworthy_threshold_setting() is None  # each genre at the model's own threshold


def test_an_articles_queue_holds_at_most_the_desks_cap_best_ranked_claims(db, users):
    desk_settings_update(
        actor=users["admin"],
        checkworthy_threshold=None,
        match_suggest_threshold=None,
        match_auto_threshold=None,
        max_claims_per_article=4,
    )
    claims = _extract()
    queued = [c for c in claims if c.checkworthy]
    assert len(queued) == 4
    kept_out = [c for c in claims if not c.checkworthy and "past this article's cap of 4 claims" in c.reason]
    assert kept_out, "claims over the cap are kept under the article, saying why"
    assert min(c.priority for c in queued) >= max(c.priority for c in kept_out)
    # The queue's order is the ranking: the best-ranked claim first.
    from claims.selectors import claim_queue

    first = claim_queue(user=users["checker"]).first()
    assert first.pk == max(queued, key=lambda c: c.priority).pk


def test_no_limit_queues_every_claim_over_the_threshold(db, users):
    desk_settings_update(
        actor=users["admin"],
        checkworthy_threshold=0.5,
        match_suggest_threshold=None,
        match_auto_threshold=None,
        max_claims_per_article=0,
    )
    assert claims_per_article_cap() is None
    claims = _extract()
    assert not any("cap of" in c.reason for c in claims)
    assert all(
        c.checkworthy == (c.score >= 0.5) for c in claims if c.reason.startswith(("check-worthy", "not check-worthy"))
    )


@pytest.mark.parametrize("bad", [-1, 501, 2.5, "ten"])
def test_a_bad_cap_is_refused_with_a_reason(db, users, bad):
    with pytest.raises(InvalidInput, match="whole number from 0"):
        desk_settings_update(
            actor=users["admin"],
            checkworthy_threshold=None,
            match_suggest_threshold=None,
            match_auto_threshold=None,
            max_claims_per_article=bad,
        )
    assert DeskSettings.objects.filter(max_claims_per_article__isnull=False).count() == 0


def test_the_settings_page_sets_the_cap_and_shows_it_in_effect(client, users):
    client.force_login(users["admin"])
    response = client.post(reverse("settings"), {"thresholds": "1", "max_claims_per_article": "-3"})
    assert response.status_code == 400 and "greater than or equal to 0" in response.content.decode()
    response = client.post(reverse("settings"), {"thresholds": "1", "max_claims_per_article": "8"})
    assert response.status_code == 302
    assert claims_per_article_cap() == 8
    page = client.get(reverse("settings")).content.decode()
    assert "at most 8 claims an article in the queue" in page
    client.post(reverse("settings"), {"thresholds": "1", "max_claims_per_article": ""})
    assert claims_per_article_cap() == checkworthiness.DEFAULT_CAP  # blank: the model's default again
    # Checkers cannot change it.
    client.force_login(users["checker"])
    assert client.post(reverse("settings"), {"thresholds": "1", "max_claims_per_article": "1"}).status_code == 403
