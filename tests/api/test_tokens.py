"""Tokens: created from the API (Swagger's page) and the admin, listed without keys, revoked; service tokens."""

from __future__ import annotations

import pytest
from apiclients import api_for
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import ApiToken


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_signed_in_user_gets_a_token_from_the_api_and_uses_it(db, users):
    session = APIClient(enforce_csrf_checks=False)
    session.force_login(users["checker"])
    created = session.post("/api/v1/tokens/", {"name": "CMS plugin", "scopes": ["read", "ingest"]}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["key"].startswith("vfy_") and body["kind"] == "personal" and body["scopes"] == ["ingest", "read"]
    assert bearer(body["key"]).get("/api/v1/users/me/").json()["scopes"] == ["ingest", "read"]
    listed = session.get("/api/v1/tokens/").json()
    assert [t["name"] for t in listed] == ["CMS plugin"] and "key" not in listed[0]
    assert session.delete(f"/api/v1/tokens/{body['id']}/").status_code == 204
    assert bearer(body["key"]).get("/api/v1/users/me/").status_code == 401
    assert session.get("/api/v1/tokens/").json()[0]["revoked_at"] is not None


def test_a_token_cannot_make_a_wider_token(db, users):
    reader = api_for(users["editor"], ["read"])
    refused = reader.post("/api/v1/tokens/", {"name": "wider", "scopes": ["read", "publish"]}, format="json")
    assert refused.status_code == 403 and "cannot create one with publish" in refused.json()["detail"]
    same = reader.post("/api/v1/tokens/", {"name": "same", "scopes": ["read"]}, format="json")
    assert same.status_code == 201
    wide = ApiToken.objects.create(
        user=users["editor"], name="wide", prefix="vfy_x", key_hash="x" * 64, scopes=["publish", "read"]
    )
    assert reader.delete(f"/api/v1/tokens/{wide.pk}/").status_code == 403


def test_tokens_of_others_are_not_found(db, users):
    others = api_for(users["checker"]).post("/api/v1/tokens/", {"name": "mine", "scopes": ["read"]}, format="json")
    stranger = api_for(users["admin"])
    assert stranger.delete(f"/api/v1/tokens/{others.json()['id']}/").status_code == 404
    assert all(t["name"] != "mine" for t in stranger.get("/api/v1/tokens/").json())


def test_bad_token_requests_are_400(db, users):
    client = api_for(users["checker"])
    assert client.post("/api/v1/tokens/", {"name": "x", "scopes": []}, format="json").status_code == 400
    assert client.post("/api/v1/tokens/", {"name": "x", "scopes": ["root"]}, format="json").status_code == 400
    assert client.post("/api/v1/tokens/", {"scopes": ["read"]}, format="json").status_code == 400


def test_create_token_command_makes_service_tokens(db, users, capsys):
    call_command("create_token", "edith", "--scopes", "read,ingest", "--service", "--name", "CMS")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Service token")
    token = ApiToken.objects.get()
    assert token.kind == "service" and token.name == "CMS"
    assert bearer(lines[-1]).get("/api/v1/users/me/").json()["username"] == "edith"


def test_only_admins_make_service_tokens_or_tokens_for_others(db, users):
    from claims.errors import NotPermitted
    from claims.services.tokens import token_create

    with pytest.raises(NotPermitted):
        token_create(user=users["checker"], name="svc", scopes=["read"], kind="service", actor=users["checker"])
    with pytest.raises(NotPermitted):
        token_create(user=users["editor"], name="theirs", scopes=["read"], actor=users["checker"])
    token, _key = token_create(user=users["checker"], name="svc", scopes=["read"], kind="service", actor=users["admin"])
    assert token.kind == "service"


def test_admin_creates_a_token_and_sees_the_key_once(client, users):
    client.force_login(users["admin"])
    url = reverse("admin:claims_apitoken_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"user": users["editor"].pk, "name": "Newsroom CMS", "kind": "service", "scopes": ["read", "ingest"]}
    )
    assert response.status_code == 302, response.content
    token = ApiToken.objects.get()
    assert (token.user, token.kind, token.scopes) == (users["editor"], "service", ["ingest", "read"])
    shown = [str(m) for m in get_messages(response.wsgi_request) if "shown only this once" in str(m)]
    key = shown[0].rsplit(" ", 1)[-1]
    assert key.startswith("vfy_") and token.key_hash != key
    assert bearer(key).get("/api/v1/users/me/").json()["scopes"] == ["ingest", "read"]
    change = reverse("admin:claims_apitoken_change", args=[token.pk])
    assert key in client.get(change).content.decode()  # the page after saving shows it ...
    assert key not in client.get(change).content.decode()  # ... and never again


def test_only_admins_may_add_tokens_in_the_admin(client, users):
    client.force_login(users["editor"])  # not staff: the admin sends them to its sign-in page
    response = client.get(reverse("admin:claims_apitoken_add"))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_token_may_expire_the_list_shows_when_and_when_it_was_last_used(db, users):
    from datetime import timedelta

    from django.utils import timezone

    session = APIClient()
    session.force_login(users["checker"])
    created = session.post(
        "/api/v1/tokens/", {"name": "Month", "scopes": ["read"], "expires_in_days": 30}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert "expires_in_days" not in body
    expires = ApiToken.objects.get(pk=body["id"]).expires_at
    assert abs(expires - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert bearer(body["key"]).get("/api/v1/users/me/").status_code == 200
    listed = session.get("/api/v1/tokens/").json()[0]
    assert listed["expires_at"] is not None and listed["last_used_at"] is not None
    forever = session.post("/api/v1/tokens/", {"name": "Forever", "scopes": ["read"]}, format="json").json()
    assert forever["expires_at"] is None


@pytest.mark.slow
def test_an_expired_token_is_refused_with_its_date_even_when_a_process_keeps_it(db, users):
    import time
    from datetime import timedelta

    from django.utils import timezone

    from claims.services.tokens import token_create

    _token, key = token_create(
        user=users["checker"], name="Short", scopes=["read"], expires_at=timezone.now() + timedelta(seconds=1.5)
    )
    assert bearer(key).get("/api/v1/users/me/").status_code == 200  # verified, and kept by this process
    time.sleep(1.6)
    refused = bearer(key).get("/api/v1/users/me/")
    assert refused.status_code == 401
    assert (
        refused.json()["detail"].startswith("This API token expired at ")
        and "create a new one" in refused.json()["detail"]
    )


@pytest.mark.parametrize("days", [0, -1, 3651, "30", True, 1.5])
def test_an_expiry_outside_1_to_3650_whole_days_is_a_400(db, users, days):
    session = APIClient()
    session.force_login(users["checker"])
    response = session.post(
        "/api/v1/tokens/", {"name": "x", "scopes": ["read"], "expires_in_days": days}, format="json"
    )
    assert response.status_code == 400 and "expires_in_days" in response.json()["errors"]
    assert ApiToken.objects.count() == 0


def test_the_service_refuses_an_expiry_in_the_past(db, users):
    from datetime import timedelta

    from django.utils import timezone

    from claims.errors import InvalidInput
    from claims.services.tokens import token_create

    with pytest.raises(InvalidInput, match="not in the future"):
        token_create(user=users["checker"], name="x", scopes=["read"], expires_at=timezone.now() - timedelta(days=1))


def test_the_desk_token_page_sets_an_expiry_and_lists_it(client, users):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(users["checker"])
    page = client.post(reverse("api_tokens"), {"name": "CMS", "scopes": ["read"], "expires": "30"})
    assert page.status_code == 200
    token = ApiToken.objects.get()
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "<th>Expires</th>" in listing and "<th>Last used</th>" in listing
    assert token.expires_at.strftime("%-d %b %Y") in listing
    assert client.post(reverse("api_tokens"), {"name": "x", "scopes": ["read"], "expires": "9999"}).status_code == 400


def test_create_token_command_sets_an_expiry(db, users, capsys):
    call_command("create_token", "chris", "--scopes", "read", "--expires-in-days", "7")
    token = ApiToken.objects.get()
    assert token.expires_at is not None and not token.expired
