"""Every read of the claims app, including the one permission-checked fetch."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .choices import ClaimStatus
from .errors import JobNotFound, NotPermitted
from .models import Claim, ExtractionJob, RatingScale
from .permissions import role_of


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
    return qs.order_by("-priority", "-created_at", "-id")  # id: a stable order across pages


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


def one_person_corrections() -> bool:
    """Whether the desk lets an editor correct a published verdict alone (DeskSettings; off by default)."""
    from .models import DeskSettings

    return bool(DeskSettings.objects.filter(pk=1).values_list("one_person_corrections", flat=True).first())


def checkworthy_threshold() -> float:
    """The desk's threshold, or VERIFY_CHECKWORTHY_THRESHOLD when unset, or the model's own
    threshold (its best F1 on held-out debates) when that is unset too.

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
    if value is None:
        value = settings.VERIFY_CHECKWORTHY_THRESHOLD
    if value is None:
        from .extraction import checkworthiness

        value = checkworthiness.DEFAULT_THRESHOLD
    return value


def checkworthy_threshold_setting() -> float | None:
    """The desk's threshold or VERIFY_CHECKWORTHY_THRESHOLD; None when neither is set: then each
    article is judged at the model's own threshold for its genre (news or a transcript)."""
    from django.conf import settings
    from django.db import DatabaseError

    from .models import DeskSettings

    try:
        value = DeskSettings.objects.filter(pk=1).values_list("checkworthy_threshold", flat=True).first()
    except DatabaseError:
        value = None
    return settings.VERIFY_CHECKWORTHY_THRESHOLD if value is None else value


def claims_per_article_cap() -> int | None:
    """The most claims one article puts in the queue: the desk's setting, else the model's default
    (chosen on the team's labelled news); None: no limit."""
    from django.db import DatabaseError

    from .extraction import checkworthiness
    from .models import DeskSettings

    try:
        value = DeskSettings.objects.filter(pk=1).values_list("max_claims_per_article", flat=True).first()
    except DatabaseError:
        value = None
    if value is None:
        return checkworthiness.DEFAULT_CAP
    return value or None


def match_thresholds() -> tuple[float, float]:
    """(suggest, auto): the desk's match thresholds, else VERIFY_MATCH_SUGGEST / VERIFY_MATCH_AUTO, else the
    thresholds the same-claim model was chosen with (``claims/matching/models/sameclaim.json``).

    Like ``checkworthy_threshold``, works without a migrated database (then the settings hold).
    """
    from django.conf import settings
    from django.db import DatabaseError

    from .models import DeskSettings

    try:
        row = DeskSettings.objects.filter(pk=1).values_list(
            "match_suggest_threshold", "match_auto_threshold").first()
    except DatabaseError:
        row = None
    suggest, auto = row or (None, None)
    suggest = settings.VERIFY_MATCH_SUGGEST if suggest is None else suggest
    auto = settings.VERIFY_MATCH_AUTO if auto is None else auto
    if suggest is None or auto is None:
        from .matching.sameclaim import default_thresholds

        model_suggest, model_auto = default_thresholds()
        suggest = model_suggest if suggest is None else suggest
        auto = model_auto if auto is None else auto
    return suggest, max(auto, suggest)


def claim_matches(*, claim: Claim) -> list:
    """The claim's matches, best first, with what each one points at, in one query."""
    from .models import ClaimMatch

    return list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related("matched_claim", "external_review", "decided_by")
        .defer("external_review__raw")
        .order_by("-score", "id")
    )


# --- Review desk reads ---------------------------------------------------------


def claim_queue_filtered(*, user, params: dict) -> QuerySet[Claim]:
    """The queue with the desk's filters; ``params`` are a QueueFilterForm's cleaned data."""
    from django.db import connection
    from django.db.models import Q

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
            from django.contrib.postgres.search import SearchQuery

            # alias(), not annotate(): the vector is only filtered on, never selected.
            # The same expression is indexed (GIN, migration 0012_claim_search_index).
            qs = qs.alias(search=claim_search_vector()).filter(
                search=SearchQuery(query, config="english", search_type="websearch"))
        else:
            for word in query.split()[:8]:
                qs = qs.filter(Q(text__icontains=word) | Q(claimant__icontains=word) | Q(sentence__icontains=word))
    return qs


def claim_search_vector():
    """The queue's full-text document; migration 0012_claim_search_index indexes exactly this."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", "claimant", "sentence", config="english")


def claim_state_counts(*, user, include_hidden: bool = False) -> dict[str, int]:
    from django.db.models import Count

    qs = Claim.objects.all() if include_hidden else Claim.objects.filter(checkworthy=True)
    # COUNT(*), not COUNT(id): PostgreSQL answers it from claim_queue_idx alone
    # (an index-only scan, about three times faster at 100,000 claims).
    counts = dict(qs.values_list("status").annotate(n=Count("*")).order_by())
    return {status: counts.get(status, 0) for status in ClaimStatus.values}


def claim_moves_for(*, user, claim: Claim, verdict=None) -> list[str]:
    """The workflow moves this user can make on this claim now (the buttons to show);
    ``verdict``: the claim's verdict, None when it has none. See services.workflow.moves_open_to."""
    from .services.workflow import moves_open_to

    return moves_open_to(actor=user, claim=claim, verdict=verdict)


def claim_get_verdict(*, claim: Claim):
    """The claim's verdict with its rating, or None."""
    from .models import Verdict

    return Verdict.objects.select_related("rating").filter(claim=claim).first()


def pending_correction_note(*, verdict) -> str:
    """The note of a correction waiting for approval and publication (the last one given since the
    verdict was last published), or ""."""
    from .models import VerdictVersion

    last_public = verdict.public_version.number if verdict.public_version_id else 0
    return (verdict.versions.filter(number__gt=last_public, kind=VerdictVersion.Kind.DRAFT).exclude(note="")
            .order_by("-number").values_list("note", flat=True).first() or "")


def claim_page_data(*, claim: Claim) -> dict:
    """Everything the claim page shows, in a fixed number of queries."""
    from .models import Appearance, ClaimEvent, Comment, Evidence, Verdict

    verdict = Verdict.objects.select_related("rating", "author", "approved_by").filter(claim=claim).first()
    return {
        "appearances": list(Appearance.objects.filter(claim=claim).select_related("article__outlet")),
        "evidence": list(Evidence.objects.filter(claim=claim).select_related("added_by")),
        "comments": list(Comment.objects.filter(claim=claim).select_related("author")),
        "events": _with_undo(claim, list(ClaimEvent.objects.filter(claim=claim).select_related("actor")
                                         .order_by("-created_at", "-id"))),
        "verdict": verdict,
        "versions": list(verdict.versions.select_related("rating", "edited_by", "approved_by")) if verdict else [],
        "pending_correction_note": pending_correction_note(verdict=verdict) if verdict and verdict.published_at else "",
        "one_person_corrections": claim.status == ClaimStatus.PUBLISHED and one_person_corrections(),
        "matches": claim_matches(claim=claim),
    }


def _with_undo(claim: Claim, events: list) -> list:
    """Mark the events of automatic matching moves that can still be undone: ``event.undo`` is
    (the claim the match belongs to, the match) for an automatic link still in force — the link
    itself, the dismissal it made, or this claim's new appearance in the other claim's article."""
    from .models import ClaimEvent, ClaimMatch

    live = dict(ClaimMatch.objects.filter(Q(claim=claim) | Q(matched_claim=claim), tier=ClaimMatch.Tier.AUTO,
                                          decision=ClaimMatch.Decision.CONFIRMED, decided_by__isnull=True)
                .values_list("pk", "claim_id"))
    automatic = (ClaimEvent.Kind.MATCHED, ClaimEvent.Kind.APPEARED, ClaimEvent.Kind.MOVED)
    for event in events:
        match = (event.data or {}).get("match") if event.kind in automatic and event.actor_id is None else None
        event.undo = (live[match], match) if match in live else None
    return events


def checked_elsewhere(*, claim_ids: list[int]) -> dict[int, object]:
    """For each of these claims linked to another fact-checker's published verdict (a confirmed
    match), the best such match, with its review (one query): checked already, not new work."""
    from .models import ClaimMatch

    out: dict[int, object] = {}
    rows = (ClaimMatch.objects.filter(claim_id__in=claim_ids, decision=ClaimMatch.Decision.CONFIRMED,
                                      external_review__isnull=False)
            .select_related("external_review").defer("external_review__raw").order_by("claim_id", "-score", "id"))
    for match in rows:
        out.setdefault(match.claim_id, match)
    return out


def pending_suggestions(*, claim_ids: list[int]) -> dict[int, list]:
    """The pending match suggestions of these claims that are still open work (new, triaged, in review),
    best first, each with what it points at (one query)."""
    from .models import ClaimMatch

    out: dict[int, list] = {}
    open_states = (ClaimStatus.NEW, ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW)  # nothing to decide once resolved
    rows = (ClaimMatch.objects.filter(claim_id__in=claim_ids, decision=ClaimMatch.Decision.PENDING,
                                      claim__status__in=open_states)
            .select_related("matched_claim", "external_review").defer("external_review__raw")
            .order_by("claim_id", "-score", "id"))
    for match in rows:
        out.setdefault(match.claim_id, []).append(match)
    return out


def inbox_for(*, user) -> dict:
    """What waits for this person: assigned claims, approvals, mentions."""
    from .models import Comment

    active = [ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL]
    assigned = Claim.objects.filter(assignee=user, status__in=active).select_related("article__outlet")
    approvals = Claim.objects.none()
    if user.has_perm("claims.approve_verdict"):
        approvals = (Claim.objects.filter(status=ClaimStatus.AWAITING_APPROVAL)
                     .exclude(verdict__author=user).exclude(verdict__last_edited_by=user)
                     .select_related("article__outlet", "verdict__author"))
    mentions = (Comment.objects.filter(mentions=user).select_related("author", "claim")
                .order_by("-created_at")[:20])
    return {"assigned": list(assigned.order_by("-priority")[:100]), "approvals": list(approvals[:100]),
            "mentions": list(mentions)}


def dashboard_figures() -> dict:
    """Counts and timings for the desk's dashboard, in a handful of aggregate queries."""
    import statistics
    from datetime import datetime, time, timedelta

    from django.db.models import Count
    from django.db.models.functions import TruncWeek
    from django.utils import timezone

    from .models import ClaimEvent

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
        .annotate(week=TruncWeek("created_at")).values("week").annotate(n=Count("id")).order_by("week")
    }
    published = ClaimEvent.objects.filter(move="publish").values_list("claim_id", "created_at")
    created = dict(Claim.objects.filter(pk__in=[c for c, _ in published]).values_list("pk", "created_at"))
    durations = [(at - created[c]).total_seconds() / 3600 for c, at in published if c in created]
    load = list(
        Claim.objects.filter(status__in=[ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL], assignee__isnull=False)
        .values("assignee__username").annotate(n=Count("id")).order_by("-n")[:10]
    )
    outlets = list(
        Claim.objects.filter(checkworthy=True, article__outlet__isnull=False)
        .values("article__outlet__name").annotate(n=Count("id")).order_by("-n")[:10]
    )
    return {
        "per_state": [(label, per_state.get(value, 0)) for value, label in ClaimStatus.choices],
        "weekly": [(week.strftime("%d %b"), published_per_week.get(week, 0)) for week in weeks],
        "median_hours": statistics.median(durations) if durations else None,
        "load": [(row["assignee__username"], row["n"]) for row in load],
        "outlets": [(row["article__outlet__name"], row["n"]) for row in outlets],
    }


# --- What changed since a page was loaded (stale edits) ------------------------


VERSION_EVENTS = ["moved", "updated", "edited", "split", "merged"]  # ClaimEvent kinds that bump Claim.version


def claim_events_since(*, claim: Claim, version: int) -> list:
    """The claim's audit events after the one that made ``version``.

    Every bump of ``Claim.version`` writes exactly one MOVED, UPDATED, EDITED, SPLIT or MERGED event
    (services.workflow._move, services.ingest, services.editing), so the (version-1)-th of those
    marks the state the caller loaded; everything after it is someone else's.
    """
    from .models import ClaimEvent

    bumps = list(
        ClaimEvent.objects.filter(claim=claim, kind__in=VERSION_EVENTS)
        .order_by("id").values_list("id", flat=True)
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
    from .models import ClaimEvent, VerdictVersion

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
    events = [e for e in events if not (e.kind == ClaimEvent.Kind.VERDICT_SAVED
                                        and (e.data or {}).get("verdict_version", version + 1) <= version)]
    return {"fields": fields, "events": events}


def claim_neighbours(*, claim: Claim) -> tuple[int | None, int | None]:
    """The previous and next claim in the queue's default order (ids), for j/k on the claim page."""
    from django.db.models import Q

    qs = Claim.objects.filter(checkworthy=True)
    p, c = claim.priority, claim.created_at
    after = Q(priority__lt=p) | Q(priority=p, created_at__lt=c) | Q(priority=p, created_at=c, id__lt=claim.pk)
    before = Q(priority__gt=p) | Q(priority=p, created_at__gt=c) | Q(priority=p, created_at=c, id__gt=claim.pk)
    following = qs.filter(after).order_by("-priority", "-created_at", "-id").values_list("id", flat=True).first()
    previous = qs.filter(before).order_by("priority", "created_at", "id").values_list("id", flat=True).first()
    return previous, following


def notifications_for(*, user):
    """The person's notifications shown in the desk, newest first (the page paginates)."""
    from .models import Notification

    return (Notification.objects.filter(recipient=user, in_app=True)
            .select_related("actor", "claim").order_by("-created_at", "-id"))


def notifications_unread_count(*, user) -> int:
    from .models import Notification

    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def article_list(*, user) -> QuerySet:
    """Articles newest first, each with its claim counts and its latest extraction job, in one query a
    page: ``claims_total`` (claims appearing in it), ``claims_queued`` (those the queue shows: check-worthy
    and still waiting for a decision, new or triaged), ``job_status`` / ``job_id`` (its latest job)."""
    from django.db.models import Count, OuterRef, Subquery

    from .models import Article

    if user is None or not user.is_authenticated or not user.has_perm("claims.view_article"):
        raise NotPermitted(f"A {role_of(user)} may not view articles; this needs the viewer role.")
    latest_job = ExtractionJob.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    waiting = [ClaimStatus.NEW, ClaimStatus.TRIAGED]
    return (Article.objects.select_related("outlet")
            .annotate(claims_total=Count("appearances__claim", distinct=True),
                      claims_queued=Count("appearances__claim", distinct=True,
                                          filter=Q(appearances__claim__checkworthy=True,
                                                   appearances__claim__status__in=waiting)),
                      job_status=Subquery(latest_job.values("status")[:1]),
                      job_id=Subquery(latest_job.values("pk")[:1]))
            .order_by("-created_at", "-id"))
