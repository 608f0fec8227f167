"""The ClaimReview validator: on a vocabulary of our own, and on schema.org's when ../shared has it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import claim_in_state, correct_published, make_claim, rating

from claims.exports.claimreview import claimreview, public_claims
from claims.exports.validation import Vocabulary, VocabularyError, is_iso8601, validate
from claims.models import Rating
from claims.selectors import default_scale
from claims.services import workflow

SHARED_VOCABULARY = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "schemaorg" / "schemaorg-current-https.jsonld.gz"
)


def cls(name, parent=None):
    node = {"@id": f"schema:{name}", "@type": "rdfs:Class"}
    if parent:
        node["rdfs:subClassOf"] = {"@id": f"schema:{parent}"}
    return node


def prop(name, domains, ranges):
    return {
        "@id": f"schema:{name}",
        "@type": "rdf:Property",
        "schema:domainIncludes": [{"@id": f"schema:{d}"} for d in domains],
        "schema:rangeIncludes": [{"@id": f"schema:{r}"} for r in ranges],
    }


# A tiny vocabulary in schema.org's release format: enough for a ClaimReview.
MINI = {
    "@context": {"schema": "https://schema.org/"},
    "@graph": [
        {"@id": "schema:Text", "@type": ["schema:DataType", "rdfs:Class"]},
        {"@id": "schema:Number", "@type": ["schema:DataType", "rdfs:Class"]},
        {"@id": "schema:DateTime", "@type": ["schema:DataType", "rdfs:Class"]},
        cls("URL", "Text"),
        cls("Thing"),
        cls("CreativeWork", "Thing"),
        cls("Review", "CreativeWork"),
        cls("ClaimReview", "Review"),
        cls("Claim", "CreativeWork"),
        cls("Intangible", "Thing"),
        cls("Rating", "Intangible"),
        cls("Organization", "Thing"),
        cls("Person", "Thing"),
        prop("name", ["Thing"], ["Text"]),
        prop("url", ["Thing"], ["URL"]),
        prop("alternateName", ["Thing"], ["Text"]),
        prop("claimReviewed", ["ClaimReview"], ["Text"]),
        prop("reviewRating", ["Review"], ["Rating"]),
        prop("itemReviewed", ["Review"], ["Thing"]),
        prop("ratingValue", ["Rating"], ["Number", "Text"]),
        prop("bestRating", ["Rating"], ["Number", "Text"]),
        prop("worstRating", ["Rating"], ["Number", "Text"]),
        prop("author", ["CreativeWork", "Rating"], ["Organization", "Person"]),
        prop("appearance", ["Claim"], ["CreativeWork"]),
        prop("datePublished", ["CreativeWork"], ["DateTime"]),
        prop("dateModified", ["CreativeWork"], ["DateTime"]),
    ],
}


@pytest.fixture(scope="module")
def mini():
    return Vocabulary.from_jsonld(MINI)


def good_review():
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://desk.example/verdicts/1/",
        "claimReviewed": "Tanks are being withdrawn",
        "datePublished": "2026-02-16T10:00:00+00:00",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "Moscow"},
            "appearance": [{"@type": "CreativeWork", "url": "https://news.example/a"}],
        },
        "author": {"@type": "Organization", "name": "Desk", "url": "https://desk.example/"},
    }


def test_a_good_review_passes(mini):
    assert validate(good_review(), mini) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update({"@type": "ClaimReveiw"}), "is not a schema.org type"),
        (lambda r: r.update({"verdict": "false"}), "'verdict' is not a schema.org property"),
        (lambda r: r["itemReviewed"].update({"claimReviewed": "x"}), "not allowed on Claim"),
        (lambda r: r["reviewRating"].update({"ratingValue": 9}), "not within 1..5"),
        (lambda r: r["reviewRating"].update({"worstRating": 0, "ratingValue": 0}), "worstRating must be at least 1"),
        (lambda r: r["reviewRating"].update({"bestRating": 1}), "bestRating must be greater"),
        (lambda r: r["reviewRating"].update({"ratingValue": "two"}), "must all be numbers"),
        (lambda r: r["reviewRating"].pop("alternateName"), "needs alternateName"),
        (lambda r: r.update({"url": "/verdicts/1/"}), "not an absolute URL"),
        (lambda r: r.pop("claimReviewed"), "needs claimReviewed"),
        (lambda r: r.update({"datePublished": "2020-06-23 20:02"}), "not an ISO 8601 date"),
        (lambda r: r.update({"@context": "https://example.org"}), "@context must be schema.org"),
        (lambda r: r["itemReviewed"].update({"author": {"@type": "Person"}}), "needs a name or a url"),
        (lambda r: r.update({"reviewRating": {"@type": "Claim", "name": "x"}}), "is not one of Rating"),
        (lambda r: r.update({"claimReviewed": {"nested": True}}), "no @type"),
    ],
)
def test_each_broken_rule_is_reported_with_its_path(mini, change, expected):
    review = good_review()
    change(review)
    problems = validate(review, mini)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("$") for p in problems)


def test_iso_dates():
    assert is_iso8601("2026-02-16") and is_iso8601("2026-02-16T10:00:00+00:00")
    assert not is_iso8601("16/02/2026") and not is_iso8601("2026-02-30") and not is_iso8601(20260216)


def test_vocabulary_files_load_gzipped_and_bad_ones_are_refused(tmp_path):
    path = tmp_path / "vocab.jsonld.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(MINI, handle)
    assert Vocabulary.load(path).allows("ClaimReview", "url")
    (tmp_path / "bad.jsonld").write_text('{"not": "a vocabulary"}')
    with pytest.raises(VocabularyError, match="no @graph"):
        Vocabulary.load(tmp_path / "bad.jsonld")
    with pytest.raises(VocabularyError, match="not found"):
        Vocabulary.load(tmp_path / "missing.jsonld")


def test_command_validates_a_file_and_fails_on_problems(tmp_path, capsys):
    vocab = tmp_path / "vocab.jsonld"
    vocab.write_text(json.dumps(MINI))
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(good_review()))
    bad.write_text(json.dumps({**good_review(), "url": "relative"}))
    call_command("validate_claimreview", str(good), "--vocabulary", str(vocab))
    assert "valid" in capsys.readouterr().out
    with pytest.raises(CommandError, match="invalid: 2 problem"):
        call_command("validate_claimreview", str(bad), "--vocabulary", str(vocab))
    with pytest.raises(CommandError, match="not found"):
        call_command("validate_claimreview", str(good), "--vocabulary", str(tmp_path / "nope"))


# --- Everything we publish, against the real schema.org vocabulary ----------------------

needs_schemaorg = pytest.mark.skipif(not SHARED_VOCABULARY.is_file(), reason="../shared/data/schemaorg is not here")


@pytest.fixture(scope="module")
def schemaorg():
    return Vocabulary.load(SHARED_VOCABULARY)


def publish(claim, users, slug):
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating(slug), headline=f"{slug}: because")
    workflow.claim_submit(claim=claim, actor=users["checker"])
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"])


@needs_schemaorg
def test_every_rating_of_the_default_scale_and_a_correction_validate(db, users, schemaorg):
    claims = []
    for r in Rating.objects.filter(scale=default_scale()):
        claim = claim_in_state(
            "in_review",
            checker=users["checker"],
            editor=users["editor"],
            claim=make_claim(claimant="Joe Biden" if r.value else "the ministry"),
        )
        publish(claim, users, r.slug)
        claims.append(claim)
    correct_published(
        claims[0], corrector=users["editor"], approver=users["editor2"], note="A date was wrong.", headline="Fixed"
    )
    for claim in public_claims():
        review = claimreview(claim)
        assert validate(review, schemaorg) == [], review
    assert "correction" in claimreview(public_claims().get(pk=claims[0].pk))


@needs_schemaorg
def test_demo_verdicts_feed_page_and_command_validate(db, settings, client, schemaorg, capsys):
    settings.DEBUG = True
    settings.VERIFY_SCHEMAORG_VOCABULARY = str(SHARED_VOCABULARY)
    call_command("load_demo")
    feed = json.loads(b"".join(client.get("/feeds/claimreview.json").streaming_content))
    assert len(feed["dataFeedElement"]) == 3
    assert validate(feed, schemaorg) == []
    for element in feed["dataFeedElement"]:
        html = client.get(element["url"].replace(settings.VERIFY_DESK_URL.rstrip("/"), "")).content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert validate(json.loads(block), schemaorg) == []
        assert json.loads(block) == element["item"][0]
    call_command("validate_claimreview")
    assert "valid: 3 element(s)" in capsys.readouterr().out
