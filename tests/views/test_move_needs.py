"""Issue 24 on the claim page: what a move needs from the person (a note, a reason) is declared once, on
``Move`` (claims/moves.py); the page asks for it from there and MoveForm refuses the move without it
before any service runs. A service's refusal answers with its own status (409: the claim's state does
not allow it; 403: the role may not), a form's own error with 400."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import claim_in_state, make_claim

from claims.forms import MAX_NOTE, BulkForm, MoveForm, VerdictForm
from claims.models import Claim
from claims.moves import Move

# Written out from the services' own checks (services/workflow.py): the moves refused without a note,
# and the question the page asks for it; the moves refused without a reason.
NEEDS_NOTE = {
    "reopen": "Why",
    "request_changes": "What should change",
    "reopen_for_correction": "Why",
    "correct": "What the correction changes",
}
NEEDS_REASON = {"dismiss"}
# The state each note-needing move starts from, for the editor who makes it below.
STATE_FOR = {
    "reopen": "dismissed",
    "request_changes": "awaiting_approval",
    "reopen_for_correction": "published",
    "correct": "published",
}


def move_form(page: str, claim: Claim, move: str) -> str:
    """The HTML of ``move``'s form on the claim page."""
    start = page.index(f'<form method="post" action="/claims/{claim.pk}/move/{move}/"')
    return page[start : page.index("</form>", start)]


def test_the_table_says_what_each_move_needs():
    assert {move.value: move.needs.note for move in Move if move.needs_note} == NEEDS_NOTE
    assert {move.value for move in Move if move.needs_reason} == NEEDS_REASON


@pytest.mark.parametrize("move", list(Move))
def test_move_form_refuses_exactly_what_the_move_needs(db, move):
    bare = MoveForm({"version": 1, "note": "  \n "}, move=move)
    assert bare.is_valid() == (not move.needs_note and not move.needs_reason)
    assert ("note" in bare.errors) == move.needs_note
    assert ("reason" in bare.errors) == move.needs_reason
    given = MoveForm({"version": 1, "note": "The mayor's figure was for 2019", "reason": "other"}, move=move)
    assert given.is_valid(), given.errors


@pytest.mark.parametrize("move", sorted(NEEDS_NOTE))
def test_the_page_asks_for_the_note_and_refuses_the_move_without_it(client, users, move):
    claim = claim_in_state(STATE_FOR[move], checker=users["checker"], editor=users["editor2"])
    client.force_login(users["editor"])
    form = move_form(client.get(reverse("claim", args=[claim.pk])).content.decode(), claim, move)
    assert f'<label>{NEEDS_NOTE[move]} <input name="note" required maxlength="{MAX_NOTE}"' in form
    response = client.post(reverse("claim_move", args=[claim.pk, move]), {"version": claim.version, "note": "  "})
    assert response.status_code == 400
    form = move_form(response.content.decode(), claim, move)
    assert f"Say {NEEDS_NOTE[move].lower()}:" in form and "data-move-error" in form  # said in its own form
    assert Claim.objects.get(pk=claim.pk).version == claim.version  # nothing moved


def test_a_dismissal_asks_for_a_reason_and_is_refused_without_one(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    form = move_form(client.get(reverse("claim", args=[claim.pk])).content.decode(), claim, "dismiss")
    assert '<select name="reason" required><option value="">Choose…</option>' in form
    response = client.post(reverse("claim_move", args=[claim.pk, "dismiss"]), {"version": 1, "note": "Old news"})
    assert response.status_code == 400
    assert "Choose why the claim is dismissed" in move_form(response.content.decode(), claim, "dismiss")
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_a_correction_form_takes_its_limits_from_the_verdict_form(client, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor2"])
    client.force_login(users["editor"])
    form = move_form(client.get(reverse("claim", args=[claim.pk])).content.decode(), claim, "correct")
    headline, explanation = VerdictForm.base_fields["headline"], VerdictForm.base_fields["explanation"]
    assert f'<input name="headline" value="False: it did not happen" maxlength="{headline.max_length}">' in form
    assert f'<textarea name="explanation" rows="6" maxlength="{explanation.max_length}">' in form


def test_a_move_the_state_no_longer_allows_answers_409(client, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker2"])
    response = client.post(reverse("claim_move", args=[claim.pk, "triage"]), {"version": claim.version})
    assert response.status_code == 409
    # The page no longer offers the move: its refusal is said at the top.
    assert "Cannot triage a claim that is triaged" in response.content.decode()
    assert f'action="/claims/{claim.pk}/move/triage/"' not in response.content.decode()


def test_a_move_the_role_may_not_make_answers_403(client, users):
    claim = make_claim()
    client.force_login(users["viewer"])
    response = client.post(reverse("claim_move", args=[claim.pk, "triage"]), {"version": 1})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_evidence_refused_by_the_claims_state_answers_409_in_its_form(client, users):
    claim = claim_in_state("dismissed", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor"])
    data = {"url": "https://stats.example.org/housing-2023", "source_kind": "official_data", "stance": "refutes"}
    response = client.post(reverse("claim_evidence", args=[claim.pk]), data)
    assert response.status_code == 409
    # The page offers no evidence form on a dismissed claim; why the evidence was refused is said all the same.
    assert "Evidence can be added while a claim is triaged or in review; it is dismissed." in response.content.decode()
    assert not claim.evidence.exists()


def test_the_queues_bulk_actions_say_the_moves_own_labels():
    labels = dict(BulkForm.ACTIONS)
    assert labels["triage"] == Move.TRIAGE.label and labels["dismiss"] == Move.DISMISS.label
    assert BulkForm.MOVES == {
        "triage": Move.TRIAGE,
        "assign_me": Move.ASSIGN,
        "assign": Move.ASSIGN,
        "dismiss": Move.DISMISS,
        "duplicate": Move.DISMISS,
    }
