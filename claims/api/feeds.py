"""Followed RSS/Atom feeds in the API."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Feed, Outlet
from ..services import feeds
from . import examples as ex
from .auth import ThrottleFirst
from .base import read_or
from .serializers import (
    FeedSerializer,
)


@extend_schema(tags=["feeds"])
class FeedList(ThrottleFirst, APIView):
    """RSS and Atom feeds the desk follows; POST follows one (editors and admins, `ingest` scope)."""

    required_scope = read_or("ingest")
    problem_codes = {"POST": (404,)}  # no outlet with that domain

    @extend_schema(responses={200: FeedSerializer(many=True)}, examples=[ex.response("Feeds", [ex.FEED])])
    def get(self, request: Request) -> Response:
        return Response(FeedSerializer(Feed.objects.select_related("outlet")[:500], many=True).data)

    @extend_schema(
        request=FeedSerializer,
        responses={201: FeedSerializer, 200: FeedSerializer},
        examples=[
            ex.request("A news feed", {"url": "https://www.example.org/news/rss.xml", "outlet": "example.org"}),
            ex.response("Followed", ex.FEED, 201),
            ex.response("Already followed", ex.FEED, 200),
        ],
    )
    def post(self, request: Request) -> Response:
        data = FeedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outlet = None
        if values.get("outlet"):
            outlet = Outlet.objects.filter(domain=values["outlet"].strip().lower().removeprefix("www.")).first()
            if outlet is None:
                raise NotFound(f"There is no outlet with the domain {values['outlet']!r}.")
        feed, created = feeds.feed_add(
            url=values["url"], outlet=outlet, interval_minutes=values["interval_minutes"], actor=request.user
        )
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
