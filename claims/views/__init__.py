"""The web UI, one module per area: the desk's claim pages (``desk``), articles and ingest,
the dashboard, the settings page, notifications, reader requests, and the public pages
(``public``, no sign-in). ``access.desk_view`` is the permission check every desk page wears.

The desk's views are re-exported here so ``claims/urls.py`` reads as one table.
"""

from .access import desk_view
from .articles import (
    article_detail,
    article_list,
    highlight_segments,
    ingest_page,
    job_detail,
    job_retry,
)
from .dashboard import dashboard
from .desk import (
    claim_change,
    claim_comment,
    claim_detail,
    claim_evidence,
    claim_match,
    claim_move,
    claim_verdict,
    evidence_archive,
    evidence_archive_retry,
    inbox,
    queue,
    queue_bulk,
)
from .settings import (
    api_tokens,
    desk_settings,
    settings_rating,
    settings_rating_add,
    settings_user_add,
)

__all__ = [
    "api_tokens",
    "article_detail",
    "article_list",
    "claim_change",
    "claim_comment",
    "claim_detail",
    "claim_evidence",
    "claim_match",
    "claim_move",
    "claim_verdict",
    "dashboard",
    "desk_settings",
    "desk_view",
    "evidence_archive",
    "evidence_archive_retry",
    "highlight_segments",
    "inbox",
    "ingest_page",
    "job_detail",
    "job_retry",
    "queue",
    "queue_bulk",
    "settings_rating",
    "settings_rating_add",
    "settings_user_add",
]
