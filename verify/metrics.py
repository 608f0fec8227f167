"""Prometheus metrics at /metrics: django-prometheus's request and database metrics, plus
Verify's own read at scrape time — jobs and claims by status, the broker's queue depth,
recent extraction durations and worker heartbeats.

Open to the addresses in VERIFY_METRICS_ALLOWED_IPS (loopback by default) or to a
client sending ``Authorization: Bearer <VERIFY_METRICS_TOKEN>``; 403 otherwise.
"""

from __future__ import annotations

import hmac
import logging
import statistics
from datetime import timedelta

import prometheus_client
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client.core import GaugeMetricFamily

from .broker import BrokerUnavailable, queue_depth

log = logging.getLogger(__name__)


class VerifyCollector:
    def collect(self):
        # claims.models needs the app registry; verify/ modules load before it is ready.
        from claims.models import Claim, ExtractionJob, WorkerHeartbeat

        jobs = GaugeMetricFamily("verify_jobs", "Extraction jobs by status", labels=["status"])
        for row in ExtractionJob.objects.order_by().values("status").annotate(n=Count("pk")):
            jobs.add_metric([row["status"]], row["n"])
        yield jobs
        claims = GaugeMetricFamily("verify_claims", "Claims by workflow status", labels=["status"])
        for row in Claim.objects.order_by().values("status").annotate(n=Count("pk")):
            claims.add_metric([row["status"]], row["n"])
        yield claims
        try:
            depth = queue_depth()
        except BrokerUnavailable as exc:  # a broker outage must not break (or slow) the scrape
            log.warning("queue depth unavailable: %s", exc)
        else:
            yield GaugeMetricFamily("verify_queue_depth", "Tasks waiting in the broker", value=depth)
        since = timezone.now() - timedelta(hours=1)
        durations = [
            (job.finished_at - job.started_at).total_seconds()
            for job in ExtractionJob.objects.filter(finished_at__gte=since, started_at__isnull=False).only(
                "started_at", "finished_at"
            )[:5000]
        ]
        recent = GaugeMetricFamily(
            "verify_job_duration_seconds", "Extraction job duration over the last hour", labels=["quantile"]
        )
        if durations:
            cuts = statistics.quantiles(durations, n=20, method="inclusive") if len(durations) > 1 else durations * 19
            for label, value in (("0.5", statistics.median(durations)), ("0.95", cuts[18]), ("1", max(durations))):
                recent.add_metric([label], value)
        yield recent
        beats = GaugeMetricFamily(
            "verify_worker_heartbeat_age_seconds", "Seconds since each worker's last heartbeat", labels=["worker"]
        )
        now = timezone.now()
        for beat in WorkerHeartbeat.objects.all():
            beats.add_metric([beat.hostname], (now - beat.seen_at).total_seconds())
        yield beats


_registry = prometheus_client.CollectorRegistry(auto_describe=False)
_registry.register(VerifyCollector())


FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Client-IP", "True-Client-IP")


def client_address(request: HttpRequest) -> str | None:
    """The client's address, or None when it cannot be known.

    With PROXY_COUNT (AXES_PROXY_COUNT) proxies in front, it is that many hops back in
    X-Forwarded-For (each proxy appends the address it saw; a request without the header came
    straight to the app, and REMOTE_ADDR is its client). Without, REMOTE_ADDR is the client,
    unless the request carries forwarding headers: then it came through a proxy nobody declared
    (on the same host its REMOTE_ADDR is 127.0.0.1), and its address says nothing of the client.
    """
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        if any(request.headers.get(name) for name in FORWARDING_HEADERS):
            return None
        return request.META.get("REMOTE_ADDR")
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded is None:
        return request.META.get("REMOTE_ADDR")  # came straight here, not through the proxies
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else None


def _allowed(request: HttpRequest) -> bool:
    token = settings.VERIFY_METRICS_TOKEN
    auth = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(auth.encode(), f"Bearer {token}".encode()):
        return True
    address = client_address(request)
    return address is not None and address in settings.VERIFY_METRICS_ALLOWED_IPS


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("Metrics are not open to this client.", status=403, content_type="text/plain")
    body = prometheus_client.generate_latest(prometheus_client.REGISTRY) + prometheus_client.generate_latest(_registry)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
