from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe

import verify.converters  # noqa: F401 - registers <id:...>
from claims.exports.atom import VerdictFeed
from claims.views import public
from verify import health, metrics, problems

admin.site.site_header = "Verify — claim verification workbench"
admin.site.site_title = "Verify"
admin.site.index_title = "Newsroom operations"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/", include("claims.api.urls")),
    path("problems/<slug:slug>", problems.problem_page, name="problem"),
    path("verdicts/", public.verdict_index, name="public_index"),
    path("verdicts/<id:pk>/", public.verdict_page, name="public_verdict"),
    path("verdicts/<id:pk>/embed/", public.verdict_embed, name="verdict_embed"),
    path("verdicts/<id:pk>/evidence/<id:evidence_pk>/", public.verdict_evidence, name="public_evidence"),
    path("verdicts.csv", public.verdict_csv, name="verdict_csv"),
    path("oembed", public.oembed, name="oembed"),
    path("feeds/claimreview.json", public.claimreview_feed, name="claimreview_feed"),
    path("feeds/verdicts.atom", require_safe(VerdictFeed()), name="verdict_atom"),
    path("", include("claims.urls")),
]
