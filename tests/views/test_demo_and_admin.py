"""The demo newsroom and the admin console."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.demo import DEMO_PASSWORD, DEMO_USERS
from claims.models import Article, Claim, ClaimEvent, ExtractionJob


def test_load_demo_is_idempotent(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Article.objects.count(), Claim.objects.count())
    assert counts[0] == 1 and counts[1] > 5
    call_command("load_demo")
    assert (Article.objects.count(), Claim.objects.count()) == counts
    out = capsys.readouterr().out
    assert "Demo newsroom ready" in out and DEMO_PASSWORD in out


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known password"):
        call_command("load_demo")


def test_every_demo_user_signs_in_and_only_the_admin_reaches_the_admin_site(db, client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    for username, role in DEMO_USERS:
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert client.get(reverse("queue")).status_code == 200
        response = client.get(reverse("admin:claims_claim_changelist"))
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), username
        client.logout()


def _admin_models():
    from django.contrib import admin

    return sorted(m._meta.model_name for m in admin.site._registry if m._meta.app_label == "claims")


ADMIN_MODELS = _admin_models()


def test_every_model_is_in_the_admin():
    from django.apps import apps

    assert set(ADMIN_MODELS) >= {m._meta.model_name for m in apps.get_app_config("claims").get_models()} - {
        "rating",
        "verdictversion",
        "feeditem",
    }  # inlines of their scale, verdict and feed


def test_the_audit_trail_is_read_only_in_the_admin(admin_client, db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    event = ClaimEvent.objects.first()
    assert admin_client.get(reverse("admin:claims_claimevent_add")).status_code == 403
    change = admin_client.get(reverse("admin:claims_claimevent_change", args=[event.pk]))
    assert change.status_code == 200 and b'name="note"' not in change.content  # shown, not editable
    before = (event.note, event.kind)
    admin_client.post(reverse("admin:claims_claimevent_change", args=[event.pk]), {"note": "rewritten"})
    event.refresh_from_db()
    assert (event.note, event.kind) == before
    assert admin_client.get(reverse("admin:claims_claimevent_delete", args=[event.pk])).status_code == 403


def test_admin_changelists_and_search_work(admin_client, db, settings):
    """Every model's changelist, plain and searched, over the demo newsroom (loaded once: the
    failures name each model that broke)."""
    settings.DEBUG = True
    call_command("load_demo")
    broken = []
    for model in ADMIN_MODELS:
        url = reverse(f"admin:claims_{model}_changelist")
        for query in ({}, {"q": "tanks"}):
            status = admin_client.get(url, query).status_code
            if status != 200:
                broken.append(f"{model} {query or ''}: {status}")
    assert broken == []


def test_admin_claim_page_and_triage_action(admin_client, db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    claim = Claim.objects.filter(status="new").order_by("-score").first()
    assert admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).status_code == 200
    response = admin_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "triage_claims", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "triaged"
    assert claim.events.filter(move="triage").exists()


def test_a_viewer_does_not_reach_the_admin(client, viewer):
    client.force_login(viewer)
    for name in ("admin:claims_claim_changelist", "admin:claims_outlet_add"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_healthz_answers(client):
    assert client.get("/healthz").content == b"ok"


def test_jobs_admin_lists_failed_jobs(admin_client, db):
    ExtractionJob.objects.create(
        source_kind="text",
        input_content="x",
        input_hash="h",
        status="failed",
        error="Not an article",
        error_step="cleaned",
    )
    url = reverse("admin:claims_extractionjob_changelist")
    response = admin_client.get(url, {"status__exact": "failed", "q": "Not an article"})
    assert response.context["cl"].result_count == 1
    assert admin_client.get(url, {"status__exact": "succeeded"}).context["cl"].result_count == 0
