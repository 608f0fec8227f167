"""Notifications: what a person should know about a claim, in the desk and by email.

The workflow services call ``notify`` inside their own transaction, so a notification exists
exactly when the move it tells of was committed. Each person chooses per kind whether they get it
in the desk, by email, both or neither (``NotificationPreference``; no row means both).

Email goes through Django's email backend and is sent by the worker after commit: the
Notification row is the outbox (``email_status`` pending, ``email_sent_at`` empty while the broker
cannot take the message), and ``emails_resend`` (the periodic re-send) sends what was lost. Every
task may run twice, so a send is claimed with a conditional UPDATE first; a message can still go
twice when a worker dies between sending and recording it (at least once, never silently lost).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .. import tasks
from ..errors import InvalidInput
from ..models import Claim, Notification, NotificationPreference

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser  # the module's User is get_user_model()


logger = logging.getLogger(__name__)
User = get_user_model()
Kind = Notification.Kind
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")

SUBJECTS: dict[str, str] = {
    Kind.ASSIGNED: "Assigned to you",
    Kind.APPROVAL_REQUESTED: "A verdict waits for your approval",
    Kind.CHANGES_REQUESTED: "Changes requested",
    Kind.MENTION: "You were mentioned",
    Kind.PUBLISHED: "Verdict published",
}


def mentioned_users(body: str):
    """Active users named as @username in ``body``."""
    names = set(MENTION.findall(body))
    return User.objects.filter(username__in=names, is_active=True) if names else User.objects.none()


def users_with_permission(codename: str):
    """Active users holding claims.<codename> through a group, directly, or as superusers."""
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="claims")
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label="claims"),
        is_active=True,
    ).distinct()


def preferences_of(*, user: AuthUser) -> dict[str, tuple[bool, bool]]:
    """kind → (in the desk, by email) for every kind; both on where the person chose nothing."""
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=user)}
    return {kind: chosen.get(kind, (True, True)) for kind in Kind.values}


def notify(*, kind: str, claim: Claim, actor: AuthUser, recipients: Iterable, message: str) -> list[Notification]:
    """Tell ``recipients`` (never the actor, never anyone who may not read claims) about ``claim``,
    as each one chose.

    Call inside the transaction of the change it tells of; emails are handed to the worker
    after that transaction commits."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    # Only people who may read the claim: a notification (and its email) carries the claim's words.
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.has_perm("claims.view_claim")}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    chosen = {
        (p.user_id): (p.in_app, p.email)
        for p in NotificationPreference.objects.filter(user_id__in=list(people), kind=kind)
    }
    rows = []
    for pk, person in sorted(people.items()):
        in_app, email = chosen.get(pk, (True, True))
        email = email and bool(person.email)
        if not (in_app or email):
            continue
        rows.append(
            Notification(
                recipient=person,
                kind=kind,
                claim=claim,
                actor=actor,
                message=message[:500],
                in_app=in_app,
                email_status=Notification.EmailStatus.PENDING if email else Notification.EmailStatus.NONE,
            )
        )
    created = Notification.objects.bulk_create(rows)
    emailed = [n.pk for n in created if n.email_status == Notification.EmailStatus.PENDING]
    if emailed:
        # Robust: a failure here is logged and never fails the move that was just committed.
        transaction.on_commit(lambda: [email_send(notification_id=pk) for pk in emailed], robust=True)
    return created


def email_send(*, notification_id: int) -> bool:
    """Hand one notification email to the worker; False (logged) when the broker cannot take it now,
    leaving the row pending with ``email_sent_at`` empty for ``emails_resend``."""
    now = timezone.now()
    Notification.objects.filter(pk=notification_id).update(email_sent_at=now)
    try:
        tasks.send_notification_email.delay(notification_id)
    except Exception:  # noqa: BLE001 - any broker failure: the row waits for the re-send
        Notification.objects.filter(pk=notification_id, email_sent_at=now).update(email_sent_at=None)
        logger.warning("Notification email %s could not be queued; it will be re-sent", notification_id, exc_info=True)
        return False
    return True


def emails_resend(*, limit: int = 500) -> int:
    """Re-send pending notification emails whose message was lost: never handed to the broker and
    VERIFY_EMAIL_RESEND_SECONDS old, or handed to it so long ago that every retry should be over."""
    now = timezone.now()
    base = settings.VERIFY_EMAIL_RESEND_SECONDS
    retries = sum(min(3600, 30 * 2**n) for n in range(settings.VERIFY_EMAIL_MAX_ATTEMPTS))
    lost = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING)
        .filter(
            Q(email_sent_at__isnull=True, created_at__lt=now - timedelta(seconds=base))
            | Q(email_sent_at__lt=now - timedelta(seconds=base + retries))
        )
        .order_by("created_at")
        .values_list("pk", "email_sent_at")[:limit]
    )
    count = 0
    for pk, sent_at in lost:
        # Claimed on the value read: two re-senders never send the same row twice.
        if Notification.objects.filter(pk=pk, email_sent_at=sent_at).update(email_sent_at=now) and email_send(
            notification_id=pk
        ):
            count += 1
    return count


def email_deliver(*, notification_id: int) -> bool | None:
    """One attempt at the email: True sent, False failed (the task retries), None nothing to do."""
    notification = Notification.objects.select_related("recipient", "claim", "actor").filter(pk=notification_id).first()
    if notification is None or notification.email_status != Notification.EmailStatus.PENDING:
        return None
    address = notification.recipient.email
    if not address:
        Notification.objects.filter(pk=notification.pk).update(
            email_status=Notification.EmailStatus.FAILED, email_error="The recipient has no email address."
        )
        return None
    # Claim this attempt: a second copy of the message (a re-send) finds the count changed.
    if not Notification.objects.filter(
        pk=notification.pk, email_status=Notification.EmailStatus.PENDING, email_attempts=notification.email_attempts
    ).update(email_attempts=F("email_attempts") + 1):
        return None
    link = settings.VERIFY_DESK_URL.rstrip("/") + reverse("claim", args=[notification.claim_id])
    body = (
        f"{notification.message}\n\nClaim: {notification.claim.text}\n{link}\n\n"
        f"Choose which notifications you get: "
        f"{settings.VERIFY_DESK_URL.rstrip('/')}{reverse('notification_preferences')}\n"
    )
    try:
        send_mail(
            f"[{settings.VERIFY_DESK_NAME}] {SUBJECTS[notification.kind]}", body, settings.DEFAULT_FROM_EMAIL, [address]
        )
    except Exception as exc:  # noqa: BLE001 - SMTP refusals, timeouts, DNS: recorded and retried
        Notification.objects.filter(pk=notification.pk).update(email_error=str(exc)[:500])
        logger.warning("Notification email %s failed: %s", notification.pk, exc)
        return False
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENT, email_error="", email_sent_at=timezone.now()
    )
    return True


def email_gave_up(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING).update(
        email_status=Notification.EmailStatus.FAILED
    )


@transaction.atomic
def notifications_mark_read(*, user: AuthUser, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (only ``ids`` when given); returns how many.
    Someone else's notifications are never touched: the filter is on the recipient."""
    unread = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: AuthUser, choices: dict[str, tuple[bool, bool]]) -> None:
    """Save the user's choice (in the desk, by email) for each kind in ``choices``."""
    unknown = sorted(set(choices) - set(Kind.values))
    if unknown:
        raise InvalidInput(f"Unknown notification kinds {unknown}; kinds are {', '.join(Kind.values)}.")
    for kind, (in_app, email) in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(email)}
        )
