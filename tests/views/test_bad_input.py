"""No 500 on any input: absurd ids, and a small fuzz of every desk form.

The test client re-raises a view's exception, so any 500 fails the test with
its traceback; the assertions only check that the answer is a page, a
redirect or a refusal.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import claim_in_state, make_claim, rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Verdict

# A fuzzer: hundreds of generated inputs. `make test` runs it; the edit loop (`make test-fast`) does not.
pytestmark = pytest.mark.slow

HUGE = "100000000000000000000"
ABSURD_IDS = [HUGE, str(2**63), str(2**64), "-1", "0", "1e3", "٣", "12 ", "0x10", "", "9" * 400]
OK = {200, 302, 400, 403, 404, 409}

NASTY = st.one_of(
    st.text(max_size=60),
    st.integers().map(str),
    st.sampled_from(
        [
            HUGE,
            str(2**63 - 1),
            str(2**63),
            "-1",
            "0",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "\x00",
            "9999-12-31",
            "0000-00-00",
            "2024-02-30",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "@@@@",
            "&",
            "%",
            "\\",
            "http://",
            "javascript:alert(1)",
            "https://127.0.0.1:0/",
            "x" * 3000,
        ]
    ),
)


def fuzz_data(keys):
    """Form data over ``keys``: each key absent, one nasty value or a list of them."""
    return st.dictionaries(st.sampled_from(keys), st.one_of(NASTY, st.lists(NASTY, max_size=4)), max_size=len(keys))


FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("value", ABSURD_IDS)
def test_bulk_refuses_absurd_claim_ids(client, users, value):
    fresh = make_claim()
    client.force_login(users["checker"])
    response = client.post(reverse("queue_bulk"), {"action": "triage", "claims": [value, fresh.pk]})
    assert response.status_code == 302
    assert Claim.objects.get(pk=fresh.pk).status == "new"  # the whole selection is refused, nothing half-done


@pytest.mark.parametrize("field", ["assignee", "duplicate_of"])
def test_bulk_refuses_absurd_assignee_and_duplicate_ids(client, users, field):
    fresh = make_claim()
    client.force_login(users["editor"])
    response = client.post(reverse("queue_bulk"), {"action": "assign", "claims": [fresh.pk], field: HUGE}, follow=True)
    assert response.status_code == 200
    assert "less than or equal to" in response.content.decode()


@pytest.mark.parametrize("value", ABSURD_IDS)
def test_verdict_refuses_absurd_evidence_ids(client, users, value):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {
            "verdict_version": Verdict.objects.get(claim=claim).version,
            "rating": rating("false").pk,
            "headline": "Kept headline",
            "evidence": [value],
        },
    )
    assert response.status_code == 400
    assert "Kept headline" in response.content.decode()


@pytest.mark.parametrize("field", ["duplicate_of", "assignee", "version", "rating"])
def test_moves_refuse_absurd_ids(client, users, field):
    claim = make_claim()
    client.force_login(users["editor"])
    data = {"version": 1, "reason": "duplicate", field: HUGE}
    response = client.post(reverse("claim_move", args=[claim.pk, "dismiss"]), data)
    # Refused in the move's own form, on the claim page (a form error: 400).
    assert response.status_code == 400 and "data-move-error" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_absurd_ids_in_urls_and_settings_are_not_found(client, users):
    client.force_login(users["admin"])
    assert client.get(f"/claims/{HUGE}/").status_code == 404
    assert client.get("/claims/999999999999999999/").status_code == 404
    assert client.post(f"/settings/ratings/{HUGE}/", {}).status_code == 404
    assert client.post(reverse("settings"), {"user": HUGE, "role": "viewer"}).status_code == 200
    assert client.post(reverse("api_tokens"), {"revoke": HUGE}).status_code == 404


def test_bulk_next_must_stay_on_this_site(client, users):
    client.force_login(users["checker"])
    for target in ("https://evil.example/", "//evil.example/", "/ok\r\nX-Header: 1"):
        response = client.post(reverse("queue_bulk"), {"action": "triage", "next": target})
        assert response.status_code == 302 and response["Location"] == reverse("queue")


QUEUE_KEYS = ["q", "status", "claim_type", "assignee", "outlet", "min_score", "date_from", "date_to", "hidden", "page"]


@FUZZ
@given(params=fuzz_data(QUEUE_KEYS))
def test_fuzz_queue_filters(client, users, params):
    client.force_login(users["editor"])
    assert client.get(reverse("queue"), params).status_code == 200


@FUZZ
@given(data=fuzz_data(["action", "claims", "assignee", "reason", "duplicate_of", "note", "next"]))
def test_fuzz_bulk(client, users, data):
    client.force_login(users["editor"])
    assert client.post(reverse("queue_bulk"), data).status_code in OK


@FUZZ
@given(data=fuzz_data(["verdict_version", "rating", "headline", "explanation", "evidence", "preview"]))
def test_fuzz_verdict(client, users, data):
    claim = Claim.objects.filter(status="in_review").first() or claim_in_state(
        "in_review", checker=users["checker"], editor=users["editor"]
    )
    client.force_login(users["checker"])
    assert client.post(reverse("claim_verdict", args=[claim.pk]), data).status_code in OK


@FUZZ
@given(data=fuzz_data(["url", "title", "quote", "source_kind", "stance"]))
def test_fuzz_evidence(client, users, data):
    claim = Claim.objects.filter(status="in_review").first() or claim_in_state(
        "in_review", checker=users["checker"], editor=users["editor"]
    )
    client.force_login(users["checker"])
    assert client.post(reverse("claim_evidence", args=[claim.pk]), data).status_code in OK


@FUZZ
@given(data=fuzz_data(["body"]))
def test_fuzz_comment(client, users, data):
    claim = Claim.objects.first() or make_claim()
    client.force_login(users["checker"])
    assert client.post(reverse("claim_comment", args=[claim.pk]), data).status_code in OK


@FUZZ
@given(data=fuzz_data(["url", "text"]))
def test_fuzz_ingest(client, users, data):
    client.force_login(users["checker"])
    assert client.post(reverse("ingest"), data).status_code in OK


@FUZZ
@given(
    move=st.sampled_from(
        [
            "triage",
            "dismiss",
            "assign",
            "submit",
            "approve",
            "request_changes",
            "publish",
            "correct",
            "reopen",
            "reopen_for_correction",
        ]
    ),
    data=fuzz_data(["version", "note", "reason", "duplicate_of", "assignee", "rating", "headline", "explanation"]),
)
def test_fuzz_moves(client, users, move, data):
    claim = Claim.objects.first() or make_claim()
    client.force_login(users["editor"])
    assert client.post(reverse("claim_move", args=[claim.pk, move]), data).status_code in OK


@FUZZ
@given(
    data=fuzz_data(["new-label", "new-value", "new-description", "new-position"]),
    user=fuzz_data(["username", "email", "password", "role"]),
)
def test_fuzz_settings_forms(client, users, data, user):
    client.force_login(users["admin"])
    assert client.post(reverse("settings_rating_add"), data).status_code in OK
    assert client.post(reverse("settings_user_add"), user).status_code in OK
