"""The desk's own triage decisions as check-worthiness labels (reads only).

Every move a person makes on a claim is in its history (``ClaimEvent``, with who and when).
Read as labels of ../shared/CHECKWORTHINESS_GUIDE.md, on the claim's sentence:

- dismissed as *not checkable* → 0 (no factual claim);
- dismissed as *not important* → 1 (factual, not worth queueing);
- taken up — triaged, assigned, submitted, approved, published, reopened → 2 (queue it);
- corrected — its text, claimant or type edited, or split in two (services.editing) → 2: a person
  made it a claim worth stating right; typed "not a claim" by the edit → 0.

A duplicate or an "other" dismissal says nothing about the sentence and gives no label; the
machine's own moves (automatic matching) are never labels. A claim's last labelling move wins
(dismissed, then reopened and published: a 2).

Every row carries what the machine said (``machine``: the extractor's standalone text, claimant
and type) and what the desk kept (``desk``: the same fields now), ``edited`` when they differ: the
desk's corrections, for the extraction and claimant work as much as for check-worthiness.

``labels()`` feeds ``manage.py export_labels`` (the team's labelled-set format, plus the
sentence's text, the model's score and when: a desk's articles are not in ../shared) and
``queue_figures`` (the settings page: the precision and recall the queue would have had at
other thresholds and per-article caps, by the desk's own decisions).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from .choices import ClaimType, DismissReason
from .models import Claim, ClaimEvent

TAKEN_MOVES = ("triage", "assign", "submit", "approve", "request_changes", "publish", "reopen", "reopen_for_correction")
DISMISSAL_LABELS = {DismissReason.NOT_CHECKABLE: 0, DismissReason.NOT_IMPORTANT: 1}


@dataclass(frozen=True)
class DeskLabel:
    claim_id: int
    article_id: int
    start: int  # the sentence's offsets in the article's text
    end: int
    sentence: str
    label: int
    claimant: str
    score: float
    by: str
    at: datetime
    machine: dict | None = None  # the extractor's standalone text, claimant and type
    desk: dict | None = None  # the same, as the desk keeps them

    def as_row(self) -> dict:
        """The team's labelled-set row (evaluation/data/news_checkworthiness), with the text."""
        return {
            "article": f"desk:{self.article_id}",
            "start": self.start,
            "end": self.end,
            "sha1": hashlib.sha1(self.sentence.encode("utf-8")).hexdigest()[:12],  # noqa: S324 - a fingerprint
            "label": self.label,
            "claimant": self.claimant if self.label == 2 else "",
            "by": self.by,
            "at": self.at.isoformat(),
            "text": self.sentence,
            "score": round(self.score, 4),
            "claim": self.claim_id,
            "machine": self.machine,
            "desk": self.desk,
            "edited": self.machine != self.desk,
        }


def _label_of(event: ClaimEvent) -> int | None:
    if event.kind != ClaimEvent.Kind.MOVED:  # an edit, a split, or the claim a split made
        type_change = (event.data or {}).get("changes", {}).get("claim_type")
        return 0 if type_change and type_change[1] == ClaimType.NOT_A_CLAIM else 2
    if event.move == "dismiss":
        return DISMISSAL_LABELS.get((event.data or {}).get("reason"))
    return 2


def labels(*, since: datetime | None = None) -> Iterator[DeskLabel]:
    """Each decided claim's label (its last labelling move by a person), oldest claim first."""
    decisions = (
        Q(kind=ClaimEvent.Kind.MOVED, move__in=("dismiss", *TAKEN_MOVES))
        | Q(kind__in=(ClaimEvent.Kind.EDITED, ClaimEvent.Kind.SPLIT))
        | Q(kind=ClaimEvent.Kind.CREATED, data__has_key="split_from")
    )
    events = (
        ClaimEvent.objects.filter(decisions, actor__isnull=False)
        .select_related("actor", "claim")
        .order_by("claim_id", "created_at", "pk")
    )
    if since is not None:
        events = events.filter(created_at__gte=since)
    current: DeskLabel | None = None
    for event in events.iterator(chunk_size=500):
        label = _label_of(event)
        if current is not None and current.claim_id != event.claim_id:
            yield current
            current = None
        if label is None:
            # A duplicate or "other" dismissal after a decision overrides nothing it can name.
            continue
        claim = event.claim
        current = DeskLabel(
            claim.pk,
            claim.article_id,
            claim.sentence_start,
            claim.sentence_end,
            claim.sentence,
            label,
            claim.claimant,
            claim.score,
            event.actor.get_username(),
            event.created_at,
            *_machine_and_desk(claim),
        )
    if current is not None:
        yield current


def _machine_and_desk(claim: Claim) -> tuple[dict, dict]:
    desk = {"standalone": claim.headline, "claimant": claim.claimant, "claim_type": claim.claim_type}
    if claim.edited_at is None:
        return dict(desk), desk
    return {
        "standalone": claim.machine_standalone,
        "claimant": claim.machine_claimant,
        "claim_type": claim.machine_claim_type,
    }, desk


@dataclass(frozen=True)
class QueueFigure:
    setting: str  # "≥ 0.50" or "top 5"
    queued: int  # decided claims the queue would have shown
    precision: float | None  # of those, the share the desk took up
    recall: float  # of all the claims the desk took up, the share shown


def queue_figures(
    decided: list[DeskLabel], *, thresholds: list[float], caps: list[int], threshold: float
) -> tuple[list[QueueFigure], list[QueueFigure]]:
    """By threshold; and by per-article cap at ``threshold`` (each article's best-scored claims)."""
    wanted = sum(1 for d in decided if d.label == 2)

    def figure(setting: str, shown: list[DeskLabel]) -> QueueFigure:
        hits = sum(1 for d in shown if d.label == 2)
        return QueueFigure(setting, len(shown), hits / len(shown) if shown else None, hits / wanted if wanted else 0.0)

    by_threshold = [figure(f"≥ {t:.2f}", [d for d in decided if d.score >= t]) for t in thresholds]
    per_article: dict[int, list[DeskLabel]] = defaultdict(list)
    for d in decided:
        if d.score >= threshold:
            per_article[d.article_id].append(d)
    by_cap = []
    for cap in caps:
        shown = [d for rows in per_article.values() for d in sorted(rows, key=lambda r: -r.score)[:cap]]
        by_cap.append(figure(f"top {cap} an article", shown))
    return by_threshold, by_cap
