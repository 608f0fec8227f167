"""The workflow's words in one place: every move a claim can make, with its label, the states it
starts from, the state it leads to, the permission it needs on the desk and the token scope it
needs in the API (DOMAIN.md, "Workflow").

Adding a move is one edit here (a member of ``Move``) plus its row in tests/services/test_workflow.py's
TRANSITIONS and its service in services/workflow.py (CONTRIBUTING.md, "How to add a workflow move"). The
model (``Claim.move_allowed``), the services, the desk's buttons, their inputs and their validation
(forms.MoveForm), the bulk actions, the API's move endpoint, its scopes and its OpenAPI enum all read
this table. Kept free of model imports, like choices.py.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .choices import ClaimStatus

NEW, TRIAGED, IN_REVIEW = ClaimStatus.NEW, ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW
AWAITING, PUBLISHED, DISMISSED = ClaimStatus.AWAITING_APPROVAL, ClaimStatus.PUBLISHED, ClaimStatus.DISMISSED


@dataclass(frozen=True)
class Needs:
    """What a move needs from the person who asks for it, besides the claim's version.

    ``note``: the question a required note answers, as the desk's field says it ("" : the note is
    optional); ``reason``: a dismissal's reason (DismissReason) is required.
    """

    note: str = ""
    reason: bool = False


NOTHING = Needs()


class Move(enum.StrEnum):
    """A workflow move: ``Move.TRIAGE == "triage"`` (the value in URLs, the API and ClaimEvent.move).

    ``from_states``: the states it may start from; ``to_state``: the state it leads to (None: the
    state is not fixed by the move — an undone automatic dismissal returns to where it was);
    ``permission``: the codename the actor needs; ``scope``: the API token scope it needs ("" for a
    move no person requests: the system makes it).
    """

    label: str
    from_states: tuple[str, ...]
    to_state: str | None
    permission: str
    scope: str
    needs: Needs

    def __new__(
        cls,
        value: str,
        label: str,
        from_states: tuple[str, ...],
        to_state: str | None,
        permission: str,
        scope: str,
        needs: Needs = NOTHING,
    ) -> Move:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.from_states = from_states
        member.to_state = to_state
        member.permission = permission
        member.scope = scope
        member.needs = needs
        return member

    TRIAGE = "triage", "Triage", (NEW,), TRIAGED, "triage_claim", "review"
    DISMISS = "dismiss", "Dismiss", (NEW, TRIAGED, IN_REVIEW), DISMISSED, "triage_claim", "review", Needs(reason=True)
    REOPEN = "reopen", "Reopen", (DISMISSED,), TRIAGED, "assign_claim", "review", Needs(note="Why")
    ASSIGN = "assign", "Assign", (TRIAGED, IN_REVIEW), IN_REVIEW, "review_claim", "review"
    SUBMIT = "submit", "Submit for approval", (IN_REVIEW,), AWAITING, "review_claim", "review"
    APPROVE = "approve", "Approve", (AWAITING,), AWAITING, "approve_verdict", "publish"
    REQUEST_CHANGES = (
        "request_changes",
        "Request changes",
        (AWAITING,),
        IN_REVIEW,
        "approve_verdict",
        "publish",
        Needs(note="What should change"),
    )
    PUBLISH = "publish", "Publish", (AWAITING,), PUBLISHED, "publish_verdict", "publish"
    REOPEN_FOR_CORRECTION = (
        "reopen_for_correction",
        "Reopen for correction",
        (PUBLISHED,),
        IN_REVIEW,
        "publish_verdict",
        "publish",
        Needs(note="Why"),
    )
    # A correction waits for a second editor's approval; a desk allowing one-person corrections
    # publishes it at once (services.workflow.verdict_correct).
    CORRECT = (
        "correct",
        "Correct",
        (PUBLISHED,),
        AWAITING,
        "publish_verdict",
        "publish",
        Needs(note="What the correction changes"),
    )
    # Undoing an automatic match that dismissed the claim as a duplicate puts it back in the state it
    # had (services.matching.match_demote / match_reject); no person asks for it by name.
    UNDO_DUPLICATE = "undo_duplicate", "Undo the duplicate dismissal", (DISMISSED,), None, "triage_claim", ""

    @property
    def needs_note(self) -> bool:
        """Whether the move is refused without a note (its question: ``needs.note``)."""
        return bool(self.needs.note)

    @property
    def needs_reason(self) -> bool:
        """Whether the move is refused without a reason (a dismissal's)."""
        return self.needs.reason

    @property
    def requested(self) -> bool:
        """Whether a person asks for this move by name (a button, a bulk action, the API)."""
        return bool(self.scope)

    def allowed_from(self, status: str) -> bool:
        """Whether this move may start from ``status``."""
        return status in self.from_states

    @classmethod
    def workflow(cls) -> list[Move]:
        """The moves a person requests, in the order the desk shows them."""
        return [move for move in cls if move.requested]

    @classmethod
    def requested_named(cls, name: str) -> Move | None:
        """The requested move called ``name``, or None for an unknown name (or a system move)."""
        try:
            move = cls(name)
        except ValueError:
            return None
        return move if move.requested else None


# The states in which evidence can be added (services.evidence.evidence_add) and a verdict written
# (services.workflow.verdict_save); the claim page's forms follow selectors.claim_abilities.
EVIDENCE_STATES: tuple[str, ...] = (TRIAGED, IN_REVIEW)
VERDICT_STATES: tuple[str, ...] = (IN_REVIEW,)

# Changes to the claim itself (services.editing) that are not moves, named in the stale-version
# notice and the claim's history with the moves.
EDIT_LABELS = {
    "edit": "Edit the claim",
    "split": "Split the claim",
    "merge": "Merge into another claim",
}


def move_label(name: str) -> str:
    """A move (or a claim edit) as a button and the history say it; an unknown name readably."""
    try:
        return Move(name).label
    except ValueError:
        return EDIT_LABELS.get(name, name.replace("_", " ").capitalize())
