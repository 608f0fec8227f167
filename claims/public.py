"""Public pages (no sign-in): verdict pages with ClaimReview JSON-LD, the index, the DataFeed."""

from __future__ import annotations

import json
from hashlib import sha256

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from .exports.claimreview import claimreview, public_claims
from .exports.datafeed import datafeed_chunks, last_modified


def _json_ld(data: dict) -> str:
    # Safe inside <script>: no "</script>" or "<!--" can be formed from the data.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


@require_GET
def verdict_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = public_claims().filter(pk=pk).first()
    if claim is None:
        raise Http404("No published verdict here.")  # drafts are never reachable, not even as 403
    review = claimreview(claim)
    versions = claim.verdict.public_versions
    return render(request, "public/verdict.html", {
        "claim": claim, "review": review, "json_ld": _json_ld(review), "current": versions[-1],
        "corrections": [v for v in versions if v.kind == "correction"],
        "evidence": claim.evidence.filter(pk__in=versions[-1].evidence_ids),
        "appearances": claim.appearances.all(),
    })


@require_GET
def verdict_index(request: HttpRequest) -> HttpResponse:
    claims = public_claims()
    query = request.GET.get("q", "").strip()[:200]
    if query:
        for word in query.split()[:8]:
            claims = claims.filter(Q(text__icontains=word) | Q(claimant__icontains=word)
                                   | Q(verdict__headline__icontains=word))
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    return render(request, "public/index.html", {
        "page": page, "query": query, "rows": [(c, c.verdict.public_versions[-1]) for c in page],
    })


@require_GET
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """The DataFeed, streamed; conditional GET by ETag and Last-Modified."""
    modified = last_modified()
    etag = '"' + sha256(str(modified).encode()).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = StreamingHttpResponse(datafeed_chunks(), content_type="application/ld+json; charset=utf-8")
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
