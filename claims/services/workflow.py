"""The review workflow: every move a claim and its verdict can make.

Each function is the one way to make that change, for the web UI, the API,
the admin and commands alike: keyword-only arguments, one transaction, the
claim row locked and its version checked (optimistic locking), the audit
ClaimEvent written in the same transaction.

    new ──► triaged ──► in_review ──► awaiting_approval ──► published
     │         │            │   ▲              │                 │
     └► dismissed ◄─────────┘   └──── changes requested ◄────────┘ (correction)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..choices import ClaimStatus, DismissReason
from ..errors import InvalidInput, InvalidTransition, NotPermitted, StaleVersion
from ..exports.claimreview import verdict_url
from ..inputs.weburl import parse_http_url
from ..models import Claim, ClaimEvent, Comment, Evidence, Rating, Verdict, VerdictVersion
from ..moves import EVIDENCE_STATES, VERDICT_STATES, Move
from ..permissions import a_or_an, require_permission, role_of
from ..selectors import default_scale, one_person_corrections, pending_correction_note
from . import editing, notifications, webhooks
from . import requests as reader_requests
from .changes import lock_claim, record_move, require_assignee_or_assigner
from .evidence import archive_send

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser  # the module's User is get_user_model()


User = get_user_model()


def _check_move(claim: Claim, move: Move, actor: AuthUser) -> str:
    require_permission(actor, move.permission, f"{move.replace('_', ' ')} claims")
    assert move.to_state is not None, f"{move} has no fixed target state"
    to_state = move.to_state
    if not move.allowed_from(claim.status):
        allowed = ", ".join(ClaimStatus(s).label.lower() for s in move.from_states)
        raise InvalidTransition(
            f"Cannot {move.replace('_', ' ')} a claim that is "
            f"{ClaimStatus(claim.status).label.lower()}: {a_or_an(role_of(actor))} can "
            f"{move.replace('_', ' ')} only a claim that is {allowed}.",
            extra={"move": move, "status": claim.status, "allowed_from": list(move.from_states)},
        )
    return to_state


# What each move that needs a note says when it has none; whether a move needs one is Move.needs
# (the desk's forms read the same), so a move added there with a note is refused here too.
_NOTE_REFUSALS = {
    Move.REOPEN: "Say why the dismissed claim is reopened.",
    Move.REQUEST_CHANGES: "Say what should change: the comment is required.",
    Move.REOPEN_FOR_CORRECTION: "Say why the published verdict needs a correction.",
    Move.CORRECT: "A correction needs a note saying what changed.",
}


def _require_note(move: Move, note: str) -> None:
    if move.needs_note and not note.strip():
        raise InvalidInput(_NOTE_REFUSALS.get(move, f"{move.label}: {move.needs.note.lower()}? A note is required."))


@transaction.atomic
def claim_triage(*, claim: Claim | int, actor: AuthUser, expected_version: int | None = None, note: str = "") -> Claim:
    """A person decides the claim is worth checking: new → triaged."""
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.TRIAGE, actor)
    return record_move(claim, move=Move.TRIAGE, actor=actor, to_status=to_status, note=note)


@transaction.atomic
def claim_dismiss(
    *,
    claim: Claim | int,
    actor: AuthUser,
    reason: str,
    note: str = "",
    duplicate_of: Claim | int | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Dismiss with a kept reason. A duplicate names the claim it duplicates and is merged into it
    (services.editing.claim_merge: the kept claim gains its appearances and the readers' requests
    waiting on it), whoever dismisses it: the claim page, the queue's bulk action, the API, the
    admin or a command. Returns the dismissed claim."""
    if Move.DISMISS.needs_reason and not reason:
        raise InvalidInput(
            f"Choose why the claim is dismissed: one of {', '.join(DismissReason.values)}.", extra={"field": "reason"}
        )
    if reason not in DismissReason.values:
        raise InvalidInput(f"Unknown dismiss reason {reason!r}; choose one of {', '.join(DismissReason.values)}.")
    if reason == DismissReason.OTHER and not note.strip():
        raise InvalidInput("Say why the claim is dismissed when the reason is 'other'.")
    if reason == DismissReason.DUPLICATE:
        if duplicate_of is None:
            raise InvalidInput("Name the claim this one duplicates.")
        return _dismiss_as_duplicate(
            claim=claim, actor=actor, into=duplicate_of, note=note, expected_version=expected_version
        )
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.DISMISS, actor)
    if claim.status == ClaimStatus.IN_REVIEW:
        # Someone is checking it (a draft verdict may exist): only they or an editor may drop it.
        require_assignee_or_assigner(claim, actor, "dismiss")
    claim.dismiss_reason = reason
    claim.dismiss_note = note
    return record_move(
        claim,
        move=Move.DISMISS,
        actor=actor,
        to_status=to_status,
        note=note or reason,
        data={"reason": reason},
        fields=["dismiss_reason", "dismiss_note"],
    )


def _dismiss_as_duplicate(
    *, claim: Claim | int, actor: AuthUser, into: Claim | int, note: str, expected_version: int | None
) -> Claim:
    """Merge ``claim`` into ``into``; the merge's refusals name the field the dismissal calls
    ``duplicate_of``. Returns the dismissed duplicate."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    try:
        editing.claim_merge(claim=claim, into=into, actor=actor, note=note, expected_version=expected_version)
    except InvalidInput as exc:
        if (exc.extra or {}).get("field") == "into":
            exc.extra = {**exc.extra, "field": "duplicate_of"}
        raise
    return Claim.objects.get(pk=pk)


@transaction.atomic
def claim_reopen(*, claim: Claim | int, actor: AuthUser, note: str, expected_version: int | None = None) -> Claim:
    """An editor brings a dismissed claim back: dismissed → triaged."""
    _require_note(Move.REOPEN, note)
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.REOPEN, actor)
    claim.dismiss_reason = ""
    claim.dismiss_note = ""
    claim.duplicate_of = None
    return record_move(
        claim,
        move=Move.REOPEN,
        actor=actor,
        to_status=to_status,
        note=note,
        fields=["dismiss_reason", "dismiss_note", "duplicate_of"],
    )


@transaction.atomic
def claim_assign(
    *, claim: Claim | int, actor: AuthUser, assignee: AuthUser, expected_version: int | None = None, note: str = ""
) -> Claim:
    """Give the claim to one checker: triaged → in_review (or reassign in review).

    Editors assign anyone who can review; a checker can only take an
    unassigned claim for themselves.
    """
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.ASSIGN, actor)
    if assignee is None or not assignee.is_active or not assignee.has_perm("claims.review_claim"):
        name = assignee.get_username() if assignee is not None else "nobody"
        raise InvalidInput(f"{name} cannot be assigned: only active checkers and editors review claims.")
    if not actor.has_perm("claims.assign_claim"):
        if assignee.pk != actor.pk:
            raise NotPermitted(
                f"A {role_of(actor)} may assign claims only to themselves; assigning to others needs the editor role."
            )
        if claim.assignee_id not in (None, actor.pk):
            raise NotPermitted(
                f"This claim is assigned to {claim.assignee.get_username()}; only an editor can reassign it."
            )
    if claim.assignee_id == assignee.pk:
        # A move that changes nothing would only add noise to the history (and a version to go stale).
        who = "you" if assignee.pk == actor.pk else assignee.get_username()
        raise InvalidInput(f"This claim is already assigned to {who}.", extra={"field": "assignee"})
    previous = claim.assignee.get_username() if claim.assignee else None
    claim.assignee = assignee
    notifications.notify(
        kind="assigned",
        claim=claim,
        actor=actor,
        recipients=[assignee],
        message=f"{actor.get_username()} assigned you claim {claim.pk}: {claim.text[:200]}",
    )
    return record_move(
        claim,
        move=Move.ASSIGN,
        actor=actor,
        to_status=to_status,
        note=note,
        data={"assignee": assignee.get_username(), "previous_assignee": previous},
        fields=["assignee"],
    )


@transaction.atomic
def verdict_save(
    *,
    claim: Claim | int,
    actor: AuthUser,
    rating: Rating,
    headline: str,
    explanation: str = "",
    evidence: list[Evidence] | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Create or edit the draft verdict of a claim in review.

    ``expected_version`` is the verdict's version the editor loaded (None for
    a new verdict). Every save keeps the previous text as a VerdictVersion.
    """
    headline = headline.strip()
    if not headline:
        raise InvalidInput("A verdict needs a headline.")
    if len(headline) > 300:
        raise InvalidInput(f"The headline is {len(headline)} characters; the limit is 300.")
    claim = lock_claim(claim, None)
    require_permission(actor, "review_claim", "write verdicts")
    if claim.status not in VERDICT_STATES:
        raise InvalidTransition(
            f"A verdict can be edited only while the claim is in review; it is "
            f"{ClaimStatus(claim.status).label.lower()}."
        )
    require_assignee_or_assigner(claim, actor, "write the verdict of")
    evidence = list(evidence or [])
    foreign = [e.pk for e in evidence if e.claim_id != claim.pk]
    if foreign:
        raise InvalidInput(f"Evidence {foreign} belongs to other claims.")

    verdict = Verdict.objects.select_for_update().select_related("rating__scale").filter(claim=claim).first()
    scale = verdict.rating.scale if verdict is not None else default_scale()
    if rating.scale_id != scale.pk:
        raise InvalidInput(f"The rating {rating.label!r} is not on the desk's scale {scale.name!r}.")
    if verdict is None:
        if expected_version not in (None, 0):
            raise StaleVersion("The verdict you edited no longer exists; reload the claim.")
        verdict = Verdict.objects.create(
            claim=claim,
            rating=rating,
            headline=headline,
            explanation=explanation,
            author=actor,
            last_edited_by=actor,
        )
    else:
        if expected_version is not None and verdict.version != expected_version:
            raise StaleVersion(
                f"The verdict was changed by someone else since you loaded it (you have "
                f"version {expected_version}, it is now version {verdict.version}). "
                "Your text is kept; compare it with their changes before saving again.",
                extra={"expected_version": expected_version, "current_version": verdict.version},
            )
        verdict.rating = rating
        verdict.headline = headline
        verdict.explanation = explanation
        verdict.last_edited_by = actor
        verdict.approved_by = None  # an edit needs a fresh approval
        verdict.approved_at = None
        verdict.approved_alone = False
        verdict.version += 1
        verdict.save()
    verdict.evidence.set(evidence)
    _snapshot(verdict, kind=VerdictVersion.Kind.DRAFT, edited_by=actor)
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.VERDICT_SAVED,
        data={"verdict_version": verdict.version, "rating": rating.label},
    )
    return verdict


def _snapshot(verdict: Verdict, *, kind: str, edited_by, note: str = "") -> VerdictVersion:
    number = (verdict.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    public = kind in (VerdictVersion.Kind.PUBLISHED, VerdictVersion.Kind.CORRECTION)
    return VerdictVersion.objects.create(
        verdict=verdict,
        number=number,
        kind=kind,
        rating=verdict.rating,
        headline=verdict.headline,
        explanation=verdict.explanation,
        evidence_ids=sorted(verdict.evidence.values_list("pk", flat=True)),
        author=verdict.author,
        edited_by=edited_by,
        approved_by=verdict.approved_by if public or kind == VerdictVersion.Kind.APPROVED else None,
        approved_alone=public and verdict.approved_alone,
        note=note,
    )


def _withdraw_approval(verdict: Verdict) -> None:
    """Back in review, the verdict needs a fresh approval."""
    verdict.approved_by = None
    verdict.approved_at = None
    verdict.approved_alone = False
    verdict.save(update_fields=["approved_by", "approved_at", "approved_alone", "updated_at"])


def verdict_editors(verdict: Verdict) -> set[int]:
    """Ids of everyone whose words are in the version waiting for approval: its author, and
    everyone who saved a draft or a correction of it since it was last published (since it was
    written, if never). None of them may approve it, whatever the author field says."""
    since = verdict.versions.filter(kind__in=[VerdictVersion.Kind.PUBLISHED, VerdictVersion.Kind.CORRECTION])
    last_public = since.order_by("-number").values_list("number", flat=True).first() or 0
    drafts = verdict.versions.filter(number__gt=last_public, kind=VerdictVersion.Kind.DRAFT)
    return {verdict.author_id, verdict.last_edited_by_id, *drafts.values_list("edited_by_id", flat=True)}


def can_add_evidence(*, actor: AuthUser, claim: Claim) -> bool:
    """Whether evidence_add would let ``actor`` add evidence to ``claim`` now (read without a lock)."""
    return (
        actor is not None
        and actor.is_authenticated
        and actor.has_perm("claims.review_claim")
        and claim.status in EVIDENCE_STATES
    )


def can_edit_verdict(*, actor: AuthUser, claim: Claim) -> bool:
    """Whether verdict_save would let ``actor`` write ``claim``'s verdict now (read without a lock)."""
    return (
        actor is not None
        and actor.is_authenticated
        and actor.has_perm("claims.review_claim")
        and claim.status in VERDICT_STATES
        and (claim.assignee_id == actor.pk or actor.has_perm("claims.assign_claim"))
    )


def moves_open_to(*, actor: AuthUser, claim: Claim, verdict: Verdict | None) -> list[Move]:
    """The workflow moves ``actor`` can make on ``claim`` now, in ``Move`` order: the controls a
    page shows and the API's ``allowed_moves``.

    The same checks the moves' services make, read without a lock: a move listed passes them given
    its input (a reason, a note), a move left out would be refused. A move that would change
    nothing is left out too: a checker's "assign to me" once the claim is theirs.
    ``verdict`` is the claim's verdict (None when it has none).
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    assigner = actor.has_perm("claims.assign_claim")
    theirs_or_assigner = claim.assignee_id == actor.pk or assigner
    moves = []
    for move in Move.workflow():
        if not move.allowed_from(claim.status) or not actor.has_perm(f"claims.{move.permission}"):
            continue
        if move == Move.DISMISS and claim.status == ClaimStatus.IN_REVIEW and not theirs_or_assigner:
            continue  # another checker's claim in review
        if move == Move.ASSIGN and not assigner and claim.assignee_id is not None:
            continue  # a checker takes only an unassigned claim; once theirs there is nothing to do
        if move == Move.SUBMIT and (verdict is None or not theirs_or_assigner):
            continue
        if move.permission in ("approve_verdict", "publish_verdict") and verdict is None:
            continue  # the approver's and the publisher's moves act on a verdict
        if move == Move.APPROVE and (verdict.approved_by_id is not None or actor.pk in verdict_editors(verdict)):
            continue  # approved already, or the two-person rule
        if move == Move.PUBLISH and verdict.approved_by_id is None:
            continue  # an editor approves first
        moves.append(move)
    return moves


def _verdict_of(claim: Claim) -> Verdict:
    verdict = Verdict.objects.select_for_update().filter(claim=claim).first()
    if verdict is None:
        raise InvalidTransition("This claim has no verdict yet: write one first.")
    return verdict


@transaction.atomic
def claim_submit(*, claim: Claim | int, actor: AuthUser, expected_version: int | None = None, note: str = "") -> Claim:
    """The checker hands the drafted verdict to an editor: in_review → awaiting_approval."""
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.SUBMIT, actor)
    require_assignee_or_assigner(claim, actor, "submit")
    verdict = _verdict_of(claim)
    _notify_approvers(
        claim,
        verdict,
        actor,
        f"{actor.get_username()} asks for approval of the verdict on claim {claim.pk}: {verdict.headline[:200]}",
    )
    return record_move(claim, move=Move.SUBMIT, actor=actor, to_status=to_status, note=note)


def _notify_approvers(claim: Claim, verdict: Verdict, actor: AuthUser, message: str) -> None:
    """Approval requested: every editor who may approve this version (not those who wrote it)."""
    writers = verdict_editors(verdict)
    editors = [u for u in notifications.users_with_permission("approve_verdict") if u.pk not in writers]
    notifications.notify(kind="approval_requested", claim=claim, actor=actor, recipients=editors, message=message)


@transaction.atomic
def verdict_approve(
    *, claim: Claim | int, actor: AuthUser, expected_version: int | None = None, note: str = ""
) -> Verdict:
    """An editor approves the verdict; nobody approves a version they wrote or edited.

    Everyone who saved the text since its last publication counts (``verdict_editors``), not
    only its first author: an editor who rewrote a checker's draft cannot approve their rewrite.
    """
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.APPROVE, actor)
    verdict = _verdict_of(claim)
    if actor.pk in verdict_editors(verdict):
        did = "wrote" if verdict.author_id == actor.pk else "edited"
        raise NotPermitted(
            f"Two-person rule: you {did} this version of the verdict, so another editor must approve it.",
            extra={"rule": "two_person"},
        )
    if verdict.approved_by_id is not None:
        raise InvalidTransition(f"This verdict is already approved by {verdict.approved_by.get_username()}.")
    verdict.approved_by = actor
    verdict.approved_at = timezone.now()
    verdict.approved_alone = False
    verdict.save(update_fields=["approved_by", "approved_at", "approved_alone", "updated_at"])
    _snapshot(verdict, kind=VerdictVersion.Kind.APPROVED, edited_by=actor)
    record_move(claim, move=Move.APPROVE, actor=actor, to_status=to_status, note=note)
    return verdict


@transaction.atomic
def claim_request_changes(
    *, claim: Claim | int, actor: AuthUser, comment: str, expected_version: int | None = None
) -> Claim:
    """An editor sends the verdict back with a comment: awaiting_approval → in_review."""
    _require_note(Move.REQUEST_CHANGES, comment)
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.REQUEST_CHANGES, actor)
    verdict = _verdict_of(claim)
    _withdraw_approval(verdict)
    note = Comment.objects.create(claim=claim, author=actor, body=comment)
    mentioned = list(notifications.mentioned_users(comment))
    note.mentions.set(mentioned)
    writers = [claim.assignee, verdict.author, verdict.last_edited_by]
    notifications.notify(
        kind="changes_requested",
        claim=claim,
        actor=actor,
        recipients=writers,
        message=f"{actor.get_username()} asks for changes to the verdict on claim {claim.pk}: {comment.strip()[:300]}",
    )
    told = {u.pk for u in writers if u is not None}
    notifications.notify(
        kind="mention",
        claim=claim,
        actor=actor,
        recipients=[u for u in mentioned if u.pk not in told],
        message=f"{actor.get_username()} mentioned you on claim {claim.pk}: {comment.strip()[:300]}",
    )
    return record_move(claim, move=Move.REQUEST_CHANGES, actor=actor, to_status=to_status, note=comment)


@transaction.atomic
def verdict_publish(
    *,
    claim: Claim | int,
    actor: AuthUser,
    expected_version: int | None = None,
    correction_note: str = "",
) -> Verdict:
    """Publish an approved verdict: awaiting_approval → published.

    Publishing again after a reopened correction needs a correction note,
    which readers see in the verdict's history.
    """
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.PUBLISH, actor)
    verdict = _verdict_of(claim)
    if verdict.approved_by_id is None:
        raise InvalidTransition("Only an approved verdict can be published: an editor must approve it first.")
    republishing = verdict.published_at is not None
    if republishing:
        correction_note = correction_note.strip() or pending_correction_note(verdict=verdict)
        if not correction_note:
            raise InvalidInput("This verdict was published before: say what the correction changes.")
    kind = VerdictVersion.Kind.CORRECTION if republishing else VerdictVersion.Kind.PUBLISHED
    public = _snapshot(verdict, kind=kind, edited_by=actor, note=correction_note)
    verdict.published_at = verdict.published_at or timezone.now()
    verdict.public_version = public
    verdict.save(update_fields=["published_at", "public_version", "updated_at"])
    record_move(claim, move=Move.PUBLISH, actor=actor, to_status=to_status, note=correction_note)
    _notify_published(claim, verdict, actor, correction=republishing)
    webhooks.emit(
        "verdict.corrected" if republishing else "verdict.published", _verdict_payload(verdict, correction_note)
    )
    reader_requests.verdict_out(claim_id=claim.pk)  # readers who asked hear back, after commit
    return verdict


def _notify_published(claim: Claim, verdict: Verdict, actor: AuthUser, *, correction: bool) -> None:
    """Published: everyone who worked on the verdict (assignee, author, approver)."""
    what = "a correction of the verdict" if correction else "the verdict"
    notifications.notify(
        kind="published",
        claim=claim,
        actor=actor,
        recipients=[claim.assignee, verdict.author, verdict.last_edited_by, verdict.approved_by],
        message=f"{actor.get_username()} published {what} on claim {claim.pk}: "
        f"{verdict.rating.label}: {verdict.headline[:200]}",
    )


def _verdict_payload(verdict: Verdict, note: str = "") -> dict:
    return {
        # No request here: the public page on the configured address (VERIFY_DESK_URL).
        "url": verdict_url(verdict.claim),
        "claim": verdict.claim_id,
        "claim_text": verdict.claim.text,
        "claim_reviewed": verdict.claim.headline,
        "claimant": verdict.claim.claimant,
        "rating": verdict.rating.label,
        "rating_value": verdict.rating.value,
        "headline": verdict.headline,
        "version": verdict.version,
        "published_at": verdict.published_at,
        "correction_note": note,
    }


@transaction.atomic
def claim_reopen_for_correction(
    *, claim: Claim | int, actor: AuthUser, note: str, expected_version: int | None = None
) -> Claim:
    """Take a published claim back into review for a larger correction.

    Readers keep seeing the last published version until it is republished.
    """
    _require_note(Move.REOPEN_FOR_CORRECTION, note)
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.REOPEN_FOR_CORRECTION, actor)
    verdict = _verdict_of(claim)
    _withdraw_approval(verdict)
    return record_move(claim, move=Move.REOPEN_FOR_CORRECTION, actor=actor, to_status=to_status, note=note)


@transaction.atomic
def verdict_correct(
    *,
    claim: Claim | int,
    actor: AuthUser,
    note: str,
    rating: Rating | None = None,
    headline: str | None = None,
    explanation: str | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """An editor corrects a published verdict: a new version with a note for readers.

    The correction goes through the two-person rule like the first publication: the claim
    waits for approval (published → awaiting approval) while readers keep seeing the
    published version, and a second editor approves it before it is published. A desk that
    allows one-person corrections (``DeskSettings.one_person_corrections``) publishes it at
    once, approved by the corrector alone, and the public page names them.
    """
    _require_note(Move.CORRECT, note)
    claim = lock_claim(claim, expected_version)
    to_status = _check_move(claim, Move.CORRECT, actor)
    verdict = _verdict_of(claim)
    if rating is not None:
        if rating.scale_id != verdict.rating.scale_id:
            raise InvalidInput(f"The rating {rating.label!r} is not on this verdict's scale.")
        verdict.rating = rating
    if headline is not None:
        if not headline.strip():
            raise InvalidInput("A verdict needs a headline.")
        if len(headline.strip()) > 300:
            raise InvalidInput(f"The headline is {len(headline.strip())} characters; the limit is 300.")
        verdict.headline = headline.strip()
    if explanation is not None:
        if not explanation.strip():
            # Never publish an empty explanation: leaving it out keeps the published one.
            raise InvalidInput(
                "A corrected verdict needs an explanation: write the corrected one, or leave the "
                "published explanation as it is.",
                extra={"field": "explanation"},
            )
        verdict.explanation = explanation
    alone = one_person_corrections()
    verdict.version += 1
    verdict.last_edited_by = actor
    verdict.approved_by = actor if alone else None
    verdict.approved_at = timezone.now() if alone else None
    verdict.approved_alone = alone
    if alone:
        verdict.public_version = _snapshot(verdict, kind=VerdictVersion.Kind.CORRECTION, edited_by=actor, note=note)
        verdict.save()
        record_move(
            claim, move=Move.CORRECT, actor=actor, to_status=ClaimStatus.PUBLISHED, note=note, data={"one_person": True}
        )
        _notify_published(claim, verdict, actor, correction=True)
        webhooks.emit("verdict.corrected", _verdict_payload(verdict, note))
        reader_requests.verdict_out(claim_id=claim.pk)  # readers answered with it hear of the correction
    else:
        verdict.save()
        _snapshot(verdict, kind=VerdictVersion.Kind.DRAFT, edited_by=actor, note=note)
        _notify_approvers(
            claim,
            verdict,
            actor,
            f"{actor.get_username()} asks for approval of a correction on claim {claim.pk}: {note.strip()[:200]}",
        )
        record_move(claim, move=Move.CORRECT, actor=actor, to_status=to_status, note=note)
    return verdict


@transaction.atomic
def evidence_add(
    *,
    claim: Claim | int,
    actor: AuthUser,
    source_kind: str,
    stance: str,
    url: str = "",
    title: str = "",
    quote: str = "",
) -> Evidence:
    """Attach evidence to a claim under review (or triaged, to start early)."""
    claim = lock_claim(claim, None)
    require_permission(actor, "review_claim", "add evidence")
    if claim.status not in EVIDENCE_STATES:
        raise InvalidTransition(
            f"Evidence can be added while a claim is triaged or in review; it is "
            f"{ClaimStatus(claim.status).label.lower()}."
        )
    if not url.strip() and not quote.strip():
        raise InvalidInput("Evidence needs a URL or a quote.")
    if url.strip():
        url = parse_http_url(url, what="evidence URL").url
    evidence = Evidence(
        claim=claim,
        url=url.strip(),
        title=title.strip(),
        quote=quote.strip(),
        source_kind=source_kind,
        stance=stance,
        added_by=actor,
    )
    try:
        # Not the URL: parse_http_url checked it above, the one URL rule of the desk (Django's own
        # validator refuses hosts the rest of the desk accepts).
        evidence.full_clean(exclude=["claim", "added_by", "url"])
    except ValidationError as exc:  # the model's own field checks → our domain error
        raise InvalidInput(_flatten_validation(exc)) from exc
    if evidence.url:
        evidence.archive_status = Evidence.ArchiveStatus.PENDING
    evidence.save()
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.EVIDENCE_ADDED,
        data={"evidence": evidence.pk, "stance": stance, "url": evidence.url},
    )
    if evidence.url:
        pk = evidence.pk
        # After commit, and never failing the request: a broker that is down leaves the evidence
        # pending for the periodic re-send (the outbox), so a retrying client makes no duplicate.
        transaction.on_commit(lambda: archive_send(evidence_id=pk))
    return evidence


@transaction.atomic
def comment_add(*, claim: Claim | int, actor: AuthUser, body: str) -> Comment:
    """Comment on a claim; @username mentions are recorded for the inbox."""
    body = body.strip()
    if not body:
        raise InvalidInput("The comment is empty.")
    if len(body) > 10_000:
        raise InvalidInput(f"The comment is {len(body)} characters; the limit is 10,000.")
    claim = lock_claim(claim, None)
    require_permission(actor, "add_comment", "comment")
    comment = Comment.objects.create(claim=claim, author=actor, body=body)
    names = set(notifications.MENTION.findall(body))
    if names:
        mentioned = list(notifications.mentioned_users(body))
        comment.mentions.set(mentioned)
        notifications.notify(
            kind="mention",
            claim=claim,
            actor=actor,
            recipients=mentioned,
            message=f"{actor.get_username()} mentioned you on claim {claim.pk}: {body[:300]}",
        )
    ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.COMMENTED,
        data={"comment": comment.pk, "mentions": sorted(names)},
    )
    return comment


def _flatten_validation(exc) -> str:
    messages = getattr(exc, "message_dict", None)
    if messages:
        return "; ".join(f"{field}: {' '.join(errs)}" for field, errs in messages.items())
    return " ".join(getattr(exc, "messages", [str(exc)]))


def claim_move(
    *,
    move: str,
    claim: Claim | int,
    actor: AuthUser,
    expected_version: int | None = None,
    note: str = "",
    reason: str = "",
    duplicate_of: Claim | int | None = None,
    assignee: AuthUser | None = None,
    rating: Rating | None = None,
    headline: str | None = None,
    explanation: str | None = None,
):
    """Make the workflow move named ``move``: the one dispatcher for the UI, the API and the admin.

    ``assignee`` defaults to the actor (a checker taking the claim); a
    ``request_changes`` note is the comment; a ``publish`` note is the
    correction note when the verdict was published before.
    """
    known = Move.requested_named(move)
    if known is None:
        raise InvalidInput(f"Unknown move {move!r}; moves are {', '.join(Move.workflow())}.")
    move = known
    common: dict[str, Any] = {"claim": claim, "actor": actor, "expected_version": expected_version}
    if move == Move.ASSIGN:
        return claim_assign(**common, assignee=assignee or actor, note=note)
    if move == Move.DISMISS:
        return claim_dismiss(**common, reason=reason, note=note, duplicate_of=duplicate_of)
    if move == Move.REQUEST_CHANGES:
        return claim_request_changes(**common, comment=note)
    if move == Move.PUBLISH:
        return verdict_publish(**common, correction_note=note)
    if move == Move.CORRECT:
        # None keeps the published words; an empty headline or explanation is refused, never published.
        return verdict_correct(**common, note=note, rating=rating, headline=headline, explanation=explanation)
    simple: dict[str, Callable[..., Claim | Verdict]] = {
        Move.TRIAGE: claim_triage,
        Move.REOPEN: claim_reopen,
        Move.SUBMIT: claim_submit,
        Move.APPROVE: verdict_approve,
        Move.REOPEN_FOR_CORRECTION: claim_reopen_for_correction,
    }
    return simple[move](**common, note=note)
