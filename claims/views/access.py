"""Who may open a desk page: the one decorator every desk view wears."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from ..permissions import role_of


def desk_view(permission: str = "view_claim"):
    """Signed in, and holding ``permission`` (the viewer role by default)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(f"claims.{permission}"):
                raise PermissionDenied(f"A {role_of(request.user)} cannot open this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
