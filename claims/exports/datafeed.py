"""The DataFeed of every published ClaimReview, streamed in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from ..models import VerdictVersion
from .claimreview import PUBLIC_KINDS, absolute, claimreview, public_claims, site_root

CHUNK = 500


def last_modified():
    return VerdictVersion.objects.filter(kind__in=PUBLIC_KINDS).aggregate(m=Max("created_at"))["m"]


def datafeed_chunks(*, root: str | None = None) -> Iterator[str]:
    """The DataFeed as JSON text, piece by piece; rows are read in chunks of 500. Its URLs are on
    ``root`` (``site_root(request)`` when served), else on the configured VERIFY_DESK_URL."""
    root = root if root is not None else site_root()
    modified = last_modified()
    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.VERIFY_DESK_NAME} fact checks",
        "url": absolute(reverse("claimreview_feed"), root=root),
        "dateModified": modified.isoformat() if modified else None,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "dataFeedElement": ['
    first = True
    # In id order: the database streams it from the primary key instead of sorting every row first.
    for claim in public_claims().order_by("pk").iterator(chunk_size=CHUNK):
        review = claimreview(claim, root=root)
        element = {
            "@type": "DataFeedItem",
            "dateCreated": review["datePublished"],
            "dateModified": review["dateModified"],
            "url": review["url"],
            "item": [review],
        }
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    yield "]}"
