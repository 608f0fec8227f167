"""A claim's place in the queue, computed in one place from its parts.

``Claim.priority`` (the queue's order, highest first) is never adjusted by increments: it is
always ``queue_priority`` of the claim's stored parts, written by ``claims_priority_refresh``:

* ``priority_base`` — the extraction's ranking raised by the outlet's reach (``ingest``; a
  re-extraction rewrites it), or ``REQUEST_CLAIM_PRIORITY`` for a claim a reader's request opened;
* ``priority_lowered`` — a link to another fact-checker's published verdict made while nobody
  had worked on the claim moves it below new work: ``CHECKED_ELSEWHERE`` points less, once
  however many such links (``services.matching``);
* reader demand — ``VERIFY_REQUEST_PRIORITY_BONUS`` per reader request that arrived while the
  claim was work to do (attached or opened a claim, not answered at once from a published
  verdict), at most ``VERIFY_REQUEST_PRIORITY_MAX`` in all (``services.requests``).

So a re-extraction, a link undone, a request detached or deleted each give the right figure,
whatever happened before; and ``Claim.readers`` (how many requests are on the claim, shown in
the queue, on the claim page and in the API) is refreshed by the same write.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from ..models import Claim, ReaderRequest

CHECKED_ELSEWHERE = 50.0


def demand_points(requests: int) -> float:
    """The bonus of ``requests`` reader requests: BONUS each, at most MAX in all."""
    return min(
        float(settings.VERIFY_REQUEST_PRIORITY_MAX), max(0, requests) * float(settings.VERIFY_REQUEST_PRIORITY_BONUS)
    )


def queue_priority(base: float, *, lowered: bool, demand: int) -> float:
    """The queue's priority of a claim from its parts (pure): ``lowered`` for a link to another
    fact-checker's published verdict, ``demand`` reader requests."""
    return round(base - (CHECKED_ELSEWHERE if lowered else 0.0) + demand_points(demand), 3)


def new_claim_priority(base: float) -> dict[str, float]:
    """The priority fields of a claim being created with ``base`` (no link, no reader yet): its
    ``priority_base`` and the ``priority`` that follows from it, for ``Claim(**...)``."""
    return {"priority_base": base, "priority": queue_priority(base, lowered=False, demand=0)}


# Requests that count as demand: those that came while the claim was work to do.
DEMAND = Q(reader_requests__outcome__in=[ReaderRequest.Outcome.ATTACHED, ReaderRequest.Outcome.NEW_CLAIM])


class Refreshed(NamedTuple):
    """One claim after ``claims_priority_refresh``: its priority before and now, its reader count."""

    before: float
    priority: float
    readers: int


def claims_priority_refresh(*, claim_ids) -> dict[int, Refreshed]:
    """Recompute and store the priority and reader count of the claims; returns {id: Refreshed}
    (callers that log the change need no query of their own). Run inside the transaction that
    changed a part (the rows are locked)."""
    ids = sorted({pk for pk in claim_ids if pk is not None})
    if not ids:
        return {}
    out: dict[int, Refreshed] = {}
    with transaction.atomic():
        locked = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        rows = (
            Claim.objects.filter(pk__in=locked)
            .annotate(n_readers=Count("reader_requests"), n_demand=Count("reader_requests", filter=DEMAND))
            .values_list("pk", "priority_base", "priority_lowered", "priority", "readers", "n_readers", "n_demand")
        )
        for pk, base, lowered, priority, readers, n_readers, n_demand in rows:
            value = queue_priority(base, lowered=lowered, demand=n_demand)
            if value != priority or readers != n_readers:
                Claim.objects.filter(pk=pk).update(priority=value, readers=n_readers)
            out[pk] = Refreshed(before=priority, priority=value, readers=n_readers)
    return out
