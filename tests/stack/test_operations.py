"""Operations and hardening: readiness, request ids in logs and tasks, metrics, CSP, sign-in
lockout, backup and restore, and `check --deploy` with production settings."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, make_user, wait_for
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from factories import claim_in_state, make_claim

from claims.models import Claim, Evidence, ExtractionJob, Verdict, VerdictVersion, WorkerHeartbeat
from verify.health import record_heartbeat
from verify.requestid import RequestIdFilter, request_id

# --- Readiness ---------------------------------------------------------------------------


def test_healthz_is_alive_and_readyz_needs_a_worker(client, db):
    assert client.get("/healthz").content == b"ok"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and body["checks"]["database"] == "ok" and body["checks"]["broker"] == "ok"
    assert body["checks"]["worker"].startswith("failing: LookupError: no heartbeat in the last 45 s")
    record_heartbeat("celery@test")
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["worker"].startswith("ok (celery@test")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timezone.timedelta(minutes=5))
    assert client.get("/readyz").status_code == 503


def test_readyz_needs_a_worker_for_each_queue(client, db):
    """Extraction and matching run on their own queues: a worker must be beating for each."""
    record_heartbeat("extract@test", ("celery",))
    body = client.get("/readyz").json()
    assert body["ready"] is False and body["checks"]["worker"].startswith("ok (extract@test")
    assert body["checks"]["matching_worker"] == (
        "failing: LookupError: no heartbeat in the last 45 s from a worker on the 'matching' queue"
    )
    record_heartbeat("match@test", ("matching",))
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["matching_worker"].startswith("ok (match@test")
    WorkerHeartbeat.objects.filter(hostname="extract@test").delete()  # one worker serving both will do
    record_heartbeat("match@test", ("celery", "matching"))
    assert client.get("/readyz").json()["checks"]["worker"].startswith("ok (match@test")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_makes_the_service_ready_and_logs_the_request_id(async_tasks, client):
    wait_for(lambda: WorkerHeartbeat.objects.exists(), worker=async_tasks)
    assert client.get("/readyz").json()["ready"] is True
    client.force_login(make_user("rita", "checker"))
    rid = "req-ops-test-0001"
    response = client.post(
        reverse("ingest"), {"text": "The minister said unemployment fell to 4 percent."}, HTTP_X_REQUEST_ID=rid
    )
    assert response.status_code == 302 and response["X-Request-ID"] == rid
    job = ExtractionJob.objects.latest("pk")
    wait_for(lambda: ExtractionJob.objects.get(pk=job.pk).status in ("succeeded", "failed"), worker=async_tasks)

    def logged() -> bool:  # the worker's log is a file it writes as it goes: read until the line is there
        lines = [json.loads(line) for line in async_tasks.log_path.read_text().splitlines() if line.startswith("{")]
        return any(line.get("request_id") == rid for line in lines)

    wait_for(logged, timeout=20, worker=async_tasks)  # fails with the worker's log if it never does


# --- Request ids and JSON logs ----------------------------------------------------------------


def test_every_response_has_a_request_id_and_insane_ones_are_replaced(client, db):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz", HTTP_X_REQUEST_ID="from-the-proxy-42")["X-Request-ID"] == "from-the-proxy-42"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n<script>")["X-Request-ID"] != "bad id\n<script>"


def test_a_streamed_body_is_produced_under_the_request_id(rf):
    """CSV and DataFeed stream after the view returns: what is logged meanwhile keeps the id."""
    from django.http import StreamingHttpResponse

    from verify.requestid import RequestIdMiddleware

    def view(request):
        return StreamingHttpResponse(request_id.get() for _ in range(3))

    response = RequestIdMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="stream-id-0001"))
    assert request_id.get() == "-"  # the view has returned: the id is not set any more ...
    assert b"".join(response.streaming_content) == b"stream-id-0001" * 3  # ... but is while streaming
    assert request_id.get() == "-" and response["X-Request-ID"] == "stream-id-0001"


def test_log_lines_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"))
    handler.addFilter(RequestIdFilter())
    log = logging.getLogger("verify.test.ops")
    log.addHandler(handler)
    token = request_id.set("abc-123-request")
    try:
        log.warning("job %s failed", 7)
    finally:
        request_id.reset(token)
        log.removeHandler(handler)
    record = json.loads(stream.getvalue())
    assert record["message"] == "job 7 failed" and record["request_id"] == "abc-123-request"
    assert settings.LOGGING["formatters"]["json"]["()"] == "pythonjsonlogger.json.JsonFormatter"


# --- Metrics ----------------------------------------------------------------------------------


def test_metrics_are_open_to_loopback_or_a_token_only(client, db, settings):
    ExtractionJob.objects.create(source_kind="text", input_content="x", input_hash="h", status="failed", error="Empty")
    make_claim()
    body = client.get("/metrics").content.decode()
    assert 'verify_jobs{status="failed"} 1.0' in body and 'verify_claims{status="new"} 1.0' in body
    assert "verify_queue_depth" in body and "django_http_requests_total_by_method_total" in body
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.VERIFY_METRICS_TOKEN = "test-only-metrics-token"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer test-only-metrics-token"
        ).status_code
        == 200
    )


# --- Content-Security-Policy ------------------------------------------------------------------


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"])
def test_metrics_behind_an_undeclared_proxy_on_the_same_host_are_closed(client, db, header):
    """A proxy on the host forwards everyone from 127.0.0.1: its forwarding header gives it away."""
    value = "for=203.0.113.9" if header == "HTTP_FORWARDED" else "203.0.113.9"
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", **{header: value}).status_code == 403


def test_metrics_behind_declared_proxies_read_the_client_from_x_forwarded_for(client, db, settings):
    settings.PROXY_COUNT = 1
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    # A client cannot forge its way in: the proxy appends the address it saw, the last one counts.
    forged = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9")
    assert forged.status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200  # straight to the app


def test_metrics_answer_quickly_when_the_broker_is_down(client, db, settings, monkeypatch):
    from verify.celery import app

    down = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    # The Celery app's own connections too, patched before the Django settings (its configuration is
    # read from them on first use) and the read and write URLs before broker_url (they derive from
    # it until set): monkeypatch records, and restores, their real values.
    for name in ("broker_read_url", "broker_write_url", "broker_url"):
        monkeypatch.setattr(app.conf, name, down)
    settings.CELERY_BROKER_URL = down
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    started = time.monotonic()
    response = client.get("/metrics")
    assert response.status_code == 200 and "verify_jobs" in response.content.decode()
    assert "verify_queue_depth" not in response.content.decode()  # unknown, not made up
    assert time.monotonic() - started < 2


def test_every_page_has_a_strict_csp_and_only_the_embed_may_be_framed(client, users):
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor"])
    for url in ("/", f"/claims/{published.pk}/", "/verdicts/", f"/verdicts/{published.pk}/", "/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
    embed = client.get(f"/verdicts/{published.pk}/embed/")["Content-Security-Policy"]
    assert "frame-ancestors *" in embed and "unsafe-inline" not in embed
    assert "unsafe-inline" not in client.get("/api/docs/")["Content-Security-Policy"]
    redoc = client.get("/api/redoc/")["Content-Security-Policy"]  # its styles only, never scripts
    assert "style-src 'self' 'unsafe-inline'" in redoc and "script-src 'self' 'nonce-" in redoc


def test_templates_have_no_inline_script_or_style_a_strict_csp_would_block():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)([^>]*)>", text):
            if "nonce=" not in match.group(1):
                offenders.append(f"{path.relative_to(ROOT)}: inline <script> without a nonce")
        if re.search(r"<style(?![^>]*nonce=)[^>]*>", text):
            offenders.append(f"{path.relative_to(ROOT)}: <style> without a nonce")
        if re.search(r"\sstyle=\"", text):
            offenders.append(f"{path.relative_to(ROOT)}: style attribute")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert offenders == []


# --- Sign-in lockout and passwords ------------------------------------------------------------


def test_repeated_failed_sign_ins_lock_the_account_out_from_that_address(client, db, settings):
    make_user("lola", "checker")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "lola", "password": "wrong"})
        assert response.status_code == 200 and "correct username and password" in response.content.decode()
    locked = client.post("/login/", {"username": "lola", "password": "wrong"})
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.content.decode()
    # Locked out: even the right password is refused now, from this address.
    assert client.post("/login/", {"username": "lola", "password": "pw-for-tests"}).status_code == 429
    other = client.post("/login/", {"username": "lola", "password": "pw-for-tests"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_a_good_sign_in_resets_the_failure_count(client, db, settings):
    make_user("lena", "checker")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": "lena", "password": "wrong"})
    assert client.post("/login/", {"username": "lena", "password": "pw-for-tests"}).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/", {"username": "lena", "password": "wrong"}).status_code == 200


def test_password_validators_are_on():
    names = {v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= names


# --- Backup and restore -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_an_empty_database_with_every_claim(users, tmp_path):
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    Evidence.objects.create(
        claim=published,
        url="https://stats.example/r",
        source_kind="document",
        stance="refutes",
        added_by=users["checker"],
        archive_status="archived",
        archive_text="The archived page.",
        archive_sha256="cd" * 32,
    )
    for _ in range(3):
        make_claim()
    before = {
        "claims": sorted(Claim.objects.values_list("pk", "text", "status", "start", "end")),
        "verdicts": sorted(Verdict.objects.values_list("pk", "headline", "published_at")),
        "versions": VerdictVersion.objects.count(),
        "evidence": list(Evidence.objects.values_list("archive_text", "archive_sha256")),
        "users": sorted(u.username for u in users.values()),
    }
    backup = tmp_path / "verify.xml.gz"
    call_command("backup", "--output", str(backup))
    assert backup.stat().st_size > 0
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(backup))
    call_command("flush", "--no-input")  # an empty database, schema in place
    assert not Claim.objects.exists()
    call_command("restore", str(backup))
    from django.contrib.auth import get_user_model

    assert sorted(Claim.objects.values_list("pk", "text", "status", "start", "end")) == before["claims"]
    assert sorted(Verdict.objects.values_list("pk", "headline", "published_at")) == before["verdicts"]
    assert VerdictVersion.objects.count() == before["versions"]
    assert list(Evidence.objects.values_list("archive_text", "archive_sha256")) == before["evidence"]
    restored = get_user_model().objects.get(username="chris")
    assert restored.groups.filter(name="checker").exists() and restored.check_password("pw-for-tests")
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing.xml"))
    with pytest.raises(CommandError, match=r"\.xml"):
        call_command("backup", "--output", str(tmp_path / "verify.json"))


# --- Production settings ----------------------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(
        DEBUG="0",
        SECRET_KEY="prod-" + "k3y-" * 16,
        ALLOWED_HOSTS="verify.example.org",
        DJANGO_SETTINGS_MODULE="verify.settings",
        VERIFY_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="verify.settings", VERIFY_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import verify.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )  # what gunicorn does
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", ["change-me-to-a-long-random-string", "change-me"])
def test_production_refuses_the_example_secret_key(tmp_path, key):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    env.update(DEBUG="0", SECRET_KEY=key, DJANGO_SETTINGS_MODULE="verify.settings", VERIFY_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import verify.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )  # what gunicorn does
    assert result.returncode != 0 and "SECRET_KEY is the example value from .env.example" in result.stderr
    example = (ROOT / ".env.example").read_text()
    assert "SECRET_KEY=change-me-to-a-long-random-string" in example  # the value refused is the one published


def test_the_csrf_cookie_is_httponly_as_docs_security_says(client, db):
    response = client.get("/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert "sessions and CSRF cookies `Secure` and `HttpOnly`" in (ROOT / "docs" / "SECURITY.md").read_text()


def test_no_secret_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False).stdout
    pattern = re.compile(r"(SECRET_KEY|PASSWORD|TOKEN)\s*=\s*['\"][^'\"]{16,}['\"]")
    allowed = ("test-only", "not-for-production", "development-only", "bench-only", "demo")
    hits = []
    for name in tracked.split():
        path = ROOT / name
        if path.suffix not in (".py", ".env", ".yml", ".toml", ".example", ".cfg", ".ini") or not path.is_file():
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8", errors="ignore")):
            if not any(word in match.group(0) for word in allowed):
                hits.append(f"{name}: {match.group(0)[:60]}")
    assert hits == []


def test_no_secret_reaches_an_error_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and settings.SECRET_KEY.encode() not in response.content
    assert Path(settings.BASE_DIR, ".env").exists() is False or ".env" in (ROOT / ".gitignore").read_text()
