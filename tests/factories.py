"""Small builders for test data (no factory library needed for these few models)."""

from __future__ import annotations

import hashlib
import itertools

from claims.choices import ClaimStatus, ClaimType
from claims.extraction.dedup import fingerprint
from claims.models import Appearance, Article, Claim, Outlet
from claims.selectors import default_scale
from claims.services import requests as rr
from claims.services import workflow

_seq = itertools.count(1)


def make_article(*, text: str | None = None, outlet: Outlet | None = None, **fields) -> Article:
    n = next(_seq)
    text = text or f"Article number {n}. The minister said unemployment fell to {n} percent."
    return Article.objects.create(
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source_kind="text",
        title=fields.pop("title", f"Article {n}"),
        outlet=outlet,
        **fields,
    )


def make_claim(*, article: Article | None = None, text: str | None = None, **fields) -> Claim:
    article = article or make_article()
    text = text or article.text[:40]
    start = article.text.find(text)
    start = max(start, 0)
    if "priority" in fields:  # the queue's priority is its base until a match or a reader changes it
        fields.setdefault("priority_base", fields["priority"])
    return Claim.objects.create(
        article=article,
        text=text,
        sentence=fields.pop("sentence", text),
        start=start,
        end=start + len(text),
        sentence_start=start,
        sentence_end=start + len(text),
        fingerprint=fingerprint(text + str(next(_seq))),
        claimant=fields.pop("claimant", "The minister"),
        claim_type=fields.pop("claim_type", ClaimType.QUANTITY),
        score=fields.pop("score", 0.9),
        **fields,
    )


def with_its_appearance(claim: Claim) -> Claim:
    """``claim`` with its own place as an Appearance, as ingest records every claim."""
    Appearance.objects.create(
        claim=claim,
        article=claim.article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        claimant=claim.claimant,
    )
    return claim


def rating(slug: str = "false"):
    return default_scale().ratings.get(slug=slug)


def claim_in_state(state: str, *, checker, editor, editor2=None, claim: Claim | None = None) -> Claim:
    """A claim driven through the real services into ``state``.

    The checker writes the verdict; ``editor`` approves and publishes.
    """
    claim = claim or make_claim()
    if state == ClaimStatus.NEW:
        return claim
    if state == ClaimStatus.DISMISSED:
        workflow.claim_dismiss(claim=claim, actor=checker, reason="not_important")
        return Claim.objects.get(pk=claim.pk)
    workflow.claim_triage(claim=claim, actor=checker)
    if state == ClaimStatus.TRIAGED:
        return Claim.objects.get(pk=claim.pk)
    workflow.claim_assign(claim=claim, actor=checker, assignee=checker)
    workflow.verdict_save(claim=claim, actor=checker, rating=rating(), headline="False: it did not happen")
    if state == ClaimStatus.IN_REVIEW:
        return Claim.objects.get(pk=claim.pk)
    workflow.claim_submit(claim=claim, actor=checker)
    if state == ClaimStatus.AWAITING_APPROVAL:
        return Claim.objects.get(pk=claim.pk)
    workflow.verdict_approve(claim=claim, actor=editor)
    if state == "approved":
        return Claim.objects.get(pk=claim.pk)
    workflow.verdict_publish(claim=claim, actor=editor)
    assert state == ClaimStatus.PUBLISHED
    return Claim.objects.get(pk=claim.pk)


def correct_published(claim: Claim, *, corrector, approver, note: str, **changes) -> Claim:
    """A published verdict corrected by ``corrector`` and, by the two-person rule, approved by
    ``approver`` (who did not edit it) and published again."""
    workflow.verdict_correct(claim=claim, actor=corrector, note=note, **changes)
    workflow.verdict_approve(claim=claim, actor=approver)
    workflow.verdict_publish(claim=claim, actor=approver)
    return Claim.objects.get(pk=claim.pk)


def make_external_review(*, url: str = "https://factcheck.example.org/2024/05/bridge", **fields):
    """Another fact-checker's published verdict, as an import stores it."""
    from claims.models import ExternalReview

    return ExternalReview.objects.create(
        url=url,
        publisher_name=fields.pop("publisher_name", "Example Fact Check"),
        claim_reviewed=fields.pop("claim_reviewed", "The new bridge cost 3 billion euros to build"),
        rating_label=fields.pop("rating_label", "False"),
        raw=fields.pop("raw", {"url": url}),
        **fields,
    )


# --- Reader requests (tests/services/test_reader_requests.py) -----------------------------------------------------


def claim_with(text: str, **fields) -> Claim:
    """A claim whose sentence is ``text`` alone, in an article of its own."""
    return make_claim(article=make_article(text=text + " The mayor wore a coat."), text=text, sentence=text, **fields)


def reader_asks(capture, text="", *, url="", email="", consent=None, sender="198.51.100.7", channel="web", **more):
    """A reader's request through the service, its on-commit work (matching, emails) run at once;
    ``capture`` is pytest-django's ``django_capture_on_commit_callbacks``."""
    with capture(execute=True):
        return rr.request_submit(
            data=rr.RequestInput(
                text=text, url=url, email=email, consent=bool(email) if consent is None else consent, **more
            ),
            channel=channel,
            sender=sender,
        )


def readers_ask(capture, text, *, readers: int) -> list:
    """``readers`` requests for ``text``, each from an address of its own (the per-sender limit)."""
    return [reader_asks(capture, text, sender=f"203.0.113.{n}") for n in range(readers)]


def fresh(obj):
    """``obj`` as the database holds it now."""
    return type(obj).objects.get(pk=obj.pk)
