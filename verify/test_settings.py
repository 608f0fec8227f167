"""Test settings: the real settings, only faster.

The environment decides the backends exactly as in production: with
DATABASE_URL / REDIS_URL set (as .ci/run does) the suite runs on PostgreSQL
and Redis; without them on SQLite and the filesystem broker.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("VERIFY_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from .settings import *  # noqa: E402,F403
from .settings import env  # noqa: E402

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Unit tests run tasks inline when their transaction commits; the worker
# tests (tests/stack/test_worker.py) switch this off and use a real worker process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
# Fixtures are served from 127.0.0.1 in the fetcher tests.
VERIFY_FETCH_ALLOW_PRIVATE = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Email stays in memory (django.core.mail.outbox) unless a worker test sets a file backend.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
