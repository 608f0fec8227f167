from django.contrib import admin
from django.urls import include, path

import verify.converters  # noqa: F401 - registers <id:...>
from claims import public
from claims.views import healthz

admin.site.site_header = "Verify — claim verification workbench"
admin.site.site_title = "Verify"
admin.site.index_title = "Newsroom operations"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("claims.api.urls")),
    path("verdicts/", public.verdict_index, name="public_index"),
    path("verdicts/<id:pk>/", public.verdict_page, name="public_verdict"),
    path("feeds/claimreview.json", public.claimreview_feed, name="claimreview_feed"),
    path("", include("claims.urls")),
]
