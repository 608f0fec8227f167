"""Example requests and responses shown in the API documentation (Swagger UI and ReDoc)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

CLAIM = {
    "id": 4211,
    "url": "https://verify.example.org/api/v1/claims/4211/",
    "text": "unemployment fell to 3.5 percent in May",
    "sentence": "The minister said unemployment fell to 3.5 percent in May.",
    "start": 18,
    "end": 57,
    "sentence_start": 0,
    "sentence_end": 58,
    "claimant": "The minister",
    "claim_type": "statistic",
    "score": 0.91,
    "reason": "A number about the economy",
    "checkworthy": True,
    "priority": 0.87,
    "status": "in_review",
    "assignee": "chris",
    "article": 812,
    "outlet": "Daily Example",
    "dismiss_reason": "",
    "duplicate_of": None,
    "version": 4,
    "verdict": {
        "rating": "Mostly false",
        "headline": "It fell to 4.1 percent",
        "version": 2,
        "approved": False,
        "published_at": None,
    },
    "created_at": "2026-05-04T08:12:00Z",
    "updated_at": "2026-05-04T10:40:11Z",
}
JOB = {
    "id": 97,
    "url": "https://verify.example.org/api/v1/jobs/97/",
    "source_kind": "url",
    "channel": "api",
    "input_url": "https://www.example.org/news/story.html",
    "status": "queued",
    "step": "queued",
    "progress": 0,
    "error": "",
    "error_step": "",
    "attempts": 0,
    "article": None,
    "claims_created": 0,
    "appearances_created": 0,
    "created_at": "2026-05-04T08:10:00Z",
    "started_at": None,
    "finished_at": None,
}
ARTICLE = {
    "id": 812,
    "url": "https://www.example.org/news/story.html",
    "canonical_url": "https://www.example.org/news/story.html",
    "title": "Jobs figures out",
    "authors": ["A. Reporter"],
    "published_at": "2026-05-04T06:00:00Z",
    "outlet": "Daily Example",
    "language": "en",
    "source_kind": "url",
    "is_latest": True,
    "supersedes": None,
    "created_at": "2026-05-04T08:11:02Z",
}
EVIDENCE = {
    "id": 31,
    "url": "https://www.ons.gov.uk/table",
    "title": "Labour market",
    "quote": "4.1% in May",
    "source_kind": "official_data",
    "stance": "refutes",
    "added_by": "chris",
    "archive_status": "archived",
    "archive_sha256": "9f2c…",
    "archived_at": "2026-05-04T09:01:00Z",
    "created_at": "2026-05-04T09:00:40Z",
}
VERDICT = {
    "rating": "mostly-false",
    "headline": "It fell to 4.1 percent",
    "explanation": "The statistics office…",
    "evidence_ids": [31],
    "version": 2,
    "author": "chris",
    "approved_by": None,
    "published_at": None,
    "versions": [
        {
            "number": 1,
            "kind": "draft",
            "rating": "false",
            "headline": "It rose",
            "explanation": "",
            "note": "",
            "edited_by": "chris",
            "created_at": "2026-05-04T09:10:00Z",
        }
    ],
}
COMMENT = {
    "id": 5,
    "body": "@edith ready for approval",
    "author": "chris",
    "mentions": ["edith"],
    "created_at": "2026-05-04T10:00:00Z",
}
RATING = {
    "slug": "mostly-false",
    "label": "Mostly false",
    "value": 2,
    "description": "Contains some truth but misleads",
}
OUTLET = {"id": 3, "name": "Daily Example", "domain": "example.org", "country": "GB", "language": "en", "reach": 120000}
WEBHOOK = {
    "id": 2,
    "target_url": "https://cms.example.org/hooks/verify",
    "events": ["verdict.published", "verdict.corrected"],
    "secret": None,
    "active": True,
    "consecutive_failures": 0,
    "disabled_reason": "",
    "created_at": "2026-05-01T12:00:00Z",
}
DELIVERY = {
    "id": 77,
    "event": "verdict.published",
    "status": "succeeded",
    "attempts": 1,
    "response_status": 200,
    "response_ms": 42,
    "error": "",
    "created_at": "2026-05-04T11:00:00Z",
    "delivered_at": "2026-05-04T11:00:00Z",
}
TOKEN = {
    "id": 7,
    "name": "CMS plugin",
    "kind": "personal",
    "prefix": "vfy_3hT9aQ2x",
    "scopes": ["ingest", "read"],
    "created_at": "2026-05-01T12:00:00Z",
    "last_used_at": None,
    "revoked_at": None,
}
FEED = {
    "id": 4,
    "url": "https://www.example.org/news/rss.xml",
    "outlet": "Daily Example",
    "title": "Example news",
    "interval_minutes": 30,
    "active": True,
    "last_polled_at": None,
    "last_item_at": None,
    "last_error": "",
    "failures": 0,
    "created_at": "2026-05-01T12:00:00Z",
}
NOTIFICATION = {
    "id": 311,
    "kind": "approval_requested",
    "message": "chris asks for approval of the verdict on claim 4102",
    "claim": 4102,
    "claim_url": "https://verify.example.org/api/v1/claims/4102/",
    "desk_url": "https://verify.example.org/claims/4102/",
    "actor": "chris",
    "created_at": "2026-05-04T11:00:00Z",
    "read_at": None,
}
ME = {"username": "chris", "role": "checker", "scopes": ["ingest", "read", "review"]}


def response(name: str, value, status: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


def request(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


# A claim's matches (claims.api.matching): one linked automatically, one suggested.
MATCH = {
    "id": 18,
    "score": 0.996,
    "tier": "auto",
    "decision": "confirmed",
    "decided_by": None,
    "decided_at": "2026-05-04T08:12:03Z",
    "matched_claim": None,
    "external_review": {
        "id": 3,
        "url": "https://factcheck.example.org/2026/05/unemployment",
        "claim_reviewed": "Unemployment fell to 3.5% in May",
        "publisher": "Example Fact Check",
        "rating": "False",
    },
}
SUGGESTION = {
    "id": 19,
    "score": 0.72,
    "tier": "suggest",
    "decision": "pending",
    "decided_by": None,
    "decided_at": None,
    "external_review": None,
    "matched_claim": {
        "id": 4102,
        "url": "https://verify.example.org/api/v1/claims/4102/",
        "text": "the unemployment rate dropped to 3.5 per cent",
        "status": "published",
    },
}
