"""Published verdicts as schema.org ClaimReview (see ../shared/CLAIMREVIEW.md).

Readers only ever see what was published: the content comes from the
verdict's last published or correction version, never from a draft.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from ..extraction.attribution import is_person
from ..models import Appearance, Claim, Verdict, VerdictVersion

PUBLIC_KINDS = (VerdictVersion.Kind.PUBLISHED, VerdictVersion.Kind.CORRECTION)


# Person or Organization for ClaimReview: the rule the extractor uses for speakers.
looks_like_person = is_person


def public_claims() -> QuerySet[Claim]:
    """Claims with a public verdict (published at least once), newest first, ready to map.

    Whatever is shown or filtered on comes from the published versions (``public_versions``,
    ``verdict.public_version``), never from the verdict's working fields."""
    versions = (
        VerdictVersion.objects.filter(kind__in=PUBLIC_KINDS)
        .select_related("rating__scale", "approved_by")
        .order_by("number")
    )
    # Only the appearing articles' addresses: never their text, which can be large.
    appearances = Appearance.objects.select_related("article").only(
        "claim_id", "article_id", "article__url", "article__canonical_url", "article__title", "article__published_at"
    )
    return (
        Claim.objects.filter(verdict__public_version__isnull=False)
        .select_related("verdict", "article")
        .defer("article__text", "sentence", "reason", "verdict__explanation")
        .prefetch_related(
            Prefetch("verdict__versions", queryset=versions, to_attr="public_versions"),
            Prefetch("appearances", queryset=appearances),
        )
        .order_by("-verdict__published_at", "-pk")
    )


def site_root(request: HttpRequest | None = None) -> str:
    """The desk's address without a trailing slash: the one a request came in on (its host checked
    against ALLOWED_HOSTS by Django), else the VERIFY_DESK_URL setting (tasks, commands, webhooks)."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.VERIFY_DESK_URL.rstrip("/")


def absolute(path: str, *, root: str | None = None) -> str:
    """``path`` on the desk: on ``root`` (from ``site_root(request)``) or the configured address."""
    return (root if root is not None else site_root()) + path


def verdict_url(claim: Claim, *, root: str | None = None) -> str:
    return absolute(reverse("public_verdict", args=[claim.pk]), root=root)


def _appearances(claim: Claim) -> list[dict]:
    """Each article the claim appeared in, once, as a CreativeWork with its address and date."""
    works: dict[str, dict] = {}
    for appearance in claim.appearances.all():
        article = appearance.article
        url = article.url or article.canonical_url
        if not url or url in works:
            continue
        work = {"@type": "CreativeWork", "url": url}
        if article.title:
            work["headline"] = article.title[:300]
        if article.published_at:
            work["datePublished"] = article.published_at.isoformat()
        works[url] = work
    return [works[url] for url in sorted(works)]


def claim_date(claim: Claim):
    """When the claim entered public discourse: the earliest publication date of an article it
    appeared in, or None when no article has one (never the time we ingested it)."""
    dates = [a.article.published_at for a in claim.appearances.all() if a.article.published_at]
    if claim.article.published_at:
        dates.append(claim.article.published_at)
    return min(dates) if dates else None


def claimreview(claim: Claim, *, root: str | None = None) -> dict:
    """The ClaimReview of a claim's public verdict (``public_claims()`` rows), its URLs on ``root``
    (``site_root(request)``; the configured desk address without one)."""
    root = root if root is not None else site_root()
    verdict: Verdict = claim.verdict
    versions = verdict.public_versions
    current = versions[-1]
    rating = current.rating
    scale = rating.scale
    review_rating = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=scale.best_value, worstRating=scale.worst_value)
    item: dict = {"@type": "Claim"}
    if (made := claim_date(claim)) is not None:
        item["datePublished"] = made.isoformat()
    if claim.claimant and claim.claimant != "the outlet":
        item["author"] = {
            "@type": "Person" if looks_like_person(claim.claimant) else "Organization",
            "name": claim.claimant,
        }
    if appearances := _appearances(claim):
        item["appearance"] = appearances
    published = verdict.published_at or versions[0].created_at
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": verdict_url(claim, root=root),
        "claimReviewed": claim.headline,
        "name": current.headline,
        "reviewRating": review_rating,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": settings.VERIFY_DESK_NAME, "url": root + "/"},
        "datePublished": published.isoformat(),
        "dateModified": current.created_at.isoformat(),
    }
    corrections = [v for v in versions if v.kind == VerdictVersion.Kind.CORRECTION]
    if corrections:
        review["correction"] = [
            {"@type": "CorrectionComment", "text": v.note, "datePublished": v.created_at.isoformat()}
            for v in corrections
        ]
    return review


class PublicFilterError(ValueError):
    """A filter parameter of the public lists could not be understood."""


def filter_public_claims(claims: QuerySet[Claim], params) -> QuerySet[Claim]:
    """Narrow ``public_claims()`` by the public filters: ``q`` (words in the claim, claimant or
    headline), ``rating`` (slug), ``outlet`` (domain), ``since`` / ``until`` (publication dates,
    ``YYYY-MM-DD``, inclusive). Raises ``PublicFilterError`` with a readable message."""

    for name in ("q", "rating", "outlet", "since", "until"):
        if "\x00" in params.get(name, ""):
            raise PublicFilterError(f"{name} must not contain NUL characters")  # nor can a database query
    # Headline and rating of the version readers see: the verdict's own fields may be a correction
    # still waiting for approval, or a draft after "reopen for correction".
    query = params.get("q", "").strip()[:200]
    for word in query.split()[:8]:
        claims = claims.filter(
            Q(text__icontains=word) | Q(claimant__icontains=word) | Q(verdict__public_version__headline__icontains=word)
        )
    if rating := params.get("rating", "").strip()[:100]:
        claims = claims.filter(verdict__public_version__rating__slug=rating)
    if outlet := params.get("outlet", "").strip().lower()[:253]:
        claims = claims.filter(article__outlet__domain=outlet.removeprefix("www."))
    for name, lookup, bound in (("since", "gte", time.min), ("until", "lte", time.max)):
        value = params.get(name, "").strip()
        if not value:
            continue
        try:
            day = date.fromisoformat(value[:10]) if len(value) <= 10 else None
        except ValueError:
            day = None
        if day is None:
            raise PublicFilterError(f"{name} must be a date as YYYY-MM-DD, not {value[:40]!r}")
        moment = timezone.make_aware(datetime.combine(day, bound))
        claims = claims.filter(**{f"verdict__published_at__{lookup}": moment})
    return claims
