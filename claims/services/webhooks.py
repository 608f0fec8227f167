"""Webhooks: signed events delivered by Celery after commit, retried, logged.

Each delivery is a POST of a JSON body with these headers:

    X-Verify-Event:      claim.created | claim.status_changed | verdict.published | ...
    X-Verify-Delivery:   the delivery id (the same on retries: deduplicate on it)
    X-Verify-Timestamp:  seconds since the epoch when this attempt was signed
    X-Verify-Signature:  sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

A receiver answering 2xx ends it; anything else is retried with exponential
backoff; after repeated failures the subscription is disabled until its owner
enables it again. See docs/webhooks.md for verifying the signature.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import tasks
from ..errors import InvalidInput, NotPermitted
from ..inputs.fetching import FetchError, FetchRefused, post_json, resolve_public
from ..inputs.weburl import parse_http_url
from ..models import WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)
EVENTS = WebhookSubscription.Event.values


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@transaction.atomic
def webhook_subscribe(*, owner: User, target_url: str, events: list[str]) -> WebhookSubscription:
    """Subscribe an endpoint; the secret is generated here and shown to the owner."""
    require_role = owner.has_perm("claims.review_claim")
    if not require_role:
        raise NotPermitted("Webhooks are for checkers, editors and admins.")
    target = parse_http_url(target_url, what="webhook URL")
    try:
        # Bounded: a resolver that never answers must not hold the request.
        resolve_public(target.host, target.port, timeout=settings.VERIFY_FETCH_TIMEOUT)
    except FetchRefused as exc:
        raise InvalidInput(f"Webhooks cannot target this address: {exc}") from exc
    except FetchError:
        # Not resolvable from here now: accepted, since every delivery resolves and checks the
        # address again before it connects (a private address is refused then).
        pass
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise InvalidInput(f"Choose events from {', '.join(EVENTS)}" + (f"; unknown: {unknown}." if unknown else "."))
    return WebhookSubscription.objects.create(
        owner=owner, target_url=target.url, events=sorted(set(events)), secret=secrets.token_hex(32)
    )


@transaction.atomic
def webhook_enable(*, actor: User, subscription: WebhookSubscription) -> WebhookSubscription:
    if subscription.owner_id != actor.pk and not actor.has_perm("claims.manage_desk"):
        raise NotPermitted("Only the subscription's owner can enable it again.")
    subscription.active = True
    subscription.consecutive_failures = 0
    subscription.disabled_reason = ""
    subscription.save(update_fields=["active", "consecutive_failures", "disabled_reason"])
    return subscription


def emit(event: str, *payloads: dict) -> None:
    """Queue ``event`` (once per payload) for every active subscription to it, after commit."""
    if payloads:
        # Robust: a failure here is logged and never fails the change that emitted the event.
        transaction.on_commit(lambda: _fan_out(event, payloads), robust=True)


def _fan_out(event: str, payloads) -> None:

    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True) if event in s.events]
    for payload in payloads if subscriptions else ():
        body = json.loads(
            json.dumps({"event": event, "sent_at": timezone.now(), "data": payload}, cls=DjangoJSONEncoder)
        )
        for subscription in subscriptions:
            delivery = WebhookDelivery.objects.create(subscription=subscription, event=event, payload=body)
            _send(delivery.pk)


def _send(delivery_id: int) -> bool:
    """Hand a delivery to the worker; if the broker cannot take it, it stays pending in the
    database (the outbox) and ``deliveries_resend`` sends it later."""
    try:
        tasks.deliver_webhook.delay(delivery_id)
    except Exception:  # noqa: BLE001 - any broker failure: the row waits
        logger.warning("Webhook delivery %s could not be queued; it will be re-sent", delivery_id, exc_info=True)
        return False
    return True


def deliveries_resend(*, older_than_seconds: float) -> int:
    """Re-send pending deliveries whose message was lost (broker down or restarted): never
    attempted and older than ``older_than_seconds``, or still pending after every retry's
    backoff should have run out. At least once: a receiver may see a delivery twice and can
    tell by its ``X-Verify-Delivery`` id. Returns how many were sent."""
    now = timezone.now()
    base = settings.VERIFY_WEBHOOK_RETRY_BASE_SECONDS
    all_retries = sum(min(3600, base * 2**n) for n in range(settings.VERIFY_WEBHOOK_MAX_ATTEMPTS)) + 300
    lost = (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, subscription__active=True)
        .filter(
            Q(attempts=0, created_at__lt=now - timedelta(seconds=older_than_seconds))
            | Q(created_at__lt=now - timedelta(seconds=all_retries))
        )
        .values_list("pk", flat=True)[:1000]
    )
    return sum(_send(pk) for pk in lost)


def deliver(*, delivery_id: int) -> bool | None:
    """One attempt. True delivered, False failed (retry), None nothing to do."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING or not delivery.subscription.active:
        return None
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "X-Verify-Event": delivery.event,
        "X-Verify-Delivery": str(delivery.pk),
        "X-Verify-Timestamp": timestamp,
        "X-Verify-Signature": sign(subscription.secret, timestamp, body),
    }
    # Claim this attempt: a second copy of the message running now (a re-send) finds the
    # count changed and posts nothing.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        attempts=delivery.attempts,
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return None
    try:
        status, seconds = post_json(
            subscription.target_url, body, headers=headers, timeout=settings.VERIFY_WEBHOOK_TIMEOUT
        )
        error = "" if 200 <= status < 300 else f"The receiver answered {status}."
    except FetchError as exc:
        status, seconds, error = None, 0.0, str(exc)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        response_status=status,
        response_ms=int(seconds * 1000),
        error=error[:500],
        **({"status": WebhookDelivery.Status.SUCCEEDED, "delivered_at": timezone.now()} if not error else {}),
    )
    if not error:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
        return True
    return False


def delivery_gave_up(*, delivery_id: int) -> None:
    """The last attempt failed: the delivery is failed; too many in a row disable the subscription."""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    WebhookDelivery.objects.filter(pk=delivery_id).update(status=WebhookDelivery.Status.FAILED)
    WebhookSubscription.objects.filter(pk=delivery.subscription_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    subscription = WebhookSubscription.objects.get(pk=delivery.subscription_id)
    if subscription.consecutive_failures >= settings.VERIFY_WEBHOOK_DISABLE_AFTER:
        subscription.active = False
        subscription.disabled_reason = (
            f"Disabled after {subscription.consecutive_failures} failed deliveries in a row; "
            f"last error: {delivery.error}"
        )[:300]
        subscription.save(update_fields=["active", "disabled_reason"])
        logger.warning("Webhook %s disabled: %s", subscription.pk, subscription.disabled_reason)
