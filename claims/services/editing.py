"""Correcting what the machine got wrong: edit a claim, split one candidate in two, merge duplicates.

Like the workflow moves (services.workflow), each function is the one way to make its change for
the desk, the API and commands: keyword-only arguments, one transaction, the claim row locked and
its version checked, an audit ClaimEvent written in the same transaction. The extractor's own
output is kept beside the first edit (``Claim.machine_*``), so the desk's corrections can be read
as labels (claims.desk_labels) and the page can show what the machine said.

Claims are edited while they are worked on: new, triaged or in review (then by the assigned
checker or an editor). A claim waiting for approval is sent back first, a published one reopened
for correction, a dismissed one reopened: the editor approving a verdict approves it for the claim
as worded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..choices import ClaimStatus, ClaimType, DismissReason
from ..errors import InvalidInput, InvalidTransition, NothingToChange
from ..extraction.dedup import fingerprint
from ..models import Appearance, Claim, ClaimEvent, ClaimMatch, ReaderRequest
from ..permissions import require_permission
from . import requests as reader_requests
from .changes import lock_claim, record_move, require_assignee_or_assigner
from .priority import claims_priority_refresh, new_claim_priority

if TYPE_CHECKING:
    from django.contrib.auth.models import User


EDITABLE_STATES = (ClaimStatus.NEW, ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW)
MAX_STANDALONE = 1000
MAX_CLAIMANT = 300
_HOW_TO_EDIT: dict[str, str] = {
    ClaimStatus.AWAITING_APPROVAL: "request changes first, so it is back in review",
    ClaimStatus.PUBLISHED: "reopen it for correction first",
    ClaimStatus.DISMISSED: "reopen it first",
}


def can_edit(claim: Claim, actor: User) -> bool:
    """Whether ``actor`` may edit, split or merge ``claim`` now (the controls to show)."""
    if not actor.has_perm("claims.triage_claim") or claim.status not in EDITABLE_STATES:
        return False
    return (
        claim.status != ClaimStatus.IN_REVIEW or claim.assignee_id == actor.pk or actor.has_perm("claims.assign_claim")
    )


def require_editable(claim: Claim, actor: User, action: str) -> None:
    """Raise NotPermitted or InvalidTransition, in the words of ``action``, unless ``actor`` may change ``claim``."""
    require_permission(actor, "triage_claim", f"{action} claims")
    if claim.status not in EDITABLE_STATES:
        raise InvalidTransition(
            f"Cannot {action} a claim that is {ClaimStatus(claim.status).label.lower()}: {_HOW_TO_EDIT[claim.status]}.",
            extra={"status": claim.status, "allowed_from": list(EDITABLE_STATES)},
        )
    if claim.status == ClaimStatus.IN_REVIEW:
        require_assignee_or_assigner(claim, actor, action)


def _clean_standalone(value: str, field: str = "standalone") -> str:
    value = " ".join(value.split())
    if not value:
        raise InvalidInput("The claim's text cannot be empty.", extra={"field": field})
    if len(value) > MAX_STANDALONE:
        raise InvalidInput(
            f"The claim's text is {len(value)} characters; the limit is {MAX_STANDALONE}.", extra={"field": field}
        )
    return value


def _clean_claimant(value: str, field: str = "claimant") -> str:
    value = " ".join(value.split())
    if not value:
        raise InvalidInput("Name who made the claim: the claimant cannot be empty.", extra={"field": field})
    if len(value) > MAX_CLAIMANT:
        raise InvalidInput(
            f"The claimant is {len(value)} characters; the limit is {MAX_CLAIMANT}.", extra={"field": field}
        )
    return value


def _clean_type(value: str, field: str = "claim_type") -> str:
    if value not in ClaimType.values:
        raise InvalidInput(
            f"Unknown claim type {value!r}; choose one of {', '.join(ClaimType.values)}.", extra={"field": field}
        )
    return value


def _keep_machine_output(claim: Claim) -> list[str]:
    """Before the first edit, keep what the extractor said; the fields to save."""
    if claim.edited_at is not None:
        return []
    claim.machine_standalone = claim.headline
    claim.machine_claimant = claim.claimant
    claim.machine_claim_type = claim.claim_type
    return ["machine_standalone", "machine_claimant", "machine_claim_type"]


@transaction.atomic
def claim_edit(
    *,
    claim: Claim | int,
    actor: User,
    standalone: str | None = None,
    claimant: str | None = None,
    claim_type: str | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Change the claim's standalone text, claimant and type (None: leave as it is).

    The exact span (``text``) and its offsets stay: they say where the claim is in the article.
    ClaimReview, the exports and the public pages read the edited text (``Claim.headline``).
    """
    new = {}
    if standalone is not None:
        new["standalone"] = _clean_standalone(standalone)
    if claimant is not None:
        new["claimant"] = _clean_claimant(claimant)
    if claim_type is not None:
        new["claim_type"] = _clean_type(claim_type)
    claim = lock_claim(claim, expected_version)
    require_editable(claim, actor, "edit")
    current = {"standalone": claim.headline, "claimant": claim.claimant, "claim_type": claim.claim_type}
    changes = {field: [current[field], value] for field, value in new.items() if value != current[field]}
    if not changes:
        raise NothingToChange("Nothing to change: the claim already reads so.")
    fields = _keep_machine_output(claim)
    for field, (_old, value) in changes.items():
        setattr(claim, field, value)
    claim.edited_at, claim.edited_by = timezone.now(), actor
    claim.version += 1
    claim.save(update_fields=[*fields, *changes, "edited_at", "edited_by", "version", "updated_at"])
    ClaimEvent.objects.create(
        claim=claim, actor=actor, kind=ClaimEvent.Kind.EDITED, note=note.strip(), data={"changes": changes}
    )
    return claim


@transaction.atomic
def claim_split(
    *,
    claim: Claim | int,
    actor: User,
    standalone: str,
    new_standalone: str,
    new_claimant: str | None = None,
    new_claim_type: str | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> tuple[Claim, Claim]:
    """Split a candidate that makes two claims: it keeps ``standalone``, a new claim says ``new_standalone``.

    The new claim sits at the same place of the same articles (its appearances are copied), with
    the same score, and the claimant and type given (else the original's). It starts where a person
    has taken the original: new if the original is new, else triaged. Returns (original, new).
    """
    standalone = _clean_standalone(standalone)
    new_standalone = _clean_standalone(new_standalone, "new_standalone")
    if fingerprint(standalone) == fingerprint(new_standalone):
        raise InvalidInput(
            "The two parts say the same: give each part its own claim.", extra={"field": "new_standalone"}
        )
    claim = lock_claim(claim, expected_version)
    require_editable(claim, actor, "split")
    new_claimant = _clean_claimant(new_claimant, "new_claimant") if new_claimant else claim.claimant
    new_claim_type = _clean_type(new_claim_type, "new_claim_type") if new_claim_type else claim.claim_type
    key = fingerprint(new_standalone)
    twin = Claim.objects.filter(fingerprint=key).values_list("pk", flat=True).first()
    if twin is not None:
        raise InvalidInput(
            f"Claim #{twin} already says {new_standalone!r}: merge this claim with it instead.",
            extra={"field": "new_standalone", "claim": twin},
        )
    machine = {
        "standalone": claim.machine_standalone or claim.headline,
        "claimant": claim.machine_claimant or claim.claimant,
        "claim_type": claim.machine_claim_type or claim.claim_type,
    }
    now = timezone.now()
    part = Claim(
        article_id=claim.article_id,
        text=claim.text,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        fingerprint=key,
        standalone=new_standalone,
        stance=claim.stance,
        claimant=new_claimant,
        claim_type=new_claim_type,
        score=claim.score,
        reason=claim.reason,
        checkworthy=claim.checkworthy,
        **new_claim_priority(claim.priority_base),
        status=ClaimStatus.NEW if claim.status == ClaimStatus.NEW else ClaimStatus.TRIAGED,
        extractor_version=claim.extractor_version,
        machine_standalone=machine["standalone"],
        machine_claimant=machine["claimant"],
        machine_claim_type=machine["claim_type"],
        edited_at=now,
        edited_by=actor,
    )
    try:
        with transaction.atomic():  # a savepoint: a twin saved concurrently is an answer, not a 500
            part.save(force_insert=True)
    except IntegrityError:
        raise InvalidInput(
            f"Another claim already says {new_standalone!r}: merge this claim with it instead.",
            extra={"field": "new_standalone"},
        ) from None
    Appearance.objects.bulk_create(
        [
            Appearance(
                claim=part,
                article_id=a.article_id,
                sentence=a.sentence,
                start=a.start,
                end=a.end,
                sentence_start=a.sentence_start,
                sentence_end=a.sentence_end,
                claimant=new_claimant,
            )
            for a in claim.appearances.all()
        ]
    )
    ClaimEvent.objects.create(
        claim=part,
        actor=actor,
        kind=ClaimEvent.Kind.CREATED,
        to_status=part.status,
        note=note.strip(),
        data={"split_from": claim.pk, "article": claim.article_id},
    )
    changes = {}
    if standalone != claim.headline:
        changes["standalone"] = [claim.headline, standalone]
    fields = _keep_machine_output(claim)
    claim.standalone = standalone
    claim.edited_at, claim.edited_by = now, actor
    claim.version += 1
    claim.save(update_fields=[*fields, "standalone", "edited_at", "edited_by", "version", "updated_at"])
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.SPLIT,
        note=note.strip(),
        data={"split_into": part.pk, "new_standalone": new_standalone, "changes": changes},
    )
    return claim, part


@transaction.atomic
def claim_merge(
    *, claim: Claim | int, into: Claim | int, actor: User, note: str = "", expected_version: int | None = None
) -> Claim:
    """Merge a duplicate into the claim kept: ``claim`` is dismissed as a duplicate of ``into``.

    The kept claim gains the duplicate's appearances (the same claim made in several articles is
    one claim) and the readers' requests still waiting on the duplicate (its reader count and demand
    bonus; answered at once when the kept claim's verdict is out), and a pending match suggestion
    between the two is confirmed. Returns the kept claim.
    """
    into_pk = into.pk if isinstance(into, Claim) else into
    pk = claim.pk if isinstance(claim, Claim) else claim
    if into_pk == pk:
        raise InvalidInput("A claim cannot be merged into itself.", extra={"field": "into"})
    # Both rows locked, in id order: two merges of the same pair the other way round cannot deadlock.
    kept_rows = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=sorted([pk, into_pk]))}
    if into_pk not in kept_rows:
        raise InvalidInput(f"There is no claim #{into_pk} to merge this one into.", extra={"field": "into"})
    duplicate = lock_claim(pk, expected_version)
    kept = kept_rows[into_pk]
    require_editable(duplicate, actor, "merge")
    if not duplicate.move_allowed("dismiss"):  # EDITABLE_STATES are states a claim may be dismissed from
        raise InvalidTransition("This claim cannot be dismissed as a duplicate in its state.")
    if kept.status == ClaimStatus.DISMISSED:
        target = f" (it duplicates #{kept.duplicate_of_id}: merge into that one)" if kept.duplicate_of_id else ""
        raise InvalidInput(
            f"Claim #{kept.pk} is dismissed{target}; merge into a claim the desk keeps.", extra={"field": "into"}
        )
    present = set(kept.appearances.values_list("article_id", "start"))
    copied = [
        Appearance(
            claim=kept,
            article_id=a.article_id,
            sentence=a.sentence,
            start=a.start,
            end=a.end,
            sentence_start=a.sentence_start,
            sentence_end=a.sentence_end,
            claimant=a.claimant,
        )
        for a in duplicate.appearances.all()
        if (a.article_id, a.start) not in present
    ]
    Appearance.objects.bulk_create(copied)
    ClaimMatch.objects.filter(claim=duplicate, matched_claim=kept, decision=ClaimMatch.Decision.PENDING).update(
        decision=ClaimMatch.Decision.CONFIRMED, decided_by=actor, decided_at=timezone.now()
    )
    duplicate.dismiss_reason = DismissReason.DUPLICATE
    duplicate.dismiss_note = note.strip()
    duplicate.duplicate_of = kept
    record_move(
        duplicate,
        move="dismiss",
        actor=actor,
        to_status=ClaimStatus.DISMISSED,
        note=note.strip() or f"Merged into #{kept.pk}",
        data={"reason": DismissReason.DUPLICATE, "duplicate_of": kept.pk, "merged": True},
        fields=["dismiss_reason", "dismiss_note", "duplicate_of"],
    )
    readers = ReaderRequest.objects.filter(claim=duplicate, status=ReaderRequest.Status.ATTACHED).update(claim=kept)
    if readers:
        claims_priority_refresh(claim_ids=[kept.pk, duplicate.pk])
        reader_requests.verdict_out(claim_id=kept.pk)  # a published kept claim answers them after commit
        kept.refresh_from_db(fields=["priority", "readers"])  # what the refresh wrote, for the caller
    kept.version += 1
    kept.save(update_fields=["version", "updated_at"])
    ClaimEvent.objects.create(
        claim=kept,
        actor=actor,
        kind=ClaimEvent.Kind.MERGED,
        note=note.strip(),
        data={"merged": duplicate.pk, "appearances": len(copied), **({"readers": readers} if readers else {})},
    )
    return kept
