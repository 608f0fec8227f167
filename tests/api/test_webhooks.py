"""Webhooks: signed deliveries to receivers on 127.0.0.1, retries, disabling, a real worker round trip."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import wait_for
from factories import claim_in_state
from rest_framework.test import APIClient

from claims.models import WebhookDelivery, WebhookSubscription
from claims.services import webhooks, workflow
from claims.services.tokens import token_create

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verifier():
    """The receiver's verification code exactly as docs/webhooks.md shows it."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify_delivery"]


class Receiver:
    def __init__(self, statuses):
        self.statuses = list(statuses)  # answers, in order; the last repeats
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers.items()), body))
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def receiver():
    made = []

    def make(*statuses):
        r = Receiver(statuses or (200,))
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def publish(users):
    return claim_in_state("published", checker=users["checker"], editor=users["editor"])


def test_published_verdict_is_delivered_signed(db, users, receiver, django_capture_on_commit_callbacks):
    hook = receiver(200)
    subscription = webhooks.webhook_subscribe(owner=users["editor"], target_url=hook.url, events=["verdict.published"])
    with django_capture_on_commit_callbacks(execute=True):
        claim = publish(users)
    assert len(hook.received) == 1
    headers, body = hook.received[0]
    assert headers["X-Verify-Event"] == "verdict.published"
    assert documented_verifier()(subscription.secret, headers, body)
    assert not documented_verifier()(subscription.secret, headers, body + b" ")
    assert not documented_verifier()("wrong-secret", headers, body)
    payload = json.loads(body)
    assert payload["data"]["claim"] == claim.pk and payload["data"]["rating"] == "False"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)


def test_failing_receiver_that_recovers_gets_a_retry(db, users, receiver, django_capture_on_commit_callbacks):
    hook = receiver(500, 503, 200)
    webhooks.webhook_subscribe(owner=users["editor"], target_url=hook.url, events=["claim.status_changed"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_triage(
            claim=claim_in_state("new", checker=users["checker"], editor=users["editor"]), actor=users["checker"]
        )
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)
    assert len({h["X-Verify-Delivery"] for h, _ in hook.received}) == 1  # one id across retries


def test_repeated_failures_disable_the_subscription_until_its_owner_enables_it(
    db, users, receiver, settings, django_capture_on_commit_callbacks
):
    settings.VERIFY_WEBHOOK_MAX_ATTEMPTS = 2
    settings.VERIFY_WEBHOOK_DISABLE_AFTER = 2
    hook = receiver(500)
    subscription = webhooks.webhook_subscribe(
        owner=users["editor"], target_url=hook.url, events=["claim.status_changed"]
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.claim_triage(
                claim=claim_in_state("new", checker=users["checker"], editor=users["editor"]), actor=users["checker"]
            )
    subscription.refresh_from_db()
    assert not subscription.active and "2 failed deliveries" in subscription.disabled_reason
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    _token, raw = token_create(user=users["editor"], name="t", scopes=["read", "review"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    deliveries = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries/").json()
    assert deliveries[0]["response_status"] == 500 and deliveries[0]["attempts"] == 2
    assert client.post(f"/api/v1/webhooks/{subscription.pk}/enable/").json()["active"] is True
    other, raw2 = token_create(user=users["editor2"], name="t", scopes=["read", "review"])
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION=f"Token {raw2}")
    assert stranger.post(f"/api/v1/webhooks/{subscription.pk}/enable/").status_code == 404


def test_subscribing_checks_the_target_and_events(db, users, settings):
    _token, raw = token_create(user=users["editor"], name="t", scopes=["read", "review"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    created = client.post(
        "/api/v1/webhooks/", {"target_url": "http://127.0.0.1:9/hook", "events": ["verdict.published"]}, format="json"
    )
    assert created.status_code == 201 and len(created.json()["secret"]) == 64
    assert client.get("/api/v1/webhooks/").json()[0]["secret"] is None  # shown once
    bad = client.post(
        "/api/v1/webhooks/", {"target_url": "http://127.0.0.1:9/", "events": ["everything"]}, format="json"
    )
    assert bad.status_code == 400 and "not a valid choice" in bad.json()["errors"]["events"]["0"][0]
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    private = client.post(
        "/api/v1/webhooks/", {"target_url": "http://10.0.0.5/hook", "events": ["verdict.published"]}, format="json"
    )
    assert private.status_code == 400 and "not a public address" in private.json()["detail"]
    viewer_token, raw3 = token_create(user=users["viewer"], name="t", scopes=["read", "review"])
    viewer = APIClient()
    viewer.credentials(HTTP_AUTHORIZATION=f"Token {raw3}")
    assert (
        viewer.post(
            "/api/v1/webhooks/", {"target_url": "http://127.0.0.1:9/", "events": ["job.failed"]}, format="json"
        ).status_code
        == 403
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_webhook_round_trip_through_the_real_worker(async_tasks, users, receiver):
    hook = receiver(500, 200)  # fails once, then recovers
    subscription = webhooks.webhook_subscribe(owner=users["editor"], target_url=hook.url, events=["verdict.published"])
    publish(users)
    wait_for(lambda: WebhookDelivery.objects.filter(status="succeeded").exists(), timeout=60, worker=async_tasks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 2 and len(hook.received) == 2
    headers, body = hook.received[-1]
    assert documented_verifier()(subscription.secret, headers, body)
    assert WebhookSubscription.objects.get(pk=subscription.pk).consecutive_failures == 0


def only_payloads(hook, event):
    return [json.loads(body) for headers, body in hook.received if headers["X-Verify-Event"] == event]


def test_claims_found_by_ingestion_are_delivered_as_claim_created(
    db, users, receiver, django_capture_on_commit_callbacks
):
    hook = receiver(200)
    subscription = webhooks.webhook_subscribe(owner=users["checker"], target_url=hook.url, events=["claim.created"])
    from claims.models import Claim
    from claims.services import ingest

    text = (
        "The council said that 2,400 homes were flooded in March, twice as many as last year. "
        "The mayor said 300 families still live in shelters."
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(text=text, submitted_by=users["checker"])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.claims_created >= 1
    payloads = only_payloads(hook, "claim.created")
    assert len(payloads) == job.claims_created == Claim.objects.count()
    assert {p["data"]["claim"] for p in payloads} == set(Claim.objects.values_list("pk", flat=True))
    first = payloads[0]["data"]
    assert first["article"] == job.article_id and {"text", "claimant", "score", "checkworthy"} <= set(first)
    assert all(documented_verifier()(subscription.secret, h, b) for h, b in hook.received)
    # The same text again creates no claim, so nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        ingest.article_ingest(text=text, submitted_by=users["checker"])
    assert len(only_payloads(hook, "claim.created")) == len(payloads)


def test_a_correction_is_delivered_as_verdict_corrected(
    db, users, receiver, django_capture_on_commit_callbacks, settings
):
    settings.VERIFY_DESK_URL = "https://desk.example.org/"
    hook = receiver(200)
    subscription = webhooks.webhook_subscribe(owner=users["editor"], target_url=hook.url, events=["verdict.corrected"])
    claim = publish(users)
    assert hook.received == []  # a first publication is verdict.published, not subscribed here
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_move(
            move="correct",
            claim=claim.pk,
            actor=users["editor"],
            note="The figure was 2,100.",
            headline="False: it was 2,100",
        )
        workflow.claim_move(move="approve", claim=claim.pk, actor=users["editor2"])
        workflow.claim_move(move="publish", claim=claim.pk, actor=users["editor2"])
    [payload] = only_payloads(hook, "verdict.corrected")
    assert payload["data"]["claim"] == claim.pk and payload["data"]["headline"] == "False: it was 2,100"
    # No request to take an address from: the public page on the configured VERIFY_DESK_URL.
    assert payload["data"]["url"] == f"https://desk.example.org/verdicts/{claim.pk}/"
    assert payload["data"]["correction_note"] == "The figure was 2,100."
    headers, body = hook.received[0]
    assert documented_verifier()(subscription.secret, headers, body)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event, delivery.status) == ("verdict.corrected", "succeeded")


def test_a_failed_job_is_delivered_as_job_failed(db, users, receiver, django_capture_on_commit_callbacks):
    hook = receiver(200)
    subscription = webhooks.webhook_subscribe(owner=users["checker"], target_url=hook.url, events=["job.failed"])
    from claims.services import ingest

    empty_page = "<html><head><title>Menu</title></head><body><script>var x = 1;</script></body></html>"
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(html=empty_page, submitted_by=users["checker"])
    job.refresh_from_db()
    assert job.status == "failed"
    [payload] = only_payloads(hook, "job.failed")
    assert payload["data"] == {"job": job.pk, "step": job.error_step, "error": job.error}
    headers, body = hook.received[0]
    assert documented_verifier()(subscription.secret, headers, body)
