"""The desk's notification pages: the list with mark-read, and each person's preferences.

Same shape as claims/views/desk.py: validate, fetch through a selector, call one service, render.
Every page shows only the signed-in person's own notifications.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors
from ..forms import NotificationPreferencesForm, is_id
from ..models import Notification
from ..services import notifications
from .access import desk_view


@desk_view()
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "claims/notifications.html", {"page": page})


@desk_view()
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) read and open its claim, or all of them (no ``id``)."""
    raw = request.POST.get("id", "")
    if not raw:
        count = notifications.notifications_mark_read(user=request.user)
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
        return redirect("notifications")
    if not is_id(raw):
        messages.error(request, f"{raw[:40]!r} is not a notification number.")
        return redirect("notifications")
    notification = Notification.objects.filter(pk=int(raw), recipient=request.user, in_app=True).first()
    if notification is None:
        messages.error(request, f"You have no notification {int(raw)}.")
        return redirect("notifications")
    notifications.notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect("claim", pk=notification.claim_id)


@desk_view()
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = notifications.preferences_of(user=request.user)
    form = NotificationPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        notifications.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, "Your notification choices are saved.")
        return redirect("notification_preferences")
    return render(
        request,
        "claims/notification_preferences.html",
        {"form": form, "rows": form.rows(), "has_email": bool(request.user.email)},
        status=400 if form.errors else 200,
    )
