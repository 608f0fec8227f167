"""The review desk's claim pages: the queue and its bulk actions, the claim page and every
change made from it (moves, edits, verdict, evidence, comments, match decisions), archived
evidence, and the inbox.

Every view has the same shape: validate input with a form, fetch through a
selector (which checks permissions), call one service, render or redirect.
Domain errors come back as messages or form errors in their own words, the page answering with
the error's own status (form_errors.error_status; a stale version: STALE_STATUS).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from verify.exceptions import ApplicationError

from .. import selectors
from ..choices import ClaimStatus, DismissReason
from ..errors import InvalidInput, NotPermitted, StaleVersion
from ..forms import (
    MAX_EXPLANATION,
    MAX_HEADLINE,
    MAX_NOTE,
    BulkForm,
    ClaimEditForm,
    ClaimMergeForm,
    ClaimSplitForm,
    CommentForm,
    EvidenceForm,
    MoveForm,
    QueueFilterForm,
    VerdictForm,
)
from ..models import Claim, ClaimMatch, Evidence
from ..moves import Move
from ..services import editing, matching, workflow
from ..services import evidence as evidence_service
from . import public
from .access import desk_view
from .form_errors import add_service_error, error_status, service_errors_to_form
from .paging import CappedPaginator


def claim_or_404(request: HttpRequest, pk: int) -> Claim:
    """The claim ``pk`` if the user may see it (selectors.claim_get_for_user): else 404, or 403 saying why."""
    try:
        return selectors.claim_get_for_user(user=request.user, pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc


@desk_view()
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, user=request.user)
    params = form.cleaned_data if form.is_valid() else {}
    claims = selectors.claim_queue_filtered(user=request.user, params=params)
    cap = selectors.QUEUE_COUNT_CAP  # counts stop there: "10000+"
    page = CappedPaginator(claims, 50, cap=cap).get_page(request.GET.get("page"))
    suggestions = selectors.pending_suggestions(claim_ids=[claim.pk for claim in page])
    checked = selectors.checked_elsewhere(claim_ids=[claim.pk for claim in page])
    for claim in page:
        claim.suggestions = suggestions.get(claim.pk, [])
        claim.checked_elsewhere = checked.get(claim.pk)
    counts = selectors.claim_state_counts(user=request.user, include_hidden=bool(params.get("hidden")), cap=cap)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/queue.html",
        {
            "form": form,
            "page": page,
            "state_counts": [
                (value, label, counts[value] if counts[value] <= cap else f"{cap}+")
                for value, label in ClaimStatus.choices
            ],
            "query": query.urlencode(),
            "bulk_actions": BulkForm.ACTIONS,
            "max_note": MAX_NOTE,
            "dismiss_reasons": DismissReason.choices,
        },
    )


@desk_view()
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_or_404(request, pk)
    return _render_claim(request, claim)


def _render_claim(
    request,
    claim: Claim,
    *,
    verdict_form=None,
    evidence_form=None,
    comment_form=None,
    preview=None,
    stale=None,
    status=200,
    edit_form=None,
    split_form=None,
    merge_form=None,
    move_error=None,
):
    data = selectors.claim_page_data(claim=claim)
    verdict = data["verdict"]
    if verdict_form is None:
        initial = {"verdict_version": verdict.version if verdict else 0}
        if verdict:
            initial.update(
                rating=verdict.rating_id,
                headline=verdict.headline,
                explanation=verdict.explanation,
                evidence=[e.pk for e in verdict.evidence.all()],
            )
        verdict_form = VerdictForm(initial=initial, claim=claim)
    text = claim.article.text
    context = {
        "claim": claim,
        "before": text[max(0, claim.sentence_start - 300) : claim.sentence_start],
        "sentence_before": text[claim.sentence_start : claim.start],
        "sentence_after": text[claim.end : claim.sentence_end],
        "after": text[claim.sentence_end : claim.sentence_end + 300],
        **selectors.claim_abilities(user=request.user, claim=claim, verdict=verdict),
        "max_note": MAX_NOTE,
        "max_headline": MAX_HEADLINE,
        "max_explanation": MAX_EXPLANATION,
        "can_review": request.user.has_perm("claims.review_claim"),
        "can_comment": request.user.has_perm("claims.add_comment"),
        "can_decide_matches": request.user.has_perm("claims.triage_claim"),
        "verdict_form": verdict_form,
        "evidence_form": evidence_form or EvidenceForm(),
        "comment_form": comment_form or CommentForm(),
        "dismiss_reasons": MoveForm.base_fields["reason"].choices,  # "Choose…" first
        "edit_form": edit_form
        or ClaimEditForm(
            initial={
                "version": claim.version,
                "standalone": claim.headline,
                "claimant": claim.claimant,
                "claim_type": claim.claim_type,
            }
        ),
        "split_form": split_form or ClaimSplitForm(initial={"version": claim.version, "standalone": claim.headline}),
        "merge_form": merge_form or ClaimMergeForm(initial={"version": claim.version}),
        "reviewers": _reviewers() if request.user.has_perm("claims.assign_claim") else [],
        "preview": preview,
        "stale": stale,
        "move_error": move_error,
        "correction": _correction_values(verdict, move_error),
        "neighbours": selectors.claim_neighbours(claim=claim),
        "ratings": list(verdict.rating.scale.ratings.all()) if verdict else [],
        "public_links": public.desk_links(request, claim) if verdict and verdict.public_version_id else None,
        **data,
    }
    return render(request, "claims/claim.html", context, status=status)


def _correction_values(verdict, move_error) -> dict:
    """What the Correct move's form shows: what was typed when the correction was refused, else the
    verdict as it stands (and no note yet)."""
    if move_error and move_error["move"] == "correct":
        return move_error["typed"]
    if verdict is None:
        return {}
    return {"rating": verdict.rating_id, "headline": verdict.headline, "explanation": verdict.explanation, "note": ""}


def _reviewers():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="review_claim")
        .distinct()
        .order_by("username")
    )


@desk_view()
@require_POST
def claim_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    claim = claim_or_404(request, pk)
    requested = Move.requested_named(move)
    if requested is None:
        raise Http404("No such move.")
    form = MoveForm(request.POST, move=requested)
    if not form.is_valid():
        return _refuse_move(request, pk, form, message=form.message(), status=error_status(form))
    data = dict(form.cleaned_data)
    for field in ("headline", "explanation"):  # a correction's words: left out, the published ones stay
        if field not in request.POST:
            data[field] = None
    try:
        _do_move(move, claim=claim, actor=request.user, data=data)
    except StaleVersion as exc:
        # Show what the others did since this page was loaded, and what this person tried.
        claim, stale, _resubmit = _stale(request, pk, exc, attempt=move, version=data["version"], note=data["note"])
        return _render_claim(request, claim, stale=stale, status=STALE_STATUS)
    except ApplicationError as exc:
        return _refuse_move(request, pk, form, message=str(exc), status=exc.status)
    messages.success(request, f"Done: {move.replace('_', ' ')}.")
    return redirect("claim", pk=claim.pk)


def _refuse_move(request: HttpRequest, pk: int, form: MoveForm, *, message: str, status: int) -> HttpResponse:
    """The refusal in the move's own form, what was typed kept (a correction's words included)."""
    typed = {k: request.POST.get(k, "") for k in ("note", "reason", "duplicate_of", "headline", "explanation")}
    rating = form.cleaned_data.get("rating")
    typed["rating"] = rating.pk if rating else None
    messages.error(request, message)
    claim = claim_or_404(request, pk)
    move_error = {"move": form.move, "message": message, "typed": typed}
    return _render_claim(request, claim, status=status, move_error=move_error)


# A change posted from a page loaded before someone else's: the page answers 409 Conflict, not the
# API's 412 (StaleVersion.status), which answers a failed If-Match header; a page's version is a field.
STALE_STATUS = 409


def _stale(
    request: HttpRequest, pk: int, exc: StaleVersion, *, attempt: str, version: int, note: str = ""
) -> tuple[Claim, dict, QueryDict]:
    """A change refused because someone changed the claim (or, for ``attempt`` "verdict", its verdict)
    since this page was loaded with ``version``: the claim as it is now, the notice of what they did
    since (_stale.html), and what this person posted carried to the current version, so that posting
    it again knowingly replaces theirs."""
    claim = claim_or_404(request, pk)
    resubmit = request.POST.copy()
    if attempt == "verdict":
        current = selectors.claim_get_verdict(claim=claim)
        since = (
            selectors.verdict_changes_since(verdict=current, version=version)
            if current
            else {"fields": [], "events": []}
        )
        resubmit["verdict_version"] = str(current.version if current else 0)
    else:
        since = {"events": selectors.claim_events_since(claim=claim, version=version)}
        resubmit["version"] = str(claim.version)
    return claim, {"message": str(exc), "attempt": attempt, "note": note, **since}, resubmit


def _do_move(move: str, *, claim: Claim, actor, data: dict) -> None:
    assignee = None
    if data.get("assignee"):
        assignee = get_object_or_404(get_user_model(), pk=data["assignee"])
    workflow.claim_move(
        move=move,
        claim=claim,
        actor=actor,
        expected_version=data["version"],
        note=data.get("note") or "",
        reason=data.get("reason") or "",
        duplicate_of=data.get("duplicate_of"),
        assignee=assignee,
        rating=data.get("rating"),
        headline=data.get("headline"),
        explanation=data.get("explanation"),
    )


CLAIM_CHANGES = {
    # what the page posts → (its form, the service, the form's keyword in _render_claim, the message)
    "edit": (ClaimEditForm, editing.claim_edit, "edit_form", "Claim corrected."),
    "split": (ClaimSplitForm, editing.claim_split, "split_form", "Claim split in two."),
    "merge": (ClaimMergeForm, editing.claim_merge, "merge_form", "Merged: this claim is now a duplicate."),
}


@desk_view("triage_claim")
@require_POST
def claim_change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    """Edit, split or merge a claim: the form's errors stay on the page with what the user typed."""
    claim = claim_or_404(request, pk)
    form_class, service, form_name, done = CLAIM_CHANGES[change]
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, **{form_name: form})
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        # A split's empty claimant and type: the original's (None to the service).
        result = service(
            claim=claim,
            actor=request.user,
            expected_version=version,
            **{k: None if k in ("new_claimant", "new_claim_type") and not v else v for k, v in data.items()},
        )
    except StaleVersion as exc:
        # What the user typed is kept, now on the current version: saving again knowingly replaces theirs.
        claim, stale, resubmit = _stale(request, pk, exc, attempt=change, version=version, note=data.get("note") or "")
        form = form_class(resubmit)
        form.is_valid()
        return _render_claim(request, claim, stale=stale, status=STALE_STATUS, **{form_name: form})
    except ApplicationError as exc:
        add_service_error(form, exc)
        return _render_claim(request, claim, status=exc.status, **{form_name: form})
    if change == "split":
        messages.success(request, f"{done} The new claim is #{result[1].pk}.")
    else:
        messages.success(request, done)
    return redirect("claim", pk=claim.pk)


@desk_view("review_claim")
@require_POST
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_or_404(request, pk)
    form = VerdictForm(request.POST, claim=claim)
    if not form.is_valid():
        return _render_claim(request, claim, verdict_form=form, status=400)
    data = form.cleaned_data
    if "preview" in request.POST:
        return _render_claim(request, claim, verdict_form=form, preview=data)
    try:
        workflow.verdict_save(
            claim=claim,
            actor=request.user,
            rating=data["rating"],
            headline=data["headline"],
            explanation=data["explanation"],
            evidence=list(data["evidence"]),
            expected_version=data.get("verdict_version"),
        )
    except StaleVersion as exc:
        # Keep what the user typed, show what the others changed, and let a
        # second save knowingly replace their version.
        claim, stale, resubmit = _stale(request, pk, exc, attempt="verdict", version=data.get("verdict_version") or 0)
        form = VerdictForm(resubmit, claim=claim)
        form.is_valid()
        return _render_claim(request, claim, verdict_form=form, stale=stale, status=STALE_STATUS)
    except ApplicationError as exc:
        # The form keeps what the user typed; the error says what happened.
        add_service_error(form, exc)
        return _render_claim(request, claim, verdict_form=form, status=exc.status)
    messages.success(request, "Verdict saved.")
    return redirect("claim", pk=claim.pk)


@desk_view("review_claim")
@require_POST
def claim_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_or_404(request, pk)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        with service_errors_to_form(form):
            workflow.evidence_add(claim=claim, actor=request.user, **form.cleaned_data)
            messages.success(request, "Evidence added.")
            return redirect("claim", pk=claim.pk)
    return _render_claim(request, claim, evidence_form=form, status=error_status(form))


@desk_view("add_comment")
@require_POST
def claim_comment(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_or_404(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        with service_errors_to_form(form):
            workflow.comment_add(claim=claim, actor=request.user, body=form.cleaned_data["body"])
            return redirect("claim", pk=claim.pk)
    return _render_claim(request, claim, comment_form=form, status=error_status(form))


@desk_view("triage_claim")
@require_POST
def claim_match(request: HttpRequest, pk: int, match_id: int, decision: str) -> HttpResponse:
    claim = claim_or_404(request, pk)
    decide = {"confirm": matching.match_confirm, "reject": matching.match_reject}.get(decision)
    match = get_object_or_404(ClaimMatch, pk=match_id, claim=claim)
    if decide is None:
        raise Http404("No such decision.")
    try:
        decided = decide(match=match, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _decision_message(decided, decision, was=match))
    # Decided from the queue: back to the same page of it (a local path only).
    back = _safe_next(request)
    return redirect(back) if back else redirect("claim", pk=claim.pk)


def _decision_message(decided: ClaimMatch, decision: str, *, was: ClaimMatch) -> str:
    target = f"#{decided.matched_claim_id}" if decided.matched_claim_id else "the other fact-checker's verdict"
    if decision == "confirm":
        return f"Claim #{decided.claim_id} confirmed as the same claim as {target}."
    if was.tier == ClaimMatch.Tier.AUTO and was.decision == ClaimMatch.Decision.CONFIRMED:
        return f"Undone: claim #{decided.claim_id} is no longer linked to {target}."
    return f"Declined: claim #{decided.claim_id} is not the same claim as {target}."


@desk_view("triage_claim")
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_safe_next(request) or "queue")
    data = form.cleaned_data
    done = 0
    # Merging into a claim that is selected too: the others are merged into it, it stays.
    chosen = [pk for pk in data["claims"] if not (data["action"] == "duplicate" and pk == data["duplicate_of"])]
    for claim in Claim.objects.filter(pk__in=chosen).order_by("pk"):
        try:
            _bulk_one(data, claim=claim, actor=request.user)
            done += 1
        except ApplicationError as exc:
            messages.error(request, f"Claim {claim.pk}: {exc}")
    if done and data["action"] == "duplicate":
        messages.success(request, f"Merged into #{data['duplicate_of']}: {done} claim(s).")
    elif done:
        messages.success(request, f"{dict(BulkForm.ACTIONS)[data['action']].rstrip('…#').strip()}: {done} claim(s).")
    return redirect(_safe_next(request) or "queue")


def _bulk_one(data: dict, *, claim: Claim, actor) -> None:
    action = data["action"]
    assignee = None
    if action == "assign":
        assignee = get_user_model().objects.filter(pk=data.get("assignee")).first()
        if assignee is None:
            raise InvalidInput("Choose whom to assign the claims to.")
    workflow.claim_move(
        move=BulkForm.MOVES[action],
        claim=claim,
        actor=actor,
        note=data.get("note") or "",
        assignee=assignee,
        reason="duplicate" if action == "duplicate" else data.get("reason") or "",
        duplicate_of=data.get("duplicate_of"),
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    # Only a path on this site, and nothing a header cannot carry.
    if not target.startswith("/") or not target.isprintable():
        return ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""


@desk_view()
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/inbox.html", selectors.inbox_for(user=request.user))


@desk_view()
@require_GET
def evidence_archive(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("claim"), pk=pk)
    return render(request, "claims/evidence_archive.html", {"evidence": evidence})


@desk_view("review_claim")
@require_POST
def evidence_archive_retry(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    claim_or_404(request, evidence.claim_id)  # the claim's access rules hold for its evidence
    try:
        evidence_service.evidence_archive_retry(evidence=evidence, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Archiving {evidence.url} again.")
    back = _safe_next(request)
    return redirect(back) if back else redirect("claim", pk=evidence.claim_id)
