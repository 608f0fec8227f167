"""Every read of the claims app, including the one permission-checked fetch."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import ClaimStatus
from .errors import JobNotFound, NotPermitted
from .models import Claim, ExtractionJob, RatingScale
from .services.roles import role_of


def default_scale() -> RatingScale:
    """The desk's default rating scale (seeded by migration 0003)."""
    return RatingScale.objects.get(is_default=True)


def claim_get_for_user(*, user, pk: int) -> Claim:
    """The one way to fetch a claim for a person: raises Claim.DoesNotExist or NotPermitted."""
    if user is None or not user.is_authenticated or not user.has_perm("claims.view_claim"):
        raise NotPermitted(f"A {role_of(user)} may not view claims; this needs the viewer role.")
    return Claim.objects.select_related("article__outlet", "assignee").get(pk=pk)


def claim_queue(*, user, status: str | None = None, include_hidden: bool = False) -> QuerySet[Claim]:
    """Claims in priority order (score and outlet reach, then newest)."""
    if not user.has_perm("claims.view_claim"):
        raise NotPermitted(f"A {role_of(user)} may not view the queue; this needs the viewer role.")
    qs = Claim.objects.select_related("article__outlet", "assignee")
    if not include_hidden:
        qs = qs.filter(checkworthy=True)
    if status:
        if status not in ClaimStatus.values:
            raise ValueError(f"Unknown status {status!r}")
        qs = qs.filter(status=status)
    return qs.order_by("-priority", "-created_at")


def job_get(*, pk: int) -> ExtractionJob:
    try:
        return ExtractionJob.objects.select_related("article").get(pk=pk)
    except ExtractionJob.DoesNotExist:
        raise JobNotFound(f"There is no extraction job {pk}.") from None


def desk_settings():
    """The desk's settings row (created on first read)."""
    from .models import DeskSettings

    row, _created = DeskSettings.objects.get_or_create(pk=1)
    return row


def checkworthy_threshold() -> float:
    """The desk's threshold, or VERIFY_CHECKWORTHY_THRESHOLD when unset.

    Works without a migrated database too (the read-only `extract` and
    `score_sentences` commands run on a fresh checkout): then the setting holds.
    """
    from django.conf import settings
    from django.db import DatabaseError

    from .models import DeskSettings

    try:
        value = DeskSettings.objects.filter(pk=1).values_list("checkworthy_threshold", flat=True).first()
    except DatabaseError:
        value = None
    return settings.VERIFY_CHECKWORTHY_THRESHOLD if value is None else value
