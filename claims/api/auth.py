"""API authentication (tokens), scopes and throttling.

``Authorization: Token <key>`` (or ``Bearer <key>``). A token acts as its
user — the user's role decides what the services allow — and its scopes
narrow that further: read (GET), ingest, review, publish. Browser sessions
carry every scope: their role is the only limit.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from rest_framework import authentication, exceptions, permissions, throttling

from ..models import ApiToken
from ..services.tokens import TokenExpired, token_for_key

SAFE = ("GET", "HEAD", "OPTIONS")


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Token <key>'.")
        try:
            token = token_for_key(header[1])
        except TokenExpired as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API token.")
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class HasScope(permissions.BasePermission):
    """Signed in, and (for tokens) holding the scope the view asks for."""

    message = "This token lacks the scope this operation needs."

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        # A token knows its user's role from the query that found it (token_for_key).
        has_role = token.has_newsroom_role if token is not None else request.user.has_perm("claims.view_claim")
        if not has_role:
            self.message = "Your account has no newsroom role."
            return False
        if token is None:
            return True
        needed = getattr(view, "required_scope", None)
        if callable(needed):
            needed = needed(request)
        needed = needed or ("read" if request.method in SAFE else "review")
        if needed not in token.scopes:
            self.message = f"This token lacks the '{needed}' scope."
            return False
        return True


class PackedHistory:
    """DRF's sliding-window throttle (at most N requests in any period), its history kept packed.

    SimpleRateThrottle keeps each client's request times as a list of floats, pickled into the
    cache and back on every request: the busier the client, the dearer each of its requests.
    Here they are one string of doubles, oldest first, trimmed by bisection: the same answers
    (and Retry-After), the same one read and one write of the same cache.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.history = array("d", self.cache.get(self.key, b""))
        del self.history[: bisect_right(self.history, self.now - self.duration)]
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self):
        self.history.append(self.now)
        self.cache.set(self.key, self.history.tobytes(), self.duration)
        return True

    def wait(self):
        # As SimpleRateThrottle.wait, whose history is newest first.
        remaining = self.duration - (self.now - self.history[0]) if self.history else self.duration
        available = self.num_requests - len(self.history) + 1
        return remaining / available if available > 0 else None


class AnonRateThrottle(PackedHistory, throttling.AnonRateThrottle):
    """Per client address, for requests without credentials."""


class TokenRateThrottle(PackedHistory, throttling.SimpleRateThrottle):
    """Per token (or per signed-in user for sessions)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # anonymous clients: AnonRateThrottle
        return self.cache_format % {"scope": self.scope, "ident": ident}


class _ApiSchemaDescriptor:
    """``view.schema``: claims.api.schema.ApiSchema, imported late (it imports DRF's settings,
    which import this module)."""

    def __get__(self, instance, owner):
        if instance is not None and "_schema" in instance.__dict__:
            return instance.__dict__["_schema"]
        from .schema import ApiSchema  # cycle: schema imports DRF views, whose APIView reads this module (settings)

        inspector = ApiSchema()
        if instance is not None:
            inspector.view = instance
        return inspector

    def __set__(self, instance, inspector):
        # drf-spectacular sets a per-method schema on the view instance; bind it like DRF does.
        instance.__dict__["_schema"] = inspector
        if inspector is not None:
            inspector.view = instance


class ThrottleFirst:
    """Every API view's base: throttles before the permission check, so refused clients are
    rate limited too; documents the problem details each operation can answer."""

    schema = _ApiSchemaDescriptor()

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        self.perform_authentication(request)
        self.check_throttles(request)
        self.check_permissions(request)
