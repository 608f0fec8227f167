"""Claims in the API: list, detail, edits (split, merge) and workflow moves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from verify.api import BoundedJSONParser, PreconditionFailed, PreconditionRequired

from .. import selectors
from ..choices import ClaimStatus, ClaimType
from ..errors import InvalidInput, NothingToChange
from ..models import Article, Claim
from ..moves import Move
from ..services import editing, workflow
from . import examples as ex
from .auth import ThrottleFirst
from .base import (
    IF_MATCH,
    Cursor,
    FilterWhenAsked,
    IdFilter,
    NoNulSearchFilter,
    ScoreFilter,
    StableOrdering,
    StrictFilterSet,
    TextFilter,
    UTCDateTimeFilter,
    claim_for,
    read_or,
)
from .serializers import (
    CLAIM_EDIT_SCHEMA,
    ClaimDetailSerializer,
    ClaimEditSerializer,
    ClaimMergeSerializer,
    ClaimSerializer,
    ClaimSplitSerializer,
    MoveSerializer,
)

MOVE = OpenApiParameter(
    "move",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=[str(m) for m in Move.workflow()],
    description="The workflow move; the claim's state and your role decide which are allowed",
)


def claim_etag(claim: Claim) -> str:
    return f'"claim-{claim.pk}-v{claim.version}"'


class ClaimFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    claim_type = django_filters.ChoiceFilter(choices=ClaimType.choices)
    assignee = TextFilter(field_name="assignee__username")
    outlet = TextFilter(field_name="article__outlet__domain")
    article = IdFilter(field_name="article_id")
    checkworthy = django_filters.BooleanFilter()
    min_score = ScoreFilter(field_name="score", lookup_expr="gte")
    max_score = ScoreFilter(field_name="score", lookup_expr="lte")
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields = []


@extend_schema(tags=["claims"], examples=[ex.response("A page of claims", ex.CLAIM)])
class ClaimList(ThrottleFirst, generics.ListAPIView):
    """Claims, highest priority first; filter, search (`q`), sort (`ordering`) and page with the cursor."""

    serializer_class = ClaimSerializer
    pagination_class = Cursor
    filterset_class = ClaimFilter
    filter_backends = [StableOrdering, FilterWhenAsked, NoNulSearchFilter]
    search_fields = ["text", "claimant", "sentence"]
    ordering_fields = ["score", "priority", "created_at", "updated_at"]
    # The hot list: plain rows of only the columns the representation reads (no model instances,
    # no article text); tests/api checks them equal to the declared serializer. Built once: each
    # request clones it (GenericAPIView.get_queryset). The outlet's name is a subquery: joining
    # the article and its outlet too cost PostgreSQL more to plan than the whole page to read.
    queryset = Claim.objects.values(
        *ClaimSerializer.row_columns(),
        outlet_name=Subquery(Article.objects.filter(pk=OuterRef("article_id")).order_by().values("outlet__name")),
    )


CLAIM_DETAIL = {
    **ex.CLAIM,
    "matches": [ex.MATCH],
    "machine": None,
    "edited_at": None,
    "allowed_moves": ["dismiss", "assign"],
    "can_edit": True,
}


def _write_body(request, claim: Claim, serializer_class: type[Serializer]) -> dict:
    """The validated body of a write on the claim, guarded by its ETag: 428 without If-Match, then a
    400 for a malformed body whatever its ETag, then 412 when If-Match is not the claim's current ETag."""
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise PreconditionRequired()
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    if if_match.strip() != claim_etag(claim):
        raise PreconditionFailed()
    return data.validated_data


@contextmanager
def _field_errors(serializer_class: type[Serializer]) -> Iterator[None]:
    """A service's refusal of one of the body's fields as that field's 400 error (as the serializer
    reports its own); any other refusal as it is."""
    try:
        yield
    except InvalidInput as exc:
        field = (exc.extra or {}).get("field")
        if field in serializer_class().fields:
            raise ValidationError({field: [str(exc)]}) from None
        raise


def _claim_detail(request, pk: int) -> tuple[dict, str]:
    """The claim's resource as GET answers it, and its ETag."""
    claim = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=pk)
    return ClaimDetailSerializer(claim, context={"request": request}).data, claim_etag(claim)


@extend_schema(tags=["claims"], examples=[ex.response("A claim", CLAIM_DETAIL)])
class ClaimDetail(ThrottleFirst, generics.RetrieveAPIView):
    """One claim with its matches; its `ETag` is what workflow moves and edits send back in `If-Match`.

    PATCH corrects what the machine got wrong: the standalone text, the claimant, the type. The
    machine's own output is kept (`machine`) and the edit is an event in the claim's history.
    """

    serializer_class = ClaimDetailSerializer
    queryset = Claim.objects.all()  # the schema's path parameter; the claim is fetched by claim_for
    required_scope = read_or("review")
    problem_codes = {"PATCH": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    def retrieve(self, request, *args, **kwargs):
        claim = claim_for(request, kwargs["pk"])
        return Response(self.get_serializer(claim).data, headers={"ETag": claim_etag(claim)})

    @extend_schema(
        request={"application/json": CLAIM_EDIT_SCHEMA},
        responses={200: ClaimDetailSerializer},
        parameters=[IF_MATCH],
        examples=[
            ex.request(
                "A fragment made whole",
                {
                    "standalone": "Russia has no plans to invade Ukraine",
                    "claimant": "the Kremlin",
                    "claim_type": "official_position",
                    "note": "The extractor kept a fragment",
                },
            ),
            ex.response(
                "The corrected claim",
                {
                    **CLAIM_DETAIL,
                    "machine": {"standalone": "having any invasion plans", "claimant": "the agency"},
                    "edited_at": "2026-05-04T08:12:03Z",
                },
            ),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        values = _write_body(request, claim, ClaimEditSerializer)
        with _field_errors(ClaimEditSerializer):
            try:
                if {"standalone", "claimant", "claim_type"} & set(values):
                    editing.claim_edit(claim=claim, actor=request.user, expected_version=claim.version, **values)
                else:  # nothing to change; still refused to whoever may not change the claim
                    editing.require_editable(claim, request.user, "edit")
            except NothingToChange:
                pass  # PATCH is idempotent: the claim already reads so
        body, etag = _claim_detail(request, pk)
        return Response(body, headers={"ETag": etag})


@extend_schema(tags=["claims"])
class ClaimSplit(ThrottleFirst, APIView):
    """Split a candidate that makes two claims: this one keeps `standalone`, a new claim says `new_standalone`."""

    required_scope = "review"
    problem_codes = {"POST": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    @extend_schema(
        request=ClaimSplitSerializer,
        responses={201: OpenApiTypes.OBJECT},
        parameters=[IF_MATCH],
        examples=[
            ex.request(
                "Two claims in one",
                {
                    "standalone": "Russian tanks are being withdrawn from the border",
                    "new_standalone": "Russian troops are going home",
                    "new_claim_type": "quote",
                },
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        values = _write_body(request, claim, ClaimSplitSerializer)
        with _field_errors(ClaimSplitSerializer):
            kept, part = editing.claim_split(claim=claim, actor=request.user, expected_version=claim.version, **values)
        (body, etag), (new_body, _) = _claim_detail(request, kept.pk), _claim_detail(request, part.pk)
        return Response({"claim": body, "new_claim": new_body}, status=status.HTTP_201_CREATED, headers={"ETag": etag})


@extend_schema(tags=["claims"])
class ClaimMerge(ThrottleFirst, APIView):
    """Merge this claim, a duplicate, into the claim kept: it is dismissed as its duplicate, and the kept
    claim gains its appearances."""

    required_scope = "review"
    problem_codes = {"POST": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    @extend_schema(
        request=ClaimMergeSerializer,
        responses={200: OpenApiTypes.OBJECT},
        parameters=[IF_MATCH],
        examples=[ex.request("A duplicate", {"into": 4102, "note": "The same claim"})],
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = claim_for(request, pk)
        values = _write_body(request, claim, ClaimMergeSerializer)
        with _field_errors(ClaimMergeSerializer):
            kept = editing.claim_merge(claim=claim, actor=request.user, expected_version=claim.version, **values)
        (body, etag), (kept_body, _) = _claim_detail(request, pk), _claim_detail(request, kept.pk)
        return Response({"claim": body, "kept": kept_body}, headers={"ETag": etag})


class ClaimMove(ThrottleFirst, APIView):
    """Make a workflow move on a claim (triage, assign, dismiss, submit, approve, ...)."""

    problem_codes = {"POST": (409, 412, 428)}
    # JSON only: every field of a move is optional, so a form body the parser cannot read (an empty
    # form) would be taken for "no fields" and the move made.
    parser_classes = [BoundedJSONParser]

    def required_scope(self, request):
        move = Move.requested_named(self.kwargs.get("move") or "")
        return move.scope if move else "review"  # an unknown move: refused in post() with the list

    @extend_schema(
        tags=["claims"],
        request=MoveSerializer,
        responses={200: ClaimSerializer},
        parameters=[MOVE, IF_MATCH],
        examples=[
            ex.request("Triage (no fields)", {}),
            ex.request("Dismiss", {"reason": "not_checkable", "note": "An opinion"}),
            ex.request("Assign", {"assignee": "chris"}),
            ex.response("The claim after the move", ex.CLAIM),
        ],
    )
    def post(self, request: Request, pk: int, move: str) -> Response:
        if Move.requested_named(move) is None:
            raise InvalidInput(f"Unknown move {move!r}; moves are {', '.join(Move.workflow())}.")
        claim = claim_for(request, pk)
        _move(move, claim=claim, actor=request.user, data=_write_body(request, claim, MoveSerializer))
        claim = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=pk)
        return Response(ClaimSerializer(claim, context={"request": request}).data, headers={"ETag": claim_etag(claim)})


def _move(move: str, *, claim: Claim, actor, data: dict) -> None:
    username, slug = data.get("assignee"), data.get("rating")
    workflow.claim_move(
        move=move,
        claim=claim,
        actor=actor,
        expected_version=claim.version,
        note=data.get("note", ""),
        reason=data.get("reason", ""),
        duplicate_of=data.get("duplicate_of"),
        assignee=get_object_or_404(get_user_model(), username=username) if username else None,
        rating=get_object_or_404(selectors.default_scale().ratings, slug=slug) if slug else None,
        headline=data.get("headline"),
        explanation=data.get("explanation"),
    )
