"""Notifications in the API: mine only, as I chose to get them, the unread count, marking read."""

from __future__ import annotations

import pytest
from apiclients import api_for
from factories import claim_in_state
from rest_framework.test import APIClient

from claims.models import Notification, NotificationPreference
from claims.services import notifications, workflow


@pytest.fixture
def waiting(users):
    """A verdict submitted by the checker: every editor and the admin is asked to approve it."""
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    Notification.objects.all().delete()
    workflow.claim_submit(claim=claim, actor=users["checker"])
    return claim


def test_an_editor_lists_the_notification_and_its_links(db, users, waiting):
    api = api_for(users["editor2"], ["read"])
    response = api.get("/api/v1/notifications/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    mine = Notification.objects.get(recipient=users["editor2"])
    assert item["id"] == mine.pk and item["kind"] == "approval_requested" and item["actor"] == "chris"
    assert item["claim"] == waiting.pk and item["read_at"] is None
    assert item["claim_url"] == f"http://testserver/api/v1/claims/{waiting.pk}/"
    assert item["desk_url"] == f"http://testserver/claims/{waiting.pk}/"
    assert f"asks for approval of the verdict on claim {waiting.pk}" in item["message"]
    assert api.get("/api/v1/notifications/unread/").json() == {"unread": 1}


def test_nobody_sees_anyone_elses_notifications(db, users, waiting):
    # The checker who submitted was told nothing, and cannot see the editors' notifications.
    api = api_for(users["checker"], ["read"])
    assert api.get("/api/v1/notifications/").json()["results"] == []
    assert api.get("/api/v1/notifications/unread/").json() == {"unread": 0}
    theirs = Notification.objects.get(recipient=users["editor2"])
    response = api.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and f"You have no notification {theirs.pk}." in response.json()["detail"]
    response = api.post("/api/v1/notifications/read/", {"ids": [theirs.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["ids"] == [f"You have no notification {theirs.pk}."]
    assert Notification.objects.get(pk=theirs.pk).read_at is None  # untouched


def test_marking_one_read_then_all(db, users):
    claims = [claim_in_state("in_review", checker=users["checker"], editor=users["editor"]) for _ in range(3)]
    Notification.objects.all().delete()
    for claim in claims:
        workflow.claim_submit(claim=claim, actor=users["checker"])
    api = api_for(users["editor2"], ["read"])  # marking read is your own bookkeeping: read scope suffices
    first, second, third = Notification.objects.filter(recipient=users["editor2"]).order_by("id")

    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 2}
    assert api.post(f"/api/v1/notifications/{first.pk}/read/").json() == {"marked": 0, "unread": 2}
    unread = api.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["id"] for n in unread] == [third.pk, second.pk]  # newest first
    assert [n["id"] for n in api.get("/api/v1/notifications/?unread=false").json()["results"]] == [first.pk]

    response = api.post("/api/v1/notifications/read/", {"ids": [second.pk]}, format="json")
    assert response.json() == {"marked": 1, "unread": 1}
    assert api.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": 1, "unread": 0}
    assert not Notification.objects.filter(recipient=users["editor2"], read_at__isnull=True).exists()
    # The others' notifications were not marked by the editor's "all".
    assert Notification.objects.filter(recipient=users["editor"], read_at__isnull=True).count() == 3


def test_the_api_shows_only_what_the_person_chose_to_get_in_the_desk(db, users):
    notifications.preferences_save(user=users["editor2"], choices={"approval_requested": (False, True)})
    users["editor2"].email = "eddie@example.org"
    users["editor2"].save(update_fields=["email"])
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    workflow.claim_submit(claim=claim, actor=users["checker"])
    assert Notification.objects.get(recipient=users["editor2"], kind="approval_requested").in_app is False
    api = api_for(users["editor2"], ["read"])
    assert [n["kind"] for n in api.get("/api/v1/notifications/").json()["results"]] == []
    assert api.get("/api/v1/notifications/unread/").json() == {"unread": 0}
    assert NotificationPreference.objects.filter(user=users["editor2"]).exists()


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"ids": "all"}, "ids", "list"),
        ({"ids": []}, "ids", "empty"),
        ({"ids": ["x"]}, "ids", "integer"),
        ({"ids": [0]}, "ids", "greater than or equal to 1"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(db, users, waiting, body, field, words):
    response = api_for(users["editor"], ["read"]).post("/api/v1/notifications/read/", body, format="json")
    assert response.status_code == 400, response.content
    assert words in str(response.json()["errors"][field])
    assert Notification.objects.filter(recipient=users["editor"], read_at__isnull=True).count() == 1


def test_a_bad_filter_is_a_400(db, users):
    response = api_for(users["editor"], ["read"]).get("/api/v1/notifications/?unread=maybe")
    assert response.status_code == 400 and response.json()["errors"]["unread"] == ["Give true or false."]


def test_anonymous_and_roleless_callers_are_refused(db, users):
    assert APIClient().get("/api/v1/notifications/").status_code == 401
    assert APIClient().post("/api/v1/notifications/read/", {}, format="json").status_code == 401
    assert api_for(users["nobody"], ["read"]).get("/api/v1/notifications/unread/").status_code == 403


def test_a_browser_session_marks_read_too(db, users, waiting):
    client = APIClient()
    client.force_login(users["editor"])
    assert client.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": 1, "unread": 0}


def test_mark_all_read_with_no_body_at_all(db, users, waiting):
    from django.test import Client

    from claims.services.tokens import token_create

    _token, key = token_create(user=users["editor"], name="curl", scopes=["read"])
    # As `curl -X POST` sends it: no body, no content type.
    response = Client().generic(
        "POST", "/api/v1/notifications/read/", content_type="", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 0}
    form = Client().post("/api/v1/notifications/read/", {"ids": "1"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert form.status_code == 415  # JSON only: a form body is not silently read as "all"
