"""POST /api/v1/match, the claim resource's matches, and deciding a match through the API."""

from __future__ import annotations

from apiclients import api_for
from factories import make_article, make_claim

from claims import tasks
from claims.models import ClaimEvent, ClaimMatch, ExternalReview, MatchSnapshot
from claims.services import match_index


def test_match_ranks_desk_claims_and_imported_verdicts(db, users):
    claim = make_claim(text="COVID-19 vaccines contain a microchip to track people")
    make_claim(article=make_article(), text="The Apollo moon landing was filmed in a studio")
    review = ExternalReview.objects.create(
        url="https://factcheck.example.org/5g",
        claim_reviewed="5G mobile networks spread the coronavirus",
        publisher_name="Example Fact Check",
        rating_label="False",
        raw={},
        content_hash="h",
    )
    api = api_for(users["viewer"], ["read"])
    response = api.post(
        "/api/v1/match", {"text": "the covid vaccine puts a tracking microchip in you", "top": 2}, format="json"
    )
    assert response.status_code == 200, response.content
    first = response.json()[0]
    assert (first["rank"], first["kind"], first["claim"]["id"], first["review"]) == (1, "claim", claim.pk, None)
    assert 0 <= first["score"] <= 1 and first["tier"] in ("auto", "suggest", "none")
    assert len(response.json()) <= 2
    found = api.post("/api/v1/match/", {"text": "does 5G spread the coronavirus?"}, format="json").json()
    assert found[0]["kind"] == "review" and found[0]["review"] == {
        "id": review.pk,
        "url": review.url,
        "claim_reviewed": review.claim_reviewed,
        "publisher": "Example Fact Check",
        "rating": "False",
    }


def test_match_refuses_empty_and_overlong_text_as_problems(db, users):
    api = api_for(users["viewer"], ["read"])
    for body in (
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 5001},
        {},
        {"text": "ok", "top": 0},
        {"text": "ok", "top": 500},
        {"text": ["a list"]},
    ):
        response = api.post("/api/v1/match", body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
    assert api.post("/api/v1/match", {"text": "Hay 14.000 muertos desde 2014"}, format="json").status_code == 200


def test_claim_detail_lists_matches_and_a_checker_decides_one(db, users):
    claim = make_claim(text="2,400 houses were flooded in March")
    earlier = make_claim(article=make_article(), text="2,400 homes were flooded in March")
    match = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.72, tier="suggest")
    viewer = api_for(users["viewer"], ["read"])
    detail = viewer.get(f"/api/v1/claims/{claim.pk}/").json()
    assert [m["id"] for m in detail["matches"]] == [match.pk]
    assert detail["matches"][0]["matched_claim"]["text"] == earlier.text
    assert "matches" not in viewer.get("/api/v1/claims/").json()["results"][0]  # the list stays lean
    url = f"/api/v1/claims/{claim.pk}/matches/{match.pk}/confirm/"
    assert viewer.post(url, {}, format="json").status_code == 403
    checker = api_for(users["checker"], ["read", "review"])
    response = checker.post(url, {}, format="json")
    assert response.status_code == 200 and response.json()["decision"] == "confirmed"
    assert response.json()["decided_by"] == users["checker"].username
    assert ClaimEvent.objects.filter(claim=claim, kind="match_confirmed", actor=users["checker"]).exists()
    assert checker.post(url, {}, format="json").status_code == 409  # already decided
    assert checker.post(url.replace("confirm", "maybe"), {}, format="json").status_code == 404
    other = make_claim(article=make_article())
    assert checker.post(f"/api/v1/claims/{other.pk}/matches/{match.pk}/reject/", {}, format="json").status_code == 404


def test_before_the_first_index_exists_the_api_answers_503_and_queues_the_build(db, users):
    from conftest import tasks_queued

    claim = make_claim(text="COVID-19 vaccines contain a microchip to track people")
    api = api_for(users["viewer"], ["read"])
    with tasks_queued():  # a real queue: nobody builds the index within the request
        response = api.post("/api/v1/match", {"text": "the covid vaccine has a microchip"}, format="json")
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "60" and response.json()["code"] == "index_not_ready"
    assert not MatchSnapshot.objects.exists()
    tasks.rebuild_match_index()  # what the queued task does
    found = api.post("/api/v1/match", {"text": "the covid vaccine has a microchip"}, format="json").json()
    assert found[0]["claim"]["id"] == claim.pk


def test_a_request_waits_only_so_long_for_a_worker_writing_the_index(db, users, settings):
    """Another thread of the process (loading a snapshot) holds the index; the request answers 503 soon."""
    import threading
    import time

    make_claim(text="COVID-19 vaccines contain a microchip to track people")
    match_index.index_rebuild()
    settings.VERIFY_MATCH_LOCK_WAIT_SECONDS = 0.3
    api = api_for(users["viewer"], ["read"])
    held, release = threading.Event(), threading.Event()

    def hold():  # what a thread loading a snapshot does
        with match_index._using():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        started = time.monotonic()
        response = api.post("/api/v1/match", {"text": "the covid vaccine has a microchip"}, format="json")
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(10)
    assert response.status_code == 503 and response.json()["code"] == "index_not_ready"
    assert response["Retry-After"] == "5" and 0.3 <= waited < 3
    assert api.post("/api/v1/match", {"text": "the covid vaccine has a microchip"}, format="json").status_code == 200


def test_a_matched_claims_url_is_that_claims_resource_in_the_api(db, users):
    """The url of a matched claim (in a claim's matches and in /match results) is reversed from the claim
    route: following it returns that claim."""
    claim = make_claim(text="2,400 houses were flooded in March")
    earlier = make_claim(article=make_article(), text="2,400 homes were flooded in March")
    ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.72, tier="suggest")
    api = api_for(users["viewer"], ["read"])
    listed = api.get(f"/api/v1/claims/{claim.pk}/").json()["matches"][0]
    assert (listed["decided_by"], listed["decided_at"], listed["external_review"]) == (None, None, None)
    matched = listed["matched_claim"]
    assert matched["url"].startswith("http") and matched["url"].endswith(f"/api/v1/claims/{earlier.pk}/")
    assert (matched["id"], matched["text"], matched["status"]) == (earlier.pk, earlier.text, earlier.status)
    assert api.get(matched["url"]).json()["id"] == earlier.pk
    found = api.post("/api/v1/match", {"text": "2,400 homes were flooded in March"}, format="json").json()
    by_id = {r["claim"]["id"]: r["claim"] for r in found if r["kind"] == "claim"}
    assert by_id[earlier.pk] == matched
