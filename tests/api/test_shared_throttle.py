"""With CACHE_URL on Redis, every web process counts a token's requests against the same limit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from array import array

import pytest
from apiclients import api_for
from private_stack import ROOT, PrivateRedis

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


def _settings_with(cache_url: str) -> str:
    env = {
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "SECRET_KEY": "x" * 50,
        "CACHE_URL": cache_url,
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CACHES['default'])"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


@pytest.mark.slow
def test_cache_url_picks_redis_or_refuses_what_it_cannot_use():
    assert "RedisCache" in _settings_with("redis://127.0.0.1:6379/3")
    assert "LocMemCache" in _settings_with("")
    assert "CACHE_URL must be a redis:// URL" in _settings_with("memcached://127.0.0.1:11211")


def test_requests_another_process_counted_in_redis_count_here(db, users, monkeypatch, settings, tmp_path):
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    from claims.api.auth import TokenRateThrottle
    from claims.models import ApiToken

    redis = PrivateRedis(tmp_path)
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis.url,
                "KEY_PREFIX": "verify",
            }
        }
        monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min", "anon": "3/min"})
        client = api_for(users["viewer"], ["read"])
        assert client.get("/api/v1/claims/").status_code == 200
        # The count lives in Redis, where any web process finds it ...
        other = RedisCache(redis.url, {"KEY_PREFIX": "verify"})  # another process's own connection
        (key,) = [
            k
            for k in (f"throttle_token_token-{pk}" for pk in ApiToken.objects.values_list("pk", flat=True))
            if other.get(k) is not None
        ]
        assert len(array("d", other.get(key))) == 1
        # ... and what another process counted there counts here: two more requests just now.
        now = time.time()
        other.set(key, array("d", [now - 1, now - 0.5, now - 0.1]).tobytes(), 60)
        refused = client.get("/api/v1/claims/")
        assert refused.status_code == 429, refused.content
    finally:
        cache.close()
        redis.stop()
