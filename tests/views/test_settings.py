"""Desk settings: the rating scale and users, edited by admins only, through services, audited."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse
from factories import rating

from claims.errors import InvalidInput, NotPermitted
from claims.selectors import default_scale
from claims.services import desk


def test_admin_edits_a_rating_in_the_desk(client, users):
    false = rating("false")
    client.force_login(users["admin"])
    response = client.post(
        reverse("settings_rating", args=[false.pk]),
        {
            f"r{false.pk}-label": "Wrong",
            f"r{false.pk}-value": "1",
            f"r{false.pk}-description": "Not so.",
            f"r{false.pk}-position": "9",
        },
    )
    assert response.status_code == 302
    false.refresh_from_db()
    assert (false.label, false.value, false.description, false.position, false.slug) == (
        "Wrong",
        1,
        "Not so.",
        9,
        "false",
    )  # the slug stays for published ClaimReviews
    assert LogEntry.objects.filter(user=users["admin"], object_id=str(false.pk)).exists()
    page = client.get(reverse("settings")).content.decode()
    assert 'value="Wrong"' in page


def test_rating_order_follows_the_positions(client, users):
    scale = default_scale()
    first = scale.ratings.first()
    client.force_login(users["admin"])
    client.post(
        reverse("settings_rating", args=[first.pk]),
        {f"r{first.pk}-label": first.label, f"r{first.pk}-value": first.value or "", f"r{first.pk}-position": "999"},
    )
    assert list(scale.ratings.all())[-1] == first


def test_admin_adds_a_rating(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("settings_rating_add"),
        {"new-label": "Needs context", "new-value": "", "new-description": "True but misleading"},
    )
    assert response.status_code == 302
    added = default_scale().ratings.get(label="Needs context")
    assert added.slug == "needs-context" and added.value is None
    assert added.position > max(r.position for r in default_scale().ratings.exclude(pk=added.pk))
    assert "Needs context" in client.get(reverse("settings")).content.decode()


def test_rating_errors_show_in_place_and_keep_the_input(client, users):
    false = rating("false")
    client.force_login(users["admin"])
    response = client.post(reverse("settings_rating_add"), {"new-label": "True", "new-value": "3"})
    assert response.status_code == 400 and "already has a rating called" in response.content.decode()
    response = client.post(
        reverse("settings_rating", args=[false.pk]), {f"r{false.pk}-label": "Very wrong", f"r{false.pk}-value": "42"}
    )
    text = response.content.decode()
    assert response.status_code == 400 and "must be between 1 (worst) and 5 (best)" in text
    assert 'value="Very wrong"' in text
    assert rating("false").label != "Very wrong"


@pytest.mark.parametrize("role", ["viewer", "checker", "editor"])
def test_only_admins_edit_the_scale_or_create_users(client, users, role):
    false = rating("false")
    client.force_login(users[role])
    assert client.post(reverse("settings_rating", args=[false.pk]), {f"r{false.pk}-label": "X"}).status_code == 403
    assert client.post(reverse("settings_rating_add"), {"new-label": "X"}).status_code == 403
    assert (
        client.post(
            reverse("settings_user_add"), {"username": "mallory", "password": "a-Long-passphrase-42", "role": "admin"}
        ).status_code
        == 403
    )
    assert rating("false").label == "False"
    assert not get_user_model().objects.filter(username="mallory").exists()
    # the services refuse too, whoever calls them
    with pytest.raises(NotPermitted, match="needs the admin role"):
        desk.rating_update(actor=users[role], rating=false, label="X", value=None, position=0)
    with pytest.raises(NotPermitted):
        desk.user_create(actor=users[role], username="mallory", password="a-Long-passphrase-42", role="admin")


def test_admin_creates_a_user_with_a_role_who_can_sign_in(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("settings_user_add"),
        {"username": "nina", "email": "nina@example.org", "password": "a-Long-passphrase-42", "role": "checker"},
    )
    assert response.status_code == 302
    nina = get_user_model().objects.get(username="nina")
    assert [g.name for g in nina.groups.all()] == ["checker"] and nina.has_perm("claims.review_claim")
    assert LogEntry.objects.filter(object_id=str(nina.pk), action_flag=1).exists()
    client.logout()
    assert client.login(username="nina", password="a-Long-passphrase-42")


def test_user_creation_refuses_weak_passwords_and_taken_names(client, users):
    client.force_login(users["admin"])
    response = client.post(reverse("settings_user_add"), {"username": "nina", "password": "123", "role": "viewer"})
    text = response.content.decode()
    assert response.status_code == 400 and "too short" in text and 'value="nina"' in text
    response = client.post(
        reverse("settings_user_add"), {"username": "CHRIS", "password": "a-Long-passphrase-42", "role": "viewer"}
    )
    assert response.status_code == 400 and "already a user called" in response.content.decode()
    with pytest.raises(InvalidInput, match="Unknown role"):
        desk.user_create(actor=users["admin"], username="x1", password="a-Long-passphrase-42", role="owner")


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ed\u200bith", "U+200B (ZERO WIDTH SPACE)"),
        ("edi\u200dth", "U+200D (ZERO WIDTH JOINER)"),
        ("<script>", "U+003C (LESS-THAN SIGN)"),
        ("a b", "U+0020 (SPACE)"),
        ("\u0430dmin", "mixes Cyrillic and Latin letters"),  # a Cyrillic а before "dmin"
        ("\u0394elta", "mixes Greek and Latin letters"),
    ],
)
def test_user_creation_refuses_usernames_that_django_or_one_script_would_not_allow(client, users, username, message):
    client.force_login(users["admin"])
    response = client.post(
        reverse("settings_user_add"), {"username": username, "password": "a-Long-passphrase-42", "role": "checker"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    ("username", "stored"), [("josé", "josé"), ("田中さん", "田中さん"), ("ｅｄｉｔｈ.b", "edith.b")]
)
def test_user_creation_keeps_real_names_in_one_script_normalised(db, users, username, stored):
    user = desk.user_create(actor=users["admin"], username=username, password="a-Long-passphrase-42", role="viewer")
    assert user.get_username() == stored


def test_only_admins_are_staff_and_others_never_reach_the_admin(client, users):
    nina = desk.user_create(actor=users["admin"], username="nina", password="a-Long-passphrase-42", role="checker")
    assert nina.is_staff is False
    client.force_login(nina)
    for name in ("admin:claims_evidence_add", "admin:claims_comment_add", "admin:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), name
    desk.user_set_role(actor=users["admin"], user=nina, role="admin")
    nina.refresh_from_db()
    assert nina.is_staff is True
    desk.user_set_role(actor=users["admin"], user=nina, role="editor")
    nina.refresh_from_db()
    assert nina.is_staff is False


def test_demo_users_are_staff_only_as_admins(db, settings):
    from claims.demo import DEMO_USERS, demo_users_create

    demo_users_create()
    staff = dict(get_user_model().objects.values_list("username", "is_staff"))
    assert {name: staff[name] for name, _role in DEMO_USERS} == {name: role == "admin" for name, role in DEMO_USERS}
