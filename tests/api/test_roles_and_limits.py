"""Roles as in the desk, request size, throttles per token and per address, one article per URL."""

from __future__ import annotations

import time

import pytest
from apiclients import api_for
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.errors import NotPermitted
from claims.models import ApiToken, ExtractionJob
from claims.services import ingest

TEXT = "The council said that 2,400 homes were flooded in March, twice as many as last year."


def failed_job():
    return ExtractionJob.objects.create(
        source_kind="text",
        input_content="x",
        input_hash="h",
        status="failed",
        error="No article text",
        error_step="cleaned",
    )


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("checker", 202), ("editor", 202), ("admin", 202)])
def test_ingesting_needs_the_role_the_desk_needs(db, users, role, expected):
    response = api_for(users[role], ["read", "ingest"]).post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "not_permitted" and "checker role" in response.json()["detail"]
        assert not ExtractionJob.objects.exists()


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("checker", 202), ("admin", 202)])
def test_retrying_a_job_needs_the_role_the_desk_needs(db, users, role, expected):
    job = failed_job()
    response = api_for(users[role], ["read", "ingest"]).post(f"/api/v1/jobs/{job.pk}/retry/")
    assert response.status_code == expected, response.content
    job.refresh_from_db()
    assert job.status == ("failed" if expected == 403 else "queued")


def test_the_services_refuse_a_viewer_whoever_calls_them(db, users):
    with pytest.raises(NotPermitted, match="may not ingest articles"):
        ingest.article_ingest(text=TEXT, submitted_by=users["viewer"])
    with pytest.raises(NotPermitted, match="may not retry"):
        ingest.job_retry(job_id=failed_job().pk, actor=users["viewer"])
    # The system itself (feeds, commands, the demo) acts without a person.
    assert ingest.article_ingest(text=TEXT).pk


def test_a_body_over_the_upload_limit_is_a_413_problem(db, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = '{"text": "' + "x" * 20_000 + '"}'
    response = api_for(users["checker"]).post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "payload_too_large" and "10,000 bytes" in response.json()["detail"]
    assert not ExtractionJob.objects.exists()


def test_a_body_over_the_default_limit_is_a_413_problem(db, users, settings):
    """The real limit, with a real body one byte over it."""
    body = b'{"text": "' + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
    response = api_for(users["checker"]).generic("POST", "/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 413 and response.json()["status"] == 413


def _limit(monkeypatch, token="2/min", anon="1/min"):
    from rest_framework.throttling import AnonRateThrottle

    from claims.api.auth import TokenRateThrottle

    cache.clear()  # counts of earlier tests' tokens (ids are reused) must not count here
    rates = {"token": token, "anon": anon}
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)


def test_two_tokens_have_separate_limits(db, users, monkeypatch):
    _limit(monkeypatch)
    first, second = api_for(users["viewer"], ["read"]), api_for(users["viewer"], ["read"])
    assert [first.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 429]
    # The same person's other token is not limited by the first one's use.
    assert [second.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 429]
    other = api_for(users["checker"], ["read"])
    assert other.get("/api/v1/claims/").status_code == 200


def test_anonymous_clients_are_limited_by_address(db, monkeypatch):
    _limit(monkeypatch, anon="2/min")
    one = APIClient(REMOTE_ADDR="192.0.2.1")
    two = APIClient(REMOTE_ADDR="192.0.2.2")
    assert [one.get("/api/v1/claims/").status_code for _ in range(3)] == [401, 401, 429]
    assert [two.get("/api/v1/claims/").status_code for _ in range(2)] == [401, 401]
    assert two.get("/api/v1/claims/").status_code == 429
    cache.clear()
    assert one.get("/api/v1/claims/").status_code == 401


def test_the_limit_holds_in_any_window_and_retry_after_says_when_the_oldest_leaves(db, users, monkeypatch):
    _limit(monkeypatch, token="3/s")
    client = api_for(users["viewer"], ["read"])
    assert client.get("/api/v1/claims/").status_code == 200
    first = time.time()  # the first request's time is before this
    time.sleep(0.3)
    assert [client.get("/api/v1/claims/").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/claims/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 1
    time.sleep(max(0.0, first + 1.05 - time.time()))  # the first request has left the window ...
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.get("/api/v1/claims/").status_code == 429  # ... the other two have not


def test_a_busy_clients_history_stays_one_packed_value(db, users, monkeypatch):
    _limit(monkeypatch, token="1000/min")
    client = api_for(users["viewer"], ["read"])
    for _ in range(40):
        assert client.get("/api/v1/claims/").status_code == 200
    token = ApiToken.objects.get(user=users["viewer"])
    assert len(cache.get(f"throttle_token_token-{token.pk}")) == 40 * 8  # 40 packed doubles


def test_the_same_url_twice_gives_the_same_article(db, users, local_site, django_capture_on_commit_callbacks):
    page = (
        b"<html><head><title>Floods</title></head><body><article><h1>Floods</h1><p>"
        + TEXT.encode()
        + b"</p><p>The mayor said 300 families still live in shelters.</p></article></body></html>"
    )
    site = local_site({"/story": (200, "text/html; charset=utf-8", page)})
    client = api_for(users["checker"])
    ids = []
    for key in ("first-key", "second-key", None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/v1/articles/", {"url": f"{site}/story"}, format="json", **headers)
        assert response.status_code == 202, response.content
        job = client.get(response["Location"]).json()
        assert job["status"] == "succeeded", job
        ids.append(job["article"])
    assert ids[0] is not None and len(set(ids)) == 1
    assert len(client.get("/api/v1/articles/").json()["results"]) == 1
