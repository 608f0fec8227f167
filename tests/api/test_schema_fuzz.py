"""Schemathesis against the live API, with every check, over the schema the live server publishes.

``schemathesis run`` (the CLI, as a newsroom would run it) loads /api/schema/ from the running test
server and runs all its phases (examples, coverage, fuzzing, stateful) with ``--checks all`` for a
bounded time (VERIFY_FUZZ_SECONDS, 90 s by default), with an editor's all-scopes token over real
data: claims in every workflow state, a failed job, an imported review, a match, a webhook. It
must report no server error and no mismatch between the schema and the answers (status codes,
bodies, headers, valid input accepted, invalid input refused). CI runs it on both legs, the
PostgreSQL one included.

Three answers are configured, not generated: 412 (a stale If-Match is a conflict with the state,
like 409, not a malformed request) and 428 (RFC 6585: If-Match is required and missing) on the
operations that take If-Match. Moves and drafts get the object's current ETag before each call
(tests/api/schemathesis_hooks.py) so they reach the services.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import schemathesis
from conftest import tasks_queued
from factories import claim_in_state, make_claim
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from claims.models import ApiToken, Claim, ClaimMatch, ExtractionJob
from claims.services.imports import claimreview_import
from claims.services.tokens import token_create
from claims.services.webhooks import webhook_subscribe

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MOVE_PATH = "/api/v1/claims/{id}/{move}/"
CHECKS = [response_schema_conformance, content_type_conformance]
STATES = ["new", "triaged", "in_review", "awaiting_approval", "approved", "published", "dismissed"]
FUZZ_SECONDS = int(os.environ.get("VERIFY_FUZZ_SECONDS", "90"))

CONFIG = """
# Answers that are right though no schema can say so; everything else is as schemathesis expects.
[[operations]]
include-path = "/api/v1/claims/{id}/{move}/"
# 412: the If-Match is well formed but stale (someone saved in between), a conflict like 409.
# 400: what a move needs besides its fields depends on the move named in the path (a note to
# reopen or request changes, duplicate_of for a duplicate), which a body schema cannot refer to.
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "412",
                                                     "429", "5xx"]
# 428: If-Match is required and missing (RFC 6585).
checks.missing_required_header.expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]

[[operations]]
include-path = "/api/v1/claims/{id}/split/"
# 412 and 428 as for moves; 400: what a split or merge needs besides its fields (two parts that differ
# and no claim says yet, a claim to keep that exists, is another and is not dismissed) depends on the
# data, which a body schema cannot refer to.
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "412",
                                                     "429", "5xx"]
checks.missing_required_header.expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]

[[operations]]
include-path = "/api/v1/claims/{id}/merge/"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "412",
                                                     "429", "5xx"]
checks.missing_required_header.expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]

[[operations]]
include-path = "/api/v1/claims/{id}/"
include-method = "PATCH"
# 412 and 428 as for moves (a claim's correction carries the ETag it was made from).
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "412",
                                                     "429", "5xx"]
checks.missing_required_header.expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]

[[operations]]
include-path = "/api/v1/claims/{id}/verdict/"
# 412 as above; 428: If-Match may be left out only for a first draft (the verdict exists: required).
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "412", "428",
                                                     "429", "5xx"]

[[operations]]
include-path = "/api/v1/notifications/read/"
# 400: ids must be notifications of the caller's, which depends on the data, not on the schema.
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "429", "5xx"]

[[operations]]
include-path = "/api/v1/articles/"
# 400: a URL with spaces or control characters (U+0085 in "htTP://ĥÛÒ\u0085x") is refused by the
# SSRF-safe URL check with a message naming the field; the schema's `format: uri` cannot say so.
# 404 as schemathesis's own default (a cursor the API did not give out).
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429",
                                                     "5xx"]
"""


@pytest.fixture
def token(users):
    for state in STATES:
        claim_in_state(state, checker=users["checker"], editor=users["editor2"])
    claim = Claim.objects.filter(status="triaged").first()
    ClaimMatch.objects.create(claim=claim, matched_claim=make_claim(), score=0.7, tier="suggest")
    ExtractionJob.objects.create(
        source_kind="text",
        input_content="x",
        input_hash="h",
        status="failed",
        error="No article text",
        error_step="cleaned",
    )
    claimreview_import(
        payload={
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://factcheck.example.org/2024/05/bridge",
            "claimReviewed": "The bridge cost 3 billion",
            "author": {"@type": "Organization", "name": "Example Fact Check"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 1,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "False",
            },
        },
        source="test",
    )
    webhook_subscribe(
        owner=users["editor"], target_url="http://127.0.0.1:9/verify", events=["job.failed"]
    )  # no name lookup
    token, raw = token_create(user=users["editor"], name="fuzz", scopes=["read", "ingest", "review", "publish"])
    # An id no generated path names by chance (the hooks keep the stateful phase, which reads ids
    # from the token list, from revoking it).
    token_id = 10**17 + secrets.randbelow(10**17)
    ApiToken.objects.filter(pk=token.pk).update(id=token_id)
    os.environ["VERIFY_FUZZ_TOKEN_ID"] = str(token_id)
    yield raw
    os.environ.pop("VERIFY_FUZZ_TOKEN_ID", None)


@pytest.fixture(name="tasks_queued")
def _tasks_queued():
    """Tasks go to the broker, as in production: an article posted answers 202 at once."""
    with tasks_queued():
        yield


@pytest.fixture
def live_schema(live_server, token):
    return schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}, timeout=30
    )


@pytest.fixture
def anonymous_unthrottled(monkeypatch):
    """Schemathesis sends each operation without credentials and wants 401/403 back; on a fast
    machine a whole run exceeds the anonymous rate (60/min per address) and the throttle, which
    runs before authentication, answers 429 first. The throttle has tests of its own
    (tests/api/test_shared_throttle.py, test_roles_and_limits.py); here it is lifted for requests
    without credentials only."""
    from claims.api.auth import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "100000/min"})


@pytest.mark.timeout(FUZZ_SECONDS + 240)
def test_schemathesis_with_every_check_finds_no_server_error_and_no_mismatch(
    live_server, token, tasks_queued, tmp_path, names_not_found, anonymous_unthrottled
):
    # names_not_found: the schema's examples and the fuzzer name hosts (a webhook's target) that
    # the live server would look up; tests look no name up, so each is "not found" here.
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": str(Path(__file__).parent),
        "VERIFY_FUZZ_BASE_URL": live_server.url,
        "VERIFY_FUZZ_TOKEN": token,
        "NO_COLOR": "1",
    }
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "--checks",
        "all",
        "--max-time",
        str(FUZZ_SECONDS),
        "--seed",
        os.environ.get("VERIFY_FUZZ_SEED", "20261206"),
        "--workers",
        "1",
        "--header",
        f"Authorization: Token {token}",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=FUZZ_SECONDS + 180, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    # The run used the token throughout: nothing it generated revoked it.
    assert (
        requests.get(
            f"{live_server.url}/api/v1/users/me/", headers={"Authorization": f"Token {token}"}, timeout=30
        ).status_code
        == 200
    )
    assert "no issues found" in output.lower() or " passed" in output, output[-5000:]


def test_moves_from_the_live_schema_succeed_with_a_valid_if_match(live_schema, live_server, token, users):
    """Example-based calls through the published schema: moves reach 2xx, and their responses fit it."""
    operation = live_schema[MOVE_PATH]["POST"]
    auth = {"Authorization": f"Token {token}"}
    new = Claim.objects.filter(status="new").first()
    succeeded = []
    for move, body in [
        ("triage", {}),
        ("assign", {}),
        ("dismiss", {"reason": "other", "note": "An opinion"}),
        ("reopen", {"note": "Worth a look after all"}),
    ]:
        claim = Claim.objects.get(pk=new.pk)
        case = operation.Case(
            path_parameters={"id": claim.pk, "move": move},
            body=body,
            headers={"If-Match": f'"claim-{claim.pk}-v{claim.version}"'},
            media_type="application/json",
        )
        response = case.call(base_url=live_server.url, headers=auth)
        case.validate_response(response, checks=CHECKS)
        assert response.status_code == 200, (move, response.text)
        succeeded.append(response.json()["status"])
    assert succeeded == ["triaged", "in_review", "dismissed", "triaged"]
    stale = operation.Case(
        path_parameters={"id": new.pk, "move": "dismiss"},
        body={"reason": "other"},
        headers={"If-Match": f'"claim-{new.pk}-v1"'},
        media_type="application/json",
    )
    response = stale.call(base_url=live_server.url, headers=auth)
    stale.validate_response(response, checks=CHECKS)
    assert response.status_code == 412
