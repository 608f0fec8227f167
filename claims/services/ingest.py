"""Ingestion: accept an input, run its extraction job, save what it found.

``article_ingest`` validates and records the input as an ExtractionJob and
enqueues it after commit; the worker calls ``job_run``, which claims the job
with a conditional UPDATE (so a job delivered twice runs once at a time),
runs the pure extraction steps and saves the result in one transaction.
Saving is idempotent: the same content twice adds nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, InterfaceError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from tld import get_fld

from verify.broker import BrokerUnavailable, queue_depth
from verify.exceptions import ApplicationError

from .. import tasks
from ..choices import ClaimStatus, IngestChannel, JobStatus, JobStep, SourceKind
from ..errors import BinaryInput, InputTooLarge, InvalidInput, JobNotRetryable
from ..extraction import pipeline
from ..extraction.dedup import fingerprint
from ..extraction.errors import ExtractionError
from ..extraction.types import ArticleText, ExtractionResult
from ..imports.claimreview import Entry, ParsedDocument
from ..inputs.fetching import FetchError, fetch_url
from ..inputs.weburl import InvalidUrl, parse_http_url
from ..models import (
    Appearance,
    Article,
    Claim,
    ClaimEvent,
    ClaimMatch,
    ExternalReview,
    ExtractionJob,
    Outlet,
)
from ..permissions import require_permission
from ..selectors import checkworthy_threshold_setting, claims_per_article_cap, job_get
from . import imports, matching, webhooks
from .priority import claims_priority_refresh, new_claim_priority

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)

STEP_PROGRESS: dict[str, int] = {
    JobStep.QUEUED: 0,
    JobStep.FETCHED: 20,
    JobStep.CLEANED: 40,
    JobStep.SEGMENTED: 60,
    JobStep.SCORED: 80,
    JobStep.SAVED: 100,
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # tab, line breaks and form feed are text


class TransientJobError(Exception):
    """The job failed for a reason that may pass (network, database); retry it. ``step`` is the
    step it failed at, recorded if the retries run out."""

    def __init__(self, message: str, *, step: str | None = None) -> None:
        super().__init__(message)
        self.step = step


def decode_input(data: bytes, *, what: str = "input", declared: str | None = None) -> str:
    """Bytes from a file or upload as text; raise BinaryInput / InvalidInput saying why not.

    UTF-8 (with or without BOM) is read as is; a charset declared by the
    server (``declared``) or in an HTML meta tag is honoured.
    """
    if b"\x00" in data[:8192]:
        raise BinaryInput(f"The {what} contains NUL bytes: it is binary data, not text or HTML.")
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            raise InvalidInput(f"The {what} says it is {declared} but is not valid {declared}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"""<meta[^>]+charset=["']?([\w-]{2,40})""", data[:4096], re.IGNORECASE)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise InvalidInput(f"The {what} is not UTF-8 and declares no charset we can read: save it as UTF-8.")


_GZIP_MAGIC = b"\x1f\x8b"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_INFLATE_CHUNK = 64 * 1024


def gunzip_input(data: bytes, *, what: str = "input") -> bytes:
    """``data`` decompressed if it is gzip, else as is; the size limit holds for what comes out.

    Decompression stops as soon as the output passes VERIFY_MAX_INPUT_BYTES, so a
    gzip bomb (a few kilobytes that inflate to gigabytes) costs no more than the
    limit in memory and time before it is refused. Several gzip members one after
    the other (``cat a.gz b.gz``) are read as one stream, as gunzip does.
    """
    if not data.startswith(_GZIP_MAGIC):
        return data
    limit = settings.VERIFY_MAX_INPUT_BYTES
    out = bytearray()
    rest = data
    try:
        while rest.startswith(_GZIP_MAGIC):
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not inflater.eof:
                out += inflater.decompress(pending, _INFLATE_CHUNK)
                if len(out) > limit:
                    raise InputTooLarge(
                        f"The {what} is gzip that decompresses to more than the limit of {limit:,} bytes"
                        " (a gzip bomb, or a page too large to read); refused."
                    )
                pending = inflater.unconsumed_tail
            if not inflater.eof:
                raise InvalidInput(f"The {what} is gzip but ends early: the file is cut short.")
            rest = inflater.unused_data
    except zlib.error:
        raise InvalidInput(f"The {what} looks like gzip but is corrupt: it cannot be decompressed.") from None
    return bytes(out)


def file_input(data: bytes, *, name: str, what: str = "file") -> dict[str, str]:
    """A file's bytes as ``article_ingest`` arguments: ``{"html": ...}`` or ``{"text": ...}``.

    A ``.gz`` file (gzipped HTML or text) is decompressed first, within the size
    limit. HTML is told by the name (``.html``, ``.htm``, ``.xhtml``, also before
    ``.gz``) or by content that starts with a tag; anything else is text.
    """
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    data = gunzip_input(data, what=what)
    content = decode_input(data, what=what)
    if name.endswith(_HTML_SUFFIXES) or content.lstrip()[:1] == "<":
        return {"html": content}
    return {"text": content}


def parse_page(page) -> ArticleText:
    """A fetched page as article text: plain text as is, anything else as HTML."""
    if page.content_type == "text/plain":
        return pipeline.parse(text=decode_input(page.content, what="page", declared=page.encoding))
    return pipeline.parse(html_text=page.content, url=page.final_url)


def _check_content(content: str, *, what: str) -> None:
    if not content.strip():
        raise InvalidInput(f"The {what} is empty.")
    size = len(content.encode("utf-8"))
    if size > settings.VERIFY_MAX_INPUT_BYTES:
        raise InputTooLarge(f"The {what} is {size:,} bytes; the limit is {settings.VERIFY_MAX_INPUT_BYTES:,} bytes.")
    # Any control character but tab, line breaks and form feed: binary data, not text or HTML (and
    # the one rule the API's schema can state).
    control = _CONTROL.search(content)
    if control is not None:
        raise BinaryInput(
            f"The {what} holds the control character U+{ord(control.group()):04X} at position {control.start():,}: "
            "it looks like binary data, not text or HTML."
        )


def _check_url(url: str) -> str:
    return parse_http_url(url, what="article URL").url


def _check_published(published_at) -> datetime | None:
    """The publication date given with an input, as an aware datetime (a date is that day's start
    in the desk's time zone)."""
    if published_at is None or published_at == "":
        return None
    if isinstance(published_at, date) and not isinstance(published_at, datetime):
        published_at = datetime.combine(published_at, time.min)
    if not isinstance(published_at, datetime):
        raise InvalidInput(f"The publication date must be a date, not {published_at!r}.")
    if not 1800 <= published_at.year <= 2999:
        raise InvalidInput(
            f"The publication date {published_at.date().isoformat()} is not plausible: give a year from 1800 to 2999."
        )
    if timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    return published_at


def outlet_named(*, name: str, url: str = "") -> Outlet:
    """The outlet a person named with an input: a known outlet of that name or domain; else the
    outlet of the article URL's site (created, with this name, on first sight); else a new outlet
    known by its name only."""
    name = " ".join(name.split())[:200]
    if not name:
        raise InvalidInput("The outlet's name is empty.")
    domain = name.lower().removeprefix("www.")
    known = (
        Outlet.objects.filter(name__iexact=name).order_by("pk").first()
        or Outlet.objects.filter(domain=domain).exclude(domain="").first()
    )
    if known is not None:
        return known
    if url:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if host:
            return Outlet.objects.get_or_create(domain=host, defaults={"name": name})[0]
    return Outlet.objects.create(name=name, domain="")


@transaction.atomic
def article_ingest(
    *,
    url: str = "",
    html: str = "",
    text: str = "",
    source_kind: str | None = None,
    channel: str = IngestChannel.COMMAND,
    outlet: Outlet | None = None,
    submitted_by=None,
    feed_item=None,
    article_url: str = "",
    outlet_name: str = "",
    published_at=None,
) -> ExtractionJob:
    """Record one input as an ExtractionJob and enqueue it after commit.

    Exactly one of ``url``, ``html`` or ``text``. A job with the same input
    still queued or running is returned instead of a second one.
    Context the input cannot carry itself, all optional: ``article_url`` (where a pasted text or
    an HTML file was published; a fetched page has its own), ``outlet_name`` (or ``outlet``) and
    ``published_at`` (a date or datetime). They end up on the article, and in its ClaimReview.
    A person submitting (``submitted_by``) needs the role that may ingest in
    the desk (triage_claim); the system itself (feeds, commands) passes None.
    ``channel`` records where it was submitted (``IngestChannel``: the desk, the API, a feed, or
    by default the command line and other code); the desk shows it beside the input's form.
    """
    if channel not in IngestChannel.values:
        raise InvalidInput(f"Unknown ingest channel {channel!r}: one of {', '.join(IngestChannel.values)}.")
    if submitted_by is not None:
        require_permission(submitted_by, "triage_claim", "ingest articles")
    given = [name for name, value in (("url", url), ("html", html), ("text", text)) if value]
    if len(given) != 1:
        raise InvalidInput(
            "Give exactly one of a URL, HTML or text"
            + (f" (got {', '.join(given)})." if given else "; the input is empty.")
        )
    if url and article_url:
        raise InvalidInput("An article URL is for pasted text or an HTML file: a fetched page has its own address.")
    if article_url:
        article_url = _check_url(article_url)
    published_at = _check_published(published_at)
    if outlet is None and outlet_name.strip():
        outlet = outlet_named(name=outlet_name, url=url or article_url)
    if url:
        url = _check_url(url)
        kind, content, key = source_kind or SourceKind.URL, "", url
    elif html:
        _check_content(html, what="HTML")
        kind, content, key = source_kind or SourceKind.HTML, html, html
    else:
        _check_content(text, what="text")
        kind, content, key = source_kind or SourceKind.TEXT, text, text
    # The same input with other context is another request, not a duplicate of the pending one.
    context = f"{article_url}\0{outlet.pk if outlet else ''}\0{published_at.isoformat() if published_at else ''}"
    input_hash = hashlib.sha256(f"{kind}\0{key}\0{context}".encode()).hexdigest()
    pending = (
        ExtractionJob.objects.select_for_update()
        .filter(input_hash=input_hash, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .first()
    )
    if pending is not None:
        return pending
    job = ExtractionJob.objects.create(
        source_kind=kind,
        channel=channel,
        input_url=url or article_url,
        input_content=content,
        input_published_at=published_at,
        input_hash=input_hash,
        outlet=outlet,
        submitted_by=submitted_by,
        feed_item=feed_item,
    )
    _enqueue(job)
    return job


def _enqueue(job: ExtractionJob) -> None:
    """After commit, send the job's chain: fetch → extract.

    The job row is the outbox: it is committed first, and a send that fails
    (broker down) leaves it ``queued`` for ``jobs_requeue_stalled`` to send
    again, so an accepted input is never lost and the request still succeeds.
    """
    pk = job.pk
    transaction.on_commit(lambda: job_send(job_id=pk))


def job_send(*, job_id: int) -> bool:
    """Send the job's chain (fetch → extract) to the broker: the outbox's send, after the job row
    is committed, and again for a job the broker lost (``jobs_requeue_stalled``). False (logged)
    when the broker cannot take it now; the row stays queued and is sent again later.

    ``sent_at`` is written just before the send (a worker may take the message at once) and
    cleared if the broker refuses it, so an empty ``sent_at`` means "never reached the broker".
    """
    now = timezone.now()
    ExtractionJob.objects.filter(pk=job_id).update(sent_at=now)
    try:
        tasks.extraction_chain(job_id).delay()
    except Exception:  # noqa: BLE001 - any broker failure: the row stays queued and is re-sent
        ExtractionJob.objects.filter(pk=job_id, sent_at=now).update(sent_at=None)
        logger.warning(
            "Extraction job %s could not be sent to the broker; it stays queued and will be re-sent",
            job_id,
            exc_info=True,
        )
        return False
    return True


@transaction.atomic
def job_retry(*, job_id: int, actor: User | None = None) -> ExtractionJob:
    """Put a failed job back in the queue.

    A person (``actor``) needs the role that may ingest (triage_claim); the
    system (commands) passes None.
    """
    if actor is not None:
        require_permission(actor, "triage_claim", "retry extraction jobs")
    job = job_get(pk=job_id)
    if job.status != JobStatus.FAILED:
        raise JobNotRetryable(f"Job {job.pk} is {job.status}; only failed jobs can be retried.")
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        step=JobStep.QUEUED,
        progress=0,
        error="",
        error_step="",
        attempts=0,
        finished_at=None,
        updated_at=timezone.now(),
        fetched_url="",
        fetched_content="",
        fetched_content_type="",
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def _claim_job(job_id: int) -> bool:
    """Take the job for this worker: queued, or running but stalled (its worker died)."""
    stalled_before = timezone.now() - timedelta(seconds=settings.VERIFY_JOB_STALL_SECONDS)
    now = timezone.now()
    return bool(
        ExtractionJob.objects.filter(
            Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, updated_at__lt=stalled_before),
            pk=job_id,
        ).update(status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, taken_at=now, updated_at=now)
    )


def _progress(job_id: int, step: str) -> None:
    ExtractionJob.objects.filter(pk=job_id).update(step=step, progress=STEP_PROGRESS[step], updated_at=timezone.now())


def job_fail(*, job_id: int, reason: str, step: str | None = None, unchanged_since=None) -> bool:
    """Record a failure and its reason; ``step`` defaults to the last step reached.

    With ``unchanged_since`` (an ``updated_at`` read earlier) only a job nobody
    touched since is failed. Returns whether the job was failed.
    """
    if step is None:
        step = ExtractionJob.objects.filter(pk=job_id).values_list("step", flat=True).first() or ""
    rows = ExtractionJob.objects.filter(pk=job_id)
    if unchanged_since is not None:
        rows = rows.filter(updated_at=unchanged_since)
    if not rows.update(
        status=JobStatus.FAILED,
        error=reason[:2000] or "Unknown error",
        error_step=step,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    ):
        return False
    webhooks.emit("job.failed", {"job": job_id, "step": step, "error": reason[:2000]})
    return True


class _JobFailure:
    """Turns errors raised inside a step into the job's recorded outcome."""

    def __init__(self, job_id: int, step: str) -> None:
        self.job_id = job_id
        self.step = step

    def __enter__(self) -> _JobFailure:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            return False
        if isinstance(exc, FetchError | ExtractionError) and exc.transient:
            raise TransientJobError(str(exc), step=self.step) from exc
        if isinstance(exc, ApplicationError):  # bad input (ExtractionError, FetchError...): the job's outcome
            job_fail(job_id=self.job_id, step=self.step, reason=str(exc))
            logger.info("Extraction job %s failed at %s: %s", self.job_id, self.step, exc)
            return True
        if isinstance(exc, DatabaseError | InterfaceError):
            return False  # the task retries: the database may be back in a moment
        # A bug, not bad input: record it so the job is not left running, and say so.
        logger.error("Extraction job %s crashed at %s", self.job_id, self.step, exc_info=exc)
        job_fail(
            job_id=self.job_id,
            step=self.step,
            reason=(
                f"Unexpected error while the article was being {self.step}: "
                f"{exc.__class__.__name__}: {exc}. This is a bug in Verify; retry the job, "
                "and report it if it fails again."
            ),
        )
        return True


def job_fetch(*, job_id: int) -> bool:
    """Step 1: claim the job and, for a URL, fetch the page and keep it on the job.

    Returns whether the extraction step should run. A page kept from an
    earlier attempt is not fetched again.
    """
    if not ExtractionJob.objects.filter(pk=job_id).exists():
        logger.warning("Extraction job %s no longer exists; nothing to do", job_id)
        return False
    if not _claim_job(job_id):
        logger.info("Extraction job %s is not waiting; another worker has it or it is done", job_id)
        return False
    job = ExtractionJob.objects.get(pk=job_id)
    with _JobFailure(job_id, JobStep.FETCHED):
        if job.input_url and not job.input_content and not job.fetched_content:
            page = fetch_url(job.input_url)
            content = decode_input(page.content, what="page", declared=page.encoding)
            ExtractionJob.objects.filter(pk=job_id).update(
                fetched_url=page.final_url[:2000],
                fetched_content=content,
                fetched_content_type=page.content_type[:100],
            )
        # The fetch task extracts next, itself: no message is sent, so ``sent_at`` stays the time
        # the job's own message was sent. (Were it set here, the extraction's ``taken_at`` just
        # after it would read as "a message sent now was taken", and ``messages_taken_up_to``
        # would take every job queued before it, still waiting in a backlog, for lost.) If the
        # extraction hits a database error, the chain's extract message takes over; should that
        # be lost, the job is running without progress and the stalled-job requeue sends it again.
        ExtractionJob.objects.filter(pk=job_id).update(
            step=JobStep.FETCHED, progress=STEP_PROGRESS[JobStep.FETCHED], updated_at=timezone.now()
        )
        return True
    return False  # the failure was recorded on the job


def job_extract(*, job_id: int) -> ExtractionJob | None:
    """Step 2: parse, clean, segment, find and score claims, save — all or nothing."""
    job = ExtractionJob.objects.select_related("outlet").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING:
        logger.info("Extraction job %s is not ready for extraction; skipping", job_id)
        return job
    ExtractionJob.objects.filter(pk=job_id).update(taken_at=timezone.now())
    tracker = _JobFailure(job_id, JobStep.CLEANED)
    with tracker:
        if job.fetched_content:
            url = job.fetched_url or job.input_url
            if job.fetched_content_type == "text/plain":
                article = pipeline.parse(text=job.fetched_content)
            else:
                article = pipeline.parse(html_text=job.fetched_content, url=url)
        elif job.source_kind == SourceKind.TEXT:
            article, url = pipeline.parse(text=job.input_content), job.input_url
        else:
            article, url = pipeline.parse(html_text=job.input_content, url=job.input_url), job.input_url
        if job.input_published_at is not None:
            # The date a person gave with the input wins over what the page's metadata says.
            article = dataclasses.replace(article, published=job.input_published_at)
        if url:
            # A page names its own canonical URL: believed only on the host it was fetched from.
            article = dataclasses.replace(
                article, canonical_url=trusted_canonical(article.canonical_url, fetched_url=url)
            )
        outlet = job.outlet or outlet_for(url=article.canonical_url or url, site_name=article.site_name)
        claimant = outlet.name if outlet else (article.site_name or "the article")

        def on_step(name: str) -> None:
            tracker.step = {"cleaned": JobStep.SEGMENTED, "segmented": JobStep.SCORED}.get(name, JobStep.SAVED)
            _progress(job_id, JobStep(name))

        result = pipeline.extract(
            article,
            default_claimant=claimant,
            threshold=checkworthy_threshold_setting(),
            cap=claims_per_article_cap(),
            on_step=on_step,
        )
        tracker.step = JobStep.SAVED
        extraction_save(job=job, result=result, url=url, outlet=outlet)
    job.refresh_from_db()
    return job


def job_run(*, job_id: int) -> ExtractionJob | None:
    """Both steps inline (commands, the demo): the same code the worker's chain runs.

    Returns None when the job is gone or another worker holds it.
    """
    if not job_fetch(job_id=job_id):
        job = ExtractionJob.objects.filter(pk=job_id).first()
        return job if job is not None and job.status == JobStatus.FAILED else None
    return job_extract(job_id=job_id)


def registrable_domain(host: str) -> str:
    """``news.example.co.uk`` → ``example.co.uk`` (by the Public Suffix List, private suffixes included:
    two blogspot.com blogs are two sites); an IP address or an unknown suffix is its own domain."""
    host = host.lower().rstrip(".")
    return get_fld(host, fix_protocol=True, fail_silently=True) or host


def trusted_canonical(canonical: str, *, fetched_url: str) -> str:
    """The canonical URL a fetched page declares, if it is on the host the page came from (or that
    host's registrable domain); otherwise the fetched URL.

    A page on one host naming another outlet's article as its canonical URL would take that
    outlet's name and supersede its earlier version of the article; a page may speak only for
    its own site.
    """
    if not canonical or canonical == fetched_url:
        return canonical or fetched_url
    try:
        declared = parse_http_url(canonical).host
        fetched = parse_http_url(fetched_url).host
    except InvalidUrl:
        return fetched_url
    if declared == fetched or registrable_domain(declared) == registrable_domain(fetched):
        return canonical
    logger.info("Ignored the canonical URL %s declared by a page fetched from %s", canonical[:300], fetched_url[:300])
    return fetched_url


def outlet_for(*, url: str, site_name: str = "") -> Outlet | None:
    """The outlet of a URL's host, created on first sight."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    outlet, _created = Outlet.objects.get_or_create(domain=host, defaults={"name": (site_name or host)[:200]})
    return outlet


def _priority(rank: float, outlet: Outlet | None) -> float:
    """Higher first: the extraction's ranking (check-worthiness, who claims it, a checkable core:
    extraction/ranking.py), raised a little by the outlet's reach."""
    return round(rank * 100 + (outlet.reach if outlet else 0) * 0.2, 3)


def _placement(found) -> dict:
    """Where a claim sits in an article and who says it: shared by Claim and Appearance rows."""
    return {
        "sentence": found.sentence,
        "start": found.start,
        "end": found.end,
        "sentence_start": found.sentence_start,
        "sentence_end": found.sentence_end,
        "claimant": found.claimant[:300],
    }


@dataclass(frozen=True)
class SaveOutcome:
    article: Article
    claims_created: int
    appearances_created: int


@transaction.atomic
def extraction_save(
    *, job: ExtractionJob, result: ExtractionResult, url: str = "", outlet: Outlet | None = None
) -> SaveOutcome:
    """Store an extraction result: the article version, its claims and appearances.

    Idempotent: the same text (by content hash) is the same article; a claim
    already known (by fingerprint) gets an appearance instead of a twin. A new
    version of a known canonical URL becomes a new article row superseding the
    old one, so review work on earlier claims is never touched.
    """
    data = result.article
    for found in (place for claim in result.claims for place in (claim, *claim.also_at)):
        # Offsets are the contract between extraction and every view: a
        # mismatch is a bug, and saving it would point readers at wrong text.
        if data.text[found.start : found.end] != found.text or not (
            found.sentence_start <= found.start < found.end <= found.sentence_end
        ):
            raise InvalidInput(
                f"Extraction produced a claim whose offsets do not match the article text "
                f"({found.start}-{found.end}: {found.text[:60]!r}); nothing was saved."
            )
    content_hash = hashlib.sha256(data.text.encode("utf-8")).hexdigest()
    article = Article.objects.select_for_update().filter(content_hash=content_hash).first()
    canonical = data.canonical_url or url
    if article is None:
        previous = None
        if canonical:
            previous = Article.objects.select_for_update().filter(canonical_url=canonical, is_latest=True).first()
            if previous is not None:
                previous.is_latest = False
                previous.save(update_fields=["is_latest"])
        article = Article.objects.create(
            url=url or canonical,
            canonical_url=canonical,
            outlet=outlet,
            title=data.title[:1000],
            authors=list(data.authors),
            published_at=data.published,
            language=data.language[:16],
            text=data.text,
            content_hash=content_hash,
            source_kind=job.source_kind,
            extractor_version=pipeline.EXTRACTOR_VERSION,
            supersedes=previous,
        )
    else:
        # The same text again, perhaps now with the context it lacked: fill in what is missing,
        # never overwrite what the article already says.
        changed = {
            name: value
            for name, value in (
                ("url", url),
                ("canonical_url", canonical),
                ("published_at", data.published),
                ("outlet", outlet),
            )
            if value and not getattr(article, name)
        }
        if article.extractor_version != pipeline.EXTRACTOR_VERSION:
            changed["extractor_version"] = pipeline.EXTRACTOR_VERSION
        if changed:
            for name, value in changed.items():
                setattr(article, name, value)
            article.save(update_fields=list(changed))

    fingerprints = {fingerprint(c.text): c for c in result.claims}
    # Locked: a claim re-scored below must not overwrite a checker's concurrent triage.
    existing = {c.fingerprint: c for c in Claim.objects.select_for_update().filter(fingerprint__in=fingerprints)}
    # Places already recorded (a re-run of the same article adds none twice).
    present = set(
        Appearance.objects.filter(article=article, claim__fingerprint__in=fingerprints).values_list(
            "claim__fingerprint", "start"
        )
    )
    # Few rows, few queries: the new claims, their events and the appearances go in as one
    # INSERT each (the primary keys come back on PostgreSQL and SQLite alike).
    new_claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=found.text,
                standalone=found.standalone or found.text,
                stance=found.stance,
                **_placement(found),
                fingerprint=key,
                claim_type=found.claim_type,
                score=found.score,
                reason=found.reason,
                checkworthy=found.checkworthy,
                **new_claim_priority(_priority(found.priority, outlet)),
                extractor_version=pipeline.EXTRACTOR_VERSION,
            )
            for key, found in fingerprints.items()
            if key not in existing
        ]
    )
    events = [
        ClaimEvent(
            claim=claim,
            kind=ClaimEvent.Kind.CREATED,
            to_status=ClaimStatus.NEW,
            data={"article": article.pk, "job": job.pk, "score": claim.score},
        )
        for claim in new_claims
    ]
    claims = {**existing, **{claim.fingerprint: claim for claim in new_claims}}
    appearances, appeared, rescored = [], 0, []
    appeared_before = {fp for fp, _start in present}
    for key, found in fingerprints.items():
        claim = claims[key]
        if (
            key in existing
            and claim.status == ClaimStatus.NEW
            and claim.edited_at is None
            and claim.extractor_version != pipeline.EXTRACTOR_VERSION
        ):
            # A newer extractor re-scored a claim nobody has worked on (nor corrected) yet.
            claim.score, claim.reason = found.score, found.reason
            # A claim readers asked about stays in the queue whatever the new score (services.requests).
            claim.claim_type, claim.checkworthy = found.claim_type, found.checkworthy or claim.readers > 0
            claim.standalone, claim.stance = found.standalone or found.text, found.stance
            # Only the base changes: the checked-elsewhere cut and the demand bonus stay (services.priority).
            claim.priority_base = _priority(found.priority, outlet)
            rescored.append(claim.pk)
            claim.extractor_version = pipeline.EXTRACTOR_VERSION
            claim.version += 1
            claim.save()
            events.append(
                ClaimEvent(
                    claim=claim,
                    kind=ClaimEvent.Kind.UPDATED,
                    data={"article": article.pk, "job": job.pk, "score": found.score},
                )
            )
        if key not in appeared_before and claim.article_id != article.pk:
            events.append(
                ClaimEvent(claim=claim, kind=ClaimEvent.Kind.APPEARED, data={"article": article.pk, "job": job.pk})
            )
            appeared += 1
        # The claim's place, then its near-duplicates in the same article (headline,
        # captions, pull quotes): one appearance each.
        for place in (found, *found.also_at):
            if (key, place.start) not in present:
                present.add((key, place.start))
                appearances.append(Appearance(claim=claim, article=article, **_placement(place)))
    Appearance.objects.bulk_create(appearances)
    ClaimEvent.objects.bulk_create(events)
    claims_priority_refresh(claim_ids=rescored)
    if data.reviews:
        _page_reviews_save(reviews=data.reviews, claims=claims, source=canonical or url or f"job {job.pk}")
    created = len(new_claims)
    webhooks.emit(
        "claim.created",
        *[
            {
                "claim": c.pk,
                "text": c.text,
                "claimant": c.claimant,
                "claim_type": c.claim_type,
                "score": c.score,
                "checkworthy": c.checkworthy,
                "article": article.pk,
                "article_url": article.url,
            }
            for c in new_claims
        ],
    )
    if new_claims:
        matching.new_claims_saved(job_id=job.pk)  # after commit: index and match them in the background
    ExtractionJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        step=JobStep.SAVED,
        progress=100,
        article=article,
        claims_created=created,
        appearances_created=appeared,
        error="",
        error_step="",
        match_pending=bool(new_claims),  # cleared by the matching task; re-sent if its message is lost
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return SaveOutcome(article=article, claims_created=created, appearances_created=appeared)


def _page_reviews_save(*, reviews, claims: dict[str, Claim], source: str) -> None:
    """A fact-check page's ClaimReviews: each stored as an external review (by the import's rules:
    a review already imported is updated or left alone), and linked to the claim it reviews, so
    the desk sees the page's verdict on it and matching finds the review for later claims."""
    document = ParsedDocument(
        kind="HTML",
        entries=tuple(Entry(index=n, where=f"script block {n}", review=review) for n, review in enumerate(reviews, 1)),
    )
    imports.claimreview_save(document=document, source=source)
    rows = {r.url: r for r in ExternalReview.objects.filter(url__in=[r.url for r in reviews])}
    now = timezone.now()
    for review in reviews:
        claim, row = claims.get(fingerprint(review.claim_reviewed)), rows.get(review.url)
        if claim is None or row is None:
            continue
        match, created = ClaimMatch.objects.get_or_create(
            claim=claim,
            external_review=row,
            matched_claim=None,
            defaults={
                "score": 1.0,
                "tier": ClaimMatch.Tier.AUTO,
                "decision": ClaimMatch.Decision.CONFIRMED,
                "decided_at": now,
            },
        )
        if created:
            ClaimEvent.objects.create(
                claim=claim,
                kind=ClaimEvent.Kind.MATCHED,
                data={
                    "match": match.pk,
                    "score": 1.0,
                    "tier": match.tier,
                    "matched_claim": None,
                    "external_review": row.pk,
                    "from_page": True,
                },
            )


# A retried task's message waits in a worker until its countdown ends (tasks.RETRY_MAX_COUNTDOWN at
# most): a job waiting for a retry is not re-sent before then.
RETRY_MAX_COUNTDOWN = 300
# A worker claims a job the moment it takes its message; this much later the claim has surely landed.
TAKE_GRACE_SECONDS = 30


def messages_taken_up_to(*, since: datetime) -> datetime | None:
    """The send time of the newest message known to have been taken from the queue, among jobs
    sent after ``since``: a job whose message a worker took (``taken_at`` after ``sent_at``) more
    than TAKE_GRACE_SECONDS ago. The queue is first in, first out, so every message sent before
    that one was taken too: a job still waiting for such a message lost it (the broker restarted
    empty). None when nothing sent since ``since`` was taken yet.
    """
    taken_before = timezone.now() - timedelta(seconds=TAKE_GRACE_SECONDS)
    return ExtractionJob.objects.filter(
        sent_at__gte=since, taken_at__gte=F("sent_at"), taken_at__lt=taken_before
    ).aggregate(newest=Max("sent_at"))["newest"]


def broker_idle() -> bool:
    """Whether nothing waits in the broker's queue (False when it cannot be asked)."""
    try:
        return queue_depth() == 0
    except BrokerUnavailable:
        return False


def _waiting_for_a_message() -> Q:
    """Jobs whose next step is a message in the queue: queued, or fetched and not yet being extracted."""
    return Q(status=JobStatus.QUEUED) | (
        Q(status=JobStatus.RUNNING, step=JobStep.FETCHED) & (Q(taken_at__isnull=True) | Q(taken_at__lt=F("sent_at")))
    )


def _is_waiting(status: str, step: str, sent_at, taken_at) -> bool:
    """``_waiting_for_a_message`` for one row already read."""
    return status == JobStatus.QUEUED or (
        step == JobStep.FETCHED and (taken_at is None or (sent_at is not None and taken_at < sent_at))
    )


def jobs_requeue_stalled(*, limit: int = 500) -> int:
    """Re-send jobs whose message or worker was lost; returns how many were sent.

    A job waiting for a message (queued, or fetched and waiting to be extracted) is re-sent only
    when its message is known lost, never because the queue is long:

    - it never reached the broker (``sent_at`` empty: the broker was down when it was accepted)
      and is VERIFY_JOB_RESEND_SECONDS old;
    - or it was sent VERIFY_JOB_RESEND_SECONDS ago (plus the longest retry countdown if it was
      tried before) and either the queue is empty (its message cannot be waiting there) or a
      message sent after it was already taken (``messages_taken_up_to``: the queue is FIFO).

    Jobs behind a long backlog are left alone: re-sending them doubled the backlog, and with
    short timers jobs failed as "kept stalling" while their messages were still queued.

    A job ``running`` a step (fetching, cleaning, scoring) without progress for
    VERIFY_JOB_STALL_SECONDS lost its worker. Each job is taken with a conditional UPDATE on the
    row as it was read (status and ``updated_at``), so a job a worker claimed or finished meanwhile
    is left alone and two re-senders never send the same job twice. A message sent twice is
    harmless: the worker's claim lets one of them run.
    """
    now = timezone.now()
    resend_before = now - timedelta(seconds=settings.VERIFY_JOB_RESEND_SECONDS)
    retried_before = resend_before - timedelta(seconds=RETRY_MAX_COUNTDOWN)
    stalled_before = now - timedelta(seconds=settings.VERIFY_JOB_STALL_SECONDS)
    never_sent = Q(sent_at__isnull=True, updated_at__lt=resend_before)
    # A queued job tried before may be waiting for a retry's countdown: it gets that much longer.
    sent_long_ago = (Q(sent_at__lt=resend_before) & ~Q(status=JobStatus.QUEUED, attempts__gt=0)) | Q(
        sent_at__lt=retried_before
    )
    waiting = _waiting_for_a_message()
    candidates = list(
        ExtractionJob.objects.filter(
            (waiting & (never_sent | sent_long_ago))
            | (Q(status=JobStatus.RUNNING, updated_at__lt=stalled_before) & ~waiting)
        )
        .order_by("updated_at")
        .values_list("pk", "status", "step", "attempts", "updated_at", "sent_at", "taken_at")[:limit]
    )
    sent_waiting = [row[5] for row in candidates if row[5] is not None and _is_waiting(*row[1:3], row[5], row[6])]
    taken_up_to = messages_taken_up_to(since=min(sent_waiting)) if sent_waiting else None
    idle = broker_idle() if sent_waiting else False
    count = 0
    for pk, status, step, attempts, updated_at, sent_at, taken_at in candidates:
        lost = sent_at is None or idle or (taken_up_to is not None and sent_at < taken_up_to)
        if _is_waiting(status, step, sent_at, taken_at) and not lost:
            continue  # its message may still be in the queue, behind others
        if attempts >= settings.VERIFY_JOB_MAX_ATTEMPTS and status == JobStatus.RUNNING:
            job_fail(
                job_id=pk,
                step=step,
                unchanged_since=updated_at,
                reason=(
                    f"Gave up after {attempts} attempts: the job kept stalling "
                    "(its worker stopped or timed out, or its message was lost). Retry it to try again."
                ),
            )
            continue
        # Back to queued, keeping a fetched page, so the chain can claim it again.
        taken = ExtractionJob.objects.filter(pk=pk, status=status, updated_at=updated_at).update(
            status=JobStatus.QUEUED, step=JobStep.QUEUED, updated_at=timezone.now()
        )
        if taken and job_send(job_id=pk):
            count += 1
    return count


def job_requeue_for_retry(*, job_id: int, reason: str) -> None:
    """After a transient failure: back to queued, the reason kept for the user. The task's retry
    message is sent now (it waits in a worker until its countdown ends)."""
    ExtractionJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED,
        error=f"Retrying after: {reason}"[:2000],
        sent_at=timezone.now(),
        updated_at=timezone.now(),
    )
