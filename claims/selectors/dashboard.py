"""The figures on the editors' dashboard."""

from __future__ import annotations

import statistics
from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..choices import ClaimStatus
from ..models import Claim, ClaimEvent


def dashboard_figures() -> dict:
    """Counts and timings for the desk's dashboard, in a handful of aggregate queries."""

    per_state = dict(Claim.objects.filter(checkworthy=True).values_list("status").annotate(n=Count("id")).order_by())
    # The last eight weeks (Monday to Sunday, in the desk's time zone), each
    # one shown even when nothing was published in it.
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    weeks = [this_monday - timedelta(weeks=n) for n in range(7, -1, -1)]
    since = timezone.make_aware(datetime.combine(weeks[0], time.min))
    published_per_week = {
        timezone.localtime(row["week"]).date() if timezone.is_aware(row["week"]) else row["week"].date(): row["n"]
        for row in ClaimEvent.objects.filter(move="publish", created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    }
    published = ClaimEvent.objects.filter(move="publish").values_list("claim_id", "created_at")
    created = dict(Claim.objects.filter(pk__in=[c for c, _ in published]).values_list("pk", "created_at"))
    durations = [(at - created[c]).total_seconds() / 3600 for c, at in published if c in created]
    load = list(
        Claim.objects.filter(status__in=[ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL], assignee__isnull=False)
        .values("assignee__username")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    outlets = list(
        Claim.objects.filter(checkworthy=True, article__outlet__isnull=False)
        .values("article__outlet__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    return {
        "per_state": [(label, per_state.get(value, 0)) for value, label in ClaimStatus.choices],
        "weekly": [(week.strftime("%d %b"), published_per_week.get(week, 0)) for week in weeks],
        "median_hours": statistics.median(durations) if durations else None,
        "load": [(row["assignee__username"], row["n"]) for row in load],
        "outlets": [(row["article__outlet__name"], row["n"]) for row in outlets],
    }
