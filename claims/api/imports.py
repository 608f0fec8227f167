"""Other fact-checkers' ClaimReview in the API: list the imported ones, import more.

Routes (declared in claims/api/urls.py):

- ``GET /api/v1/claimreviews/``: imported reviews, newest import first, cursor
  pages; any newsroom role, ``read`` scope.
- ``POST /api/v1/claimreviews/import/``: import a JSON body (a ClaimReview,
  a list of them, an ``@graph`` document or a DataFeed). Needs the editor role
  or admin (whoever may publish our verdicts may bring in others') and, for a
  token, the ``ingest`` scope. ``200`` with ``{"imported", "updated",
  "unchanged", "rejected": [{"index", "where", "reason"}]}``; a body with no
  ClaimReview at all, or not JSON, is a problem-details ``400``.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verify.api import BoundedJSONParser

from ..inputs.weburl import parse_http_url
from ..models import ExternalReview
from ..services.imports import claimreview_import
from .auth import ThrottleFirst
from .base import Cursor, NoNulSearchFilter, StrictFilterSet, TextFilter, UTCDateTimeFilter
from .serializers import HTTP_URL_PATTERN, ExternalReviewSerializer, ImportResultSerializer


class ImportJSONLDParser(BoundedJSONParser):
    """``application/ld+json`` bodies, read as JSON."""

    media_type = "application/ld+json"


class ExternalReviewCursor(Cursor):
    ordering = ("-id",)


class ExternalReviewFilter(StrictFilterSet):
    publisher = TextFilter(field_name="publisher_name", lookup_expr="iexact")
    language = TextFilter(field_name="language", lookup_expr="iexact")
    published_after = UTCDateTimeFilter(field_name="date_published", lookup_expr="gte")
    published_before = UTCDateTimeFilter(field_name="date_published", lookup_expr="lt")

    class Meta:
        model = ExternalReview
        fields = []


@extend_schema(tags=["claimreviews"])
class ExternalReviewList(ThrottleFirst, generics.ListAPIView):
    """Other fact-checkers' imported ClaimReviews, newest import first; search (`q`) and filter."""

    serializer_class = ExternalReviewSerializer
    pagination_class = ExternalReviewCursor
    filterset_class = ExternalReviewFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, NoNulSearchFilter]
    search_fields = ["claim_reviewed", "claimant", "publisher_name", "headline"]

    def get_queryset(self):
        return ExternalReview.objects.defer("raw")


DOCUMENT_URL = OpenApiParameter(
    "document_url",
    {"type": "string", "maxLength": 2000, "pattern": HTTP_URL_PATTERN},
    OpenApiParameter.QUERY,
    description="Where the document was published (an http(s) URL): relative URLs in it resolve against this",
)

# What the importer reads as holding at least one ClaimReview (else a 400): a ClaimReview, a list
# holding one, an @graph document holding one, or a DataFeed whose elements hold one. (It reads
# more: ClaimReviews nested in other nodes, types written with a prefix; the schema states the
# common shapes.)
_CLAIMREVIEW = {"type": "object", "required": ["@type"], "properties": {"@type": {"const": "ClaimReview"}}}
IMPORT_BODY_SCHEMA = {
    "description": "A ClaimReview, a list of them, an @graph document or a DataFeed (JSON or JSON-LD)",
    "oneOf": [
        _CLAIMREVIEW,
        {"type": "array", "minItems": 1, "contains": _CLAIMREVIEW},
        # An @graph document may carry other properties (JSON-LD does), as the importer reads it.
        {
            "type": "object",
            "required": ["@graph"],
            "not": {"required": ["dataFeedElement"]},
            "properties": {
                "@type": {"not": {"const": "ClaimReview"}},
                "@graph": {"type": "array", "contains": _CLAIMREVIEW},
            },
        },
        # The importer reads the elements of any object that has them, whatever its @type says
        # (feeds in the wild write it with a prefix, as a list, or not at all): only a ClaimReview is
        # read as one instead.
        {
            "type": "object",
            "required": ["dataFeedElement"],
            "properties": {
                "@type": {"not": {"const": "ClaimReview"}},
                "dataFeedElement": {
                    "type": "array",
                    "contains": {"type": "object", "required": ["item"], "properties": {"item": _CLAIMREVIEW}},
                },
            },
        },
    ],
}


class ClaimReviewImport(ThrottleFirst, APIView):
    """Import other fact-checkers' ClaimReview. Editor role (or admin), token scope ``ingest``."""

    required_scope = "ingest"
    parser_classes = [BoundedJSONParser, ImportJSONLDParser]
    body_required = {"POST"}

    @extend_schema(
        tags=["claimreviews"],
        request={"application/json": IMPORT_BODY_SCHEMA, "application/ld+json": IMPORT_BODY_SCHEMA},
        responses={200: ImportResultSerializer},
        parameters=[DOCUMENT_URL],
        examples=[
            OpenApiExample(
                "One ClaimReview",
                request_only=True,
                value={
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": "https://factcheck.example.org/2024/05/bridge",
                    "claimReviewed": "The bridge cost 3 billion",
                    "author": {"@type": "Organization", "name": "Example Fact Check"},
                    "reviewRating": {
                        "@type": "Rating",
                        "ratingValue": 1,
                        "bestRating": 5,
                        "worstRating": 1,
                        "alternateName": "False",
                    },
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        base_url = request.query_params.get("document_url")
        if base_url is not None:
            base_url = parse_http_url(base_url, what="document_url").url
        report = claimreview_import(
            payload=request.data, source=f"api:{request.user.get_username()}", actor=request.user, base_url=base_url
        )
        return Response(
            ImportResultSerializer(
                {
                    "imported": report.imported,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "rejected": [{"index": r.index, "where": r.where, "reason": r.reason} for r in report.rejected],
                }
            ).data
        )
