"""The steps every change to a claim shares: lock its row and check the caller's version, record a
workflow move (status, version, the audit ClaimEvent, the webhook), and the in-review rule.

The workflow moves (services.workflow), the desk's corrections (services.editing) and the matcher's
automatic dismissals (services.matching) all change claims through these, so a move made by any
of them is recorded alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NotPermitted, StaleVersion
from ..models import Claim, ClaimEvent
from . import webhooks

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser


def lock_claim(claim: Claim | int, expected_version: int | None) -> Claim:
    """Lock the claim row for this transaction and check the caller's version.

    ``expected_version`` is the version the caller loaded; None skips the
    check (commands, tasks). A mismatch means someone else saved in between.
    """
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(
            f"This claim was changed by someone else since you loaded it "
            f"(you have version {expected_version}, it is now version {locked.version}). "
            "Reload to see their change.",
            extra={"expected_version": expected_version, "current_version": locked.version},
        )
    return locked


def record_move(
    claim: Claim, *, move: str, actor: AuthUser | None, to_status: str, note: str = "", data=None, fields=()
) -> Claim:
    """Move ``claim`` (locked by the caller) to ``to_status`` and record it: its version bumped, the
    ``fields`` the caller changed saved with it, a ClaimEvent, and claim.status_changed when the
    status changed. ``actor`` None: the system made the move (a match, a task)."""
    from_status = claim.status
    claim.status = to_status
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *fields])
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.MOVED,
        move=move,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    if from_status != to_status:
        webhooks.emit(
            "claim.status_changed",
            {
                "claim": claim.pk,
                "text": claim.text,
                "move": move,
                "from": from_status,
                "to": to_status,
                "actor": actor.get_username() if actor else None,
            },
        )
    return claim


def require_assignee_or_assigner(claim: Claim, actor: AuthUser, action: str) -> None:
    """A claim in review is its checker's: only they or an editor (who assigns) may ``action`` it."""
    if claim.assignee_id != actor.pk and not actor.has_perm("claims.assign_claim"):
        owner = claim.assignee.get_username() if claim.assignee else "nobody"
        raise NotPermitted(
            f"Only the assigned checker ({owner}) or an editor may {action} this claim.",
            extra={"action": action},
        )
