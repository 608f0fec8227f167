"""API tokens: created once (the raw key is shown then, never stored), revoked any time."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from ..errors import InvalidInput, NotPermitted
from ..models import ApiToken, ExtractionJob, IdempotencyKey
from ..permissions import require_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scopes: list[str],
    kind: str = ApiToken.Kind.PERSONAL,
    actor: User | None = None,
    within_scopes: list[str] | None = None,
    expires_at=None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the raw key (shown to the user once).

    ``expires_at`` (optional, in the future) is when the token stops working.

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
            f"Unknown scopes {unknown}; choose from {', '.join(ApiToken.Scope.values)}."
            if unknown
            else "A token needs at least one scope."
        )
    if not user.is_active:
        raise InvalidInput(f"{user.get_username()} is not an active user.")
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            raise InvalidInput("Give the expiry with its time zone (e.g. 2027-01-31T00:00:00Z).")
        if expires_at <= timezone.now():
            raise InvalidInput(f"The expiry {expires_at.isoformat()} is not in the future.")
    if within_scopes is not None and not set(scopes) <= set(within_scopes):
        raise NotPermitted(
            f"A token with scopes {', '.join(sorted(within_scopes))} cannot create one with "
            f"{', '.join(sorted(set(scopes) - set(within_scopes)))}; sign in to the desk for that."
        )
    if actor is not None and (kind == ApiToken.Kind.SERVICE or actor.pk != user.pk):
        require_permission(actor, "manage_desk", "create service tokens or tokens for others")
    raw = "vfy_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        kind=kind,
        prefix=raw[:12],
        key_hash=hash_key(raw),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken, within_scopes: list[str] | None = None) -> ApiToken:
    """Revoke ``token`` (its owner or an admin). ``within_scopes`` as in token_create."""
    if token.user_id != actor.pk and not actor.has_perm("claims.manage_desk"):
        raise NotPermitted("Only the token's owner or an admin can revoke it.")
    if within_scopes is not None and not set(token.scopes) <= set(within_scopes):
        raise NotPermitted("A token can only revoke tokens with no scopes beyond its own.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class TokenExpired(NotPermitted):
    """The token was valid but its expiry has passed."""

    code = "token_expired"
    status = 401

    def __init__(self, expires_at) -> None:
        super().__init__(f"This API token expired at {expires_at.isoformat()}; create a new one.")


def token_for_key(raw: str) -> ApiToken | None:
    """The active token with this key, or None; raises TokenExpired for a token past its expiry.
    ``token.has_newsroom_role``: whether its user may read the desk (view_claim, from a role or
    given directly), found in the same query — the API asks on every request, and Django's
    has_perm would cost two more queries.

    A verified token is remembered by this process for ``settings.API_TOKEN_CACHE_SECONDS``
    (see ``_verified``): a revocation, a role change or a deactivated user takes effect at once
    in the process that made the change and within that many seconds in every other one.
    """
    key_hash = hash_key(raw)
    now = time.monotonic()
    entry = _verified.get(key_hash)
    if entry is None or entry.expires <= now:
        entry = _verify(key_hash, now)
        if entry is None:
            return None
    token = entry.token()
    if token.expired:  # checked on every request: a kept token expires on time too
        raise TokenExpired(token.expires_at)
    # At most one write a minute per token: last_used is for people, not accounting.
    wall = timezone.now()
    if entry.last_used_at is None or (wall - entry.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=wall)
        entry.last_used_at = token.last_used_at = wall
    return token


# --- Verified tokens, per process ---------------------------------------------------------------
# Key hash -> what its query found, until ``expires`` (time.monotonic()). Only active tokens of
# active users are kept, never unknown keys. Any change that could refuse a kept token (the token
# saved or deleted, a user saved or deleted, groups or permissions changed) empties this process's
# copy at once (``_forget_verified``) and again when its transaction commits; other processes see
# it when their copy expires. Cleared whole: such changes are rare, lookups are not.
_MAX_VERIFIED = 10_000


class _Verified:
    __slots__ = ("expires", "last_used_at", "_db", "_token", "_user", "_has_role")

    def __init__(self, token: ApiToken, expires: float):
        self.expires = expires
        self._db = token._state.db
        self.last_used_at = token.last_used_at
        self._token = [getattr(token, f.attname) for f in ApiToken._meta.concrete_fields]
        self._user = [getattr(token.user, f.attname) for f in token.user._meta.concrete_fields]
        self._has_role = token.has_newsroom_role

    def token(self) -> ApiToken:
        """A fresh instance per request (the view may change its own copy, never the kept one)."""
        user_model = ApiToken.user.field.related_model
        values = [v.copy() if isinstance(v, list | dict) else v for v in self._token]  # scopes: a list
        token = ApiToken.from_db(self._db, [f.attname for f in ApiToken._meta.concrete_fields], values)
        token.user = user_model.from_db(self._db, [f.attname for f in user_model._meta.concrete_fields], self._user)
        token.last_used_at = self.last_used_at
        token.has_newsroom_role = self._has_role
        return token


_verified: dict[str, _Verified] = {}


def _verify(key_hash: str, now: float) -> _Verified | None:
    view_claim = Permission.objects.filter(content_type__app_label="claims", codename="view_claim")
    token = (
        ApiToken.objects.select_related("user")
        .annotate(
            has_newsroom_role=Q(user__is_superuser=True)
            | Exists(view_claim.filter(Q(group__user=OuterRef("user_id")) | Q(user=OuterRef("user_id"))))
        )
        .filter(key_hash=key_hash)
        .first()
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        _verified.pop(key_hash, None)
        return None
    entry = _Verified(token, now + settings.API_TOKEN_CACHE_SECONDS)
    if settings.API_TOKEN_CACHE_SECONDS > 0:
        if len(_verified) >= _MAX_VERIFIED:
            _verified.clear()
        _verified[key_hash] = entry
    return entry


def _forget_verified(**_kwargs) -> None:
    _verified.clear()
    if transaction.get_connection().in_atomic_block:
        # A lookup in between may have read the rows as they were before this transaction.
        transaction.on_commit(_verified.clear)


def _connect_invalidation() -> None:
    user_model = ApiToken.user.field.related_model
    for model in (ApiToken, user_model, Group):
        post_save.connect(_forget_verified, sender=model, dispatch_uid=f"tokens-forget-save-{model._meta.label}")
        post_delete.connect(_forget_verified, sender=model, dispatch_uid=f"tokens-forget-delete-{model._meta.label}")
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_forget_verified, sender=through, dispatch_uid=f"tokens-forget-m2m-{through._meta.label}")


_connect_invalidation()


class IdempotencyConflict(InvalidInput):
    code = "idempotency_conflict"
    status = 409


@transaction.atomic
def ingest_idempotent(*, user: User, key: str, request_hash: str, ingest) -> tuple[ExtractionJob, bool]:
    """Run ``ingest()`` once per (user, key); the same key with another body is refused.

    Returns the job and whether it was created by this call.
    """
    if len(key) > 200:
        raise InvalidInput("The Idempotency-Key header is longer than 200 characters.")
    existing = IdempotencyKey.objects.select_for_update().filter(user=user, key=key).select_related("job").first()
    if existing is not None:
        if existing.request_hash != request_hash:
            raise IdempotencyConflict("This Idempotency-Key was already used with a different request body.")
        return existing.job, False
    job = ingest()
    IdempotencyKey.objects.create(user=user, key=key, request_hash=request_hash, job=job)
    return job, True
