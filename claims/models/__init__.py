"""Verify's data model (see ../shared/DOMAIN.md for the vocabulary), one module per area.

One-row behaviour lives on the models (``Claim.move_allowed``); anything touching
several rows is a service in claims/services/. Invariants the database can
hold are constraints, so no code path can break them. Every model is re-exported
here: import from ``claims.models``, not from its module.
"""

from .articles import Article, ExtractionJob, Feed, FeedItem, Outlet
from .claims import Appearance, Claim, ClaimEvent, Comment
from .desk import DeskSettings, Notification, NotificationPreference, WorkerHeartbeat
from .integrations import ApiToken, IdempotencyKey, WebhookDelivery, WebhookSubscription
from .matching import (
    ClaimMatch,
    ExternalReview,
    MatchJournalEntry,
    MatchSnapshot,
    MatchSnapshotChunk,
)
from .requests import ReaderRequest, SenderBan
from .review import Evidence, Rating, RatingScale, Verdict, VerdictVersion

__all__ = [
    "Outlet",
    "Article",
    "Feed",
    "FeedItem",
    "ExtractionJob",
    "Claim",
    "Appearance",
    "Comment",
    "ClaimEvent",
    "Evidence",
    "RatingScale",
    "Rating",
    "Verdict",
    "VerdictVersion",
    "ExternalReview",
    "ClaimMatch",
    "MatchJournalEntry",
    "MatchSnapshot",
    "MatchSnapshotChunk",
    "ApiToken",
    "IdempotencyKey",
    "WebhookSubscription",
    "WebhookDelivery",
    "DeskSettings",
    "WorkerHeartbeat",
    "Notification",
    "NotificationPreference",
    "ReaderRequest",
    "SenderBan",
]
