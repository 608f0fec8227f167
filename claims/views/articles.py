"""Articles, and getting them in: the article list and page, the ingest form and extraction jobs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from verify.exceptions import ApplicationError

from .. import selectors
from ..choices import IngestChannel
from ..errors import NotPermitted
from ..forms import (
    IngestForm,
)
from ..models import Appearance, Article, Claim
from ..services import ingest
from .access import desk_view
from .form_errors import error_status, service_errors_to_form


@desk_view("view_article")
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    try:
        articles = selectors.article_list(user=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(request, "claims/articles.html", {"page": page})


@desk_view()
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    appearances = list(Appearance.objects.filter(article=article).select_related("claim").order_by("start", "-end"))
    return render(
        request,
        "claims/article.html",
        {
            "article": article,
            # How it came in: the first job that made it (none for a reader's request).
            "job": article.jobs.select_related("submitted_by").order_by("pk").first(),
            "segments": highlight_segments(article.text, appearances),
            "claim_count": len(appearances),
        },
    )


def highlight_segments(text: str, appearances: list[Appearance]) -> list[tuple[str, Claim | None]]:
    """The text cut into (piece, claim or None); a span inside another is left to the outer one."""
    segments: list[tuple[str, Claim | None]] = []
    cursor = 0
    for appearance in appearances:
        if appearance.start < cursor:
            continue  # overlaps a claim already highlighted
        if appearance.start > cursor:
            segments.append((text[cursor : appearance.start], None))
        segments.append((text[appearance.start : appearance.end], appearance.claim))
        cursor = appearance.end
    if cursor < len(text):
        segments.append((text[cursor:], None))
    return segments


@desk_view("triage_claim")
def ingest_page(request: HttpRequest) -> HttpResponse:
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context = {
            "article_url": data.get("article_url") or "",
            "outlet_name": data.get("outlet") or "",
            "published_at": data.get("published"),
        }
        with service_errors_to_form(form):
            if data.get("html_file"):
                upload = data["html_file"]
                given = ingest.file_input(upload.read(), name=upload.name, what="file")
                job = ingest.article_ingest(**given, **context, channel=IngestChannel.DESK, submitted_by=request.user)
            else:
                job = ingest.article_ingest(
                    url=data.get("url") or "",
                    text=data.get("text") or "",
                    **context,
                    channel=IngestChannel.DESK,
                    submitted_by=request.user,
                )
            return redirect("job", pk=job.pk)
    return render(request, "claims/ingest.html", {"form": form}, status=error_status(form))


@desk_view()
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.job_get(pk=pk)
    except ApplicationError:
        raise Http404("No such job.") from None
    template = "claims/job.html#progress" if request.htmx else "claims/job.html"
    # The article's top check-worthy claims, in the queue's order.
    return render(
        request,
        template,
        {
            "job": job,
            "claims": job.article.claims.filter(checkworthy=True).order_by("-priority", "-created_at", "-id")[:20]
            if job.article_id
            else [],
        },
    )


@desk_view("triage_claim")
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        ingest.job_retry(job_id=pk, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("job", pk=pk)
