"""Public pages (no sign-in): verdict pages with ClaimReview JSON-LD, the index, the DataFeed,
the CSV export, embeddable cards with oEmbed, and archived evidence of published verdicts.

Nothing unpublished is reachable here: every view starts from ``public_claims()``
and answers 404 (never 403) for anything else."""

from __future__ import annotations

import json
from hashlib import sha256
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date, parse_http_date_safe
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from ..exports.claimreview import (
    PublicFilterError,
    absolute,
    claimreview,
    filter_public_claims,
    public_claims,
    site_root,
)
from ..exports.csv import csv_chunks
from ..exports.datafeed import datafeed_chunks, last_modified
from ..selectors import default_scale

EMBED_WIDTH, EMBED_HEIGHT = 500, 260


def _json_ld(data: dict) -> str:
    # Safe inside <script>: no "</script>" or "<!--" can be formed from the data.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


def _public_claim(pk: int):
    claim = public_claims().filter(pk=pk).first()
    if claim is None:
        raise Http404("No published verdict here.")  # drafts are never reachable, not even as 403
    return claim


@require_safe
def verdict_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _public_claim(pk)
    root = site_root(request)
    review = claimreview(claim, root=root)
    versions = claim.verdict.public_versions
    return render(
        request,
        "public/verdict.html",
        {
            "claim": claim,
            "review": review,
            "json_ld": _json_ld(review),
            "current": versions[-1],
            "corrections": [v for v in versions if v.kind == "correction"],
            "evidence": claim.evidence.filter(pk__in=versions[-1].evidence_ids),
            "appearances": claim.appearances.all(),
            "oembed_url": absolute(reverse("oembed"), root=root)
            + "?"
            + urlencode({"url": review["url"], "format": "json"}),
        },
    )


@require_safe
def verdict_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """The archived copy of a piece of evidence that a published verdict rests on."""
    claim = _public_claim(pk)
    if evidence_pk not in claim.verdict.public_versions[-1].evidence_ids:
        raise Http404("This evidence is not part of the published verdict.")
    evidence = get_object_or_404(claim.evidence, pk=evidence_pk)
    return render(request, "public/evidence.html", {"claim": claim, "evidence": evidence})


@require_safe
@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
def verdict_embed(request: HttpRequest, pk: int) -> HttpResponse:
    """A small card for other sites to show in an iframe (the only page that may be framed)."""
    claim = _public_claim(pk)
    return render(
        request,
        "public/embed.html",
        {
            "claim": claim,
            "current": claim.verdict.public_versions[-1],
            "review": claimreview(claim, root=site_root(request)),
        },
    )


@require_safe
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com) for verdict pages: ``?url=<verdict page>&format=json``."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is supported.", status=501, content_type="text/plain")
    url = request.GET.get("url", "")
    root = site_root(request)
    # A page of this desk: on the address this request came in on, or on the configured one.
    desk = next((base + "/" for base in (root, site_root()) if url.startswith(base + "/")), None)
    if desk is None:
        raise Http404("Not a verdict page of this desk.")
    try:
        match = resolve("/" + url[len(desk) :].split("?", 1)[0].split("#", 1)[0])
    except Resolver404:
        raise Http404("Not a verdict page of this desk.") from None
    if match.url_name not in ("public_verdict", "verdict_embed"):
        raise Http404("Not a verdict page of this desk.")
    claim = _public_claim(match.kwargs["pk"])
    width, height = EMBED_WIDTH, EMBED_HEIGHT
    for name in ("maxwidth", "maxheight"):
        value = request.GET.get(name, "")
        # ASCII digits only: '²'.isdigit() is true, and int('²') raises.
        if value and not (value.isascii() and value.isdigit()):
            return JsonResponse({"error": f"{name} must be a whole number of pixels"}, status=400)
    if request.GET.get("maxwidth"):
        width = max(200, min(width, int(request.GET["maxwidth"][:6])))
    if request.GET.get("maxheight"):
        height = max(120, min(height, int(request.GET["maxheight"][:6])))
    current = claim.verdict.public_versions[-1]
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": settings.VERIFY_DESK_NAME,
            "provider_url": root + "/",
            "title": f"{current.rating.label}: {claim.headline[:200]}",
            "width": width,
            "height": height,
            "cache_age": 3600,
            "html": embed_code(claim, root=root, label=current.rating.label, width=width, height=height),
        }
    )


def embed_code(claim, *, root: str, label: str, width: int = EMBED_WIDTH, height: int = EMBED_HEIGHT) -> str:
    """The iframe another site pastes to show a verdict's card (oEmbed's ``html``)."""
    src = absolute(reverse("verdict_embed", args=[claim.pk]), root=root)
    return (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" frameborder="0" '
        f'title="{escape(label)}: fact check" loading="lazy"></iframe>'
    )


def desk_links(request: HttpRequest, claim) -> dict:
    """For the desk's claim page of a published verdict: its public page and the embed code, on the
    address the desk is served at."""
    root = site_root(request)
    label = claim.verdict.public_version.rating.label
    return {
        "page": absolute(reverse("public_verdict", args=[claim.pk]), root=root),
        "embed_code": embed_code(claim, root=root, label=label),
    }


def _filtered(request: HttpRequest):
    return filter_public_claims(public_claims(), request.GET)


@require_safe
def verdict_index(request: HttpRequest) -> HttpResponse:
    try:
        claims = _filtered(request)
    except PublicFilterError as exc:
        claims, error = public_claims().none(), str(exc)
    else:
        error = ""
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    filters = {k: request.GET.get(k, "")[:200] for k in ("q", "rating", "outlet", "since", "until")}
    return render(
        request,
        "public/index.html",
        {
            "page": page,
            "query": filters["q"],
            "filters": filters,
            "error": error,
            "filter_query": urlencode({k: v for k, v in filters.items() if v}),
            "ratings": default_scale().ratings.all(),
            "rows": [(c, c.verdict.public_versions[-1]) for c in page],
        },
        status=400 if error else 200,
    )


@require_safe
def verdict_csv(request: HttpRequest) -> HttpResponse:
    """Every published verdict as CSV (with the index's filters), streamed."""
    try:
        claims = _filtered(request)
    except PublicFilterError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        csv_chunks(claims.iterator(chunk_size=500), root=site_root(request)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="verdicts-{stamp}.csv"'
    return response


@require_safe
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """The DataFeed, streamed; conditional GET by ETag and Last-Modified."""
    modified = last_modified()
    root = site_root(request)
    # The feed's URLs are on the address it is served at: the ETag differs per address too.
    etag = '"' + sha256(f"{modified}|{root}".encode()).hexdigest()[:32] + '"'
    if_none_match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    # If-None-Match wins when both are sent (RFC 9110 §13.2.2); HTTP dates have whole seconds.
    if if_none_match == etag or (
        if_none_match is None and since is not None and modified is not None and int(modified.timestamp()) <= since
    ):
        return HttpResponseNotModified(headers={"ETag": etag})
    response = StreamingHttpResponse(datafeed_chunks(root=root), content_type="application/ld+json; charset=utf-8")
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
