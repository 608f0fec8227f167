"""Exports in the API: published verdicts as CSV, the same rows as the public `/verdicts.csv`.

``GET /api/v1/verdicts.csv``: any newsroom role, ``read`` scope; filters ``q``,
``rating`` (slug), ``outlet`` (domain), ``since`` / ``until`` (publication
dates, ``YYYY-MM-DD``). Streamed: any number of verdicts in constant memory.
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.views import APIView

from ..errors import InvalidInput
from ..exports.claimreview import PublicFilterError, filter_public_claims, public_claims, site_root
from ..exports.csv import COLUMNS, csv_chunks
from .auth import ThrottleFirst

_TEXT = {"type": "string", "pattern": r"^[^\x00]*$"}  # no NUL: no database query can hold it
FILTERS = [
    OpenApiParameter("q", _TEXT, description="Words in the claim, the claimant or the headline"),
    OpenApiParameter("rating", _TEXT, description="A rating's slug, e.g. `false`"),
    OpenApiParameter("outlet", _TEXT, description="The outlet's domain"),
    OpenApiParameter("since", OpenApiTypes.DATE, description="Published on or after this day"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Published on or before this day"),
]


class VerdictCsv(ThrottleFirst, APIView):
    """Published verdicts as CSV: claim, claimant, rating words and value, headline, URL, appearances, dates."""

    problem_codes = {"GET": (400,)}  # a filter that is not a date

    def perform_content_negotiation(self, request, force=False):
        # The body is CSV whatever the client accepts (`Accept: text/csv`, `?format=csv`);
        # only problems go through a renderer, and they are always JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=["verdicts"],
        parameters=FILTERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        examples=[
            OpenApiExample(
                "Two published verdicts",
                media_type="text/csv",
                response_only=True,
                status_codes=["200"],
                value=",".join(COLUMNS) + "\r\ntanks are being withdrawn,Moscow,Missing context,,,,"
                "Videos showed some tanks leaving,https://desk.example/verdicts/12/,"
                "https://news.example/nato,2022-02-16T09:00:00+00:00,2022-02-17T10:00:00+00:00,"
                "2022-02-17T10:00:00+00:00,0\r\n",
            )
        ],
    )
    def get(self, request):
        for name in ("since", "until"):
            if request.query_params.get(name) == "":
                raise InvalidInput(f"{name} must be a date as YYYY-MM-DD; leave it out to not filter by it.")
        try:
            claims = filter_public_claims(public_claims(), request.query_params)
        except PublicFilterError as exc:
            raise InvalidInput(str(exc)) from exc
        response = StreamingHttpResponse(
            csv_chunks(claims.iterator(chunk_size=500), root=site_root(request)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="verdicts-{timezone.now():%Y%m%d}.csv"'
        return response
