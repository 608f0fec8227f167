"""Every REST API route, mounted under /api/ (the resource modules carry none of their own)."""

from django.conf import settings
from django.urls import path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

import verify.converters  # noqa: F401 - registers <id:...>

from . import (  # noqa: F401 - schema registers the token security scheme
    accounts,
    articles,
    base,
    claims,
    exports,
    feeds,
    imports,
    matching,
    notifications,
    requests,
    review,
    schema,
    webhooks,
)

urlpatterns = [
    path("v1/claims/", claims.ClaimList.as_view(), name="api-claim-list"),
    path("v1/claims/<id:pk>/", claims.ClaimDetail.as_view(), name="api-claim-detail"),
    path("v1/claims/<id:pk>/evidence/", review.EvidenceList.as_view(), name="api-claim-evidence"),
    path(
        "v1/claims/<id:pk>/evidence/<id:evidence_pk>/archive/",
        review.EvidenceArchiveRetry.as_view(),
        name="api-evidence-archive-retry",
    ),
    path("v1/claims/<id:pk>/verdict/", review.VerdictDetail.as_view(), name="api-claim-verdict"),
    path("v1/claims/<id:pk>/comments/", review.CommentList.as_view(), name="api-claim-comments"),
    path("v1/claims/<id:pk>/split/", claims.ClaimSplit.as_view(), name="api-claim-split"),
    path("v1/claims/<id:pk>/merge/", claims.ClaimMerge.as_view(), name="api-claim-merge"),
    path("v1/claims/<id:pk>/<slug:move>/", claims.ClaimMove.as_view(), name="api-claim-move"),
    path("v1/ratings/", review.RatingList.as_view(), name="api-ratings"),
    path("v1/outlets/", articles.OutletList.as_view(), name="api-outlets"),
    path("v1/articles/", articles.ArticleList.as_view(), name="api-article-list"),
    path("v1/articles/<id:pk>/", articles.ArticleDetail.as_view(), name="api-article-detail"),
    path("v1/jobs/<id:pk>/", articles.JobDetail.as_view(), name="api-job-detail"),
    path("v1/jobs/<id:pk>/retry/", articles.JobRetry.as_view(), name="api-job-retry"),
    path("v1/users/me/", accounts.Me.as_view(), name="api-me"),
    path("v1/notifications/", notifications.NotificationList.as_view(), name="api-notifications"),
    path("v1/notifications/unread/", notifications.NotificationUnread.as_view(), name="api-notifications-unread"),
    path("v1/notifications/read/", notifications.NotificationsRead.as_view(), name="api-notifications-read"),
    path("v1/notifications/<id:pk>/read/", notifications.NotificationRead.as_view(), name="api-notification-read"),
    path("v1/tokens/", accounts.TokenList.as_view(), name="api-tokens"),
    path("v1/tokens/<id:pk>/", accounts.TokenDetail.as_view(), name="api-token-detail"),
    path("v1/feeds/", feeds.FeedList.as_view(), name="api-feeds"),
    path("v1/webhooks/", webhooks.WebhookList.as_view(), name="api-webhooks"),
    path("v1/webhooks/<id:pk>/enable/", webhooks.WebhookEnable.as_view(), name="api-webhook-enable"),
    path("v1/webhooks/<id:pk>/deliveries/", webhooks.WebhookDeliveries.as_view(), name="api-webhook-deliveries"),
    path("v1/claimreviews/", imports.ExternalReviewList.as_view(), name="api-claimreview-list"),
    path("v1/claimreviews/import/", imports.ClaimReviewImport.as_view(), name="api-claimreview-import"),
    path("v1/verdicts.csv", exports.VerdictCsv.as_view(), name="api-verdicts-csv"),
    re_path(r"^v1/match/?$", matching.MatchText.as_view(), name="api-match"),
    path(
        "v1/claims/<id:pk>/matches/<id:match_id>/<slug:decision>/",
        matching.MatchDecision.as_view(),
        name="api-claim-match-decision",
    ),
    path("v1/requests/", requests.RequestCreate.as_view(), name="api-requests"),
    path("v1/requests/<id:pk>/", requests.RequestDetail.as_view(), name="api-request-detail"),
    path("v1/requests/<id:pk>/detach/", requests.RequestDetach.as_view(), name="api-request-detach"),
    path("v1/requests/<id:pk>/attach/", requests.RequestAttach.as_view(), name="api-request-attach"),
    path("schema/", schema.SchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Our template: drf-spectacular's, without the Google Fonts it links (every asset local).
    # ReDoc's JavaScript injects <style> elements that cannot carry our nonce and searches in a
    # blob: worker: on this page alone styles may be inline (scripts stay nonce-only).
    path(
        "redoc/",
        csp_override(
            {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE], "worker-src": [CSP.SELF, "blob:"]}
        )(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")),
        name="api-redoc",
    ),
    # Last: any other /api/ path is a problem-details 404, not the site's HTML page.
    re_path(r"", base.no_such_endpoint, name="api-not-found"),
]
