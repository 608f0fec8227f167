"""API tokens: created once (the raw key is shown then, never stored), revoked any time."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..errors import InvalidInput, NotPermitted
from ..models import ApiToken, ExtractionJob, IdempotencyKey
from .roles import require_permission


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *, user, name: str, scopes: list[str], kind: str = ApiToken.Kind.PERSONAL, actor=None,
    within_scopes: list[str] | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the raw key (shown to the user once).

    ``actor`` is the person creating it (None for the system: commands). People
    create personal tokens for themselves; tokens for someone else and service
    tokens (an integration's, not tied to a person's session) need an admin.
    ``within_scopes``: the scopes of the token making the request, if one is;
    a token cannot make a token wider than itself.
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("A token needs a name of at most 100 characters.")
    if kind not in ApiToken.Kind.values:
        raise InvalidInput(f"Unknown token kind {kind!r}; choose from {', '.join(ApiToken.Kind.values)}.")
    unknown = sorted(set(scopes) - set(ApiToken.Scope.values))
    if unknown or not scopes:
        raise InvalidInput(
            f"Unknown scopes {unknown}; choose from {', '.join(ApiToken.Scope.values)}." if unknown
            else "A token needs at least one scope."
        )
    if not user.is_active:
        raise InvalidInput(f"{user.get_username()} is not an active user.")
    if within_scopes is not None and not set(scopes) <= set(within_scopes):
        raise NotPermitted(
            f"A token with scopes {', '.join(sorted(within_scopes))} cannot create one with "
            f"{', '.join(sorted(set(scopes) - set(within_scopes)))}; sign in to the desk for that."
        )
    if actor is not None and (kind == ApiToken.Kind.SERVICE or actor.pk != user.pk):
        require_permission(actor, "manage_desk", "create service tokens or tokens for others")
    raw = "vfy_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, kind=kind, prefix=raw[:12], key_hash=hash_key(raw), scopes=sorted(set(scopes))
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken, within_scopes: list[str] | None = None) -> ApiToken:
    """Revoke ``token`` (its owner or an admin). ``within_scopes`` as in token_create."""
    if token.user_id != actor.pk and not actor.has_perm("claims.manage_desk"):
        raise NotPermitted("Only the token's owner or an admin can revoke it.")
    if within_scopes is not None and not set(token.scopes) <= set(within_scopes):
        raise NotPermitted("A token can only revoke tokens with no scopes beyond its own.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(raw: str) -> ApiToken | None:
    """The active token with this key, or None. ``token.has_newsroom_role``: whether its user may
    read the desk (view_claim, from a role or given directly), found in the same query — the API
    asks on every request, and Django's has_perm would cost two more queries."""
    view_claim = Permission.objects.filter(content_type__app_label="claims", codename="view_claim")
    token = ApiToken.objects.select_related("user").annotate(has_newsroom_role=Q(user__is_superuser=True) | Exists(
        view_claim.filter(Q(group__user=OuterRef("user_id")) | Q(user=OuterRef("user_id")))
    )).filter(key_hash=hash_key(raw)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    # At most one write a minute per token: last_used is for people, not accounting.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class IdempotencyConflict(InvalidInput):
    code = "idempotency_conflict"


@transaction.atomic
def ingest_idempotent(*, user, key: str, request_hash: str, ingest) -> tuple[ExtractionJob, bool]:
    """Run ``ingest()`` once per (user, key); the same key with another body is refused.

    Returns the job and whether it was created by this call.
    """
    if len(key) > 200:
        raise InvalidInput("The Idempotency-Key header is longer than 200 characters.")
    existing = IdempotencyKey.objects.select_for_update().filter(user=user, key=key).select_related("job").first()
    if existing is not None:
        if existing.request_hash != request_hash:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different request body."
            )
        return existing.job, False
    job = ingest()
    IdempotencyKey.objects.create(user=user, key=key, request_hash=request_hash, job=job)
    return job, True
