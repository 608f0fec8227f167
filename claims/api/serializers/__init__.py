"""API shapes: serializers validate input shape and render output; no workflow here.

One module per resource (``fields`` holds what they share). Every name is re-exported here:
import from ``claims.api.serializers``.
"""

from .accounts import (
    MeSerializer,
    TokenCreatedSerializer,
    TokenSerializer,
)
from .articles import (
    ARTICLE_CREATE_SCHEMA,
    PUBLISHED_YEARS,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    JobSerializer,
    OutletSerializer,
    PublishedAtField,
)
from .claims import (
    CLAIM_EDIT_SCHEMA,
    READ_ONLY_CLAIM_FIELDS,
    ClaimEditSerializer,
    ClaimMergeSerializer,
    ClaimSerializer,
    ClaimSplitSerializer,
    MoveSerializer,
    VerdictBriefSerializer,
)
from .feeds import (
    FeedSerializer,
)
from .fields import (
    CONTENT_PATTERN,
    HTTP_URL_PATTERN,
    MAX_ID,
    MAX_VERDICT_EVIDENCE,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    WHITESPACE,
    HttpUrlField,
    JSONTypesMixin,
    ScoreField,
    TextField,
    input_schema,
    score_out,
)
from .notifications import (
    MarkedSerializer,
    NotificationSerializer,
    NotificationsReadSerializer,
    UnreadSerializer,
)
from .review import (
    EVIDENCE_CREATE_SCHEMA,
    CommentSerializer,
    EvidenceSerializer,
    RatingSerializer,
    VerdictSerializer,
    VerdictVersionSerializer,
)
from .webhooks import (
    DeliverySerializer,
    WebhookSerializer,
)

__all__ = [
    "ARTICLE_CREATE_SCHEMA",
    "ArticleCreateSerializer",
    "ArticleDetailSerializer",
    "ArticleSerializer",
    "CLAIM_EDIT_SCHEMA",
    "CONTENT_PATTERN",
    "ClaimEditSerializer",
    "ClaimMergeSerializer",
    "ClaimSerializer",
    "ClaimSplitSerializer",
    "MarkedSerializer",
    "NotificationSerializer",
    "NotificationsReadSerializer",
    "UnreadSerializer",
    "CommentSerializer",
    "DeliverySerializer",
    "EVIDENCE_CREATE_SCHEMA",
    "EvidenceSerializer",
    "FeedSerializer",
    "HTTP_URL_PATTERN",
    "HttpUrlField",
    "JSONTypesMixin",
    "JobSerializer",
    "MAX_ID",
    "MAX_VERDICT_EVIDENCE",
    "MeSerializer",
    "MoveSerializer",
    "NON_BLANK_TEXT_PATTERN",
    "OutletSerializer",
    "PUBLISHED_YEARS",
    "PublishedAtField",
    "READ_ONLY_CLAIM_FIELDS",
    "RatingSerializer",
    "ScoreField",
    "TEXT_PATTERN",
    "TextField",
    "TokenCreatedSerializer",
    "TokenSerializer",
    "VerdictBriefSerializer",
    "VerdictSerializer",
    "VerdictVersionSerializer",
    "WHITESPACE",
    "WebhookSerializer",
    "input_schema",
    "score_out",
]
