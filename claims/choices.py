"""Enumerations shared by models, services, extraction and the API.

Kept free of model imports so that the pure extraction code can use them.
"""

from django.db import models


class ClaimStance(models.TextChoices):
    """How the claimant stands to the claim's text: a denial claims its negation."""

    ASSERTS = "asserts", "Asserts"
    DENIES = "denies", "Denies"


class ClaimType(models.TextChoices):
    """Claim types after Full Fact's taxonomy (DOMAIN.md)."""

    QUANTITY = "quantity", "Quantity or statistic"
    QUOTE = "quote", "Quote or attributed statement"
    OFFICIAL_POSITION = "official_position", "Official position"
    PREDICTION = "prediction", "Prediction"
    CAUSAL = "causal", "Causal claim"
    COMPARISON = "comparison", "Comparison"
    PERSONAL_EXPERIENCE = "personal_experience", "Personal experience"
    LEGAL = "legal", "Legal or rules claim"
    CORRELATION = "correlation", "Correlation"
    OTHER = "other", "Other factual claim"
    NOT_A_CLAIM = "not_a_claim", "Not a claim"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    IN_REVIEW = "in_review", "In review"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


class DismissReason(models.TextChoices):
    NOT_CHECKABLE = "not_checkable", "Not checkable"
    NOT_IMPORTANT = "not_important", "Not important"
    DUPLICATE = "duplicate", "Duplicate of another claim"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    """What an article was made from: the form of its input, which extraction and a retry read
    (a fetched page, HTML, plain text), a feed's item, or a reader's request."""

    URL = "url", "URL fetch"
    HTML = "html", "HTML upload"
    TEXT = "text", "Pasted text"
    FEED = "feed", "Feed"
    REQUEST = "request", "Reader request"


class IngestChannel(models.TextChoices):
    """Where an input was submitted (beside its form, ``SourceKind``): the desk's form, the API, a
    feed poll, or code that calls the service itself (``manage.py ingest``, the demo, a script)."""

    DESK = "desk", "Desk"
    API = "api", "API"
    FEED = "feed", "Feed"
    COMMAND = "command", "Command line"


class EvidenceKind(models.TextChoices):
    OFFICIAL_DATA = "official_data", "Official data"
    EXPERT = "expert", "Expert"
    DOCUMENT = "document", "Document"
    MEDIA = "media", "Media"
    SOCIAL_POST = "social_post", "Social post"
    OTHER = "other", "Other"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Adds context"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class JobStep(models.TextChoices):
    """Pipeline steps in order; an ExtractionJob records the last one reached."""

    QUEUED = "queued", "Queued"
    FETCHED = "fetched", "Fetched"
    CLEANED = "cleaned", "Cleaned"
    SEGMENTED = "segmented", "Segmented"
    SCORED = "scored", "Scored"
    SAVED = "saved", "Saved"


class Role(models.TextChoices):
    """Newsroom roles; each is a Django group created by a data migration."""

    VIEWER = "viewer", "Viewer"
    CHECKER = "checker", "Checker"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"
