"""The review workflow: every move × every role, wrong states, two-person rule, stale saves."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from factories import claim_in_state, correct_published, make_claim, rating

from claims.choices import ClaimStatus
from claims.errors import InvalidInput, InvalidTransition, NotPermitted, StaleVersion
from claims.models import Claim, ClaimEvent, Comment, Verdict, VerdictVersion
from claims.moves import Move
from claims.services import workflow

# The transitions of DOMAIN.md's workflow, written out here rather than read from the table
# under test (claims.moves.Move): move → (the states it starts from, the state it leads to).
#
#     new ──► triaged ──► in_review ──► awaiting_approval ──► published
#      │         │            │   ▲              │                 │
#      └► dismissed ◄─────────┘   └──── changes requested ◄────────┘ (correction)
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "triage": ({"new"}, "triaged"),
    "dismiss": ({"new", "triaged", "in_review"}, "dismissed"),
    # The desk's own addition: an editor takes back a dismissal (the claim is triaged again).
    "reopen": ({"dismissed"}, "triaged"),
    # Assigning a claim in review again hands it to another checker.
    "assign": ({"triaged", "in_review"}, "in_review"),
    "submit": ({"in_review"}, "awaiting_approval"),
    # Approval is recorded on the verdict; the claim waits for "publish".
    "approve": ({"awaiting_approval"}, "awaiting_approval"),
    "request_changes": ({"awaiting_approval"}, "in_review"),
    "publish": ({"awaiting_approval"}, "published"),
    # A correction: back to review, or straight to a second editor's approval.
    "reopen_for_correction": ({"published"}, "in_review"),
    "correct": ({"published"}, "awaiting_approval"),
}
ALL_MOVES = list(TRANSITIONS)
ALLOWED = {
    "nobody": set(),
    "viewer": set(),
    "checker": {"triage", "dismiss", "assign", "submit"},
    "editor": set(ALL_MOVES),
    "admin": set(ALL_MOVES),
}
# The state each move starts from in the matrix ("approved" = awaiting approval, approved).
START = {
    "triage": "new",
    "dismiss": "new",
    "reopen": "dismissed",
    "assign": "triaged",
    "submit": "in_review",
    "approve": "awaiting_approval",
    "request_changes": "awaiting_approval",
    "publish": "approved",
    "reopen_for_correction": "published",
    "correct": "published",
}


def do_move(move: str, claim: Claim, actor):
    """Make ``move`` with the arguments a person would give."""
    calls = {
        "triage": lambda: workflow.claim_triage(claim=claim, actor=actor),
        "dismiss": lambda: workflow.claim_dismiss(claim=claim, actor=actor, reason="not_checkable"),
        "reopen": lambda: workflow.claim_reopen(claim=claim, actor=actor, note="Checkable after all"),
        "assign": lambda: workflow.claim_assign(claim=claim, actor=actor, assignee=actor),
        "submit": lambda: workflow.claim_submit(claim=claim, actor=actor),
        "approve": lambda: workflow.verdict_approve(claim=claim, actor=actor),
        "request_changes": lambda: workflow.claim_request_changes(
            claim=claim, actor=actor, comment="Cite the satellite images"
        ),
        "publish": lambda: workflow.verdict_publish(claim=claim, actor=actor),
        "reopen_for_correction": lambda: workflow.claim_reopen_for_correction(
            claim=claim, actor=actor, note="New figures from the ministry"
        ),
        "correct": lambda: workflow.verdict_correct(
            claim=claim, actor=actor, note="Fixed the date", headline="False: corrected headline"
        ),
    }
    return calls[move]()


def actor_for(role: str, users):
    return users["checker"] if role == "checker" else users[role]


@pytest.mark.parametrize("move", ALL_MOVES)
@pytest.mark.parametrize("role", list(ALLOWED))
def test_every_move_for_every_role(db, users, role, move):
    # The checker is the assignee and verdict author; editor2 approves, so
    # "editor" (users["editor"]) is never the author of what it approves.
    claim = claim_in_state(START[move], checker=users["checker"], editor=users["editor2"])
    actor = actor_for(role, users)
    before = ClaimEvent.objects.filter(claim=claim).count()
    if move in ALLOWED[role]:
        do_move(move, claim, actor)
        after = Claim.objects.get(pk=claim.pk)
        _from, to_state = TRANSITIONS[move]
        assert after.status == to_state
        assert after.version == claim.version + 1
        event = ClaimEvent.objects.filter(claim=claim).latest("id")
        assert (event.move, event.actor, event.to_status) == (move, actor, to_state)
    else:
        with pytest.raises(NotPermitted) as err:
            do_move(move, claim, actor)
        assert "may not" in str(err.value)
        assert Claim.objects.get(pk=claim.pk).status == claim.status
        assert ClaimEvent.objects.filter(claim=claim).count() == before


STATES = ["new", "triaged", "in_review", "awaiting_approval", "published", "dismissed"]


WRONG_STATES = [(m, s) for m in ALL_MOVES for s in STATES if s not in TRANSITIONS[m][0]]


def test_the_code_has_exactly_the_domain_moves():
    """A move added to the code needs its transition written out above, and the other way round."""
    assert set(Move.workflow()) == set(TRANSITIONS)
    assert {move: (set(move.from_states), move.to_state) for move in Move.workflow()} == TRANSITIONS


# The API token scope each move needs: an approver's and a publisher's moves need "publish".
SCOPES = {
    "triage": "review",
    "dismiss": "review",
    "reopen": "review",
    "assign": "review",
    "submit": "review",
    "approve": "publish",
    "request_changes": "publish",
    "publish": "publish",
    "reopen_for_correction": "publish",
    "correct": "publish",
}


def test_each_move_declares_its_scope_and_a_label():
    assert {move: move.scope for move in Move.workflow()} == SCOPES
    labels = [move.label for move in Move]
    assert all(labels) and len(set(labels)) == len(labels)


def test_a_system_move_is_not_requested_by_name(db, users):
    """undo_duplicate is the matching's own move: the dispatcher, the desk and the API refuse it."""
    assert Move.requested_named("undo_duplicate") is None and Move.UNDO_DUPLICATE not in Move.workflow()
    claim = claim_in_state("dismissed", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidInput, match="Unknown move 'undo_duplicate'"):
        workflow.claim_move(move="undo_duplicate", claim=claim, actor=users["editor"])


DOMAIN_PAIRS = sorted((move, state) for move, (starts, _to) in TRANSITIONS.items() for state in starts)


@pytest.mark.parametrize(("move", "state"), DOMAIN_PAIRS)
def test_every_transition_of_the_domain_is_made(db, users, move, state):
    # "publish" starts from an approved verdict; the editor who approved is not its author.
    claim = claim_in_state(
        "approved" if move == "publish" else state, checker=users["checker"], editor=users["editor2"]
    )
    do_move(move, claim, users["editor"])
    assert Claim.objects.get(pk=claim.pk).status == TRANSITIONS[move][1]


@pytest.mark.parametrize("move", [m for m in Move.workflow() if m.needs_note])
def test_a_move_that_needs_a_note_is_refused_by_the_service_without_one(db, users, move):
    """Move.needs decides for the service as for the desk's forms: no note, no move, nothing changed."""
    state = move.from_states[0]
    claim = claim_in_state(state, checker=users["checker"], editor=users["editor2"])
    with pytest.raises(InvalidInput):
        workflow.claim_move(move=move, claim=claim, actor=users["editor"], note="  ")
    assert Claim.objects.get(pk=claim.pk).status == state
    assert not ClaimEvent.objects.filter(claim=claim, move=move).exists()


@pytest.mark.parametrize(("move", "state"), WRONG_STATES)
def test_move_from_a_state_it_does_not_start_from_is_refused(db, users, move, state):
    claim = claim_in_state(state, checker=users["checker"], editor=users["editor2"])
    with pytest.raises(InvalidTransition) as err:
        do_move(move, claim, users["admin"])
    message = str(err.value)
    assert ClaimStatus(state).label.lower() in message
    assert move.replace("_", " ") in message
    assert "admin" in message
    assert Claim.objects.get(pk=claim.pk).status == state


def test_checker_cannot_approve_own_verdict_even_as_editor(db, users):
    editor = users["editor"]
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor2"])
    workflow.claim_assign(claim=claim, actor=editor, assignee=editor)
    workflow.verdict_save(claim=claim, actor=editor, rating=rating(), headline="False: no")
    workflow.claim_submit(claim=claim, actor=editor)
    with pytest.raises(NotPermitted, match="Two-person rule"):
        workflow.verdict_approve(claim=claim, actor=editor)
    verdict = workflow.verdict_approve(claim=claim, actor=users["editor2"])
    assert verdict.approved_by == users["editor2"]


def test_database_refuses_a_verdict_approved_by_its_author(db, users):
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(claim=claim).update(approved_by=users["checker"])


def test_unapproved_verdict_cannot_be_published(db, users):
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidTransition, match="approve it first"):
        workflow.verdict_publish(claim=claim, actor=users["editor"])


def test_checker_can_only_assign_to_themselves(db, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    with pytest.raises(NotPermitted, match="only to themselves"):
        workflow.claim_assign(claim=claim, actor=users["checker"], assignee=users["checker2"])
    workflow.claim_assign(claim=claim, actor=users["checker"], assignee=users["checker"])
    with pytest.raises(NotPermitted, match="assigned to chris"):
        workflow.claim_assign(claim=claim, actor=users["checker2"], assignee=users["checker2"])
    workflow.claim_assign(claim=claim, actor=users["editor"], assignee=users["checker2"])
    assert Claim.objects.get(pk=claim.pk).assignee == users["checker2"]


def test_viewer_cannot_be_assigned(db, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidInput, match="cannot be assigned"):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=users["viewer"])


def test_only_assignee_or_editor_writes_and_submits_the_verdict(db, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with pytest.raises(NotPermitted, match="assigned checker"):
        workflow.verdict_save(claim=claim, actor=users["checker2"], rating=rating(), headline="Mine")
    with pytest.raises(NotPermitted, match="assigned checker"):
        workflow.claim_submit(claim=claim, actor=users["checker2"])


def test_submit_needs_a_verdict(db, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    workflow.claim_assign(claim=claim, actor=users["checker"], assignee=users["checker"])
    with pytest.raises(InvalidTransition, match="no verdict"):
        workflow.claim_submit(claim=claim, actor=users["checker"])


def test_stale_claim_version_is_refused_not_overwritten(db, users):
    claim = make_claim()
    loaded_version = claim.version
    workflow.claim_triage(claim=claim, actor=users["checker"], expected_version=loaded_version)
    with pytest.raises(StaleVersion, match="changed by someone else"):
        workflow.claim_dismiss(
            claim=claim,
            actor=users["checker2"],
            reason="not_important",
            expected_version=loaded_version,
        )
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.TRIAGED


def test_stale_verdict_edit_is_refused_and_keeps_the_first_edit(db, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    verdict = claim.verdict
    loaded = verdict.version
    workflow.verdict_save(
        claim=claim,
        actor=users["checker"],
        rating=rating("mostly-false"),
        headline="First edit",
        expected_version=loaded,
    )
    with pytest.raises(StaleVersion, match="Your text is kept"):
        workflow.verdict_save(
            claim=claim, actor=users["editor"], rating=rating("true"), headline="Second edit", expected_version=loaded
        )
    assert Verdict.objects.get(pk=verdict.pk).headline == "First edit"


def test_every_verdict_change_keeps_the_earlier_version(db, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating("half-true"), headline="Second")
    kinds = list(VerdictVersion.objects.filter(verdict=claim.verdict).values_list("headline", "kind"))
    assert kinds == [("False: it did not happen", "draft"), ("Second", "draft")]


def test_dismiss_keeps_the_reason_and_duplicate_names_the_original(db, users):
    original = make_claim()
    claim = make_claim()
    with pytest.raises(InvalidInput, match="Name the claim"):
        workflow.claim_dismiss(claim=claim, actor=users["checker"], reason="duplicate")
    with pytest.raises(InvalidInput, match="Unknown dismiss reason"):
        workflow.claim_dismiss(claim=claim, actor=users["checker"], reason="boring")
    with pytest.raises(InvalidInput, match="reason is 'other'"):
        workflow.claim_dismiss(claim=claim, actor=users["checker"], reason="other")
    workflow.claim_dismiss(claim=claim, actor=users["checker"], reason="duplicate", duplicate_of=original)
    claim.refresh_from_db()
    assert (claim.status, claim.dismiss_reason, claim.duplicate_of) == ("dismissed", "duplicate", original)


def test_request_changes_needs_a_comment_and_clears_approval(db, users):
    claim = claim_in_state("approved", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidInput, match="comment is required"):
        workflow.claim_request_changes(claim=claim, actor=users["editor2"], comment=" ")
    workflow.claim_request_changes(claim=claim, actor=users["editor2"], comment="Add the source")
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert claim.verdict.approved_by is None
    assert Comment.objects.get(claim=claim).body == "Add the source"


def test_correction_after_publishing_is_kept_with_its_note(db, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidInput, match="note"):
        workflow.verdict_correct(claim=claim, actor=users["editor"], note="", headline="x")
    correct_published(
        claim,
        corrector=users["editor"],
        approver=users["editor2"],
        rating=rating("mostly-false"),
        note="The figure was 2,000, not 3,000",
    )
    versions = list(claim.verdict.versions.values_list("kind", "note"))
    assert versions[-1] == ("correction", "The figure was 2,000, not 3,000")
    assert ("published", "") in versions


def test_reopened_correction_needs_a_note_to_republish(db, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    workflow.claim_reopen_for_correction(claim=claim, actor=users["editor"], note="New data")
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating("half-true"), headline="Half true now")
    workflow.claim_submit(claim=claim, actor=users["checker"])
    workflow.verdict_approve(claim=claim, actor=users["editor2"])
    with pytest.raises(InvalidInput, match="correction"):
        workflow.verdict_publish(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"], correction_note="Rating changed after new data")
    claim.refresh_from_db()
    assert claim.status == "published"
    assert claim.verdict.versions.last().kind == "correction"


def test_comment_mentions_are_recorded(db, users):
    claim = make_claim()
    comment = workflow.comment_add(claim=claim, actor=users["checker"], body="@edith can you look? cc @nobody-here")
    assert list(comment.mentions.all()) == [users["editor"]]
    with pytest.raises(NotPermitted):
        workflow.comment_add(claim=claim, actor=users["viewer"], body="hi")


def test_evidence_needs_url_or_quote_and_a_claim_in_work(db, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with pytest.raises(InvalidInput, match="URL or a quote"):
        workflow.evidence_add(claim=claim, actor=users["checker"], source_kind="document", stance="refutes")
    with pytest.raises(InvalidInput, match="url"):
        workflow.evidence_add(
            claim=claim, actor=users["checker"], source_kind="document", stance="refutes", url="not a url"
        )
    evidence = workflow.evidence_add(
        claim=claim,
        actor=users["checker"],
        source_kind="official_data",
        stance="refutes",
        url="https://example.org/data",
        title="Data",
    )
    assert evidence.claim == claim
    new_claim = make_claim()
    with pytest.raises(InvalidTransition):
        workflow.evidence_add(
            claim=new_claim, actor=users["checker"], source_kind="media", stance="supports", quote="a quote"
        )


def test_a_checker_cannot_dismiss_another_checkers_claim_in_review(db, users, client):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    assert Verdict.objects.filter(claim=claim).exists()  # a draft verdict is at stake
    with pytest.raises(NotPermitted, match=r"Only the assigned checker \(chris\) or an editor may dismiss"):
        workflow.claim_dismiss(claim=claim, actor=users["checker2"], reason="not_important")
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    # The desk offers no dismiss button to the other checker, and refuses the post.
    client.force_login(users["checker2"])
    page = client.get(f"/claims/{claim.pk}/")
    assert "dismiss" not in page.context["moves"]
    client.post(f"/claims/{claim.pk}/move/dismiss/", {"version": claim.version, "reason": "not_important"})
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


@pytest.mark.parametrize("who", ["checker", "editor"])
def test_the_assignee_or_an_editor_may_dismiss_a_claim_in_review(db, users, who):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    workflow.claim_dismiss(claim=claim, actor=users[who], reason="not_checkable")
    assert Claim.objects.get(pk=claim.pk).status == "dismissed"


def test_any_checker_may_still_dismiss_a_new_or_triaged_claim(db, users):
    for state in ("new", "triaged"):
        claim = claim_in_state(state, checker=users["checker"], editor=users["editor"])
        workflow.claim_dismiss(claim=claim, actor=users["checker2"], reason="not_important")
        assert Claim.objects.get(pk=claim.pk).status == "dismissed"


# --- The two-person rule by version (who edited, not who wrote first) ---------------------------


def test_an_editor_cannot_approve_their_rewrite_of_a_checkers_verdict_through_the_api(db, users):
    """The review's steps: a checker drafts and submits; the editor sends it back, rewrites rating and
    headline (the author field still names the checker), submits, and tries to approve and publish."""
    from rest_framework.test import APIClient

    from claims.services.tokens import token_create

    def api(user):
        _token, raw = token_create(user=user, name="t", scopes=["read", "review", "publish"])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    def move(client, claim_id, name, **body):
        etag = client.get(f"/api/v1/claims/{claim_id}/")["ETag"]
        return client.post(f"/api/v1/claims/{claim_id}/{name}/", body, format="json", HTTP_IF_MATCH=etag)

    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    editor = api(users["editor"])
    assert move(editor, claim.pk, "request_changes", note="Tighten it").status_code == 200
    verdict = editor.get(f"/api/v1/claims/{claim.pk}/verdict/")
    rewritten = editor.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "true", "headline": "True: my words"},
        format="json",
        HTTP_IF_MATCH=verdict["ETag"],
    )
    assert rewritten.status_code == 200 and rewritten.json()["author"] == "chris"
    assert move(editor, claim.pk, "submit").status_code == 200
    refused = move(editor, claim.pk, "approve")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Two-person rule: you edited this version of the verdict, so another editor must approve it."
    )
    assert move(editor, claim.pk, "publish").status_code == 409  # not approved, so not publishable
    assert Verdict.objects.get(claim=claim).approved_by is None
    assert move(api(users["editor2"]), claim.pk, "approve").status_code == 200
    assert move(editor, claim.pk, "publish").json()["status"] == "published"
    public = Verdict.objects.get(claim=claim).public_version
    assert (public.headline, public.approved_by, public.approved_alone) == ("True: my words", users["editor2"], False)


def test_anyone_who_edited_since_the_last_publication_cannot_approve(db, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    workflow.claim_reopen_for_correction(claim=claim, actor=users["editor"], note="New figures")
    workflow.verdict_save(claim=claim, actor=users["editor2"], rating=rating("half-true"), headline="Half true")
    workflow.verdict_save(claim=claim, actor=users["checker"], rating=rating("half-true"), headline="Half true now")
    workflow.claim_submit(claim=claim, actor=users["checker"])
    # editor2's words are still in this version, though the checker saved last.
    with pytest.raises(NotPermitted, match="you edited this version"):
        workflow.verdict_approve(claim=claim, actor=users["editor2"])
    # editor approved the first publication and edited nothing since: a second person for this version.
    assert workflow.verdict_approve(claim=claim, actor=users["editor"]).approved_by == users["editor"]


def test_database_refuses_approval_by_the_last_editor(db, users):
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    Verdict.objects.filter(claim=claim).update(last_edited_by=users["editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(claim=claim).update(approved_by=users["editor"])
    # ...unless it is a one-person correction, which the desk must allow (approved_alone).
    Verdict.objects.filter(claim=claim).update(approved_by=users["editor"], approved_alone=True)


# --- Corrections: a new version, approved by a second person (or, if the desk allows, alone) ----


def test_a_correction_waits_for_a_second_editor_while_readers_see_the_published_version(db, users, client):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    verdict = workflow.verdict_correct(
        claim=claim,
        actor=users["editor"],
        rating=rating("mostly-false"),
        headline="Mostly false: it was 2,100",
        note="The figure was 2,100.",
    )
    claim.refresh_from_db()
    assert claim.status == "awaiting_approval"
    assert verdict.approved_by is None and verdict.version == 2
    page = client.get(f"/verdicts/{claim.pk}/").content.decode()
    assert "False: it did not happen" in page and "2,100" not in page  # the published version still
    with pytest.raises(NotPermitted, match="you edited this version"):
        workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_approve(claim=claim, actor=users["editor2"])
    workflow.verdict_publish(claim=claim, actor=users["editor2"])  # the note given with the correction
    verdict.refresh_from_db()
    assert (verdict.public_version.kind, verdict.public_version.note) == ("correction", "The figure was 2,100.")
    assert (verdict.approved_by, verdict.public_version.approved_by) == (users["editor2"], users["editor2"])
    page = client.get(f"/verdicts/{claim.pk}/").content.decode()
    assert "Mostly false: it was 2,100" in page and "The figure was 2,100." in page
    assert "alone" not in page  # two people: no name on the public page


def test_the_correct_move_in_the_api_no_longer_shows_the_earlier_approval(db, users):
    from rest_framework.test import APIClient

    from claims.services.tokens import token_create

    claim = claim_in_state("published", checker=users["checker"], editor=users["editor2"])
    _token, raw = token_create(user=users["editor"], name="t", scopes=["read", "publish"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    etag = client.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    response = client.post(
        f"/api/v1/claims/{claim.pk}/correct/",
        {"headline": "False: corrected", "note": "Typo"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "awaiting_approval"
    assert response.json()["verdict"]["approved"] is False


def test_one_person_corrections_when_the_desk_allows_them_name_the_corrector(db, users, client):
    from claims.services.desk import desk_settings_update

    desk_settings_update(
        actor=users["admin"],
        checkworthy_threshold=None,
        match_suggest_threshold=None,
        match_auto_threshold=None,
        one_person_corrections=True,
    )
    users["editor2"].first_name, users["editor2"].last_name = "Eddie", "Ng"
    users["editor2"].save()
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    verdict = workflow.verdict_correct(
        claim=claim, actor=users["editor2"], headline="False: corrected alone", note="A date was wrong."
    )
    claim.refresh_from_db()
    assert claim.status == "published"
    assert (verdict.approved_by, verdict.approved_alone) == (users["editor2"], True)
    public = verdict.public_version
    assert (public.kind, public.approved_by, public.approved_alone) == ("correction", users["editor2"], True)
    page = client.get(f"/verdicts/{claim.pk}/").content.decode()
    assert "False: corrected alone" in page
    assert "corrected by Eddie Ng alone, without a second editor's review" in page
    atom = client.get("/feeds/verdicts.atom").content.decode()
    assert "Corrected by Eddie Ng alone" in atom


def test_the_settings_page_switches_one_person_corrections_and_logs_it(db, users, client):
    from django.contrib.admin.models import LogEntry

    from claims.models import DeskSettings

    client.force_login(users["admin"])
    page = client.get("/settings/").content.decode()
    assert "One-person corrections" in page
    client.post("/settings/", {"thresholds": "1", "one_person_corrections": "on"})
    assert DeskSettings.objects.get().one_person_corrections is True
    assert "one-person corrections allowed" in LogEntry.objects.latest("pk").change_message
    client.post("/settings/", {"thresholds": "1"})
    assert DeskSettings.objects.get().one_person_corrections is False
