"""Reader requests (issue 26): readers ask "is this true?", the desk sees demand, readers hear back.

The loop
--------
1. ``request_submit`` (the /ask/ page, its embed, ``POST /api/v1/requests/``): checks the input,
   the sender's ban, the per-sender and global rate limits, stores a ``ReaderRequest`` and,
   after commit, sends ``match_reader_request`` to the matching worker.
2. ``request_match`` (that worker): the request's text (or, for a bare link, the page's title,
   fetched through the SSRF-safe fetcher) is searched with the desk's own matching
   (``services.match_index`` and ``services.matching``: the index, the same-claim model,
   ``tier_of``), best candidate first:

   * the **auto** tier — from the auto threshold up, with hard evidence, and **only** against a
     published verdict (one of ours with ``published_at``, or an imported review) — answers at
     once: the request is ``answered`` and the reader (if they gave an email) is sent the
     verdict page;
   * else a candidate from the suggest threshold up (with hard evidence) that is one of our
     claims without a published verdict: the request is attached to it (work in progress);
   * else the request opens a claim of its own (claimant "unknown", appearance = its link) on a
     small Article of source ``request``, which is then indexed and matched like any claim.

   A claim never gets an answer from an unpublished verdict: attaching is all that happens.
3. Reader demand raises the claim's priority: ``VERIFY_REQUEST_PRIORITY_BONUS`` per request,
   at most ``VERIFY_REQUEST_PRIORITY_MAX`` in all, computed with the rest of the priority by
   ``services.priority`` (which also keeps ``Claim.readers``), with a ``requested`` event.
4. ``verdict_out`` (called by ``workflow.verdict_publish`` and a one-person correction): after
   commit, ``answer_requests`` marks the claim's open requests answered and emails each consenting
   reader once per public version of the verdict — the answer, then each correction with its note
   (each send claimed with a conditional UPDATE: a rerun sends nothing twice). The email is kept
   for that alone (erased at once when the answer was another fact-checker's page).
5. An editor corrects the matching: ``request_detach`` takes a request off a claim it is not about
   (audited; the worker matches it again, never back onto that claim, or it opens its own claim);
   ``request_attach`` puts it on the claim it is about (undoing a detach, or moving it).
6. Privacy: ``requests_purge_contacts`` (every 10 minutes, beat: ``requests_housekeeping``) erases emails older than
   ``VERIFY_REQUEST_RETENTION_DAYS``; ``request_forget`` deletes a request at the reader's demand
   (the signed link in the email and on the thank-you page); ``sender_ban`` (an editor) refuses a
   sender's later requests by keyed hash of their address or email.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from verify.exceptions import ApplicationError

from .. import selectors, tasks
from ..choices import ClaimStatus, ClaimType, SourceKind
from ..errors import InvalidInput, InvalidTransition, NotPermitted
from ..exports.claimreview import absolute
from ..extraction.dedup import fingerprint
from ..inputs.fetching import FetchError, fetch_url
from ..inputs.weburl import InvalidUrl, parse_http_url
from ..models import (
    Appearance,
    Article,
    Claim,
    ClaimEvent,
    ReaderRequest,
    SenderBan,
    Verdict,
    VerdictVersion,
)
from ..permissions import require_permission
from . import match_index, matching, webhooks
from .ingest import parse_page
from .priority import claims_priority_refresh, new_claim_priority

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_SEEN_WHERE = 300
MAX_SENDER = 200
# An editor's reason or note on a request (ban, detach, attach): the desk's inputs and the API take it from here.
MAX_DECISION_NOTE = 300
# The languages the form offers (BCP 47); the API accepts any well-formed tag.
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
]
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
FORM_SALT = "claims.requests.form"
DATA_SALT = "claims.requests.data"
UNKNOWN_CLAIMANT = "unknown"
REQUEST_CLAIM_PRIORITY = 50.0  # a reader's claim starts mid-queue (the extraction's 0..100 scale)


class RateLimited(ApplicationError):
    """Too many requests from this sender, or from everyone, in the last hour."""

    code = "rate_limited"
    status = 429


class SenderBanned(NotPermitted):
    code = "not_permitted"


# --- Hashes, time-tokens, rate limits ----------------------------------------------------------


def keyed_hash(value: str, *, kind: str) -> str:
    """HMAC-SHA256 of a sender's address, channel id or email (never stored raw), keyed by SECRET_KEY."""
    if not value:
        return ""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:requests:{kind}".encode()).digest()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def form_token(now: float | None = None) -> str:
    """The signed time-token the forms carry: when the form was served."""
    return signing.dumps({"t": round(now if now is not None else time.time(), 3)}, salt=FORM_SALT)


def check_form_token(token: str, *, now: float | None = None) -> None:
    """Refuse a submission whose form token is missing, forged, too fresh (a bot) or too old."""
    now = now if now is not None else time.time()
    try:
        served = float(signing.loads(token or "", salt=FORM_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidInput("The form could not be verified; reload the page and send it again.") from None
    age = now - served
    if age < settings.VERIFY_REQUEST_FORM_MIN_SECONDS:
        raise InvalidInput("That was faster than a person types; wait a moment and send it again.")
    if age > settings.VERIFY_REQUEST_FORM_MAX_SECONDS:
        raise InvalidInput("The form has expired; reload the page and send it again.")
    # Once only: a bot that fetched one form cannot replay its token (every re-shown form gets a new one).
    used = "requests:token:" + hashlib.sha256(token.encode()).hexdigest()
    if not cache.add(used, 1, settings.VERIFY_REQUEST_FORM_MAX_SECONDS + 60):
        raise InvalidInput("This form was sent already; reload the page to ask something else.")


def _hit(key: str, limit: int, window: int = 3600) -> int | None:
    """Count one more hit in the fixed window; the seconds to wait if the limit is passed, else None."""
    bucket = int(time.time() // window)
    full = f"requests:rate:{key}:{bucket}"
    cache.add(full, 0, window + 60)
    try:
        count = cache.incr(full)
    except ValueError:  # evicted between add and incr
        cache.set(full, 1, window + 60)
        count = 1
    if count > limit:
        return max(1, int((bucket + 1) * window - time.time()))
    return None


def _check_rate(sender_hash: str) -> None:
    if sender_hash:
        wait = _hit(f"sender:{sender_hash}", settings.VERIFY_REQUEST_RATE_PER_SENDER)
        if wait is not None:
            raise RateLimited(
                f"You have sent {settings.VERIFY_REQUEST_RATE_PER_SENDER} requests this hour, the most we take "
                f"from one sender; try again in {wait // 60 + 1} minutes.",
                extra={"retry_after": wait},
            )
    wait = _hit("global", settings.VERIFY_REQUEST_RATE_GLOBAL)
    if wait is not None:
        raise RateLimited(
            "The desk is receiving too many requests right now; try again later.", extra={"retry_after": wait}
        )


# --- Submitting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    text: str = ""
    url: str = ""
    seen_where: str = ""
    email: str = ""
    consent: bool = False
    language: str = ""


def _clean(data: RequestInput) -> RequestInput:
    text = " ".join((data.text or "").split())
    url = (data.url or "").strip()
    seen = " ".join((data.seen_where or "").split())
    email = (data.email or "").strip()
    language = (data.language or "").strip()
    if not text and not url:
        raise InvalidInput("Tell us the claim in your words, or give a link to it (or both).")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The claim is {len(text):,} characters; the limit is {MAX_TEXT:,}.")
    if url:
        try:
            url = parse_http_url(url, what="link").url
        except InvalidUrl as exc:
            raise InvalidInput(str(exc)) from None
        if len(url) > 2000:
            raise InvalidInput("The link is longer than 2,000 characters.")
    if len(seen) > MAX_SEEN_WHERE:
        raise InvalidInput(f"'Where you saw it' is {len(seen)} characters; the limit is {MAX_SEEN_WHERE}.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(f"{email[:80]!r} is not an email address.") from None
        if len(email) > 254:
            raise InvalidInput("The email address is longer than 254 characters.")
        if not data.consent:
            raise InvalidInput("Tick the box to agree that we email you the answer, or leave the email empty.")
    if language and (len(language) > 16 or not LANGUAGE_TAG.match(language)):
        raise InvalidInput(f"{language[:20]!r} is not a language tag (e.g. en, de, pt-BR).")
    return RequestInput(
        text=text, url=url, seen_where=seen, email=email, consent=bool(email and data.consent), language=language
    )


def request_submit(*, data: RequestInput, channel: str, sender: str, actor: User | None = None) -> ReaderRequest:
    """Accept a reader's request: checked, ban and rate limits applied, matched in the background.

    ``sender``: the client address (forms) or the channel's own id of the reader (API); only its
    keyed hash is kept. Raises InvalidInput, SenderBanned, RateLimited.
    """
    if channel not in ReaderRequest.Channel.values:
        raise InvalidInput(f"Unknown channel {channel!r}.")
    if len(sender or "") > MAX_SENDER:
        raise InvalidInput(f"The sender id is longer than {MAX_SENDER} characters.")
    clean = _clean(data)
    sender_hash = keyed_hash(sender, kind="sender")
    email_hash = keyed_hash(clean.email, kind="email")
    bans = SenderBan.objects.none()
    if sender_hash:
        bans = bans | SenderBan.objects.filter(sender_hash=sender_hash)
    if email_hash:
        bans = bans | SenderBan.objects.filter(email_hash=email_hash)
    if bans.exists():
        raise SenderBanned("Requests from this sender are not accepted.")
    _check_rate(sender_hash)
    with transaction.atomic():
        request = ReaderRequest.objects.create(
            text=clean.text,
            url=clean.url,
            seen_where=clean.seen_where,
            language=clean.language,
            email=clean.email,
            consent=clean.consent,
            channel=channel,
            sender_hash=sender_hash,
            email_hash=email_hash,
            submitted_by=actor,
        )
        pk = request.pk
        transaction.on_commit(lambda: request_send_matching(request_id=pk), robust=True)
        webhooks.emit(
            "request.received",
            {
                "request": pk,
                "text": request.text,
                "url": request.url,
                "seen_where": request.seen_where,
                "language": request.language,
                "channel": request.channel,
                "created_at": request.created_at,
            },
        )
    return request


def request_send_matching(*, request_id: int) -> None:
    """Queue the matching of a reader request (after its row is committed, and again for one still
    waiting: ``requests_resend_unmatched``); with the broker down it stays waiting for the next re-send."""
    try:
        tasks.match_reader_request.delay(request_id)
    except Exception:  # noqa: BLE001 - broker down: the periodic purge task re-sends waiting requests
        logger.warning("Matching reader request %s could not be queued; it will be re-sent", request_id, exc_info=True)


def requests_resend_unmatched(*, older_than_seconds: float = 600, limit: int = 200) -> int:
    """Re-send the matching of requests still waiting (their message was lost with the broker)."""
    before = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        ReaderRequest.objects.filter(status=ReaderRequest.Status.RECEIVED, created_at__lt=before).values_list(
            "pk", flat=True
        )[:limit]
    )
    for pk in ids:
        request_send_matching(request_id=pk)
    return len(ids)


# --- Matching onto claims ------------------------------------------------------------------------


def _query_text(request: ReaderRequest) -> str:
    """What is matched: the reader's words, else the linked page's title (fetched safely), else ''."""
    if request.text:
        return request.text

    try:
        page = fetch_url(request.url, max_bytes=min(settings.VERIFY_MAX_INPUT_BYTES, 2 * 1024 * 1024))
        parsed = parse_page(page)
    except (FetchError, ApplicationError, ValueError) as exc:
        logger.info("Reader request %s: its link could not be read (%s)", request.pk, exc)
        return ""
    return " ".join((parsed.title or "").split())[:MAX_TEXT]


def _attach(
    request: ReaderRequest,
    claim: Claim,
    *,
    outcome: str,
    score: float | None,
    actor: User | None = None,
    note: str = "",
) -> None:
    """Hang the request on the claim, recompute the claim's priority (the demand bonus), log it."""
    # A claim stored hidden (scored below the threshold) that readers ask about joins the queue.
    surfaced = bool(Claim.objects.filter(pk=claim.pk, checkworthy=False).update(checkworthy=True))
    if surfaced:
        pk = claim.pk
        transaction.on_commit(lambda: _index_claim(pk), robust=True)
    ReaderRequest.objects.filter(pk=request.pk).update(
        claim=claim, status=ReaderRequest.Status.ATTACHED, outcome=outcome, match_score=score, matched_at=timezone.now()
    )
    refreshed = claims_priority_refresh(claim_ids=[claim.pk])[claim.pk]
    ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.REQUESTED,
        actor=actor,
        note=note,
        data={
            "request": request.pk,
            "channel": request.channel,
            "outcome": outcome,
            "score": score,
            "priority_raised": round(refreshed.priority - refreshed.before, 3),
            "requests": refreshed.readers,
            **({"surfaced": True} if surfaced else {}),
            **({"by_editor": True} if actor else {}),
        },
    )


def _index_claim(claim_id: int) -> None:
    try:
        match_index.index_add_claims(claim_ids=[claim_id])
    except Exception:  # noqa: BLE001 - the index is a cache of the database: a rebuild includes it
        logger.warning("Claim %s could not be indexed now", claim_id, exc_info=True)


def _open_claim(request: ReaderRequest, text: str) -> tuple[Claim, bool]:
    """The request's own claim on a small Article (its text; the link as the article's URL).
    The same words asked before give the same claim (by fingerprint); returns (claim, created).
    A request an editor detached from the claim of its very words gets a claim of its own: its
    fingerprint then also names the request (two claims cannot share one)."""
    key = fingerprint(text)
    existing = Claim.objects.select_for_update().filter(fingerprint=key).first()
    if existing is not None:
        home = existing.duplicate_of or existing
        if home.pk not in request.detached_from and existing.pk not in request.detached_from:
            return home, False
        key = fingerprint(f"{text} [reader request {request.pk}]")
    content_hash = hashlib.sha256(f"reader-request\n{text}".encode()).hexdigest()
    article = Article.objects.filter(content_hash=content_hash).first() or Article.objects.create(
        url=request.url,
        canonical_url="",
        title=f"Reader request: {text[:200]}",
        language=request.language,
        text=text,
        content_hash=content_hash,
        source_kind=SourceKind.REQUEST,
    )
    claim = Claim.objects.create(
        article=article,
        text=text,
        standalone=text,
        sentence=text,
        start=0,
        end=len(text),
        sentence_start=0,
        sentence_end=len(text),
        fingerprint=key,
        claimant=UNKNOWN_CLAIMANT,
        claim_type=ClaimType.OTHER,
        score=0.5,
        reason="asked by a reader",
        checkworthy=True,
        **new_claim_priority(REQUEST_CLAIM_PRIORITY),
    )
    Appearance.objects.create(
        claim=claim,
        article=article,
        sentence=text,
        start=0,
        end=len(text),
        sentence_start=0,
        sentence_end=len(text),
        claimant=UNKNOWN_CLAIMANT,
    )
    ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.CREATED,
        to_status=ClaimStatus.NEW,
        data={"article": article.pk, "request": request.pk, "url": request.url},
    )
    return claim, True


@dataclass(frozen=True)
class Decision:
    outcome: str
    claim: Claim | None = None
    review: object | None = None
    score: float | None = None


def decide(candidates, *, suggest: float, auto: float, published: set[int]) -> Decision | None:
    """The rule, pure over the matcher's candidates (best first): answer from the first candidate in
    the auto tier (``matching.tier_of``: auto only for a published verdict), else attach to the first
    of our unpublished claims from the suggest threshold up with hard evidence, else None (a new
    claim). A published claim below auto is never an answer and never a home for the request."""
    for candidate in candidates:
        if matching.tier_of(candidate, suggest=suggest, auto=auto, published=published) == "auto":
            if candidate.claim is not None:
                return Decision(ReaderRequest.Outcome.PUBLISHED, claim=candidate.claim, score=candidate.score)
            return Decision(ReaderRequest.Outcome.REVIEW, review=candidate.review, score=candidate.score)
    for candidate in candidates:
        if (
            candidate.claim is not None
            and candidate.score >= suggest
            and candidate.evidence
            and candidate.claim.pk not in published
        ):
            return Decision(ReaderRequest.Outcome.ATTACHED, claim=candidate.claim, score=candidate.score)
    return None


def request_match(*, request_id: int) -> str | None:
    """Match a received request onto the desk (the worker's half of ``request_submit``). Idempotent:
    a request already matched is left alone. Returns the outcome, or None when there was nothing to do."""

    request = ReaderRequest.objects.filter(pk=request_id, status=ReaderRequest.Status.RECEIVED).first()
    if request is None:
        return None
    text = _query_text(request)
    decision = None
    if text:
        suggest, auto = selectors.match_thresholds()
        # Never back onto a claim an editor detached the request from.
        candidates = [
            c
            for c in matching.match_candidates(text=text, title=text, suggest=suggest)
            if c.claim is None or c.claim.pk not in request.detached_from
        ]
        published = matching.published_claim_ids(c.claim.pk for c in candidates if c.claim)
        decision = decide(candidates, suggest=suggest, auto=auto, published=published)
    opened: Claim | None = None
    with transaction.atomic():
        request = (
            ReaderRequest.objects.select_for_update()
            .filter(pk=request_id, status=ReaderRequest.Status.RECEIVED)
            .first()
        )
        if request is None:
            return None  # matched meanwhile by another copy of the task
        if decision is not None and decision.outcome in (ReaderRequest.Outcome.PUBLISHED, ReaderRequest.Outcome.REVIEW):
            # Checked again under the lock: answers come only from a verdict published now.
            if decision.claim is None or matching.published_claim_ids([decision.claim.pk]):
                _answer_at_once(request, decision)
                return decision.outcome
            decision = None
        if decision is not None:
            _attach(request, decision.claim, outcome=decision.outcome, score=decision.score)
            return decision.outcome
        claim, created = _open_claim(request, text or request.url)
        if not created and matching.published_claim_ids([claim.pk]):
            _answer_at_once(request, Decision(ReaderRequest.Outcome.PUBLISHED, claim=claim, score=1.0))
            return ReaderRequest.Outcome.PUBLISHED
        _attach(
            request,
            claim,
            outcome=ReaderRequest.Outcome.NEW_CLAIM if created else ReaderRequest.Outcome.ATTACHED,
            score=None,
        )
        opened = claim if created else None
    if opened is not None:
        match_index.index_add_claims(claim_ids=[opened.pk])
        matching.match_claim(claim_id=opened.pk)
    return ReaderRequest.Outcome.NEW_CLAIM if opened is not None else ReaderRequest.Outcome.ATTACHED


def _answer_at_once(request: ReaderRequest, decision: Decision) -> None:
    now = timezone.now()
    ReaderRequest.objects.filter(pk=request.pk).update(
        claim=decision.claim,
        external_review=decision.review,
        status=ReaderRequest.Status.ANSWERED,
        outcome=decision.outcome,
        match_score=decision.score,
        matched_at=now,
        answered_at=now,
    )
    if decision.claim is not None:
        # A reader more; no demand bonus: it is done.
        refreshed = claims_priority_refresh(claim_ids=[decision.claim.pk])[decision.claim.pk]
        ClaimEvent.objects.create(
            claim=decision.claim,
            kind=ClaimEvent.Kind.REQUESTED,
            data={
                "request": request.pk,
                "channel": request.channel,
                "outcome": decision.outcome,
                "score": decision.score,
                "priority_raised": 0,
                "requests": refreshed.readers,
                "answered": True,
            },
        )
    webhooks.emit(
        "request.answered",
        _answered_payload(
            request.pk,
            claim_id=decision.claim.pk if decision.claim else None,
            outcome=decision.outcome,
            review=decision.review,
        ),
    )
    if request.email:
        pk = request.pk
        transaction.on_commit(lambda: _send_answer(pk), robust=True)


def _answered_payload(request_id: int, *, claim_id: int | None, outcome: str, review=None) -> dict:
    url = absolute(reverse("public_verdict", args=[claim_id])) if claim_id else (review.url if review else "")
    return {"request": request_id, "claim": claim_id, "outcome": outcome, "answer_url": url}


# --- Hearing back --------------------------------------------------------------------------------


def verdict_out(*, claim_id: int) -> None:
    """Called in the publishing (or correcting) transaction: after commit, answer the claim's
    requests, and tell the readers already answered of a correction (worker)."""
    if (
        ReaderRequest.objects.filter(
            Q(claim_id=claim_id, status=ReaderRequest.Status.ANSWERED, consent=True, answered_version__isnull=False)
            | Q(Q(claim_id=claim_id) | Q(claim__duplicate_of_id=claim_id), status=ReaderRequest.Status.ATTACHED)
        )
        .exclude(status=ReaderRequest.Status.ANSWERED, email="")
        .exists()
    ):
        transaction.on_commit(lambda: _send_answers(claim_id), robust=True)


def _send_answers(claim_id: int) -> None:
    try:
        tasks.answer_requests.delay(claim_id)
    except Exception:  # noqa: BLE001 - broker down: answered inline rather than never
        logger.warning("Answering the requests of claim %s could not be queued; answering now", claim_id, exc_info=True)
        requests_answer(claim_id=claim_id)


def _send_answer(request_id: int) -> None:
    try:
        tasks.send_request_answer.delay(request_id)
    except Exception:  # noqa: BLE001
        logger.warning("The answer to request %s could not be queued; sending now", request_id, exc_info=True)
        request_answer_email(request_id=request_id)


def requests_answer(*, claim_id: int) -> int:
    """The claim's verdict is out (or corrected): every attached request is answered and each
    consenting reader is emailed once per public version of the verdict — the answer, then one
    email per correction published after it. Returns how many emails were sent by this call (none
    on a rerun)."""
    if not matching.published_claim_ids([claim_id]):
        return 0  # never answer from an unpublished verdict
    now = timezone.now()
    with transaction.atomic():
        # Requests on a claim dismissed as this one's duplicate are about it too: they move to it.
        attached = list(
            ReaderRequest.objects.select_for_update()
            .filter(Q(claim_id=claim_id) | Q(claim__duplicate_of_id=claim_id), status=ReaderRequest.Status.ATTACHED)
            .values_list("pk", "outcome")
        )
        ReaderRequest.objects.filter(pk__in=[pk for pk, _ in attached]).update(
            claim_id=claim_id, status=ReaderRequest.Status.ANSWERED, answered_at=now
        )
        webhooks.emit(
            "request.answered", *[_answered_payload(pk, claim_id=claim_id, outcome=outcome) for pk, outcome in attached]
        )
    ids = list(_emails_due().filter(claim_id=claim_id).values_list("pk", flat=True))
    return sum(request_answer_email(request_id=pk) for pk in ids)


def _emails_due():
    """Answered requests whose reader is owed an email: the answer never sent, or a correction
    published since the version they were sent."""
    return (
        ReaderRequest.objects.filter(status=ReaderRequest.Status.ANSWERED, consent=True)
        .exclude(email="")
        .filter(
            Q(answer_sent_at__isnull=True)
            | Q(answered_version__isnull=False, claim__verdict__published_at__isnull=False)
            & ~Q(answered_version_id=F("claim__verdict__public_version_id"))
        )
    )


def requests_answer_due(*, limit: int = 200) -> int:
    """The sweep behind ``verdict_out`` (every 10 minutes, beat): requests still attached to a claim that has a
    published verdict — its message was lost, or the claim was dismissed as the duplicate of a
    published one — are answered now; answered requests whose email never went out, or whose
    reader was not yet told of a correction, are sent. Idempotent: each email is taken once.
    Returns how many emails this sweep sent."""
    published = Verdict.objects.filter(published_at__isnull=False)
    waiting = ReaderRequest.objects.filter(status=ReaderRequest.Status.ATTACHED)
    claim_ids = set(
        waiting.filter(claim_id__in=published.values("claim_id")).values_list("claim_id", flat=True)[:limit]
    )
    claim_ids |= set(
        waiting.filter(claim__duplicate_of_id__in=published.values("claim_id")).values_list(
            "claim__duplicate_of_id", flat=True
        )[:limit]
    )
    sent = sum(requests_answer(claim_id=pk) for pk in sorted(claim_ids))
    unsent = _emails_due().values_list("pk", flat=True)[:limit]
    for pk in list(unsent):
        try:
            sent += request_answer_email(request_id=pk)
        except Exception:  # noqa: BLE001 - the mail server: the next sweep tries again
            logger.warning("The answer to request %s could not be sent; the next sweep retries", pk, exc_info=True)
    return sent


def data_link(request: ReaderRequest) -> str:
    token = signing.dumps({"r": request.pk}, salt=DATA_SALT)
    return settings.VERIFY_DESK_URL.rstrip("/") + reverse("ask_data", args=[token])


def request_for_data_token(token: str) -> ReaderRequest | None:
    """The request a reader's data link names (None for a forged link or a request deleted already)."""
    try:
        pk = int(signing.loads(token, salt=DATA_SALT)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return ReaderRequest.objects.filter(pk=pk).first()


def _answer_body(request: ReaderRequest, *, correction=None) -> tuple[str, str]:
    """The answer email (``correction``: the corrected public version, for the email that tells a
    reader answered before that the verdict changed)."""
    if request.claim_id:
        claim = request.claim
        version = correction or claim.verdict.public_version
        link = absolute(reverse("public_verdict", args=[claim.pk]))
        subject = (
            f"We corrected our fact check: {version.rating.label}"
            if correction
            else f"We checked it: {version.rating.label}"
        )
        found = f"{version.rating.label}: {version.headline}"
        if correction:
            found = (
                f"We have corrected the fact check we sent you. What changed: {version.note or 'see the page'}"
                f"\n\nNow: {found}"
            )
    else:
        review = request.external_review
        link = review.url
        subject = f"It was checked: {review.rating_label or 'see the fact check'}"
        found = (
            f"{review.publisher_name or 'Another fact-checker'} checked it: "
            f"{review.rating_label + ': ' if review.rating_label else ''}{review.headline or review.claim_reviewed}"
        )
    asked = request.text or request.url
    erased_by = (request.created_at + timedelta(days=settings.VERIFY_REQUEST_RETENTION_DAYS)).date().isoformat()
    kept = (
        f"We keep your email address only to tell you if we correct this fact check, and erase it by "
        f"{erased_by} at the latest."
        if request.claim_id
        else f"We keep your email address no longer than {erased_by}; we will not write again."
    )
    body = (
        f"You asked us whether this is true:\n\n  {asked[:500]}\n\n{found}\n\nRead the fact check: {link}\n\n"
        f"{kept}\nUnsubscribe (no more emails; your request stays), see what we keep about your request, "
        f"or delete it: {data_link(request)}\n\n"
        f"— {settings.VERIFY_DESK_NAME}\n"
    )
    return subject, body


def request_answer_email(*, request_id: int) -> int:
    """Email one answered request's reader, once per public version of its verdict: the answer
    (taken with a conditional UPDATE of ``answer_sent_at``), then each correction (taken by moving
    ``answered_version`` from the version they were sent to the current one). A second copy of
    the task finds it taken; a failed send is given back (so a retry sends it). Returns 1 if sent."""
    request = (
        ReaderRequest.objects.filter(pk=request_id, status=ReaderRequest.Status.ANSWERED, consent=True)
        .exclude(email="")
        .first()
    )
    if request is None:
        return 0
    current = None
    if request.claim_id:
        verdict = Verdict.objects.filter(claim_id=request.claim_id, published_at__isnull=False).first()
        if verdict is None or verdict.public_version_id is None:
            return 0  # never an answer from an unpublished verdict
        current = verdict.public_version_id
    now = timezone.now()
    correction_id: int | None = None
    give_back: dict[str, object]
    if request.answer_sent_at is None:
        taken = ReaderRequest.objects.filter(pk=request_id, answer_sent_at__isnull=True).update(
            answer_sent_at=now, answered_version_id=current
        )
        give_back = {"answer_sent_at": None, "answered_version_id": None}
    elif current is not None and request.answered_version_id not in (None, current):
        taken = ReaderRequest.objects.filter(pk=request_id, answered_version_id=request.answered_version_id).update(
            answered_version_id=current
        )
        give_back = {"answered_version_id": request.answered_version_id}
        correction_id = current
    else:
        return 0
    if not taken:
        return 0
    request = ReaderRequest.objects.select_related("claim__verdict__public_version__rating", "external_review").get(
        pk=request_id
    )
    correction = None
    if correction_id is not None:
        correction = VerdictVersion.objects.select_related("rating").get(pk=correction_id)
    subject, body = _answer_body(request, correction=correction)
    try:
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [request.email],
            headers={"List-Unsubscribe": f"<{data_link(request)}>"},
        ).send()
    except Exception:
        ReaderRequest.objects.filter(pk=request_id).update(**give_back)
        raise
    if not request.claim_id:  # another fact-checker's page: no correction of ours will follow
        ReaderRequest.objects.filter(pk=request_id).update(email="", contact_erased_at=timezone.now())
    return 1


# --- Privacy and moderation ------------------------------------------------------------------------


def requests_purge_contacts(*, now=None) -> int:
    """Erase the emails of requests older than the retention period; returns how many were erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.VERIFY_REQUEST_RETENTION_DAYS)
    # The keyed hashes go too: they only serve rate limits (the cache) and bans (SenderBan's own copy).
    old = ReaderRequest.objects.filter(created_at__lt=cutoff)
    erased = old.exclude(email="").update(email="", email_hash="", sender_hash="", contact_erased_at=now)
    old.exclude(email_hash="", sender_hash="").update(email_hash="", sender_hash="")
    return erased


def request_unsubscribe(*, request: ReaderRequest) -> bool:
    """The reader wants no more email about their request (the link in every email): the address
    and its hash are erased now, the request stays (the desk's demand). False if none was kept."""
    return bool(
        ReaderRequest.objects.filter(pk=request.pk)
        .exclude(email="")
        .update(email="", email_hash="", consent=False, contact_erased_at=timezone.now())
    )


@transaction.atomic
def request_forget(*, request: ReaderRequest) -> None:
    """Delete a request at its reader's demand (the link in the email). The claim keeps its
    history (desk data), which says a request was deleted, naming no one; its reader count and
    demand bonus count the requests it still has."""
    if request.claim_id:
        ClaimEvent.objects.create(
            claim_id=request.claim_id,
            kind=ClaimEvent.Kind.REQUESTED,
            note="A reader's request was deleted at the reader's demand",
            data={"request_deleted": request.pk},
        )
    ReaderRequest.objects.filter(pk=request.pk).delete()
    claims_priority_refresh(claim_ids=[request.claim_id])


# --- Correcting the matching ---------------------------------------------------------------------


def _editor_words(text: str, *, what: str) -> str:
    """An editor's note or reason on a request (detach, attach, ban), on one line; InvalidInput
    past MAX_DECISION_NOTE characters, naming ``what`` it is."""
    text = " ".join((text or "").split())
    if len(text) > MAX_DECISION_NOTE:
        raise InvalidInput(f"The {what} is {len(text)} characters; the limit is {MAX_DECISION_NOTE}.")
    return text


def _lock_request(pk: int) -> ReaderRequest:
    """The request ``pk`` locked for the caller's transaction; InvalidInput when there is none."""
    current = ReaderRequest.objects.select_for_update().filter(pk=pk).first()
    if current is None:
        raise InvalidInput(f"There is no request {pk}.")
    return current


def request_detach(*, actor: User, request: ReaderRequest | int, note: str = "") -> ReaderRequest:
    """An editor detaches a request wrongly attached to a claim: the claim loses the reader (its
    count and demand bonus recomputed), the history of both says so (``request_detached``), and
    the request is matched again by the worker — never back onto that claim — or opens its own.
    Undone by ``request_attach`` onto the same claim. Only a request still waiting for its answer
    can be detached: an answer sent cannot be taken back."""
    require_permission(actor, "approve_verdict", "detach a reader's request")
    note = _editor_words(note, what="note")
    pk = request.pk if isinstance(request, ReaderRequest) else request
    with transaction.atomic():
        current = _lock_request(pk)
        if not current.can_be_moved:
            raise InvalidTransition("This request was answered already; an answer sent cannot be detached.")
        if current.claim_id is None:
            raise InvalidTransition("This request is not attached to any claim yet.")
        claim_id = current.claim_id
        ReaderRequest.objects.filter(pk=pk).update(
            claim=None,
            status=ReaderRequest.Status.RECEIVED,
            outcome=ReaderRequest.Outcome.PENDING,
            match_score=None,
            matched_at=None,
            detached_from=sorted({*current.detached_from, claim_id}),
        )
        claims_priority_refresh(claim_ids=[claim_id])
        ClaimEvent.objects.create(
            claim_id=claim_id,
            actor=actor,
            kind=ClaimEvent.Kind.REQUEST_DETACHED,
            note=note or "The request was not about this claim",
            data={"request": pk, "outcome": current.outcome},
        )
        transaction.on_commit(lambda: request_send_matching(request_id=pk), robust=True)
    return ReaderRequest.objects.get(pk=pk)


def request_attach(*, actor: User, request: ReaderRequest | int, claim: Claim | int, note: str = "") -> ReaderRequest:
    """An editor attaches a request to the claim it is about (re-attaching it where it was detached
    from undoes the detach): moved from the claim it was on, if any, whose count drops. A claim
    with a published verdict answers it at once (its reader is emailed); otherwise it waits with
    the claim's other requests. Audited on both claims."""
    require_permission(actor, "approve_verdict", "attach a reader's request")
    note = _editor_words(note, what="note")
    pk = request.pk if isinstance(request, ReaderRequest) else request
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    with transaction.atomic():
        current = _lock_request(pk)
        target = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if target is None:
            raise InvalidInput(f"There is no claim {claim_id}.")
        if target.duplicate_of_id:
            raise InvalidInput(f"Claim {target.pk} is a duplicate of #{target.duplicate_of_id}: attach it there.")
        if not current.can_be_moved:
            raise InvalidTransition("This request was answered already; an answer sent cannot be moved.")
        if current.claim_id == target.pk:
            raise InvalidTransition(f"This request is attached to claim {target.pk} already.")
        old = current.claim_id
        # Off the claim it was on (if any) and no longer barred from the target, in one write.
        ReaderRequest.objects.filter(pk=pk).update(
            claim=None, detached_from=[c for c in current.detached_from if c != target.pk]
        )
        if old:
            claims_priority_refresh(claim_ids=[old])
            ClaimEvent.objects.create(
                claim_id=old,
                actor=actor,
                kind=ClaimEvent.Kind.REQUEST_DETACHED,
                note=note or f"Moved to claim #{target.pk}",
                data={"request": pk, "outcome": current.outcome, "moved_to": target.pk},
            )
        current.refresh_from_db()
        if matching.published_claim_ids([target.pk]):
            _answer_at_once(current, Decision(ReaderRequest.Outcome.PUBLISHED, claim=target, score=None))
        else:
            _attach(
                current,
                target,
                outcome=ReaderRequest.Outcome.ATTACHED,
                score=None,
                actor=actor,
                note=note or "Attached by an editor",
            )
    return ReaderRequest.objects.get(pk=pk)


@transaction.atomic
def sender_ban(*, actor: User, request: ReaderRequest, reason: str) -> SenderBan:
    """An editor bans the sender of a request: their later requests (same address or channel id, or
    same email) are refused. The request itself stays; the ban names only hashes."""
    require_permission(actor, "approve_verdict", "ban a reader")
    reason = _editor_words(reason, what="reason")
    if not reason:
        raise InvalidInput("Say why this sender is banned.")
    if not request.sender_hash and not request.email_hash:
        raise InvalidInput("This request carries nothing to recognise its sender by.")
    if SenderBan.objects.filter(sender_hash=request.sender_hash, email_hash=request.email_hash).exists():
        raise InvalidInput("This sender is banned already.")
    try:
        return SenderBan.objects.create(
            sender_hash=request.sender_hash,
            email_hash=request.email_hash,
            reason=reason,
            request=request,
            created_by=actor,
        )
    except IntegrityError as exc:  # pragma: no cover - the check constraint, held above
        raise InvalidInput(str(exc)) from exc
