"""scripts/check_compose.py (run by .ci/run): the compose file scales out by role (issue 27) — no
two app roles share a writable volume, no scaled service publishes a fixed host port, one beat —
and no exception: the matching index is no longer a volume (it lives in PostgreSQL)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml
from private_stack import ROOT

SCRIPT = ROOT / "scripts" / "check_compose.py"


def check(tmp_path, compose: dict | None = None) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    path = tmp_path / "docker-compose.yml"
    if compose is None:
        shutil.copy(ROOT / "docker-compose.yml", path)
    else:
        path.write_text(yaml.safe_dump(compose))
    return subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60)


@pytest.fixture
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_project_compose_file_passes_with_no_volume_on_any_app_role(tmp_path, compose):
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "exception" not in result.stdout + result.stderr
    for name in ("web", "worker", "worker-matching", "beat", "migrate"):
        assert not compose["services"][name].get("volumes"), name
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "objects"}  # the engines' own data


def test_compose_file_scales_by_reading(compose):
    services = compose["services"]
    app = [n for n, s in services.items() if s.get("image") == "verify:latest"]
    assert set(app) == {"migrate", "web", "worker", "worker-matching", "beat"}
    assert not services["worker"].get("volumes") and not services["beat"].get("volumes")
    assert not services["migrate"].get("volumes")
    for name in ("web", "worker", "worker-matching"):
        assert not services[name].get("ports"), name
    assert services["proxy"]["ports"] == ["8000:8000"]  # the one published port
    env = services["web"]["environment"]
    assert env["VERIFY_S3_BUCKET"] and env["VERIFY_S3_ENDPOINT_URL"] == "http://objectstore:9000"
    assert "storage_check --create-bucket" in " ".join(services["migrate"]["command"])
    assert "media" not in compose["volumes"]


def test_the_old_matching_index_volume_fails_now(tmp_path, compose):
    compose["volumes"]["matchindex"] = None
    compose["services"]["web"]["volumes"] = ["matchindex:/app/var/matching"]
    compose["services"]["worker-matching"]["volumes"] = ["matchindex:/app/var/matching"]
    result = check(tmp_path, compose)
    assert result.returncode == 1
    assert "app roles web, worker-matching share the writable volume matchindex" in result.stderr


def test_any_other_shared_writable_volume_fails_and_read_only_or_anonymous_ones_pass(tmp_path, compose):
    compose["volumes"]["media"] = None
    compose["services"]["web"]["volumes"] = ["media:/app/var/media"]
    compose["services"]["worker"]["volumes"] = [{"type": "volume", "source": "media", "target": "/app/var/media"}]
    result = check(tmp_path, compose)
    assert result.returncode == 1
    assert "app roles web, worker share the writable volume media" in result.stderr

    compose["services"]["worker"]["volumes"] = ["media:/app/var/media:ro", "/tmp/scratch"]
    compose["services"]["web"]["volumes"] = ["media:/app/var/media:ro"]
    result = check(tmp_path, compose)
    assert result.returncode == 0, result.stderr


def test_a_scaled_role_alone_on_a_writable_host_path_fails(tmp_path, compose):
    compose["services"]["worker"]["volumes"] = ["./var:/app/var"]
    result = check(tmp_path, compose)
    assert result.returncode == 1
    assert "host path ./var is writable by every replica of the scaled role worker" in result.stderr


def test_a_fixed_host_port_on_a_scaled_service_fails(tmp_path, compose):
    compose["services"]["web"]["ports"] = ["8000:8000"]
    compose["services"]["worker"]["ports"] = [{"target": 9000, "published": 9000}]
    result = check(tmp_path, compose)
    assert result.returncode == 1
    assert "the scaled service web publishes fixed host ports ['8000:8000']" in result.stderr
    assert "the scaled service worker publishes fixed host ports ['9000']" in result.stderr

    compose["services"]["web"]["ports"] = ["8000"]  # a container port: Docker picks each replica's host port
    del compose["services"]["worker"]["ports"]
    assert check(tmp_path, compose).returncode == 0


def test_two_beats_fail(tmp_path, compose):
    compose["services"]["beat2"] = dict(compose["services"]["beat"])
    result = check(tmp_path, compose)
    assert result.returncode == 1 and "one beat service expected, found ['beat', 'beat2']" in result.stderr
    del compose["services"]["beat2"]
    compose["services"]["beat"]["deploy"] = {"replicas": 2}
    result = check(tmp_path, compose)
    assert result.returncode == 1 and "the beat service beat has several replicas" in result.stderr
