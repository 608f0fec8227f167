"""The operations console per role: an admin made on the settings page sees every model; no other role gets in.

The users here hold their group only (no superuser), so a permission the admin role lacks shows as a 403.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import models
from claims.permissions import ROLE_ORDER, permissions_of_role

PASSWORD = "test-only-admin-Passw0rd"


def _registered() -> list[str]:
    return sorted(m._meta.model_name for m in admin.site._registry if m._meta.app_label == "claims")


REGISTERED = _registered()

# The nine models the admin role could not see before migration 0032 (issue 24).
ONCE_HIDDEN = [
    "claimmatch",
    "externalreview",
    "apitoken",
    "idempotencykey",
    "webhooksubscription",
    "webhookdelivery",
    "desksettings",
    "workerheartbeat",
    "feeditem",
]


@pytest.fixture
def settings_made_admin(client, admin_user):
    """An admin created through the settings page's form, by a fixture admin (itself group-only)."""
    client.force_login(admin_user)
    response = client.post(
        reverse("settings_user_add"), {"username": "newadmin", "email": "", "password": PASSWORD, "role": "admin"}
    )
    assert response.status_code == 302, response.content[:500]
    client.logout()
    user = get_user_model().objects.get(username="newadmin")
    assert not user.is_superuser and user.is_staff
    return user


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_each_role_group_holds_exactly_its_permissions_of_the_table(db, role):
    """The migrations that made the groups agree with claims/permissions.py, the table code reads."""
    held = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
    assert held == set(permissions_of_role(role))


def test_fixture_users_are_never_superusers(users):
    assert not any(u.is_superuser for u in users.values())


@pytest.mark.parametrize("model_name", ONCE_HIDDEN)
def test_an_admin_made_on_the_settings_page_may_view(settings_made_admin, model_name):
    assert settings_made_admin.has_perm(f"claims.view_{model_name}"), model_name


@pytest.mark.parametrize("model_name", REGISTERED)
def test_an_admin_made_on_the_settings_page_opens_every_changelist(client, settings_made_admin, model_name):
    client.force_login(settings_made_admin)
    response = client.get(reverse(f"admin:claims_{model_name}_changelist"))
    assert response.status_code == 200, model_name


def test_the_admin_index_lists_every_registered_model(client, settings_made_admin):
    client.force_login(settings_made_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {
        m["object_name"].lower()
        for app in response.context["app_list"]
        if app["app_label"] == "claims"
        for m in app["models"]
    }
    assert listed == set(REGISTERED)


def test_an_admin_opens_a_feed_with_its_items(client, admin_user):
    """FeedItem is shown inline on its feed: without view_feeditem the feed page hides its items."""
    feed = models.Feed.objects.create(url="https://news.example.org/feed.xml", title="Example news")
    models.FeedItem.objects.create(
        feed=feed, guid="item-1", url="https://news.example.org/a", title="Tanks seen near the border"
    )
    client.force_login(admin_user)
    response = client.get(reverse("admin:claims_feed_change", args=[feed.pk]))
    assert response.status_code == 200
    assert b"Tanks seen near the border" in response.content


def test_an_admin_sees_the_desk_settings_row_in_the_admin(client, admin_user):
    settings_row, _ = models.DeskSettings.objects.get_or_create(pk=1)  # the one row (a check constraint)
    client.force_login(admin_user)
    response = client.get(reverse("admin:claims_desksettings_change", args=[settings_row.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["viewer", "checker", "editor", "nobody"])
def test_other_roles_are_sent_to_the_admin_sign_in(client, users, role):
    client.force_login(users[role])
    for name in ["index", *(f"claims_{m}_changelist" for m in REGISTERED)]:
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (role, name)


def test_a_staff_user_without_the_admin_role_sees_no_model(client, db):
    """is_staff alone opens the console's door but no table: permissions come from the role."""
    user = get_user_model().objects.create_user(username="staffonly", password=PASSWORD, is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403
