"""Reader requests' pages (issue 26): the public /ask/ form, its embeddable twin, the reader's data
page, and the desk's Requests view with the ban, detach and attach actions.

Framing: only /ask/embed/ may be framed, and only by the origins in VERIFY_ASK_EMBED_ORIGINS (CSP
frame-ancestors; X-Frame-Options cannot list origins, so the page drops it and relies on CSP;
with no origin configured it keeps DENY). The embed's POST is CSRF-exempt: in a third-party frame
the browser withholds our SameSite CSRF cookie, and the form acts for nobody signed in — the signed
time-token, the honeypot, the rate limits and bans are what protect it (docs/SECURITY.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from verify.exceptions import ApplicationError
from verify.metrics import client_address

from .. import selectors
from ..forms_requests import MAX_DECISION_NOTE, AskForm, AttachForm, BanForm, DetachForm
from ..models import ReaderRequest
from ..services import requests as reader_requests
from .access import desk_view
from .form_errors import add_service_error

MAX_BODY = 16 * 1024  # a request form is a few kilobytes at most


def _sender(request: HttpRequest) -> str:
    # A request with forwarding headers nobody declared has no trustworthy address: it is counted
    # under its proxy's address, never let off the per-sender limit.
    return client_address(request) or f"proxied:{request.META.get('REMOTE_ADDR', '')}"


def _ask(request: HttpRequest, *, channel: str, template: str) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponse(f"A request may be at most {MAX_BODY // 1024} KB.", status=413, content_type="text/plain")
    status = 200
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["website"]:
                    raise reader_requests.InvalidInput("This form could not be accepted.")
                reader_requests.check_form_token(data["token"])
                sent = reader_requests.request_submit(
                    data=reader_requests.RequestInput(
                        text=data["text"],
                        url=data["url"],
                        seen_where=data["seen_where"],
                        email=data["email"],
                        consent=data["consent"],
                        language=data["language"],
                    ),
                    channel=channel,
                    sender=_sender(request),
                )
            except ApplicationError as exc:  # rate limited 429, a banned sender 403, bad input 400
                add_service_error(form, exc)
                status = exc.status
            else:
                return render(
                    request, template, {"sent": sent, "data_link": reader_requests.data_link(sent), "form": None}
                )
        else:
            status = 400
        # A fresh token for the next try; what the reader typed stays.
        form.data = form.data.copy()
        form.data["token"] = reader_requests.form_token()
    else:
        form = AskForm(initial={"token": reader_requests.form_token()})
    return render(
        request, template, {"form": form, "retention_days": settings.VERIFY_REQUEST_RETENTION_DAYS}, status=status
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """The public "is this true?" form (no sign-in)."""
    return _ask(request, channel=ReaderRequest.Channel.WEB, template="public/ask.html")


def _embed_headers(view):
    origins = list(settings.VERIFY_ASK_EMBED_ORIGINS)
    if not origins:
        return view  # nobody may frame it: the site's DENY and frame-ancestors 'none' stay
    return xframe_options_exempt(csp_override({**settings.SECURE_CSP, "frame-ancestors": origins})(view))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def _ask_embed(request: HttpRequest) -> HttpResponse:
    return _ask(request, channel=ReaderRequest.Channel.EMBED, template="public/ask_embed.html")


def ask_embed(request: HttpRequest) -> HttpResponse:
    """The form for the outlet's own site, in an iframe (framable only by VERIFY_ASK_EMBED_ORIGINS)."""
    # Wrapped per call: the origins are a setting (tests change them).
    return _embed_headers(_ask_embed)(request)


ask_embed.csrf_exempt = True  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
def ask_data(request: HttpRequest, token: str) -> HttpResponse:
    """What we keep about a reader's request (from the signed link they were given); POST deletes it,
    or (``action=unsubscribe``) erases only the email: no more emails, the request stays."""
    found = reader_requests.request_for_data_token(token)
    if found is None:
        raise Http404("No such request: the link is wrong, or the request was deleted.")
    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        reader_requests.request_unsubscribe(request=found)
        return render(request, "public/ask_data.html", {"unsubscribed": True})
    if request.method == "POST":
        reader_requests.request_forget(request=found)
        return render(request, "public/ask_data.html", {"deleted": True})
    return render(
        request, "public/ask_data.html", {"found": found, "retention_days": settings.VERIFY_REQUEST_RETENTION_DAYS}
    )


@desk_view("triage_claim")
def requests_view(request: HttpRequest) -> HttpResponse:
    """The desk's Requests view: what readers want checked, most requested first."""
    return render(
        request,
        "claims/requests.html",
        {
            "claims": selectors.requested_claims(),
            "by_language": selectors.request_breakdown(field="language"),
            "by_channel": selectors.request_breakdown(field="channel"),
            "recent": selectors.recent_requests(),
            "max_decision_note": MAX_DECISION_NOTE,
            "bonus": f"+{settings.VERIFY_REQUEST_PRIORITY_BONUS:g} per request, at most "
            f"+{settings.VERIFY_REQUEST_PRIORITY_MAX:g}",
        },
    )


def _request_action(request: HttpRequest, pk: int, form_class, *, invalid: str, act) -> HttpResponse:
    """One editor action on a reader's request from the Requests view: the form checked (``invalid``
    the message when it is not), ``act(target, cleaned_data)`` calls the service and returns the
    success message; a service's refusal is shown as it says. Back to the Requests view either way."""
    target = get_object_or_404(ReaderRequest, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("requests")
    try:
        done = act(target, form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("requests")


@desk_view("approve_verdict")
@require_POST
def request_ban(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor bans the sender of a request."""

    def act(target: ReaderRequest, data: dict) -> str:
        reader_requests.sender_ban(actor=request.user, request=target, reason=data["reason"])
        return f"The sender of request {target.pk} is banned: their requests are refused."

    return _request_action(
        request, pk, BanForm, act=act, invalid="Say why this sender is banned (at most 300 characters)."
    )


@desk_view("approve_verdict")
@require_POST
def request_detach(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor detaches a request from the claim it was wrongly attached to; it is matched again."""

    def act(target: ReaderRequest, data: dict) -> str:
        claim_id = target.claim_id
        reader_requests.request_detach(actor=request.user, request=target, note=data["note"])
        return (
            f"Request {target.pk} is detached from claim #{claim_id}; it is being matched "
            f"again (never back onto #{claim_id})."
        )

    return _request_action(request, pk, DetachForm, act=act, invalid="The note may be at most 300 characters.")


@desk_view("approve_verdict")
@require_POST
def request_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor attaches a request to the claim it is about (undoing a detach, or moving it)."""

    def act(target: ReaderRequest, data: dict) -> str:
        done = reader_requests.request_attach(
            actor=request.user, request=target, claim=data["claim"], note=data["note"]
        )
        answered = " and answered: its verdict is published" if done.status == "answered" else ""
        return f"Request {target.pk} is attached to claim #{done.claim_id}{answered}."

    return _request_action(
        request, pk, AttachForm, act=act, invalid="Give the number of the claim to attach the request to."
    )
