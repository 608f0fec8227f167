"""The fact-check in the API: evidence, the verdict, comments and the rating scale."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verify.api import PreconditionFailed, PreconditionRequired

from .. import selectors
from ..models import Verdict
from ..services import evidence as evidence_service
from ..services import workflow
from . import examples as ex
from .auth import ThrottleFirst
from .base import claim_for, not_found, read_or
from .serializers import (
    EVIDENCE_CREATE_SCHEMA,
    CommentSerializer,
    EvidenceSerializer,
    RatingSerializer,
    VerdictSerializer,
)


def verdict_etag(verdict) -> str:
    return f'"verdict-{verdict.pk}-v{verdict.version}"'


@extend_schema(tags=["evidence"])
class EvidenceList(ThrottleFirst, APIView):
    """Evidence of a claim; POST adds one (its page is archived in the background)."""

    required_scope = read_or("review")
    problem_codes = {"POST": (409,)}
    body_required = {"POST"}

    @extend_schema(responses={200: EvidenceSerializer(many=True)}, examples=[ex.response("Evidence", [ex.EVIDENCE])])
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        rows = claim.evidence.select_related("added_by")
        return Response(EvidenceSerializer(rows, many=True).data)

    @extend_schema(
        request=dict.fromkeys(
            ("application/json", "application/x-www-form-urlencoded", "multipart/form-data"), EVIDENCE_CREATE_SCHEMA
        ),
        responses={201: EvidenceSerializer},
        examples=[
            ex.request(
                "Official data",
                {
                    "url": "https://www.ons.gov.uk/table",
                    "title": "Labour market",
                    "source_kind": "official_data",
                    "stance": "refutes",
                },
            ),
            ex.response(
                "Added (archiving)",
                {**ex.EVIDENCE, "archive_status": "pending", "archive_sha256": "", "archived_at": None},
                201,
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        data = EvidenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = workflow.evidence_add(claim=claim, actor=request.user, **data.validated_data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceArchiveRetry(ThrottleFirst, APIView):
    """Archive a piece of evidence again after its archiving failed: 202, pending; 409 unless failed."""

    required_scope = "review"
    problem_codes = {"POST": (409,)}

    @extend_schema(
        tags=["evidence"],
        request=None,
        responses={202: EvidenceSerializer},
        examples=[
            ex.response(
                "Archiving again",
                {**ex.EVIDENCE, "archive_status": "pending", "archive_sha256": "", "archived_at": None},
                202,
            )
        ],
    )
    def post(self, request: Request, pk: int, evidence_pk: int) -> Response:
        claim = claim_for(request, pk)
        evidence = get_object_or_404(claim.evidence.select_related("added_by"), pk=evidence_pk)
        evidence = evidence_service.evidence_archive_retry(evidence=evidence, actor=request.user)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["verdicts"])
class VerdictDetail(ThrottleFirst, APIView):
    """A claim's verdict with its versions; PUT saves the draft (If-Match: the verdict's ETag)."""

    required_scope = read_or("review")
    problem_codes = {"PUT": (409, 412, 428)}

    def _verdict(self, pk):
        return (
            Verdict.objects.select_related("rating", "author", "approved_by")
            .prefetch_related("versions__rating", "versions__edited_by", "versions__approved_by")
            .filter(claim_id=pk)
            .first()
        )

    @extend_schema(responses={200: VerdictSerializer}, examples=[ex.response("A draft", ex.VERDICT)])
    def get(self, request: Request, pk: int) -> Response:
        claim_for(request, pk)
        verdict = self._verdict(pk)
        if verdict is None:
            raise not_found("This claim has no verdict yet.")
        data = VerdictSerializer(verdict).data
        data["rating"] = verdict.rating.slug
        return Response(data, headers={"ETag": verdict_etag(verdict)})

    @extend_schema(
        request=VerdictSerializer,
        responses={200: VerdictSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The verdict's ETag; omit only for a first draft",
            )
        ],
        examples=[
            ex.request(
                "A draft",
                {
                    "rating": "mostly-false",
                    "headline": "It fell to 4.1 percent",
                    "explanation": "The statistics office…",
                    "evidence": [31],
                },
            ),
            ex.response("The saved draft", ex.VERDICT),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        current = self._verdict(pk)
        if_match = request.headers.get("If-Match")
        if current is not None and not if_match:
            raise PreconditionRequired()
        if current is not None and if_match.strip() != verdict_etag(current):
            raise PreconditionFailed()
        data = VerdictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rating = get_object_or_404(selectors.default_scale().ratings, slug=values["rating"])
        evidence = list(claim.evidence.filter(pk__in=values["evidence"]))
        if len(evidence) != len(set(values["evidence"])):
            missing = sorted(set(values["evidence"]) - {e.pk for e in evidence})[:10]
            raise not_found(f"This claim has no evidence {', '.join(map(str, missing))}.")
        workflow.verdict_save(
            claim=claim,
            actor=request.user,
            rating=rating,
            headline=values["headline"],
            explanation=values["explanation"],
            evidence=evidence,
            expected_version=current.version if current else None,
        )
        return self.get(request, pk)


@extend_schema(tags=["comments"])
class CommentList(ThrottleFirst, APIView):
    required_scope = read_or("review")

    @extend_schema(responses={200: CommentSerializer(many=True)}, examples=[ex.response("Comments", [ex.COMMENT])])
    def get(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        return Response(
            CommentSerializer(claim.comments.select_related("author").prefetch_related("mentions"), many=True).data
        )

    @extend_schema(
        request=CommentSerializer,
        responses={201: CommentSerializer},
        examples=[
            ex.request("A mention", {"body": "@edith ready for approval"}),
            ex.response("The comment", ex.COMMENT, 201),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = workflow.comment_add(claim=claim, actor=request.user, body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class RatingList(ThrottleFirst, APIView):
    @extend_schema(
        tags=["desk"], responses={200: RatingSerializer(many=True)}, examples=[ex.response("The scale", [ex.RATING])]
    )
    def get(self, request: Request) -> Response:
        return Response(RatingSerializer(selectors.default_scale().ratings.all(), many=True).data)
