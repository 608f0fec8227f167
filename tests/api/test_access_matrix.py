"""Every API route × method × role × token scope: allowed or refused, decided in one table.

The table is checked against claims/api/urls.py (includes too), so a new route
without a decision fails ``test_every_api_route_has_an_access_decision``.
"""

from __future__ import annotations

import uuid

import pytest
from apiclients import ALL_SCOPES, api_for
from factories import claim_in_state, make_article, make_claim
from rest_framework.test import APIClient

from claims.api import urls as api_urls
from claims.models import (
    ApiToken,
    Claim,
    ClaimMatch,
    Evidence,
    ExtractionJob,
    Notification,
    ReaderRequest,
    WebhookSubscription,
)

ROLES = ["nobody", "viewer", "checker", "editor", "admin"]
RANK = {role: i for i, role in enumerate(ROLES)}
ANYONE = "anyone"  # served to everyone, signed in or not (the schema and its documentation pages)
NOT_FOUND = "not found"  # no such endpoint: a problem-details 404 for everyone

# URL name → {method: (scope a token needs, least role) | ANYONE | NOT_FOUND}.
# Roles are the desk's: the API answers 403 where the desk refuses.
DECISIONS: dict[str, dict[str, tuple[str, str] | str]] = {
    "api-claim-list": {"GET": ("read", "viewer")},
    "api-claim-detail": {"GET": ("read", "viewer"), "PATCH": ("review", "checker")},
    "api-claim-split": {"POST": ("review", "checker")},
    "api-claim-merge": {"POST": ("review", "checker")},
    "api-claim-evidence": {"GET": ("read", "viewer"), "POST": ("review", "checker")},
    "api-evidence-archive-retry": {"POST": ("review", "checker")},
    "api-claim-verdict": {"GET": ("read", "viewer"), "PUT": ("review", "checker")},
    "api-claim-comments": {"GET": ("read", "viewer"), "POST": ("review", "checker")},
    "api-claim-move": {"POST triage": ("review", "checker"), "POST approve": ("publish", "editor")},
    "api-ratings": {"GET": ("read", "viewer")},
    "api-outlets": {"GET": ("read", "viewer")},
    "api-article-list": {"GET": ("read", "viewer"), "POST": ("ingest", "checker")},
    "api-article-detail": {"GET": ("read", "viewer")},
    "api-job-detail": {"GET": ("read", "viewer")},
    "api-job-retry": {"POST": ("ingest", "checker")},
    "api-me": {"GET": ("read", "viewer")},
    # Your own notifications: marking them read is your own bookkeeping (a read token may).
    "api-notifications": {"GET": ("read", "viewer")},
    "api-notifications-unread": {"GET": ("read", "viewer")},
    "api-notifications-read": {"POST": ("read", "viewer")},
    "api-notification-read": {"POST": ("read", "viewer")},
    "api-tokens": {"GET": ("read", "viewer"), "POST": ("read", "viewer")},
    "api-token-detail": {"DELETE": ("read", "viewer")},
    "api-feeds": {"GET": ("read", "viewer"), "POST": ("ingest", "editor")},
    "api-webhooks": {"GET": ("read", "viewer"), "POST": ("review", "checker")},
    # Your own subscription (admins: anyone's); subscribing itself needs a checker.
    "api-webhook-enable": {"POST": ("review", "viewer")},
    "api-webhook-deliveries": {"GET": ("read", "viewer")},
    "api-schema": {"GET": ANYONE},
    "api-docs": {"GET": ANYONE},
    "api-redoc": {"GET": ANYONE},
    "api-not-found": {"GET": NOT_FOUND, "POST": NOT_FOUND},
    # claims/api/imports.py (imported ClaimReview of other fact-checkers)
    "api-claimreview-list": {"GET": ("read", "viewer")},
    "api-claimreview-import": {"POST": ("ingest", "editor")},
    # claims/api/matching.py (a search by text is a read, though a POST; deciding a match is review work)
    "api-match": {"POST": ("read", "viewer")},
    # claims/api/exports.py (published verdicts as CSV)
    "api-verdicts-csv": {"GET": ("read", "viewer")},
    "api-claim-match-decision": {"POST confirm": ("review", "checker"), "POST reject": ("review", "checker")},
    # claims/api/requests.py (reader requests: a channel sends them with its own scope; any role reads them)
    "api-requests": {"GET": ("read", "viewer"), "POST": ("requests", "viewer")},
    "api-request-detail": {"GET": ("read", "viewer")},
    # correcting the matching of a request is an editor's moderation
    "api-request-detach": {"POST": ("review", "editor")},
    "api-request-attach": {"POST": ("review", "editor")},
}
# Routes whose module may not be in the tree yet (added concurrently): decided above already.
TEXT = "The council said that 2,400 homes were flooded in March, twice as many as last year."
CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/2024/05/bridge",
    "claimReviewed": "The bridge cost 3 billion",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False"},
}


def route_names(patterns, prefix="") -> set[str]:
    names = set()
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            names |= route_names(pattern.url_patterns)
        elif pattern.name:
            names.add(pattern.name)
    return names


def test_every_api_route_has_an_access_decision():
    names = route_names(api_urls.urlpatterns)
    undecided = names - set(DECISIONS)
    assert not undecided, f"decide access for: {sorted(undecided)}"
    gone = set(DECISIONS) - names
    assert not gone, f"decisions for routes that no longer exist: {sorted(gone)}"


def etag(claim_id) -> str:
    return f'"claim-{claim_id}-v{Claim.objects.get(pk=claim_id).version}"'


def verdict_etag(claim_id) -> str:
    verdict = Claim.objects.get(pk=claim_id).verdict
    return f'"verdict-{verdict.pk}-v{verdict.version}"'


def request_for(case: str, method: str, objects: dict, user):
    """(path, body, headers) of a valid request, so an allowed caller gets past every check of its role."""
    claim, review, approval = objects["claim"], objects["review"], objects["approval"]
    if case == "api-claim-move":
        target = claim if method == "POST triage" else approval
        move = method.split()[1]
        return f"/api/v1/claims/{target}/{move}/", {}, {"HTTP_IF_MATCH": etag(target)}
    if case == "api-evidence-archive-retry":
        # A fresh failed archive for every call: the first allowed retry makes it pending.
        failed = Evidence.objects.create(
            claim_id=review,
            url="https://data.example.org/table",
            source_kind="document",
            stance="refutes",
            added_by=objects["owner"],
            archive_status="failed",
            archive_error="Could not find the site data.example.org (DNS lookup failed)",
        )
        return f"/api/v1/claims/{review}/evidence/{failed.pk}/archive/", {}, {}
    if case == "api-claim-match-decision":
        return f"/api/v1/claims/{claim}/matches/{objects['match']}/{method.split()[1]}/", {}, {}
    if case == "api-token-detail":
        token = (
            ApiToken.objects.create(user=user, name="old", prefix="vfy_old", key_hash=uuid.uuid4().hex, scopes=["read"])
            if user
            else None
        )
        return f"/api/v1/tokens/{token.pk if token else 1}/", None, {}
    if case == "api-notification-read":
        if user is None:
            return "/api/v1/notifications/1/read/", {}, {}
        mine = Notification.objects.create(recipient=user, kind="mention", claim_id=claim, message="@you")
        return f"/api/v1/notifications/{mine.pk}/read/", {}, {}
    if case in ("api-webhook-enable", "api-webhook-deliveries"):
        owner = user or objects["owner"]
        subscription = WebhookSubscription.objects.create(
            owner=owner, target_url="https://hooks.example.org/x", events=["claim.created"], secret="s", active=False
        )
        last = "enable" if case == "api-webhook-enable" else "deliveries"
        return f"/api/v1/webhooks/{subscription.pk}/{last}/", {}, {}
    if case == "api-claim-detail" and method == "PATCH":
        return (
            f"/api/v1/claims/{claim}/",
            {"claimant": f"Someone {uuid.uuid4().hex[:6]}"},
            {"HTTP_IF_MATCH": etag(claim)},
        )
    if case == "api-claim-split":
        return (
            f"/api/v1/claims/{claim}/split/",
            {"standalone": "One part", "new_standalone": f"Part {uuid.uuid4().hex}"},
            {"HTTP_IF_MATCH": etag(claim)},
        )
    if case == "api-claim-merge":
        kept = make_claim()
        return f"/api/v1/claims/{claim}/merge/", {"into": kept.pk}, {"HTTP_IF_MATCH": etag(claim)}
    return {
        "api-claim-list": ("/api/v1/claims/", None, {}),
        "api-claim-detail": (f"/api/v1/claims/{claim}/", None, {}),
        "api-claim-evidence": (
            f"/api/v1/claims/{review}/evidence/",
            {"quote": "The table says 2,000.", "source_kind": "document", "stance": "refutes"},
            {},
        ),
        "api-claim-verdict": (
            f"/api/v1/claims/{review}/verdict/",
            {"rating": "false", "headline": "False"},
            {"HTTP_IF_MATCH": verdict_etag(review)} if method == "PUT" else {},
        ),
        "api-claim-comments": (f"/api/v1/claims/{review}/comments/", {"body": "Looks right"}, {}),
        "api-ratings": ("/api/v1/ratings/", None, {}),
        "api-outlets": ("/api/v1/outlets/", None, {}),
        "api-article-list": ("/api/v1/articles/", {"text": TEXT}, {}),
        "api-article-detail": (f"/api/v1/articles/{objects['article']}/", None, {}),
        "api-job-detail": (f"/api/v1/jobs/{objects['job']}/", None, {}),
        "api-job-retry": (f"/api/v1/jobs/{objects['job']}/retry/", {}, {}),
        "api-me": ("/api/v1/users/me/", None, {}),
        "api-notifications": ("/api/v1/notifications/", None, {}),
        "api-notifications-unread": ("/api/v1/notifications/unread/", None, {}),
        "api-notifications-read": ("/api/v1/notifications/read/", {}, {}),
        "api-tokens": ("/api/v1/tokens/", {"name": "new", "scopes": ["read"]}, {}),
        "api-feeds": ("/api/v1/feeds/", {"url": "https://feeds.example.org/rss.xml"}, {}),
        # A loopback target (allowed in tests): subscribing resolves the host, and tests look no name up.
        "api-webhooks": ("/api/v1/webhooks/", {"target_url": "http://127.0.0.1:9/x", "events": ["claim.created"]}, {}),
        "api-schema": ("/api/schema/", None, {}),
        "api-docs": ("/api/docs/", None, {}),
        "api-redoc": ("/api/redoc/", None, {}),
        "api-not-found": ("/api/v1/no-such-thing/", {}, {}),
        "api-claimreview-list": ("/api/v1/claimreviews/", None, {}),
        "api-claimreview-import": ("/api/v1/claimreviews/import/", CLAIMREVIEW, {}),
        "api-match": ("/api/v1/match", {"text": TEXT, "top": 3}, {}),
        "api-verdicts-csv": ("/api/v1/verdicts.csv", None, {}),
        "api-requests": ("/api/v1/requests/", {"text": TEXT}, {}),
        "api-request-detail": (f"/api/v1/requests/{objects['request']}/", None, {}),
        "api-request-detach": (f"/api/v1/requests/{objects['request']}/detach/", {"note": ""}, {}),
        "api-request-attach": (f"/api/v1/requests/{objects['request']}/attach/", {"claim": objects["claim"]}, {}),
    }[case]


def call(client: APIClient, method: str, path: str, body, headers):
    verb = method.split()[0].lower()
    if verb in ("get", "delete"):
        return getattr(client, verb)(path, **headers)
    return getattr(client, verb)(path, body, format="json", **headers)


CASES = [(name, method) for name, methods in DECISIONS.items() for method in methods]


@pytest.fixture
def objects(users):
    review = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    approval = claim_in_state("awaiting_approval", checker=users["checker2"], editor=users["editor"])
    claim = make_claim()
    match = ClaimMatch.objects.create(
        claim=claim, matched_claim=make_claim(article=make_article()), score=0.7, tier="suggest"
    )
    job = ExtractionJob.objects.create(
        source_kind="text",
        input_content="x",
        input_hash="h",
        status="failed",
        error="No article text",
        error_step="cleaned",
    )
    return {
        "claim": claim.pk,
        "review": review.pk,
        "approval": approval.pk,
        "article": claim.article_id,
        "job": job.pk,
        "owner": users["checker"],
        "match": match.pk,
        "request": ReaderRequest.objects.create(text=TEXT, channel="web").pk,
    }


@pytest.mark.parametrize(("name", "method"), CASES, ids=[f"{m} {n}" for n, m in CASES])
def test_access_by_role_and_scope(db, users, objects, name, method):
    decision = DECISIONS[name][method]
    outcomes = {}

    path, body, headers = request_for(name, method, objects, None)
    outcomes["anonymous"] = call(APIClient(), method, path, body, headers).status_code
    for role in ROLES:
        user = users[role]
        if isinstance(decision, tuple):
            scope, _least = decision
            others = [s for s in ALL_SCOPES if s != scope]
            path, body, headers = request_for(name, method, objects, user)
            outcomes[f"{role} without {scope}"] = call(api_for(user, others), method, path, body, headers).status_code
            scopes = [scope]
        else:
            scopes = list(ALL_SCOPES)
        path, body, headers = request_for(name, method, objects, user)
        outcomes[role] = call(api_for(user, scopes), method, path, body, headers).status_code

    expected: dict = {}
    if decision == NOT_FOUND:
        expected = dict.fromkeys(outcomes, 404)
    elif decision == ANYONE:
        expected = dict.fromkeys(outcomes, 200)
    else:
        scope, least = decision
        expected["anonymous"] = 401
        for role in ROLES:
            expected[f"{role} without {scope}"] = 403
            expected[role] = "allowed" if RANK[role] >= RANK[least] else 403
    # Allowed: a success, or 409 when an earlier role's allowed call already moved the shared
    # object on (its permission and scope checks were passed). A 400 counts as a 400: the
    # request was refused, so it proves nothing about the role.
    seen = {
        who: ("allowed" if expected[who] == "allowed" and (code < 400 or code == 409) else code)
        for who, code in outcomes.items()
    }
    assert seen == expected, outcomes
