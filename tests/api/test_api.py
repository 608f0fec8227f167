"""The REST API: tokens and scopes, roles, problem details, ETags, idempotency, pagination."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from factories import claim_in_state, make_article, make_claim
from rest_framework.test import APIClient

from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.models import ApiToken, Claim, ExtractionJob
from claims.services.tokens import token_create

SAMPLE_TEXT = "The council said that 2,400 homes were flooded in March, twice as many as last year."


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def client_for(user, scopes=("read", "ingest", "review", "publish")):
    _token, raw = token_create(user=user, name="test", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def etag(client, claim_id):
    return client.get(f"/api/v1/claims/{claim_id}/")["ETag"]


def test_anonymous_gets_401_problem_details(db):
    response = APIClient().get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 401 and response.json()["title"] == "Not authenticated"


def test_revoked_and_unknown_tokens_are_refused(db, users):
    token, raw = token_create(user=users["viewer"], name="x", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/claims/").status_code == 200
    from claims.services.tokens import token_revoke

    token_revoke(actor=users["viewer"], token=token)
    assert client.get("/api/v1/claims/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert "Invalid or revoked" in client.get("/api/v1/claims/").json()["detail"]


def test_user_without_role_gets_403(db, users):
    assert client_for(users["nobody"]).get("/api/v1/claims/").status_code == 403


@pytest.mark.parametrize(
    ("scopes", "method", "path", "allowed"),
    [
        (["read"], "get", "/api/v1/claims/", True),
        (["ingest"], "get", "/api/v1/claims/", False),
        (["read"], "post", "/api/v1/articles/", False),
        (["ingest"], "post", "/api/v1/articles/", True),
    ],
)
def test_scopes_narrow_what_a_token_may_do(db, users, scopes, method, path, allowed):
    client = client_for(users["checker"], scopes)
    response = (
        getattr(client, method)(path, {"text": SAMPLE_TEXT}, format="json") if method == "post" else client.get(path)
    )
    assert (response.status_code != 403) == allowed, response.content
    if not allowed:
        assert "lacks the" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "move", "state", "expected"),
    [
        ("viewer", "triage", "new", 403),
        ("checker", "triage", "new", 200),
        ("checker", "approve", "awaiting_approval", 403),
        ("editor", "approve", "awaiting_approval", 200),
        ("admin", "publish", "approved", 200),
        ("editor", "publish", "new", 409),
    ],
)
def test_roles_decide_workflow_moves_as_in_the_ui(db, users, role, move, state, expected):
    claim = claim_in_state(state, checker=users["checker"], editor=users["editor2"])
    client = client_for(users[role])
    response = client.post(
        f"/api/v1/claims/{claim.pk}/{move}/", {}, format="json", HTTP_IF_MATCH=etag(client, claim.pk)
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["version"] == claim.version + 1
        assert response["ETag"] == f'"claim-{claim.pk}-v{claim.version + 1}"'


def test_if_match_is_required_and_checked(db, users):
    claim = make_claim()
    client = client_for(users["checker"])
    old = etag(client, claim.pk)
    missing = client.post(f"/api/v1/claims/{claim.pk}/triage/", {}, format="json")
    assert missing.status_code == 428 and missing.json()["title"] == "Precondition required"
    assert client.post(f"/api/v1/claims/{claim.pk}/triage/", {}, format="json", HTTP_IF_MATCH=old).status_code == 200
    stale = client.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "other", "note": "x"}, format="json", HTTP_IF_MATCH=old
    )
    assert stale.status_code == 412
    assert Claim.objects.get(pk=claim.pk).status == "triaged"


def test_bad_input_and_unknown_things(db, users):
    client = client_for(users["checker"])
    empty = client.post("/api/v1/articles/", {}, format="json")
    assert empty.status_code == 400 and "exactly one" in empty.json()["detail"]
    bad = client.post("/api/v1/articles/", {"url": "not a url"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()["errors"]
    assert client.get("/api/v1/claims/999999/").status_code == 404
    assert client.get("/api/v1/jobs/999999/").json()["status"] == 404
    assert client.delete("/api/v1/claims/").status_code == 405
    unsupported = client.post("/api/v1/articles/", "text=x", content_type="text/csv")
    assert unsupported.status_code == 415
    claim = make_claim()
    nope = client.post(f"/api/v1/claims/{claim.pk}/fly/", {}, format="json", HTTP_IF_MATCH=etag(client, claim.pk))
    assert nope.status_code == 400 and "Unknown move" in nope.json()["detail"]


def test_too_large_is_413(db, users, settings):
    settings.VERIFY_MAX_INPUT_BYTES = 100
    response = client_for(users["checker"]).post("/api/v1/articles/", {"text": "x" * 200}, format="json")
    assert response.status_code == 413 and response.json()["code"] == "input_too_large"


def test_ingest_returns_202_with_the_job_and_honours_idempotency_keys(db, users, django_capture_on_commit_callbacks):
    client = client_for(users["checker"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/v1/articles/", {"text": SAMPLE_TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 202 and first["Location"].endswith(f"/api/v1/jobs/{first.json()['id']}/")
    job = client.get(first["Location"]).json()
    assert job["status"] == "succeeded" and job["claims_created"] >= 1
    again = client.post("/api/v1/articles/", {"text": SAMPLE_TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    conflict = client.post(
        "/api/v1/articles/", {"text": "Another text entirely, with 5 facts."}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert conflict.status_code == 409
    assert ExtractionJob.objects.count() == 1
    article = client.get("/api/v1/articles/").json()["results"][0]
    assert client.get(f"/api/v1/articles/{article['id']}/").json()["text"].startswith("The council said")


def test_claims_list_filters_searches_and_pages_in_constant_queries(db, users):
    from django.db import connection

    for i in range(12):
        make_claim(claimant="Moscow" if i % 2 else "NATO", score=i / 20)
    client = client_for(users["viewer"])
    assert len(client.get("/api/v1/claims/?search=Moscow").json()["results"]) == 6
    assert all(c["score"] >= 0.3 for c in client.get("/api/v1/claims/?min_score=0.3").json()["results"])
    page = client.get("/api/v1/claims/?page_size=5").json()
    assert len(page["results"]) == 5 and page["next"]
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/claims/?page_size=5")
    for _ in range(30):
        make_claim()
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/claims/?page_size=50")
    assert len(small) == len(large)


def test_throttling_answers_429(db, users, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    from claims.api.auth import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/min", "anon": "1/min"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"token": "2/min", "anon": "1/min"})
    client = client_for(users["viewer"])
    codes = [client.get("/api/v1/claims/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.get("/api/v1/claims/")
    assert "Retry-After" in limited and limited.json()["title"] == "Too many requests"
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/claims/").status_code for _ in range(2)] == [401, 429]


def test_me_and_create_token_command(db, users, capsys):
    call_command("create_token", "chris", "--scopes", "read,ingest")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/users/me/").json() == {
        "username": "chris",
        "role": "checker",
        "scopes": ["ingest", "read"],
    }
    assert ApiToken.objects.get().key_hash != raw  # only the hash is stored
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown scopes"):
        call_command("create_token", "chris", "--scopes", "everything")


def test_schema_and_docs_are_served(db, users):
    client = client_for(users["viewer"])
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/claims/{id}/{move}/" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_session_users_use_the_api_with_csrf(client, users):
    claim = claim_in_state("new", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    csrf_client = APIClient(enforce_csrf_checks=True)
    csrf_client.force_login(users["checker"])
    response = csrf_client.post(
        f"/api/v1/claims/{claim.pk}/triage/", {}, format="json", HTTP_IF_MATCH=f'"claim-{claim.pk}-v{claim.version}"'
    )
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_evidence_verdict_and_comments_through_the_api(db, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    client = client_for(users["checker"])
    client.post(f"/api/v1/claims/{claim.pk}/assign/", {}, format="json", HTTP_IF_MATCH=etag(client, claim.pk))
    evidence = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"quote": "The ministry's table shows 2,000.", "source_kind": "official_data", "stance": "refutes"},
        format="json",
    )
    assert evidence.status_code == 201 and evidence.json()["added_by"] == "chris"
    assert client.get(f"/api/v1/claims/{claim.pk}/verdict/").status_code == 404
    first = client.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "false", "headline": "False: it was 2,000", "evidence": [evidence.json()["id"]]},
        format="json",
    )
    assert first.status_code == 200 and first.json()["rating"] == "false"
    tag = first["ETag"]
    assert (
        client.put(
            f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "headline": "x"}, format="json"
        ).status_code
        == 428
    )
    second = client.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "mostly-false", "headline": "Mostly false"},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert second.status_code == 200 and len(second.json()["versions"]) == 2
    assert (
        client.put(
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"rating": "true", "headline": "Stale"},
            format="json",
            HTTP_IF_MATCH=tag,
        ).status_code
        == 412
    )
    assert (
        client.put(
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"rating": "nonsense", "headline": "x"},
            format="json",
            HTTP_IF_MATCH=second["ETag"],
        ).status_code
        == 404
    )
    comment = client.post(f"/api/v1/claims/{claim.pk}/comments/", {"body": "@edith ready soon"}, format="json")
    assert comment.status_code == 201 and comment.json()["mentions"] == ["edith"]
    assert len(client.get(f"/api/v1/claims/{claim.pk}/comments/").json()) == 1
    viewer = client_for(users["viewer"])
    assert viewer.post(f"/api/v1/claims/{claim.pk}/comments/", {"body": "hi"}, format="json").status_code == 403
    reader = client_for(users["checker"], ["read"])
    assert reader.post(f"/api/v1/claims/{claim.pk}/comments/", {"body": "hi"}, format="json").status_code == 403


def test_ratings_and_outlets(db, users):
    client = client_for(users["viewer"])
    ratings = client.get("/api/v1/ratings/").json()
    assert [r["slug"] for r in ratings][:2] == ["true", "mostly-true"]
    assert next(r for r in ratings if r["slug"] == "unproven")["value"] is None
    assert client.get("/api/v1/outlets/").status_code == 200


def test_absurd_ids_are_404_not_500(db, users):
    client = client_for(users["viewer"])
    assert client.get("/api/v1/claims/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/claims/999999999999999999/").status_code == 404
    assert client.get("/api/v1/claims/?article=99999999999999999999999").status_code == 400


def test_a_claims_detail_is_its_list_row_plus_the_detail_fields_in_the_published_order(db, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client = client_for(users["editor"])
    listed = {row["id"]: row for row in client.get("/api/v1/claims/?page_size=50").json()["results"]}[claim.pk]
    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert list(detail) == ClaimDetailSerializer.Meta.fields and list(listed) == ClaimSerializer.Meta.fields
    assert {name: detail[name] for name in listed} == listed
    assert detail["verdict"]["approved"] is True and detail["allowed_moves"] == ["reopen_for_correction", "correct"]


def test_list_rows_match_the_declared_serializer_for_every_shape_of_claim(db, users):
    """The list renders plain rows; each must equal the declared serializer's output for that claim."""
    from rest_framework import serializers as drf
    from rest_framework.test import APIRequestFactory

    from claims.api.serializers import ClaimSerializer
    from claims.models import Outlet

    outlet = Outlet.objects.create(name="The Gazette", domain="gazette.example")
    shapes = [
        claim_in_state("published", checker=users["checker"], editor=users["editor"]),  # verdict, approved
        claim_in_state("in_review", checker=users["checker"], editor=users["editor"]),  # assignee, no verdict
        make_claim(article=make_article(outlet=outlet)),  # an outlet
        claim_in_state("dismissed", checker=users["checker"], editor=users["editor"]),
    ]
    listed = {
        row["id"]: row for row in client_for(users["viewer"]).get("/api/v1/claims/?page_size=50").json()["results"]
    }
    request = APIRequestFactory().get("/api/v1/claims/")
    for claim in shapes:
        claim = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=claim.pk)
        declared = drf.ModelSerializer.to_representation(ClaimSerializer(context={"request": request}), claim)
        assert listed[claim.pk] == json.loads(json.dumps(dict(declared), default=str)), claim.status
