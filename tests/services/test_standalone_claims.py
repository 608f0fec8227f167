"""The standalone claim and its stance, from extraction to the desk, the API and ClaimReview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from factories import claim_in_state, make_article, make_claim
from rest_framework.test import APIClient

from claims.exports.claimreview import claimreview, public_claims
from claims.models import Claim
from claims.services import ingest
from claims.services.tokens import token_create

ARTICLE = (
    "Ministry denies troop build-up\n\n"
    "The Defence Ministry has denied moving any tanks to the border. "
    "Jo Smith, the party's leader, said on Monday that she would not resign. "
    "Unemployment fell to 4.2 percent in March, the statistics office said."
)


def test_extraction_saves_the_standalone_text_and_the_stance(db):
    job = ingest.article_ingest(text=ARTICLE)
    ingest.job_run(job_id=job.pk)
    denial = Claim.objects.get(text__contains="tanks")
    assert (denial.text, denial.claimant, denial.stance) == (
        "denied moving any tanks to the border",
        "Defence Ministry",
        "denies",
    )
    resign = Claim.objects.get(text__contains="resign")
    assert resign.claimant == "Jo Smith" and resign.stance == "asserts"
    assert resign.text == "she would not resign"
    assert resign.standalone == "Jo Smith would not resign"


def test_the_claim_page_heads_with_the_standalone_text_and_shows_the_exact_span(db, users, client):
    article = make_article(text="Jo Smith said she would not resign.", published_at=datetime(2026, 3, 2, tzinfo=UTC))
    claim = make_claim(
        article=article, text="she would not resign", standalone="Jo Smith would not resign", claimant="Jo Smith"
    )
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert '<h1 class="standalone">Jo Smith would not resign</h1>' in page
    assert "In the article: “she would not resign”" in page


def test_a_denial_is_marked_on_the_claim_page(db, users, client):
    claim = make_claim(text="denied moving any tanks", claimant="Defence Ministry", stance="denies")
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert "<dt>Stance</dt><dd>Denies" in page
    asserted = make_claim(text="moved tanks to the border", claimant="Defence Ministry")
    assert "<dt>Stance</dt>" not in client.get(reverse("claim", args=[asserted.pk])).content.decode()


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/claims/{pk}/"])
def test_the_api_returns_the_standalone_text_and_the_stance(db, users, path):
    claim = make_claim(text="she would not resign", standalone="Jo Smith would not resign", stance="asserts")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=users['checker'], name='t', scopes=['read'])[1]}")
    body = api.get(path.format(pk=claim.pk)).json()
    row = body["results"][0] if "results" in body else body
    assert (row["text"], row["standalone"], row["stance"]) == (
        "she would not resign",
        "Jo Smith would not resign",
        "asserts",
    )


def test_claimreview_reviews_the_standalone_claim(db, users):
    claim = make_claim(text="she would not resign", standalone="Jo Smith would not resign", claimant="Jo Smith")
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"], claim=claim)
    assert claimreview(public_claims().get(pk=claim.pk))["claimReviewed"] == "Jo Smith would not resign"
    older = claim_in_state(
        "published", checker=users["checker"], editor=users["editor"], claim=make_claim(text="Prices rose by 3 percent")
    )
    assert (
        claimreview(public_claims().get(pk=older.pk))["claimReviewed"] == "Prices rose by 3 percent"
    )  # no standalone stored: the span


def test_the_queue_and_inbox_head_with_the_standalone_text_and_the_span_beneath(db, users, client):
    claim = make_claim(text="she would not resign", standalone="Jo Smith would not resign", claimant="Jo Smith")
    plain = make_claim(text="Prices rose by 3 percent in May")
    client.force_login(users["checker"])
    page = client.get(reverse("queue")).content.decode()
    assert f'<a href="{reverse("claim", args=[claim.pk])}">Jo Smith would not resign</a>' in page
    assert "In the article: “she would not resign”" in page
    # No standalone text stored (or the same as the span): the span alone, not said twice.
    assert f'<a href="{reverse("claim", args=[plain.pk])}">Prices rose by 3 percent in May</a>' in page
    assert "In the article: “Prices rose by 3 percent in May”" not in page


def test_the_public_page_feed_and_embed_read_the_claim_as_claimreview_publishes_it(db, users, client):
    claim = make_claim(text="she would not resign", standalone="Jo Smith would not resign", claimant="Jo Smith")
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"], claim=claim)
    page = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "<h1>“Jo Smith would not resign”</h1>" in page
    assert client.get(reverse("public_index")).content.decode().count("Jo Smith would not resign") >= 1
