"""Issue 25 items 1-2 in the API: PATCH a claim with If-Match (200, 412, 428, 400, 403), split and
merge as actions, what the machine said beside the edit, and the moves the caller can make now."""

from __future__ import annotations

import pytest
from apiclients import api_for
from factories import claim_in_state, make_article, make_claim

from claims.models import Claim, ClaimEvent, Verdict


@pytest.fixture
def fragment(db):
    article = make_article(text="The Kremlin denied having any invasion plans, the agency said.")
    return make_claim(
        article=article,
        text="having any invasion plans",
        standalone="having any invasion plans",
        claimant="the agency",
        claim_type="quantity",
    )


def etag(client, pk) -> str:
    return client.get(f"/api/v1/claims/{pk}/")["ETag"]


def test_patch_with_the_etag_corrects_the_claim_and_keeps_the_machines_words(users, fragment):
    client = api_for(users["checker"])
    tag = etag(client, fragment.pk)
    response = client.patch(
        f"/api/v1/claims/{fragment.pk}/",
        {"standalone": "Russia has no plans to invade Ukraine", "claimant": "the Kremlin", "note": "A fragment"},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["standalone"], body["claimant"], body["claim_type"], body["text"]) == (
        "Russia has no plans to invade Ukraine",
        "the Kremlin",
        "quantity",
        "having any invasion plans",
    )
    assert body["machine"] == {"standalone": "having any invasion plans", "claimant": "the agency"}
    assert body["edited_at"] and body["version"] == 2 and body["can_edit"] is True
    assert response["ETag"] == f'"claim-{fragment.pk}-v2"' != tag
    event = ClaimEvent.objects.get(claim=fragment, kind="edited")
    assert event.actor == users["checker"] and event.note == "A fragment"
    # The same ETag again: someone (this client) changed the claim since.
    stale = client.patch(f"/api/v1/claims/{fragment.pk}/", {"claimant": "Moscow"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert Claim.objects.get(pk=fragment.pk).claimant == "the Kremlin"


def test_patch_without_if_match_is_428(users, fragment):
    response = api_for(users["checker"]).patch(f"/api/v1/claims/{fragment.pk}/", {"claimant": "X"}, format="json")
    assert response.status_code == 428 and response.json()["code"] == "precondition_required"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"claimant": ""}, "claimant", "may not be blank"),
        ({"claim_type": "rumour"}, "claim_type", "is not a valid choice"),
        ({"standalone": "x" * 1001}, "standalone", "no more than 1000"),
        ({"text": "other words"}, "text", "exact span in the article cannot be changed"),
        ({"claimant": 12}, "claimant", "Give a string"),
    ],
)
def test_patch_refuses_bad_fields_with_400_naming_the_field(users, fragment, body, field, message):
    client = api_for(users["checker"])
    response = client.patch(
        f"/api/v1/claims/{fragment.pk}/", body, format="json", HTTP_IF_MATCH=etag(client, fragment.pk)
    )
    assert response.status_code == 400, response.json()
    problem = response.json()
    assert message in " ".join(problem["errors"][field])
    assert Claim.objects.get(pk=fragment.pk).edited_at is None


@pytest.mark.parametrize("body", [{}, {"note": "only a note"}, {"claimant": "the agency", "claim_type": "quantity"}])
def test_a_patch_that_changes_nothing_answers_with_the_claim_as_it_is(users, fragment, body):
    client = api_for(users["checker"])
    tag = etag(client, fragment.pk)
    response = client.patch(f"/api/v1/claims/{fragment.pk}/", body, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 200 and response["ETag"] == tag and response.json()["machine"] is None
    assert not ClaimEvent.objects.filter(claim=fragment, kind="edited").exists()
    viewer = api_for(users["viewer"])
    assert viewer.patch(f"/api/v1/claims/{fragment.pk}/", body, format="json", HTTP_IF_MATCH=tag).status_code == 403


def test_service_refusals_of_a_field_come_back_as_that_fields_error(users, fragment):
    client = api_for(users["checker"])
    response = client.patch(
        f"/api/v1/claims/{fragment.pk}/",
        {"standalone": "   \t"},
        format="json",
        HTTP_IF_MATCH=etag(client, fragment.pk),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["standalone"]


def test_a_viewer_cannot_patch_and_a_read_token_cannot_either(users, fragment):
    viewer = api_for(users["viewer"])
    response = viewer.patch(
        f"/api/v1/claims/{fragment.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=etag(viewer, fragment.pk)
    )
    assert response.status_code == 403 and "viewer may not edit claims" in response.json()["detail"]
    read_only = api_for(users["checker"], ["read"])
    response = read_only.patch(
        f"/api/v1/claims/{fragment.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=etag(read_only, fragment.pk)
    )
    assert response.status_code == 403 and "'review' scope" in response.json()["detail"]
    assert Claim.objects.get(pk=fragment.pk).claimant == "the agency"


def test_patch_of_a_claim_awaiting_approval_is_a_conflict_saying_what_to_do(users):
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    client = api_for(users["editor"])
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=etag(client, claim.pk)
    )
    assert response.status_code == 409 and "request changes first" in response.json()["detail"]


def test_split_and_merge_are_actions_with_if_match(users, fragment):
    client = api_for(users["checker"])
    path = f"/api/v1/claims/{fragment.pk}"
    assert client.post(f"{path}/split/", {"standalone": "a", "new_standalone": "b"}, format="json").status_code == 428
    response = client.post(
        f"{path}/split/",
        {
            "standalone": "Russia has no plans to invade Ukraine",
            "new_standalone": "The Kremlin denied the reports",
            "new_claimant": "the Kremlin",
        },
        format="json",
        HTTP_IF_MATCH=etag(client, fragment.pk),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["claim"]["standalone"] == "Russia has no plans to invade Ukraine"
    part = body["new_claim"]
    assert (part["standalone"], part["claimant"], part["status"]) == (
        "The Kremlin denied the reports",
        "the Kremlin",
        "new",
    )
    assert ClaimEvent.objects.get(claim_id=part["id"], kind="created").data["split_from"] == fragment.pk
    twin = client.post(
        f"{path}/split/",
        {"standalone": "Russia", "new_standalone": "the kremlin denied the reports!"},
        format="json",
        HTTP_IF_MATCH=etag(client, fragment.pk),
    )
    assert twin.status_code == 400 and f"Claim #{part['id']} already says" in twin.json()["errors"]["new_standalone"][0]

    other = make_claim(article=make_article())
    merge = f"/api/v1/claims/{part['id']}/merge/"
    assert client.post(merge, {"into": other.pk}, format="json", HTTP_IF_MATCH='"claim-0-v0"').status_code == 412
    response = client.post(merge, {"into": other.pk}, format="json", HTTP_IF_MATCH=etag(client, part["id"]))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["claim"]["status"], body["claim"]["duplicate_of"], body["kept"]["id"]) == (
        "dismissed",
        other.pk,
        other.pk,
    )
    again = client.post(f"{path}/merge/", {"into": part["id"]}, format="json", HTTP_IF_MATCH=etag(client, fragment.pk))
    assert again.status_code == 400 and "is dismissed" in again.json()["errors"]["into"][0]
    viewer = api_for(users["viewer"])
    assert (
        viewer.post(
            f"{path}/merge/", {"into": other.pk}, format="json", HTTP_IF_MATCH=etag(viewer, fragment.pk)
        ).status_code
        == 403
    )


def test_allowed_moves_follow_the_state_and_the_caller(users):
    checker, editor, editor2 = users["checker"], users["editor"], users["editor2"]
    mine = claim_in_state("in_review", checker=checker, editor=editor)
    body = api_for(checker).get(f"/api/v1/claims/{mine.pk}/").json()
    assert body["allowed_moves"] == ["dismiss", "submit"] and body["can_edit"] is True
    approved = claim_in_state("approved", checker=checker, editor=editor)
    for who in (editor, editor2):  # approved: nobody approves again, and it may be published
        assert api_for(who).get(f"/api/v1/claims/{approved.pk}/").json()["allowed_moves"] == [
            "request_changes",
            "publish",
        ]
    waiting = claim_in_state("awaiting_approval", checker=checker, editor=editor)
    assert api_for(editor).get(f"/api/v1/claims/{waiting.pk}/").json()["allowed_moves"] == [
        "approve",
        "request_changes",
    ]
    body = api_for(users["viewer"]).get(f"/api/v1/claims/{approved.pk}/").json()
    assert body["allowed_moves"] == [] and body["can_edit"] is False


def test_dismissing_as_a_duplicate_merges_in_the_api_too(users):
    kept, duplicate = make_claim(article=make_article()), make_claim(article=make_article())
    client = api_for(users["checker"])
    path = f"/api/v1/claims/{duplicate.pk}/dismiss/"
    missing = client.post(
        path, {"reason": "duplicate", "duplicate_of": 999999}, format="json", HTTP_IF_MATCH=etag(client, duplicate.pk)
    )
    assert missing.status_code == 400 and "There is no claim #999999" in str(missing.json())
    response = client.post(
        path, {"reason": "duplicate", "duplicate_of": kept.pk}, format="json", HTTP_IF_MATCH=etag(client, duplicate.pk)
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["duplicate_of"]) == ("dismissed", kept.pk)
    assert ClaimEvent.objects.get(claim=kept, kind="merged").data["merged"] == duplicate.pk


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"explanation": ""}, "may not be blank"),
        ({"explanation": "   "}, "may not be blank"),
        ({"headline": ""}, "may not be blank"),
    ],
)
def test_a_correction_that_empties_the_explanation_is_a_400(users, body, words):
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    explanation = Verdict.objects.get(claim=published).explanation
    api = api_for(users["editor"])
    tag = api.get(f"/api/v1/claims/{published.pk}/")["ETag"]
    response = api.post(
        f"/api/v1/claims/{published.pk}/correct/", {"note": "The figure", **body}, format="json", HTTP_IF_MATCH=tag
    )
    assert response.status_code == 400 and words in str(response.json()["errors"])
    assert Verdict.objects.get(claim=published).explanation == explanation
    assert Claim.objects.get(pk=published.pk).status == "published"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("", {"claimant": "the Kremlin"}),
        ("/split", {"standalone": "Russia denied it", "new_standalone": "Troops are going home"}),
        ("/merge", {"into": 1}),
        ("/triage", {}),
    ],
)
def test_a_note_is_held_to_the_desks_limit_on_every_claim_write(users, fragment, action, body):
    """The API's note fields take MAX_NOTE characters, as the desk's forms do, and refuse one more."""
    from claims.forms import MAX_NOTE

    client = api_for(users["editor"])
    path = f"/api/v1/claims/{fragment.pk}{action}/"
    send = client.patch if not action else client.post
    response = send(
        path, {**body, "note": "n" * (MAX_NOTE + 1)}, format="json", HTTP_IF_MATCH=etag(client, fragment.pk)
    )
    assert response.status_code == 400 and response.json()["errors"]["note"], response.json()
    assert f"no more than {MAX_NOTE}" in response.json()["errors"]["note"][0]
    if action in ("", "/triage"):  # the longest note is taken
        response = send(path, {**body, "note": "n" * MAX_NOTE}, format="json", HTTP_IF_MATCH=etag(client, fragment.pk))
        assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("", {"claimant": "the Kremlin"}),
        ("/split", {"standalone": "Russia denied it", "new_standalone": "Troops are going home"}),
        ("/merge", None),  # into another claim, made in the test
        ("/triage", {}),
    ],
)
def test_every_claim_write_checks_if_match_then_the_body_then_the_etag(users, fragment, action, body):
    """One order on every write guarded by the claim's ETag: 428 without If-Match (whatever the body),
    400 for a malformed body (whatever the ETag), 412 for a stale ETag; nothing changes."""
    client = api_for(users["editor"])
    body = body if body is not None else {"into": make_claim(article=make_article()).pk}
    path = f"/api/v1/claims/{fragment.pk}{action}/"
    send = client.patch if not action else client.post
    stale = f'"claim-{fragment.pk}-v{fragment.version + 7}"'
    assert send(path, {**body, "note": 5}, format="json").status_code == 428
    malformed = send(path, {**body, "note": 5}, format="json", HTTP_IF_MATCH=stale)
    assert malformed.status_code == 400 and malformed.json()["errors"]["note"], malformed.json()
    assert send(path, body, format="json", HTTP_IF_MATCH=stale).status_code == 412
    after = Claim.objects.get(pk=fragment.pk)
    assert (after.version, after.status, after.claimant) == (fragment.version, fragment.status, fragment.claimant)
    assert send(path, body, format="json", HTTP_IF_MATCH=etag(client, fragment.pk)).status_code in (200, 201)
