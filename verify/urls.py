from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from claims.views import healthz

admin.site.site_header = "Verify — claim verification workbench"
admin.site.site_title = "Verify"
admin.site.index_title = "Newsroom operations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
