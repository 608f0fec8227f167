"""Archived evidence pages go through Django's storage API (issue 27): the local file system by
default, an S3-compatible store by settings — tested against a real S3 API, moto's server started
on 127.0.0.1 — and read back through the desk's archive page."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from io import StringIO

import pytest
from conftest import database_url, wait_for
from django.db import connection
from django.urls import reverse
from factories import claim_in_state
from private_stack import Worker, free_port, run_django, stack_env

from claims.models import Evidence
from claims.selectors.evidence import archive_file_name
from claims.services import workflow

PAGE = (
    b"<html><head><title>Border report</title></head><body><article><p>Satellite images "
    b"taken on 15 February show 40 more tanks near the border than a week earlier.</p>"
    b"<script>alert(1)</script></article></body></html>"
)
BUCKET = "verify-evidence"
KEYS = {"access_key": "testing-key", "secret_key": "testing-secret"}


@pytest.fixture
def site(local_site):
    return local_site({"/report": (200, "text/html; charset=utf-8", PAGE)})


class MotoServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("moto's server exited at start") from None
                time.sleep(0.1)
        raise RuntimeError("moto's server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def s3(settings, tmp_path):
    """A real S3 API on loopback, a bucket in it, and the default storage pointed at it."""
    server = MotoServer(free_port())
    server.client().create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: files go to S3
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_setting(server)}
    yield server
    server.stop()


def s3_storage_setting(server: MotoServer) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": server.url,
            "region_name": "us-east-1",
            "default_acl": None,
            "file_overwrite": True,
            **KEYS,
        },
    }


def _archive(users, site, capture) -> Evidence:
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with capture(execute=True):
        evidence = workflow.evidence_add(
            claim=claim, actor=users["checker"], source_kind="media", stance="refutes", url=f"{site}/report"
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == "archived", evidence.archive_error
    return evidence


def test_evidence_archived_to_s3_and_read_back_through_the_desk(
    db, users, site, s3, client, settings, django_capture_on_commit_callbacks
):
    evidence = _archive(users, site, django_capture_on_commit_callbacks)
    sha = hashlib.sha256(PAGE).hexdigest()
    assert evidence.archive_sha256 == sha
    stored = s3.client().get_object(Bucket=BUCKET, Key=archive_file_name(sha))["Body"].read()
    assert stored == PAGE
    assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.bin"))

    client.force_login(users["viewer"])
    page = client.get(reverse("evidence_archive", kwargs={"pk": evidence.pk}))
    original_url = reverse("evidence_archive_original", kwargs={"pk": evidence.pk})
    assert page.status_code == 200 and original_url in page.content.decode()
    response = client.get(original_url)
    assert response.status_code == 200
    assert response.content == PAGE
    assert response["Content-Type"] == "text/plain"  # never served as HTML: its scripts stay text
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]

    # Other bytes under its name: refused, not served as the archive.
    s3.client().put_object(Bucket=BUCKET, Key=archive_file_name(sha), Body=b"tampered")
    response = client.get(original_url)
    assert response.status_code == 500 and b"does not match the SHA-256" in response.content
    # Gone from the bucket: 404 with the reason.
    s3.client().delete_object(Bucket=BUCKET, Key=archive_file_name(sha))
    response = client.get(original_url)
    assert response.status_code == 404
    # The store unreachable: 503 with Retry-After, not a crash.
    s3.stop()
    response = client.get(original_url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert b"storage is unreachable" in response.content


def test_s3_unreachable_while_archiving_is_transient(db, users, site, s3, django_capture_on_commit_callbacks):
    """The page fetched but the store down: the evidence stays pending (the task retries), never
    "archived" without its file."""
    from claims.services import evidence as evidence_service

    s3.stop()
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    evidence = Evidence.objects.create(
        claim=claim,
        url=f"{site}/report",
        source_kind="media",
        stance="refutes",
        added_by=users["checker"],
        archive_status=Evidence.ArchiveStatus.PENDING,
    )
    with pytest.raises(evidence_service.TransientArchiveError, match="Could not store the archived page"):
        evidence_service.evidence_archive(evidence_id=evidence.pk)
    evidence.refresh_from_db()
    assert evidence.archive_status == "pending" and not evidence.archive_sha256


def test_evidence_archived_to_the_local_file_system_by_default(
    db, users, site, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    evidence = _archive(users, site, django_capture_on_commit_callbacks)
    path = settings.MEDIA_ROOT / archive_file_name(evidence.archive_sha256)
    assert path.read_bytes() == PAGE
    # Archiving the same page again (another claim cites it) keeps one file, not a renamed copy.
    _archive(users, site, django_capture_on_commit_callbacks)
    assert [p.name for p in path.parent.iterdir()] == [path.name]

    client.force_login(users["viewer"])
    response = client.get(reverse("evidence_archive_original", kwargs={"pk": evidence.pk}))
    assert response.status_code == 200 and response.content == PAGE


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("nobody", 403), ("viewer", 200), ("checker", 200), ("editor", 200), ("admin", 200)],
)
def test_archived_page_access_by_role(
    db, users, site, client, settings, tmp_path, role, status, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = _archive(users, site, django_capture_on_commit_callbacks)
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(reverse("evidence_archive_original", kwargs={"pk": evidence.pk}))
    assert response.status_code == status


def test_evidence_not_archived_has_no_page_as_fetched(db, users, client):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    evidence = Evidence.objects.create(
        claim=claim, quote="A quote", source_kind="document", stance="refutes", added_by=users["checker"]
    )
    client.force_login(users["viewer"])
    response = client.get(reverse("evidence_archive_original", kwargs={"pk": evidence.pk}))
    assert response.status_code == 404
    assert client.post(reverse("evidence_archive_original", kwargs={"pk": evidence.pk})).status_code == 405


def test_storage_check_creates_the_bucket_and_probes_it(s3, settings):
    """Compose's migrate step: the bucket made when missing, then a write/read/delete probe."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    s3.client().delete_bucket(Bucket=BUCKET)
    out = StringIO()
    call_command("storage_check", "--create-bucket", stdout=out)
    assert f"Created bucket {BUCKET}" in out.getvalue() and f"File storage OK: S3Storage at {BUCKET}" in out.getvalue()
    assert s3.client().list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0  # the probe cleaned up
    call_command("storage_check", "--create-bucket", stdout=StringIO())  # already there: fine

    s3.client().delete_bucket(Bucket=BUCKET)
    with pytest.raises(CommandError, match="not usable"):  # without --create-bucket: the missing bucket is said
        call_command("storage_check", stdout=StringIO())
    s3.stop()
    with pytest.raises(CommandError, match="unreachable"):
        call_command("storage_check", "--create-bucket", stdout=StringIO())


def test_storage_check_on_the_local_file_system(settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    out = StringIO()
    call_command("storage_check", stdout=out)
    assert f"File storage OK: FileSystemStorage at {tmp_path / 'media'}" in out.getvalue()
    assert not list((tmp_path / "media").rglob("probe-*"))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_another_host_archives_to_s3_and_web_reads_it(users, site, s3, client, settings, tmp_path):
    """Two "hosts" with no disk in common: a real worker (its own VERIFY_VAR_DIR, the S3 settings from
    its environment, its own broker) archives the page; this process, as web, with another
    MEDIA_ROOT, serves it from the bucket."""
    worker_var = tmp_path / "worker-host"
    redis = None
    if os.environ.get("REDIS_URL"):
        from private_stack import PrivateRedis

        redis = PrivateRedis(tmp_path)
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=worker_var,
        redis_url=redis.url if redis else "",
        VERIFY_S3_BUCKET=BUCKET,
        VERIFY_S3_ENDPOINT_URL=s3.url,
        VERIFY_S3_REGION="us-east-1",
        AWS_ACCESS_KEY_ID=KEYS["access_key"],
        AWS_SECRET_ACCESS_KEY=KEYS["secret_key"],
    )
    worker = Worker(env, tmp_path / "worker.log", name="s3worker")
    try:
        claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
        evidence = Evidence.objects.create(
            claim=claim,
            url=f"{site}/report",
            source_kind="media",
            stance="refutes",
            added_by=users["checker"],
            archive_status=Evidence.ArchiveStatus.PENDING,
        )
        assert (
            run_django(
                env,
                f"""
from claims.services.evidence import archive_send
result = archive_send(evidence_id={evidence.pk})
""",
            )
            is True
        )
        wait_for(lambda: Evidence.objects.get(pk=evidence.pk).archive_status != "pending", timeout=60, worker=worker)
        evidence.refresh_from_db()
        assert evidence.archive_status == "archived", evidence.archive_error
        assert not list(worker_var.rglob("*.bin"))  # nothing on the worker's disk
        assert (
            s3.client().get_object(Bucket=BUCKET, Key=archive_file_name(evidence.archive_sha256))["Body"].read() == PAGE
        )

        settings.MEDIA_ROOT = tmp_path / "web-host-media"
        client.force_login(users["viewer"])
        response = client.get(reverse("evidence_archive_original", kwargs={"pk": evidence.pk}))
        assert response.status_code == 200 and response.content == PAGE
    finally:
        worker.stop()
        if redis is not None:
            redis.stop()
