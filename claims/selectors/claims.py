"""Claims, their queue, page, history and matches: the permission-checked fetch lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Count, Expression, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Col

from ..choices import ClaimStatus
from ..errors import JobNotFound, NotPermitted
from ..models import (
    Appearance,
    Article,
    Claim,
    ClaimEvent,
    ClaimMatch,
    Comment,
    Evidence,
    ExtractionJob,
    Verdict,
    VerdictVersion,
)
from ..moves import Move
from ..permissions import role_of
from .desk import one_person_corrections

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def claim_get_for_user(*, user: User | AnonymousUser, pk: int) -> Claim:
    """The one way to fetch a claim for a person: raises Claim.DoesNotExist or NotPermitted."""
    if user is None or not user.is_authenticated or not user.has_perm("claims.view_claim"):
        raise NotPermitted(f"A {role_of(user)} may not view claims; this needs the viewer role.")
    return Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=pk)


def claim_queue(*, user: User, status: str | None = None, include_hidden: bool = False) -> QuerySet[Claim]:
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
    return qs.order_by("-priority", "-created_at", "-id")  # id: a stable order across pages


def job_get(*, pk: int) -> ExtractionJob:
    try:
        return ExtractionJob.objects.select_related("article", "submitted_by").get(pk=pk)
    except ExtractionJob.DoesNotExist:
        raise JobNotFound(f"There is no extraction job {pk}.") from None


def claim_matches(*, claim: Claim) -> list:
    """The claim's matches, best first, with what each one points at, in one query."""
    return list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related("matched_claim", "external_review", "decided_by")
        .defer("external_review__raw")
        .order_by("-score", "id")
    )


# --- Review desk reads ---------------------------------------------------------


def claim_queue_filtered(*, user: User, params: dict) -> QuerySet[Claim]:
    """The queue with the desk's filters; ``params`` are a QueueFilterForm's cleaned data."""

    qs = claim_queue(user=user, status=params.get("status") or None, include_hidden=bool(params.get("hidden")))
    if params.get("claim_type"):
        qs = qs.filter(claim_type=params["claim_type"])
    assignee = params.get("assignee")
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee_id=int(assignee))
    if params.get("outlet"):
        qs = qs.filter(article__outlet=params["outlet"])
    if params.get("min_score") is not None:
        qs = qs.filter(score__gte=params["min_score"])
    if params.get("date_from"):
        qs = qs.filter(created_at__date__gte=params["date_from"])
    if params.get("date_to"):
        qs = qs.filter(created_at__date__lte=params["date_to"])
    query = (params.get("q") or "").strip()
    if query:
        if connection.vendor == "postgresql":
            # alias(), not annotate(): the vector is only filtered on, never selected. The stored
            # column (migration 0036) is what the GIN index covers, and what a walk in priority order
            # compares without parsing each claim again.
            qs = qs.alias(search=SearchVectorColumn()).filter(
                search=SearchQuery(query, config="english", search_type="websearch")
            )
        else:
            for word in query.split()[:8]:
                qs = qs.filter(Q(text__icontains=word) | Q(claimant__icontains=word) | Q(sentence__icontains=word))
    return qs


def claim_search_vector():
    """The queue's full-text document; migration 0036_issue27_queue_at_scale stores exactly this
    in ``claims_claim.search_vector`` (PostgreSQL), which the queue's search reads."""
    return SearchVector("text", "claimant", "sentence", config="english")


class SearchVectorColumn(Expression):
    """``claims_claim.search_vector``: a generated column on PostgreSQL only (migration 0036), so
    the model does not declare it (SQLite has no tsvector); this names it for the ORM."""

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        target = SearchVectorField()
        target.set_attributes_from_name("search_vector")
        target.model = Claim
        # A Col, not raw SQL: it follows the claims table's alias when the query is nested.
        return Col(query.get_initial_alias(), target)


# The queue's counts stop here: a desk reads "10000+" as "a lot", and counting every row of a long
# queue costs as much as reading it (the state counts and the page count took 260 ms at 1M claims).
QUEUE_COUNT_CAP = 10_000


def claim_state_counts(*, user: User, include_hidden: bool = False, cap: int = QUEUE_COUNT_CAP) -> dict[str, int]:
    """Claims in each state, exact up to ``cap``; a state holding more counts ``cap + 1`` ("more
    than cap"). One query a state, each stopping after ``cap + 1`` entries of claim_queue_idx."""
    qs = Claim.objects.all() if include_hidden else Claim.objects.filter(checkworthy=True)
    return {
        status: qs.filter(status=status).order_by().values("pk")[: cap + 1].count() for status in ClaimStatus.values
    }


def claim_moves_for(*, user: User, claim: Claim, verdict=None) -> list[Move]:
    """The workflow moves this user can make on this claim now (the buttons to show);
    ``verdict``: the claim's verdict, None when it has none. See services.workflow.moves_open_to."""
    # Imported here: services.workflow imports the selectors at its top (a cycle otherwise).
    from ..services.workflow import moves_open_to

    return moves_open_to(actor=user, claim=claim, verdict=verdict)


def claim_can_edit(*, user: User, claim: Claim) -> bool:
    """Whether this user may edit, split or merge the claim now (services.editing.can_edit's rule):
    the desk's controls and the API's ``can_edit``."""
    # Imported here: services.editing reaches the selectors through services.requests (a cycle otherwise).
    from ..services.editing import can_edit

    return can_edit(claim, user)


def claim_abilities(*, user: User, claim: Claim, verdict=None) -> dict:
    """What this user can do on this claim's page now, by the services' own checks: ``moves`` (the
    workflow moves open to them), ``can_add_evidence``, ``can_edit_verdict``, ``can_edit`` (the
    claim's own text: edit, split, merge), ``republishing`` (publishing asks for a correction note).
    Templates render from these and repeat no status rule."""
    # Imported here: services.workflow imports the selectors at its top (a cycle otherwise).
    from ..services.workflow import can_add_evidence, can_edit_verdict

    return {
        "moves": claim_moves_for(user=user, claim=claim, verdict=verdict),
        "can_add_evidence": can_add_evidence(actor=user, claim=claim),
        "can_edit_verdict": can_edit_verdict(actor=user, claim=claim),
        "can_edit": claim_can_edit(user=user, claim=claim),
        # Publishing a verdict readers have seen already is a correction: its note is required.
        "republishing": verdict is not None and verdict.published_at is not None,
    }


def claim_get_verdict(*, claim: Claim):
    """The claim's verdict with its rating, or None."""
    return Verdict.objects.select_related("rating").filter(claim=claim).first()


def pending_correction_note(*, verdict) -> str:
    """The note of a correction waiting for approval and publication (the last one given since the
    verdict was last published), or ""."""
    last_public = verdict.public_version.number if verdict.public_version_id else 0
    return (
        verdict.versions.filter(number__gt=last_public, kind=VerdictVersion.Kind.DRAFT)
        .exclude(note="")
        .order_by("-number")
        .values_list("note", flat=True)
        .first()
        or ""
    )


def claim_page_data(*, claim: Claim) -> dict:
    """Everything the claim page shows, in a fixed number of queries."""
    verdict = Verdict.objects.select_related("rating", "author", "approved_by").filter(claim=claim).first()
    appearances = list(
        Appearance.objects.filter(claim=claim).select_related("article__outlet").order_by("article_id", "start")
    )
    return {
        "appearances": appearances,
        **_appearances_split(claim, appearances),
        "evidence": list(Evidence.objects.filter(claim=claim).select_related("added_by")),
        "comments": list(Comment.objects.filter(claim=claim).select_related("author")),
        "events": _with_undo(
            claim, list(ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("-created_at", "-id"))
        ),
        "verdict": verdict,
        "versions": list(verdict.versions.select_related("rating", "edited_by", "approved_by")) if verdict else [],
        "pending_correction_note": pending_correction_note(verdict=verdict) if verdict and verdict.published_at else "",
        "one_person_corrections": claim.status == ClaimStatus.PUBLISHED and one_person_corrections(),
        "matches": claim_matches(claim=claim),
    }


def _appearances_split(claim: Claim, appearances: list) -> dict:
    """Where else the claim was made: one entry per other article (its first place there; the earliest
    published first), and the other sentences of the claim's own article (never the claim itself)."""
    elsewhere: dict[int, object] = {}
    for place in appearances:
        if place.article_id != claim.article_id:
            elsewhere.setdefault(place.article_id, place)

    def published(place):
        return place.article.published_at or place.article.created_at

    return {
        "appears_elsewhere": sorted(elsewhere.values(), key=published),
        "appears_here": [a for a in appearances if a.article_id == claim.article_id and a.start != claim.start],
    }


def _with_undo(claim: Claim, events: list) -> list:
    """Mark the events of automatic matching moves that can still be undone: ``event.undo`` is
    (the claim the match belongs to, the match) for an automatic link still in force — the link
    itself, the dismissal it made, or this claim's new appearance in the other claim's article."""
    live = dict(
        ClaimMatch.objects.filter(
            Q(claim=claim) | Q(matched_claim=claim),
            tier=ClaimMatch.Tier.AUTO,
            decision=ClaimMatch.Decision.CONFIRMED,
            decided_by__isnull=True,
        ).values_list("pk", "claim_id")
    )
    automatic = (ClaimEvent.Kind.MATCHED, ClaimEvent.Kind.APPEARED, ClaimEvent.Kind.MOVED)
    for event in events:
        match = (event.data or {}).get("match") if event.kind in automatic and event.actor_id is None else None
        event.undo = (live[match], match) if match in live else None
    return events


def checked_elsewhere(*, claim_ids: list[int]) -> dict[int, object]:
    """For each of these claims linked to another fact-checker's published verdict (a confirmed
    match), the best such match, with its review (one query): checked already, not new work."""
    out: dict[int, object] = {}
    rows = (
        ClaimMatch.objects.filter(
            claim_id__in=claim_ids, decision=ClaimMatch.Decision.CONFIRMED, external_review__isnull=False
        )
        .select_related("external_review")
        .defer("external_review__raw")
        .order_by("claim_id", "-score", "id")
    )
    for match in rows:
        out.setdefault(match.claim_id, match)
    return out


def pending_suggestions(*, claim_ids: list[int]) -> dict[int, list]:
    """The pending match suggestions of these claims that are still open work (new, triaged, in review),
    best first, each with what it points at (one query)."""
    out: dict[int, list] = {}
    open_states = (ClaimStatus.NEW, ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW)  # nothing to decide once resolved
    rows = (
        ClaimMatch.objects.filter(
            claim_id__in=claim_ids, decision=ClaimMatch.Decision.PENDING, claim__status__in=open_states
        )
        .select_related("matched_claim", "external_review")
        .defer("external_review__raw")
        .order_by("claim_id", "-score", "id")
    )
    for match in rows:
        out.setdefault(match.claim_id, []).append(match)
    return out


# --- What changed since a page was loaded (stale edits) ------------------------


VERSION_EVENTS = ["moved", "updated", "edited", "split", "merged"]  # ClaimEvent kinds that bump Claim.version


def claim_events_since(*, claim: Claim, version: int) -> list:
    """The claim's audit events after the one that made ``version``.

    Every bump of ``Claim.version`` writes exactly one MOVED, UPDATED, EDITED, SPLIT or MERGED event
    (services.changes.record_move, services.ingest, services.editing), so the (version-1)-th of those
    marks the state the caller loaded; everything after it is someone else's.
    """
    bumps = list(
        ClaimEvent.objects.filter(claim=claim, kind__in=VERSION_EVENTS).order_by("id").values_list("id", flat=True)
    )
    after = bumps[version - 2] if 2 <= version <= len(bumps) + 1 else None
    events = ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("id")
    if after is not None:
        events = events.filter(id__gt=after)
    return list(events)


def verdict_changes_since(*, verdict, version: int) -> dict:
    """What changed in ``verdict`` since the caller loaded ``version``.

    Returns ``{"fields": [(label, then, now)], "events": [...]}``. Every bump
    of ``Verdict.version`` writes exactly one draft or correction snapshot
    (services.workflow), so the version-th of those is what the caller saw.
    """
    bumping = [VerdictVersion.Kind.DRAFT, VerdictVersion.Kind.CORRECTION]
    snapshots = list(verdict.versions.filter(kind__in=bumping).select_related("rating").order_by("number"))
    loaded = snapshots[version - 1] if 1 <= version <= len(snapshots) else None
    fields = []
    for label, then, now in (
        ("Rating", loaded.rating.label if loaded else "", verdict.rating.label),
        ("Headline", loaded.headline if loaded else "", verdict.headline),
        ("Explanation", loaded.explanation if loaded else "", verdict.explanation),
    ):
        if then != now:
            fields.append((label, then, now))
    events = ClaimEvent.objects.filter(claim_id=verdict.claim_id).select_related("actor").order_by("id")
    if loaded is not None:
        events = events.filter(created_at__gte=loaded.created_at)
    # The save that made the caller's version (or an older one) is not news to them.
    events = [
        e
        for e in events
        if not (
            e.kind == ClaimEvent.Kind.VERDICT_SAVED and (e.data or {}).get("verdict_version", version + 1) <= version
        )
    ]
    return {"fields": fields, "events": events}


def claim_neighbours(*, claim: Claim) -> tuple[int | None, int | None]:
    """The previous and next claim in the queue's default order (ids), for j/k on the claim page."""
    qs = Claim.objects.filter(checkworthy=True)
    p, c = claim.priority, claim.created_at
    after = Q(priority__lt=p) | Q(priority=p, created_at__lt=c) | Q(priority=p, created_at=c, id__lt=claim.pk)
    before = Q(priority__gt=p) | Q(priority=p, created_at__gt=c) | Q(priority=p, created_at=c, id__gt=claim.pk)
    following = qs.filter(after).order_by("-priority", "-created_at", "-id").values_list("id", flat=True).first()
    previous = qs.filter(before).order_by("priority", "created_at", "id").values_list("id", flat=True).first()
    return previous, following


def article_list(*, user: User) -> QuerySet:
    """Articles newest first, each with its claim counts and its latest extraction job, in one query a
    page: ``claims_total`` (claims appearing in it), ``claims_queued`` (those the queue shows: check-worthy
    and still waiting for a decision, new or triaged), ``job_status`` / ``job_id`` (its latest job)."""
    if user is None or not user.is_authenticated or not user.has_perm("claims.view_article"):
        raise NotPermitted(f"A {role_of(user)} may not view articles; this needs the viewer role.")
    latest_job = ExtractionJob.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    waiting = [ClaimStatus.NEW, ClaimStatus.TRIAGED]
    return (
        Article.objects.select_related("outlet")
        .annotate(
            claims_total=Count("appearances__claim", distinct=True),
            claims_queued=Count(
                "appearances__claim",
                distinct=True,
                filter=Q(appearances__claim__checkworthy=True, appearances__claim__status__in=waiting),
            ),
            job_status=Subquery(latest_job.values("status")[:1]),
            job_id=Subquery(latest_job.values("pk")[:1]),
        )
        .order_by("-created_at", "-id")
    )
