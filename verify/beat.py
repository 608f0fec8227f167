"""One Celery beat at a time, across hosts: the schedule runs only under a lease.

Every ``celery beat`` may start (one per host, or several replicas); each uses
``LeasedScheduler`` (settings: CELERY_BEAT_SCHEDULER) and sends due tasks only
while it holds the lease. The others wait on standby and try to take the
lease every ``VERIFY_BEAT_LOCK_RENEW_SECONDS``.

- With Redis (REDIS_URL): a key set with ``SET NX PX`` holding this beat's
  token, renewed by a compare-and-PEXPIRE script before it expires. A beat
  that dies stops renewing; a standby takes the lease over once the key has
  expired (at most ``VERIFY_BEAT_LOCK_TTL_SECONDS`` later). A leader that fails
  to renew (Redis unreachable, or the key taken because it stalled past the
  TTL) stops sending at once and goes back to standby.
- Without Redis (the embedded default, one host): an exclusive ``flock`` on
  ``VAR_DIR/beat.lock``, released by the kernel when the process dies.

A takeover may send a task the dead leader sent just before dying: the
periodic tasks are idempotent (they claim their work with conditional
UPDATEs), so that is harmless.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import time
import uuid
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "verify:beat:lease"

# KEYS[1] the lease, ARGV[1] our token, ARGV[2] the TTL in ms: extend only a lease we still hold.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisLease:
    """A lease in Redis: taken with SET NX PX, kept with a compare-and-PEXPIRE."""

    def __init__(self, url: str, *, ttl: float, key: str = LOCK_KEY) -> None:
        # Imported here: only the Redis lease needs the client (the embedded broker has none).
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=max(ttl / 3, 0.5), socket_connect_timeout=2)
        self.key = key
        self.ttl_ms = int(ttl * 1000)
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"

    def describe(self) -> str:
        return f"Redis key {self.key}"

    def acquire(self) -> bool:
        return bool(self.client.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def renew(self) -> bool:
        return bool(self.client.eval(_RENEW, 1, self.key, self.token, self.ttl_ms))

    def holder(self) -> str | None:
        value = self.client.get(self.key)
        return value.decode() if value else None

    def release(self) -> None:
        self.client.eval(_RELEASE, 1, self.key, self.token)


class FileLease:
    """One host without Redis: an exclusive flock, held as long as the process lives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.token = f"{socket.gethostname()}:{os.getpid()}"

    def describe(self) -> str:
        return f"file lock {self.path}"

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, self.token.encode())
        self.fd = fd
        return True

    def renew(self) -> bool:
        return self.fd is not None  # a flock does not expire

    def holder(self) -> str | None:
        try:
            return self.path.read_text() or None
        except OSError:
            return None

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def make_lease():
    if settings.REDIS_URL:
        return RedisLease(settings.REDIS_URL, ttl=settings.VERIFY_BEAT_LOCK_TTL_SECONDS)
    return FileLease(Path(settings.VAR_DIR) / "beat.lock")


class LeasedScheduler(PersistentScheduler):
    """celery beat's file-backed scheduler, running the schedule only while it holds the lease."""

    def __init__(self, *args, **kwargs) -> None:
        self.lease = make_lease()
        self.leader = False
        self.renew_every = settings.VERIFY_BEAT_LOCK_RENEW_SECONDS
        self._next_renew = 0.0
        self._standby_logged = False
        super().__init__(*args, **kwargs)

    def _try(self, what, action) -> bool:
        try:
            return action()
        except Exception:  # noqa: BLE001 - Redis unreachable: we cannot know we hold the lease
            logger.warning("beat: could not %s the lease (%s)", what, self.lease.describe(), exc_info=True)
            return False

    def check_lease(self) -> None:
        """Take, renew or give up the lease, as each tick does: a standby tries to take it every
        time, the leader renews it once ``renew_every`` has passed and stands by if it cannot."""
        now = time.monotonic()
        if self.leader and now < self._next_renew:
            return
        if self.leader:
            if not self._try("renew", self.lease.renew):
                self.leader = False
                logger.warning("beat: lost the lease (%s); standing by, sending nothing", self.lease.describe())
        elif self._try("take", self.lease.acquire):
            self.leader = True
            logger.warning(
                "beat: took the lease (%s) as %s; running the schedule", self.lease.describe(), self.lease.token
            )
            self._heap = None  # re-read the schedule: entries due while on standby are due now
        else:
            if not self._standby_logged:
                holder = self._try_value(self.lease.holder)
                logger.warning("beat: on standby, the lease (%s) is held by %s", self.lease.describe(), holder)
                self._standby_logged = True
        self._next_renew = now + self.renew_every

    def _try_value(self, action):
        try:
            return action()
        except Exception:  # noqa: BLE001
            return None

    def tick(self, *args, **kwargs) -> float:
        self.check_lease()
        if not self.leader:
            if self.should_sync():  # keeps the schedule file fresh (the compose health check reads it)
                self._do_sync()
            return self.renew_every
        self._standby_logged = False
        return min(super().tick(*args, **kwargs), max(self._next_renew - time.monotonic(), 0.05))

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.leader:
                self._try("release", lambda: self.lease.release() or True)
                self.leader = False
