"""Articles in the API: ingest and read them, their extraction jobs, outlets."""

from __future__ import annotations

import hashlib
import json

import django_filters
from django.db.models.functions import Coalesce
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..choices import IngestChannel, SourceKind
from ..models import Article, ExtractionJob, Outlet
from ..services import ingest, tokens
from . import examples as ex
from .auth import ThrottleFirst
from .base import (
    IDEMPOTENCY,
    ArticleCursor,
    FilterWhenAsked,
    NoNulSearchFilter,
    StableOrdering,
    StrictFilterSet,
    TextFilter,
    UTCDateTimeFilter,
)
from .serializers import (
    ARTICLE_CREATE_SCHEMA,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    JobSerializer,
    OutletSerializer,
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
    filter_backends = [StableOrdering, FilterWhenAsked, NoNulSearchFilter]
    # ``q`` (``search`` its alias) as on the claims: words in the title, the address or the outlet's name.
    search_fields = ["title", "url", "outlet__name"]
    ordering_fields = ["created_at", "published_at"]
    # Articles without a publication date sort by when they came in: the cursor needs a value on every row.
    ordering_aliases = {"published_at": "published_sort"}
    problem_codes = {"POST": (409,)}
    body_required = {"POST"}

    def required_scope(self, request):
        return "ingest" if request.method == "POST" else "read"

    def get_queryset(self):
        # The text is not part of a listed article: do not fetch it.
        return (
            Article.objects.select_related("outlet")
            .defer("text")
            .annotate(published_sort=Coalesce("published_at", "created_at"))
        )

    @extend_schema(examples=[ex.response("A page of articles", ex.ARTICLE)])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer_class(self):
        return ArticleCreateSerializer if self.request.method == "POST" else ArticleSerializer

    @extend_schema(
        request=dict.fromkeys(
            ("application/json", "application/x-www-form-urlencoded", "multipart/form-data"), ARTICLE_CREATE_SCHEMA
        ),
        responses={202: JobSerializer},
        parameters=[IDEMPOTENCY],
        examples=[
            ex.request("By URL", {"url": "https://www.example.org/news/story.html"}),
            ex.request("Pasted text", {"text": "The minister said unemployment fell to 3.5 percent."}),
            ex.response("The job, queued", ex.JOB, 202),
        ],
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = ArticleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if v}
        if "outlet" in fields:
            fields["outlet_name"] = fields.pop("outlet")

        def run():
            return ingest.article_ingest(**fields, channel=IngestChannel.API, submitted_by=request.user)

        key = request.headers.get("Idempotency-Key")
        if key:
            body = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
            job, _created = tokens.ingest_idempotent(user=request.user, key=key, request_hash=body, ingest=run)
        else:
            job = run()
        location = reverse("api-job-detail", args=[job.pk], request=request)
        return Response(
            JobSerializer(job, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )


@extend_schema(tags=["articles"], examples=[ex.response("An article", {**ex.ARTICLE, "text": "The minister said…"})])
class ArticleDetail(ThrottleFirst, generics.RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.select_related("outlet")


@extend_schema(
    tags=["jobs"],
    examples=[
        ex.response(
            "A running job",
            {
                **ex.JOB,
                "status": "running",
                "step": "segmented",
                "progress": 60,
                "attempts": 1,
                "started_at": "2026-05-04T08:10:01Z",
            },
        )
    ],
)
class JobDetail(ThrottleFirst, generics.RetrieveAPIView):
    """An extraction job: status, step, progress, and the reason if it failed."""

    serializer_class = JobSerializer
    queryset = ExtractionJob.objects.all()


class JobRetry(ThrottleFirst, APIView):
    required_scope = "ingest"
    problem_codes = {"POST": (409,)}

    @extend_schema(
        tags=["jobs"],
        request=None,
        responses={202: JobSerializer},
        examples=[ex.response("The job, queued again", ex.JOB, 202)],
    )
    def post(self, request: Request, pk: int) -> Response:
        job = ingest.job_retry(job_id=pk, actor=request.user)
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class OutletList(ThrottleFirst, APIView):
    @extend_schema(
        tags=["desk"], responses={200: OutletSerializer(many=True)}, examples=[ex.response("Outlets", [ex.OUTLET])]
    )
    def get(self, request: Request) -> Response:
        return Response(OutletSerializer(Outlet.objects.order_by("name")[:500], many=True).data)
