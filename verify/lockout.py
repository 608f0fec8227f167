"""Brute-force lockout for sign-ins (django-axes), where there is a client to lock out."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out username + address; records failures.

    Authentication without a request (management commands, Django's test client
    ``login()``) has no client address to lock out, so it passes through to the
    next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
