"""The REST API, v1. Thin views: validate shape, fetch, call one service, serialize."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, timedelta

import django_filters
from django import forms as django_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import filters, generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from verify.api import BoundedJSONParser, PreconditionFailed, PreconditionRequired, problem_type

from .. import selectors
from ..choices import ClaimStatus, ClaimType, SourceKind
from ..errors import InvalidInput, NothingToChange
from ..models import ApiToken, Article, Claim, ExtractionJob, Feed, Outlet
from ..permissions import role_of
from ..services import editing, feeds, ingest, tokens, workflow
from . import examples as ex
from .auth import ThrottleFirst
from .matching import MATCH, ClaimDetailSerializer
from .serializers import (
    ARTICLE_CREATE_SCHEMA,
    CLAIM_EDIT_SCHEMA,
    EVIDENCE_CREATE_SCHEMA,
    LIST_VALUES,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ClaimEditSerializer,
    ClaimMergeSerializer,
    ClaimSerializer,
    ClaimSplitSerializer,
    CommentSerializer,
    DeliverySerializer,
    EvidenceSerializer,
    FeedSerializer,
    JobSerializer,
    MeSerializer,
    MoveSerializer,
    OutletSerializer,
    RatingSerializer,
    TokenCreatedSerializer,
    TokenSerializer,
    VerdictSerializer,
    WebhookSerializer,
)


@csrf_exempt  # nothing to protect, and a POST should learn of the 404, not of CSRF
def no_such_endpoint(request, *args, **kwargs) -> JsonResponse:
    """A problem-details 404 for paths under /api/ that match no route (or an id that is not one)."""
    body = {"type": problem_type("not_found"), "title": "Not found", "status": 404,
            "detail": "No such API endpoint.", "code": "not_found"}
    return JsonResponse(body, status=404, content_type="application/problem+json")


def read_or(scope: str):
    """The scope a view needs: read for GET/HEAD, ``scope`` for anything else."""
    return staticmethod(lambda request: "read" if request.method in ("GET", "HEAD", "OPTIONS") else scope)


PUBLISH_MOVES = {"approve", "request_changes", "publish", "reopen_for_correction", "correct"}
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                            description="The ETag of the claim as you read it")
MOVE = OpenApiParameter("move", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(Claim.MOVES),
                        description="The workflow move; the claim's state and your role decide which are allowed")
IDEMPOTENCY = OpenApiParameter("Idempotency-Key", {"type": "string", "maxLength": 200}, OpenApiParameter.HEADER,
                               description="Same key and body: the same job; same key, other body: 409")


class Cursor(CursorPagination):
    """Cursor pages whose cursor and page size are checked before they reach a query.

    DRF decodes the cursor's position (``p``) but passes it to the database
    as it is: a forged ``p=aaa`` on a numeric or date ordering was a 500.
    Here the position must be a value of the ordering field's own type (else
    404, the page it names does not exist, as for an undecodable cursor), and
    ``page_size`` a whole number from 1 to ``max_page_size`` (else a 400).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-priority", "-id")
    invalid_cursor_message = "The cursor is not one this API gave out: start again from the first page."

    def paginate_queryset(self, queryset, request, view=None):
        self._queryset = queryset  # to read the type of the ordering field (a column or an annotation)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            raise ValidationError({self.page_size_query_param: [
                f"The page size is a whole number from 1 to {self.max_page_size}."]})
        return int(value)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            valid = False
        else:
            valid = cursor is None or cursor.position is None or self._position_fits(cursor.position)
        if not valid:
            # As DRF answers an undecodable cursor: no such page (a cursor is opaque, any string may be sent).
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def _position_fits(self, position: str) -> bool:
        """Whether ``position`` is a value of the field the page is ordered by."""
        name = self.ordering[0].lstrip("-")
        query = self._queryset.query
        field = query.annotations[name].output_field if name in query.annotations else \
            self._queryset.model._meta.get_field(name)
        try:
            value = field.to_python(position)
        except DjangoValidationError:
            return False
        if value is None:
            return False
        if isinstance(value, float):
            return math.isfinite(value)
        if isinstance(value, int):
            return -(2**63) <= value < 2**63
        return True


class ArticleCursor(Cursor):
    ordering = ("-created_at", "-id")


class StableOrdering(filters.OrderingFilter):
    """The client's ordering, with the id as tie-breaker, for the cursor pagination.

    The cursor keeps its place by the first ordering field and an offset among
    rows equal in it; ending on the (unique) id makes that order total, so
    pages neither skip nor repeat rows. Without ``ordering`` the pagination's
    own order applies. A view's ``ordering_aliases`` maps a public name to the
    annotation it sorts by (the cursor cannot page over a nullable column).
    """

    def get_ordering(self, request, queryset, view):
        given = request.query_params.get(self.ordering_param)
        if given is not None:
            allowed = [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]
            if given not in allowed:
                raise ValidationError({self.ordering_param: [f"Sort by one of: {', '.join(allowed)}."]})
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return None
        aliases = getattr(view, "ordering_aliases", {})
        terms = []
        for term in ordering:
            desc, name = term.startswith("-"), term.lstrip("-")
            if name in ("id", "pk"):
                continue
            terms.append(("-" if desc else "") + aliases.get(name, name))
        if not terms:
            return None
        return (*terms, "-id" if terms[0].startswith("-") else "id")

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"{name}, -{name}" for name in view.ordering_fields)
        return [{
            "name": self.ordering_param, "required": False, "in": "query",
            "description": f"Sort by one of: {fields} (a leading - for descending); ties by id",
            "schema": {"type": "string", "enum": [f"{sign}{name}" for name in view.ordering_fields
                                                  for sign in ("", "-")]},
        }]


def claim_etag(claim: Claim) -> str:
    return f'"claim-{claim.pk}-v{claim.version}"'


class FilterWhenAsked(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters.

    Building a FilterSet deep-copies every filter; the plain first page of a
    hot list (no filter asked) need not pay for that.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and not set(request.query_params) & set(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


NO_NUL = {"type": "string", "pattern": r"^[^\x00]*$"}


@extend_schema_field(NO_NUL)
class TextFilter(django_filters.CharFilter):
    """A text filter; Django's form field refuses NUL characters (a 400), and the schema says so."""


class NoNulSearchFilter(filters.SearchFilter):
    """DRF's search under ``q``, the desk's search parameter too; ``search``, its older name, still
    works, and words given under both must all match (nothing a client sends is ignored). Refuses NUL
    (PostgreSQL cannot hold it in a query: it was a 500 there)."""

    search_param = "q"
    alias = "search"

    def get_search_terms(self, request):
        terms: list[str] = []
        for name in (self.search_param, self.alias):
            value = request.query_params.get(name, "")
            if "\x00" in value:
                raise ValidationError({name: ["Remove the NUL characters."]})
            # Split as DRF splits it: words, "quoted phrases", commas.
            terms += [term for term in filters.search_smart_split(value) if term not in terms]
        return terms

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = dict(NO_NUL)
        if parameters:
            alias = {**parameters[0], "name": self.alias, "deprecated": True,
                     "description": f"The older name of `{self.search_param}`: its words must match too."}
            parameters.append(alias)
        return parameters


class StrictFilterSet(django_filters.FilterSet):
    """django-filter, refusing a typed filter given empty (``?published_before=``): the schema says a
    date-time (a number, a state...), and "" is none; django-filter would ignore it silently.
    Text filters may be empty."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if name not in self.data:
                continue
            value = self.data.get(name)
            if value == "" and not isinstance(declared, django_filters.CharFilter):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
            elif isinstance(declared, django_filters.BooleanFilter) and value not in ("true", "false"):
                # Django's NullBooleanField reads anything else as "no filter".
                self.form.add_error(name, "Give true or false.")
                valid = False
        return valid


class UTCIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time, in UTC: RFC 3339 allows offsets to ±23:59, PostgreSQL only to ±15:59
    (a query with +22:44 was a 500)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or timezone.is_naive(value):
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise DjangoValidationError("This date-time is out of range.", code="invalid") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits the column."""

    field_class = django_forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.NumberFilter):
    """A check-worthiness score bound, 0..1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=1, **kwargs)


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
        *LIST_VALUES, outlet_name=Subquery(Article.objects.filter(pk=OuterRef("article_id")).order_by().values("outlet__name")),
    )


CLAIM_DETAIL = {**ex.CLAIM, "matches": [MATCH], "machine": None, "edited_at": None,
                "allowed_moves": ["dismiss", "assign"], "can_edit": True}


def _check_if_match(request, claim: Claim) -> None:
    """428 without If-Match, 412 when it is not the claim's current ETag."""
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise PreconditionRequired()
    if if_match.strip() != claim_etag(claim):
        raise PreconditionFailed()


def _field_errors(exc: InvalidInput, fields) -> ValidationError | InvalidInput:
    """A service's refusal of one field as that field's 400 error (as a serializer reports it)."""
    field = (exc.extra or {}).get("field")
    return ValidationError({field: [str(exc)]}) if field in fields else exc


def _claim_detail(request, pk: int) -> dict:
    claim = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=pk)
    return ClaimDetailSerializer(claim, context={"request": request}).data


@extend_schema(tags=["claims"], examples=[ex.response("A claim", CLAIM_DETAIL)])
class ClaimDetail(ThrottleFirst, generics.RetrieveAPIView):
    """One claim with its matches; its `ETag` is what workflow moves and edits send back in `If-Match`.

    PATCH corrects what the machine got wrong: the standalone text, the claimant, the type. The
    machine's own output is kept (`machine`) and the edit is an event in the claim's history.
    """

    serializer_class = ClaimDetailSerializer
    queryset = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating")
    required_scope = read_or("review")
    problem_codes = {"PATCH": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = claim_etag(self.get_object())
        return response

    @extend_schema(request={"application/json": CLAIM_EDIT_SCHEMA}, responses={200: ClaimDetailSerializer},
                   parameters=[IF_MATCH],
                   examples=[ex.request("A fragment made whole", {
                       "standalone": "Russia has no plans to invade Ukraine", "claimant": "the Kremlin",
                       "claim_type": "official_position", "note": "The extractor kept a fragment"}),
                       ex.response("The corrected claim", {**CLAIM_DETAIL, "machine": {
                           "standalone": "having any invasion plans", "claimant": "the agency"},
                           "edited_at": "2026-05-04T08:12:03Z"})])
    def patch(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        if not request.headers.get("If-Match"):
            raise PreconditionRequired()
        data = ClaimEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # a malformed body is a 400 whatever its ETag
        _check_if_match(request, claim)
        values = data.validated_data
        try:
            if {"standalone", "claimant", "claim_type"} & set(values):
                editing.claim_edit(claim=claim, actor=request.user, expected_version=claim.version, **values)
            else:  # nothing to change; still refused to whoever may not change the claim
                editing.require_editable(claim, request.user, "edit")
        except NothingToChange:
            pass  # PATCH is idempotent: the claim already reads so
        except InvalidInput as exc:
            raise _field_errors(exc, ClaimEditSerializer().fields) from None
        body = _claim_detail(request, pk)
        return Response(body, headers={"ETag": f'"claim-{pk}-v{body["version"]}"'})


@extend_schema(tags=["claims"])
class ClaimSplit(ThrottleFirst, APIView):
    """Split a candidate that makes two claims: this one keeps `standalone`, a new claim says `new_standalone`."""

    required_scope = "review"
    problem_codes = {"POST": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    @extend_schema(request=ClaimSplitSerializer, responses={201: OpenApiTypes.OBJECT}, parameters=[IF_MATCH],
                   examples=[ex.request("Two claims in one", {
                       "standalone": "Russian tanks are being withdrawn from the border",
                       "new_standalone": "Russian troops are going home", "new_claim_type": "quote"})])
    def post(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        if not request.headers.get("If-Match"):
            raise PreconditionRequired()
        data = ClaimSplitSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # a malformed body is a 400 whatever its ETag
        _check_if_match(request, claim)
        try:
            kept, part = editing.claim_split(claim=claim, actor=request.user, expected_version=claim.version,
                                             **data.validated_data)
        except InvalidInput as exc:
            raise _field_errors(exc, ClaimSplitSerializer().fields) from None
        body = {"claim": _claim_detail(request, kept.pk), "new_claim": _claim_detail(request, part.pk)}
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": claim_etag(kept)})


@extend_schema(tags=["claims"])
class ClaimMerge(ThrottleFirst, APIView):
    """Merge this claim, a duplicate, into the claim kept: it is dismissed as its duplicate, and the kept
    claim gains its appearances."""

    required_scope = "review"
    problem_codes = {"POST": (409, 412, 428)}
    parser_classes = [BoundedJSONParser]

    @extend_schema(request=ClaimMergeSerializer, responses={200: OpenApiTypes.OBJECT}, parameters=[IF_MATCH],
                   examples=[ex.request("A duplicate", {"into": 4102, "note": "The same claim"})])
    def post(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        if not request.headers.get("If-Match"):
            raise PreconditionRequired()
        data = ClaimMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # a malformed body is a 400 whatever its ETag
        _check_if_match(request, claim)
        try:
            kept = editing.claim_merge(claim=claim, actor=request.user, expected_version=claim.version,
                                       **data.validated_data)
        except InvalidInput as exc:
            raise _field_errors(exc, ClaimMergeSerializer().fields) from None
        body = {"claim": _claim_detail(request, pk), "kept": _claim_detail(request, kept.pk)}
        return Response(body, headers={"ETag": f'"claim-{pk}-v{body["claim"]["version"]}"'})


class ClaimMove(ThrottleFirst, APIView):
    """Make a workflow move on a claim (triage, assign, dismiss, submit, approve, ...)."""

    problem_codes = {"POST": (409, 412, 428)}
    # JSON only: every field of a move is optional, so a form body the parser cannot read (an empty
    # form) would be taken for "no fields" and the move made.
    parser_classes = [BoundedJSONParser]

    def required_scope(self, request):
        return "publish" if self.kwargs.get("move") in PUBLISH_MOVES else "review"

    @extend_schema(
        tags=["claims"], request=MoveSerializer, responses={200: ClaimSerializer}, parameters=[MOVE, IF_MATCH],
        examples=[ex.request("Triage (no fields)", {}),
                  ex.request("Dismiss", {"reason": "not_checkable", "note": "An opinion"}),
                  ex.request("Assign", {"assignee": "chris"}),
                  ex.response("The claim after the move", ex.CLAIM)],
    )
    def post(self, request: Request, pk: int, move: str) -> Response:
        if move not in Claim.MOVES:
            raise InvalidInput(f"Unknown move {move!r}; moves are {', '.join(Claim.MOVES)}.")
        claim = get_object_or_404(Claim, pk=pk)
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise PreconditionRequired()
        if if_match.strip() != claim_etag(claim):
            raise PreconditionFailed()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _move(move, claim=claim, actor=request.user, data=data.validated_data)
        claim = Claim.objects.select_related("article__outlet", "assignee", "verdict__rating").get(pk=pk)
        response = Response(ClaimSerializer(claim, context={"request": request}).data)
        response["ETag"] = claim_etag(claim)
        return response


def _move(move: str, *, claim: Claim, actor, data: dict) -> None:
    username, slug = data.get("assignee"), data.get("rating")
    workflow.claim_move(
        move=move, claim=claim, actor=actor, expected_version=claim.version, note=data.get("note", ""),
        reason=data.get("reason", ""), duplicate_of=data.get("duplicate_of"),
        assignee=get_object_or_404(get_user_model(), username=username) if username else None,
        rating=get_object_or_404(selectors.default_scale().ratings, slug=slug) if slug else None,
        headline=data.get("headline"), explanation=data.get("explanation"),
    )


class ArticleFilter(StrictFilterSet):
    outlet = TextFilter(field_name="outlet__domain", help_text="The outlet's domain")
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    published_after = UTCDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UTCDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields = []


@extend_schema(tags=["articles"])
class ArticleList(ThrottleFirst, generics.ListCreateAPIView):
    """Articles (newest first). POST an article as `url`, `html` or `text`: 202 with its job."""

    pagination_class = ArticleCursor
    filterset_class = ArticleFilter
    filter_backends = [StableOrdering, FilterWhenAsked]
    ordering_fields = ["created_at", "published_at"]
    # Articles without a publication date sort by when they came in: the cursor needs a value on every row.
    ordering_aliases = {"published_at": "published_sort"}
    problem_codes = {"POST": (409,)}
    body_required = {"POST"}

    def required_scope(self, request):
        return "ingest" if request.method == "POST" else "read"

    def get_queryset(self):
        # The text is not part of a listed article: do not fetch it.
        return (Article.objects.select_related("outlet").defer("text")
                .annotate(published_sort=Coalesce("published_at", "created_at")))

    @extend_schema(examples=[ex.response("A page of articles", ex.ARTICLE)])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer_class(self):
        return ArticleCreateSerializer if self.request.method == "POST" else ArticleSerializer

    @extend_schema(
        request=dict.fromkeys(("application/json", "application/x-www-form-urlencoded", "multipart/form-data"),
                              ARTICLE_CREATE_SCHEMA),
        responses={202: JobSerializer}, parameters=[IDEMPOTENCY],
        examples=[ex.request("By URL", {"url": "https://www.example.org/news/story.html"}),
                  ex.request("Pasted text", {"text": "The minister said unemployment fell to 3.5 percent."}),
                  ex.response("The job, queued", ex.JOB, 202)],
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = ArticleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if v}
        if "outlet" in fields:
            fields["outlet_name"] = fields.pop("outlet")

        def run():
            return ingest.article_ingest(**fields, submitted_by=request.user)

        key = request.headers.get("Idempotency-Key")
        if key:
            body = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
            job, _created = tokens.ingest_idempotent(user=request.user, key=key, request_hash=body, ingest=run)
        else:
            job = run()
        location = reverse("api-job-detail", args=[job.pk], request=request)
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": location})


@extend_schema(tags=["articles"], examples=[ex.response("An article", {**ex.ARTICLE, "text": "The minister said…"})])
class ArticleDetail(ThrottleFirst, generics.RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.select_related("outlet")


@extend_schema(tags=["jobs"], examples=[ex.response("A running job", {
    **ex.JOB, "status": "running", "step": "segmented", "progress": 60, "attempts": 1,
    "started_at": "2026-05-04T08:10:01Z"})])
class JobDetail(ThrottleFirst, generics.RetrieveAPIView):
    """An extraction job: status, step, progress, and the reason if it failed."""

    serializer_class = JobSerializer
    queryset = ExtractionJob.objects.all()


class JobRetry(ThrottleFirst, APIView):
    required_scope = "ingest"
    problem_codes = {"POST": (409,)}

    @extend_schema(tags=["jobs"], request=None, responses={202: JobSerializer},
                   examples=[ex.response("The job, queued again", ex.JOB, 202)])
    def post(self, request: Request, pk: int) -> Response:
        job = ingest.job_retry(job_id=pk, actor=request.user)
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class Me(ThrottleFirst, APIView):
    @extend_schema(tags=["users"], responses={200: MeSerializer}, examples=[ex.response("A checker's token", ex.ME)])
    def get(self, request: Request) -> Response:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        scopes = token.scopes if token else list(ApiToken.Scope.values)
        return Response({"username": request.user.get_username(), "role": role_of(request.user), "scopes": scopes})


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
        claim = get_object_or_404(Claim, pk=pk)
        rows = claim.evidence.select_related("added_by")
        return Response(EvidenceSerializer(rows, many=True).data)

    @extend_schema(request=dict.fromkeys(("application/json", "application/x-www-form-urlencoded",
                                          "multipart/form-data"), EVIDENCE_CREATE_SCHEMA),
                   responses={201: EvidenceSerializer},
                   examples=[ex.request("Official data", {
                       "url": "https://www.ons.gov.uk/table", "title": "Labour market", "source_kind": "official_data",
                       "stance": "refutes"}), ex.response("Added (archiving)", {
                           **ex.EVIDENCE, "archive_status": "pending", "archive_sha256": "", "archived_at": None}, 201)])
    def post(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        data = EvidenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = workflow.evidence_add(claim=claim, actor=request.user, **data.validated_data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceArchiveRetry(ThrottleFirst, APIView):
    """Archive a piece of evidence again after its archiving failed: 202, pending; 409 unless failed."""

    required_scope = "review"
    problem_codes = {"POST": (409,)}

    @extend_schema(tags=["evidence"], request=None, responses={202: EvidenceSerializer},
                   examples=[ex.response("Archiving again", {
                       **ex.EVIDENCE, "archive_status": "pending", "archive_sha256": "", "archived_at": None}, 202)])
    def post(self, request: Request, pk: int, evidence_pk: int) -> Response:
        from ..services import evidence as evidence_service

        claim = get_object_or_404(Claim, pk=pk)
        evidence = get_object_or_404(claim.evidence.select_related("added_by"), pk=evidence_pk)
        evidence = evidence_service.evidence_archive_retry(evidence=evidence, actor=request.user)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["verdicts"])
class VerdictDetail(ThrottleFirst, APIView):
    """A claim's verdict with its versions; PUT saves the draft (If-Match: the verdict's ETag)."""

    required_scope = read_or("review")
    problem_codes = {"PUT": (409, 412, 428)}

    def _verdict(self, pk):
        from ..models import Verdict

        return (Verdict.objects.select_related("rating", "author", "approved_by")
                .prefetch_related("versions__rating", "versions__edited_by", "versions__approved_by")
                .filter(claim_id=pk).first())

    @extend_schema(responses={200: VerdictSerializer}, examples=[ex.response("A draft", ex.VERDICT)])
    def get(self, request: Request, pk: int) -> Response:
        get_object_or_404(Claim, pk=pk)
        verdict = self._verdict(pk)
        if verdict is None:
            raise _not_found("This claim has no verdict yet.")
        data = VerdictSerializer(verdict).data
        data["rating"] = verdict.rating.slug
        return Response(data, headers={"ETag": verdict_etag(verdict)})

    @extend_schema(request=VerdictSerializer, responses={200: VerdictSerializer},
                   parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                                description="The verdict's ETag; omit only for a first draft")],
                   examples=[ex.request("A draft", {"rating": "mostly-false", "headline": "It fell to 4.1 percent",
                                                    "explanation": "The statistics office…", "evidence": [31]}),
                             ex.response("The saved draft", ex.VERDICT)])
    def put(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
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
            raise _not_found(f"This claim has no evidence {', '.join(map(str, missing))}.")
        workflow.verdict_save(claim=claim, actor=request.user, rating=rating, headline=values["headline"],
                              explanation=values["explanation"], evidence=evidence,
                              expected_version=current.version if current else None)
        return self.get(request, pk)


def _not_found(message: str):
    from rest_framework.exceptions import NotFound

    return NotFound(message)


@extend_schema(tags=["comments"])
class CommentList(ThrottleFirst, APIView):
    required_scope = read_or("review")

    @extend_schema(responses={200: CommentSerializer(many=True)}, examples=[ex.response("Comments", [ex.COMMENT])])
    def get(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        return Response(CommentSerializer(claim.comments.select_related("author").prefetch_related("mentions"),
                                          many=True).data)

    @extend_schema(request=CommentSerializer, responses={201: CommentSerializer},
                   examples=[ex.request("A mention", {"body": "@edith ready for approval"}),
                             ex.response("The comment", ex.COMMENT, 201)])
    def post(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim, pk=pk)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = workflow.comment_add(claim=claim, actor=request.user, body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class RatingList(ThrottleFirst, APIView):
    @extend_schema(tags=["desk"], responses={200: RatingSerializer(many=True)},
                   examples=[ex.response("The scale", [ex.RATING])])
    def get(self, request: Request) -> Response:
        return Response(RatingSerializer(selectors.default_scale().ratings.all(), many=True).data)


class OutletList(ThrottleFirst, APIView):
    @extend_schema(tags=["desk"], responses={200: OutletSerializer(many=True)},
                   examples=[ex.response("Outlets", [ex.OUTLET])])
    def get(self, request: Request) -> Response:
        return Response(OutletSerializer(Outlet.objects.order_by("name")[:500], many=True).data)


def _own_webhook(request, pk):
    from ..models import WebhookSubscription

    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if subscription.owner_id != request.user.pk and not request.user.has_perm("claims.manage_desk"):
        raise _not_found("No such webhook.")
    return subscription


@extend_schema(tags=["webhooks"])
class WebhookList(ThrottleFirst, APIView):
    """Your webhook subscriptions; POST subscribes (the secret is shown once, in that response)."""

    required_scope = read_or("review")

    @extend_schema(responses={200: WebhookSerializer(many=True)}, examples=[ex.response("Subscriptions", [ex.WEBHOOK])])
    def get(self, request: Request) -> Response:
        return Response(WebhookSerializer(request.user.webhooks.all(), many=True).data)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookSerializer}, examples=[
        ex.request("Published verdicts", {"target_url": "https://cms.example.org/hooks/verify",
                                          "events": ["verdict.published", "verdict.corrected"]}),
        ex.response("Subscribed (the secret, once)", {**ex.WEBHOOK, "secret": "whsec_5bY…"}, 201)])
    def post(self, request: Request) -> Response:
        from ..services import webhooks

        data = WebhookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscribe(owner=request.user, **data.validated_data)
        return Response(WebhookSerializer(subscription, context={"show_secret": True}).data, status=201)


@extend_schema(tags=["webhooks"])
class WebhookEnable(ThrottleFirst, APIView):
    required_scope = "review"

    @extend_schema(request=None, responses={200: WebhookSerializer},
                   examples=[ex.response("Enabled again", ex.WEBHOOK)])
    def post(self, request: Request, pk: int) -> Response:
        from ..services import webhooks

        subscription = webhooks.webhook_enable(actor=request.user, subscription=_own_webhook(request, pk))
        return Response(WebhookSerializer(subscription).data)


@extend_schema(tags=["webhooks"])
class WebhookDeliveries(ThrottleFirst, APIView):
    @extend_schema(responses={200: DeliverySerializer(many=True)}, examples=[ex.response("Deliveries", [ex.DELIVERY])])
    def get(self, request: Request, pk: int) -> Response:
        return Response(DeliverySerializer(_own_webhook(request, pk).deliveries.all()[:100], many=True).data)


@extend_schema(tags=["tokens"])
class TokenList(ThrottleFirst, APIView):
    """Your API tokens (never their keys). POST creates one: its key is in that response only.

    Signed in on this page, you may choose any scopes; with a token, only
    scopes that token holds. Use the key with Swagger's Authorize button.
    """

    required_scope = "read"

    @extend_schema(responses={200: TokenSerializer(many=True)}, examples=[ex.response("Your tokens", [ex.TOKEN])])
    def get(self, request: Request) -> Response:
        return Response(TokenSerializer(request.user.api_tokens.all(), many=True).data)

    @extend_schema(request=TokenSerializer, responses={201: TokenCreatedSerializer}, examples=[
        ex.request("For a CMS plugin", {"name": "CMS plugin", "scopes": ["read", "ingest"]}),
        ex.response("Created (the key, once)", {**ex.TOKEN, "key": "vfy_3hT9aQ2x…"}, 201)])
    def post(self, request: Request) -> Response:
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        caller = request.auth if isinstance(request.auth, ApiToken) else None
        values = dict(data.validated_data)
        days = values.pop("expires_in_days", None)
        token, key = tokens.token_create(user=request.user, actor=request.user, **values,
                                         expires_at=timezone.now() + timedelta(days=days) if days else None,
                                         within_scopes=caller.scopes if caller else None)
        return Response({**TokenSerializer(token).data, "key": key}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tokens"])
class TokenDetail(ThrottleFirst, APIView):
    required_scope = "read"

    @extend_schema(responses={204: None}, parameters=[OpenApiParameter(
        "id", OpenApiTypes.INT, OpenApiParameter.PATH, examples=[OpenApiExample("A token", value=7)])])
    def delete(self, request: Request, pk: int) -> Response:
        """Revoke one of your tokens (at once, for good). With a token, only tokens of no wider scopes."""
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        caller = request.auth if isinstance(request.auth, ApiToken) else None
        tokens.token_revoke(actor=request.user, token=token, within_scopes=caller.scopes if caller else None)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["feeds"])
class FeedList(ThrottleFirst, APIView):
    """RSS and Atom feeds the desk follows; POST follows one (editors and admins, `ingest` scope)."""

    required_scope = read_or("ingest")
    problem_codes = {"POST": (404,)}  # no outlet with that domain

    @extend_schema(responses={200: FeedSerializer(many=True)}, examples=[ex.response("Feeds", [ex.FEED])])
    def get(self, request: Request) -> Response:
        return Response(FeedSerializer(Feed.objects.select_related("outlet")[:500], many=True).data)

    @extend_schema(request=FeedSerializer, responses={201: FeedSerializer, 200: FeedSerializer}, examples=[
        ex.request("A news feed", {"url": "https://www.example.org/news/rss.xml", "outlet": "example.org"}),
        ex.response("Followed", ex.FEED, 201), ex.response("Already followed", ex.FEED, 200)])
    def post(self, request: Request) -> Response:
        data = FeedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outlet = None
        if values.get("outlet"):
            outlet = Outlet.objects.filter(domain=values["outlet"].strip().lower().removeprefix("www.")).first()
            if outlet is None:
                raise NotFound(f"There is no outlet with the domain {values['outlet']!r}.")
        feed, created = feeds.feed_add(url=values["url"], outlet=outlet, interval_minutes=values["interval_minutes"],
                                       actor=request.user)
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
