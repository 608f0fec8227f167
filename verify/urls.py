from django.contrib import admin
from django.urls import include, path

from claims.views import healthz

admin.site.site_header = "Verify — claim verification workbench"
admin.site.site_title = "Verify"
admin.site.index_title = "Newsroom operations"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
