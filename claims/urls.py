"""The review desk's pages (web UI)."""

from django.contrib.auth import views as auth_views
from django.urls import path

import verify.converters  # noqa: F401 - registers <id:...>

from . import views
from .views import notifications
from .views import requests as reader_requests

urlpatterns = [
    path("", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notification_read, name="notifications_read"),
    path("notifications/preferences/", notifications.notification_preferences, name="notification_preferences"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.desk_settings, name="settings"),
    path("settings/ratings/<id:pk>/", views.settings_rating, name="settings_rating"),
    path("settings/ratings/add/", views.settings_rating_add, name="settings_rating_add"),
    path("settings/users/add/", views.settings_user_add, name="settings_user_add"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("claims/<id:pk>/", views.claim_detail, name="claim"),
    path("claims/<id:pk>/move/<slug:move>/", views.claim_move, name="claim_move"),
    path("claims/<id:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("claims/<id:pk>/edit/", views.claim_change, {"change": "edit"}, name="claim_edit"),
    path("claims/<id:pk>/split/", views.claim_change, {"change": "split"}, name="claim_split"),
    path("claims/<id:pk>/merge/", views.claim_change, {"change": "merge"}, name="claim_merge"),
    path("claims/<id:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("claims/<id:pk>/comments/", views.claim_comment, name="claim_comment"),
    path("claims/<id:pk>/matches/<id:match_id>/<slug:decision>/", views.claim_match, name="claim_match"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<id:pk>/", views.article_detail, name="article"),
    path("evidence/<id:pk>/archive/", views.evidence_archive, name="evidence_archive"),
    path("evidence/<id:pk>/archive/retry/", views.evidence_archive_retry, name="evidence_archive_retry"),
    path("ingest/", views.ingest_page, name="ingest"),
    path("jobs/<id:pk>/", views.job_detail, name="job"),
    path("jobs/<id:pk>/retry/", views.job_retry, name="job_retry"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url="/"), name="password_change"),
]

# Reader requests (issue 26)
from .views import evidence as evidence_views  # noqa: E402

urlpatterns += [
    path(
        "evidence/<id:pk>/archive/original/", evidence_views.evidence_archive_original, name="evidence_archive_original"
    ),
    path("ask/", reader_requests.ask, name="ask"),
    path("ask/embed/", reader_requests.ask_embed, name="ask_embed"),
    path("ask/data/<str:token>/", reader_requests.ask_data, name="ask_data"),
    path("requests/", reader_requests.requests_view, name="requests"),
    path("requests/<id:pk>/ban/", reader_requests.request_ban, name="request_ban"),
    path("requests/<id:pk>/detach/", reader_requests.request_detach, name="request_detach"),
    path("requests/<id:pk>/attach/", reader_requests.request_attach, name="request_attach"),
]
