"""Publishing: ClaimReview of published verdicts, public pages, the DataFeed, the demo's verdicts."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from factories import claim_in_state, correct_published, make_claim, rating

from claims.exports.claimreview import claimreview, looks_like_person, public_claims
from claims.models import Claim, VerdictVersion
from claims.selectors import default_scale
from claims.services import workflow


def review_of(claim, root=None):
    """The claim's ClaimReview; with ``root`` (``"http://testserver"``), as served to the test client."""
    return claimreview(public_claims().get(pk=claim.pk), root=root)


@pytest.mark.parametrize(
    "slug", ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "missing-context", "unproven"]
)
def test_every_rating_of_the_default_scale_maps(db, users, slug):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating(slug), headline=f"{slug} headline")
    workflow.claim_submit(claim=claim, actor=users["checker"])
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"])
    review = review_of(claim)
    value = default_scale().ratings.get(slug=slug).value
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == rating(slug).label
    if value is None:  # off the true-false line: words only
        assert "ratingValue" not in review["reviewRating"]
    else:
        assert (
            review["reviewRating"]["ratingValue"],
            review["reviewRating"]["worstRating"],
            review["reviewRating"]["bestRating"],
        ) == (value, 1, 5)
    assert review["url"].startswith("http") and review["url"].endswith(f"/verdicts/{claim.pk}/")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "The minister"}


def test_correction_is_public_and_drafts_never_are(db, users, client):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    correct_published(
        claim,
        corrector=users["editor"],
        approver=users["editor2"],
        note="The date was wrong.",
        headline="False: corrected",
    )
    review = review_of(claim)
    assert review["name"] == "False: corrected"
    assert review["correction"][0]["text"] == "The date was wrong."
    # Reopened for a larger correction: readers still see the last published version.
    workflow.claim_reopen_for_correction(claim=claim, actor=users["editor"], note="New data")
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating("true"), headline="DRAFT TEXT")
    page = client.get(f"/verdicts/{claim.pk}/").content.decode()
    assert "DRAFT TEXT" not in page and "False: corrected" in page
    unpublished = make_claim()
    assert client.get(f"/verdicts/{unpublished.pk}/").status_code == 404
    in_review = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    assert client.get(f"/verdicts/{in_review.pk}/").status_code == 404


def test_public_page_embeds_the_same_claimreview_safely(db, users, client):
    claim = make_claim(text="A claim </script><script>alert(1)</script> here", claimant="Joe Biden")
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"], claim=claim)
    html = client.get(f"/verdicts/{claim.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block) == json.loads(json.dumps(review_of(claim, root="http://testserver")))
    assert json.loads(block)["itemReviewed"]["author"] == {"@type": "Person", "name": "Joe Biden"}
    assert 'property="og:title"' in html


def test_index_lists_and_searches_published_verdicts(db, users, client):
    first = claim_in_state(
        "published",
        checker=users["checker"],
        editor=users["editor"],
        claim=make_claim(text="Unemployment fell to 3 percent"),
    )
    claim_in_state(
        "published",
        checker=users["checker"],
        editor=users["editor"],
        claim=make_claim(text="Tanks are being withdrawn"),
    )
    make_claim(text="Unemployment draft only")
    page = client.get("/verdicts/?q=unemployment").content.decode()
    assert f"/verdicts/{first.pk}/" in page and "draft only" not in page


def test_datafeed_streams_every_published_review_with_conditional_get(db, users, client):
    claims = [claim_in_state("published", checker=users["checker"], editor=users["editor"]) for _ in range(3)]
    make_claim()
    response = client.get("/feeds/claimreview.json")
    assert response.streaming and response["Content-Type"].startswith("application/ld+json")
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["@type"] == "DataFeed" and feed["dateModified"]
    items = feed["dataFeedElement"]
    assert {e["item"][0]["url"].rsplit("/", 2)[-2] for e in items} == {str(c.pk) for c in claims}
    assert items[0]["item"][0] == review_of(
        Claim.objects.get(pk=int(items[0]["url"].rsplit("/", 2)[-2])), root="http://testserver"
    )
    assert client.get("/feeds/claimreview.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    since = response["Last-Modified"]
    assert client.get("/feeds/claimreview.json", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert (
        client.get("/feeds/claimreview.json", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )
    assert (
        client.get("/feeds/claimreview.json", HTTP_IF_MODIFIED_SINCE=since, HTTP_IF_NONE_MATCH='"stale"').status_code
        == 200
    )


def test_export_command_writes_the_feed(db, users, tmp_path):
    claim_in_state("published", checker=users["checker"], editor=users["editor"])
    out = tmp_path / "feed.json"
    call_command("export_claimreview", "--output", str(out))
    assert len(json.loads(out.read_text())["dataFeedElement"]) == 1


def test_demo_publishes_three_verdicts_one_corrected(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    published = Claim.objects.filter(status="published")
    assert published.count() == 3
    assert VerdictVersion.objects.filter(kind="correction").count() == 1
    assert {c.claimant for c in published} >= {"Moscow"}


def test_person_or_organisation():
    assert looks_like_person("Jens Stoltenberg") and looks_like_person("Joe Biden")
    assert not looks_like_person("Moscow") and not looks_like_person("the ministry")
    assert not looks_like_person("NATO Defence Council")
