"""Template context every desk page shares."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from . import selectors


def notifications(request) -> dict:
    """``unread_notifications``: the signed-in person's unread count for the nav's bell, counted only
    when a template shows it (one query), never for anonymous visitors or public pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.notifications_unread_count(user=user))}
