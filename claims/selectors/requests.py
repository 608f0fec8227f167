"""Reads for reader requests (issue 26): the desk's Requests view and each claim's demand.

The desk never sees a reader's email or address here: only whether an email was given.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Claim, ReaderRequest


def _windows(now=None) -> tuple:
    now = now or timezone.now()
    return now - timedelta(hours=24), now - timedelta(days=7)


def requested_claims(*, limit: int = 100, now=None) -> QuerySet[Claim]:
    """Claims readers asked about, most requested first, each with ``asked`` (all time),
    ``asked_24h``, ``asked_7d`` and ``answered`` counts."""
    day, week = _windows(now)
    return (
        Claim.objects.annotate(
            asked=Count("reader_requests"),
            asked_24h=Count("reader_requests", filter=Q(reader_requests__created_at__gte=day)),
            asked_7d=Count("reader_requests", filter=Q(reader_requests__created_at__gte=week)),
            answered=Count("reader_requests", filter=Q(reader_requests__status=ReaderRequest.Status.ANSWERED)),
        )
        .filter(asked__gt=0)
        .order_by("-asked", "-asked_24h", "-priority", "pk")[:limit]
    )


def request_breakdown(*, field: str, now=None) -> list[dict]:
    """Requests per language or per channel: [{value, total, day, week}], most in 7 days first."""
    if field not in ("language", "channel"):
        raise ValueError(field)
    day, week = _windows(now)
    rows = (
        ReaderRequest.objects.values(field)
        .annotate(
            total=Count("pk"),
            day=Count("pk", filter=Q(created_at__gte=day)),
            week=Count("pk", filter=Q(created_at__gte=week)),
        )
        .order_by("-week", "-total", field)
    )
    return [{"value": row[field] or "—", "total": row["total"], "day": row["day"], "week": row["week"]} for row in rows]


def recent_requests(*, limit: int = 50) -> QuerySet[ReaderRequest]:
    return ReaderRequest.objects.select_related("claim").order_by("-created_at")[:limit]


def claim_demand(*, claim_id: int) -> dict:
    """How many readers asked for the claim, and how many of them were answered."""
    counts = ReaderRequest.objects.filter(claim_id=claim_id).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(status=ReaderRequest.Status.ANSWERED))
    )
    return {"asked": counts["asked"] or 0, "answered": counts["answered"] or 0}
