"""Fact-check pages: the ClaimReview a page carries becomes a claim by its claimant, and its verdict an external
review linked to that claim."""

from __future__ import annotations

import json

import pytest

from claims.extraction import pipeline
from claims.models import ClaimEvent, ClaimMatch, ExternalReview
from claims.services import ingest

URL = "https://checkdesk.example/fact-checks/council-car-ban"


def _page(claim_reviewed: str, body: str, *, claimant: dict | None = None) -> str:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": URL,
        "claimReviewed": claim_reviewed,
        "itemReviewed": {
            "@type": "Claim",
            "author": claimant or {"@type": "Person", "name": "Dana Whitfield"},
            "datePublished": "2026-03-01",
        },
        "author": {"@type": "Organization", "name": "Check Desk", "url": "https://checkdesk.example"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "datePublished": "2026-03-03",
    }
    return (
        "<html><head><title>Fact check: the council did not ban cars | Check Desk</title>"
        "<meta property='og:site_name' content='Check Desk'>"
        f"<script type='application/ld+json'>{json.dumps(review)}</script></head>"
        f"<body><article><h1>No, the council did not ban cars</h1>{body}</article></body></html>"
    )


BODY = (
    "<p>A post shared thousands of times says the city council has banned all cars from the town centre from May.</p>"
    "<p>The council said on Tuesday that only delivery vans over 7.5 tonnes will be restricted, "
    "between 10am and 4pm.</p>"
    "<p>Council leader Sam Ortiz said no vote on a ban had taken place and none was planned.</p>"
)
CLAIM = "The city council has banned all cars from the town centre from May."


def _extract(html: str):
    return pipeline.extract(pipeline.parse(html_text=html, url=URL), default_claimant="Check Desk")


def test_the_claim_reviewed_is_a_claim_of_its_claimant_where_the_page_writes_it():
    result = _extract(_page(CLAIM, BODY))
    reviewed = [c for c in result.claims if c.claimant == "Dana Whitfield"]
    assert len(reviewed) == 1
    claim = reviewed[0]
    assert claim.text == "the city council has banned all cars from the town centre from May"
    assert result.article.text[claim.start : claim.end] == claim.text
    assert claim.sentence.startswith("A post shared thousands of times")
    assert claim.checkworthy and claim.reason.startswith("reviewed by Check Desk: False")
    # Nothing else is claimed inside the reviewed sentence; the rest of the page still is.
    assert not any(c.sentence == claim.sentence and c is not claim for c in result.claims)
    assert any(c.claimant == "Sam Ortiz" for c in result.claims)


def test_a_claim_the_page_never_writes_out_is_put_first_in_the_text():
    wording = "Drivers entering the town centre will be fined £500 from May."
    result = _extract(_page(wording, BODY, claimant={"@type": "Organization", "name": "Town Watch"}))
    assert result.article.text.startswith(wording + "\n\n")
    claim = next(c for c in result.claims if c.claimant == "Town Watch")
    assert (claim.start, claim.text) == (0, wording.rstrip("."))


def test_a_page_without_claimreview_has_no_reviewed_claim():
    result = _extract(_page(CLAIM, BODY).replace("ClaimReview", "NewsArticle"))
    assert result.article.reviews == ()
    assert not any(c.reason.startswith("reviewed by") for c in result.claims)


@pytest.mark.django_db
def test_saving_a_fact_check_page_stores_its_verdict_and_links_it_to_the_claim():
    job = ingest.article_ingest(html=_page(CLAIM, BODY))
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    review = ExternalReview.objects.get()
    assert (review.url, review.claimant, review.rating_label, review.publisher_name) == (
        URL,
        "Dana Whitfield",
        "False",
        "Check Desk",
    )
    match = ClaimMatch.objects.get()
    assert match.external_review == review and match.tier == "auto" and match.decision == "confirmed"
    assert match.claim.claimant == "Dana Whitfield" and "banned all cars" in match.claim.text
    assert ClaimEvent.objects.filter(claim=match.claim, kind=ClaimEvent.Kind.MATCHED).count() == 1
    # The same page again: nothing new, nothing twice.
    again = ingest.article_ingest(html=_page(CLAIM, BODY) + " ")
    ingest.job_run(job_id=again.pk)
    assert (ExternalReview.objects.count(), ClaimMatch.objects.count()) == (1, 1)
