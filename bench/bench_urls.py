"""Bench-only URLs: the app's, plus a bare Django view as the baseline."""

from django.http import JsonResponse
from django.urls import include, path

from claims.models import Claim

FIELDS = [
    "id",
    "text",
    "sentence",
    "start",
    "end",
    "claimant",
    "claim_type",
    "score",
    "reason",
    "checkworthy",
    "priority",
    "status",
    "article_id",
    "version",
    "created_at",
    "updated_at",
]


def bare_claims(request):
    """The API's first page of GET /api/v1/claims/?page_size=50: no filter, its cursor order, 50 rows."""
    rows = list(Claim.objects.order_by("-priority", "-id").values(*FIELDS)[:50])
    return JsonResponse({"results": rows})


urlpatterns = [path("bare/claims/", bare_claims), path("", include("verify.urls"))]
