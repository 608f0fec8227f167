"""Your notifications in the API: the list, the unread count, marking read.

Only the caller's own notifications, and only those they chose to get in the desk
(``NotificationPreference``): the API shows what the desk's bell shows. Marking read is the
caller's own bookkeeping, so a read-only token may do it.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verify.api import BoundedJSONParser

from .. import selectors
from ..models import Notification
from ..services import notifications
from . import examples as ex
from .auth import ThrottleFirst
from .base import ArticleCursor, FilterWhenAsked, StrictFilterSet, not_found
from .serializers import (
    MarkedSerializer,
    NotificationSerializer,
    NotificationsReadSerializer,
    UnreadSerializer,
)


class NotificationCursor(ArticleCursor):
    """Newest first, as in the desk."""


class NotificationFilter(StrictFilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", help_text="true: only unread; false: only read"
    )

    class Meta:
        model = Notification
        fields = []


def _marked(user, count: int) -> Response:
    return Response({"marked": count, "unread": selectors.notifications_unread_count(user=user)})


@extend_schema(tags=["notifications"])
class NotificationList(ThrottleFirst, generics.ListAPIView):
    """Your notifications, newest first: a verdict waiting for your approval, a claim assigned to you,
    changes requested, a mention, a publication."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationCursor
    filterset_class = NotificationFilter
    filter_backends = [FilterWhenAsked]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Notification.objects.none()
        return selectors.notifications_for(user=self.request.user)

    @extend_schema(examples=[ex.response("A page of notifications", ex.NOTIFICATION)])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["notifications"])
class NotificationUnread(ThrottleFirst, APIView):
    """How many of your notifications are unread (the number on the desk's bell)."""

    @extend_schema(responses={200: UnreadSerializer}, examples=[ex.response("Two unread", {"unread": 2})])
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.notifications_unread_count(user=request.user)})


@extend_schema(tags=["notifications"])
class NotificationsRead(ThrottleFirst, APIView):
    """Mark your notifications read: those in `ids`, or all of them when the body names none."""

    required_scope = "read"
    parser_classes = [BoundedJSONParser]

    @extend_schema(
        operation_id="v1_notifications_read_many",
        request=NotificationsReadSerializer,
        responses={200: MarkedSerializer},
        examples=[
            ex.request("All of them", {}),
            ex.request("Two of them", {"ids": [311, 312]}),
            ex.response("Marked", {"marked": 2, "unread": 0}),
        ],
    )
    def post(self, request: Request) -> Response:
        data = NotificationsReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data.get("ids")
        if ids is not None:
            mine = set(selectors.notifications_for(user=request.user).filter(pk__in=ids).values_list("pk", flat=True))
            missing = sorted(set(ids) - mine)
            if missing:  # the same words whether the number is someone else's or no one's
                raise ValidationError(
                    {
                        "ids": [
                            f"You have no notification{'s' if len(missing) > 1 else ''} "
                            f"{', '.join(map(str, missing[:20]))}."
                        ]
                    }
                )
        return _marked(request.user, notifications.notifications_mark_read(user=request.user, ids=ids))


@extend_schema(tags=["notifications"])
class NotificationRead(ThrottleFirst, APIView):
    """Mark one of your notifications read (already read: nothing changes, `marked` is 0)."""

    required_scope = "read"

    @extend_schema(
        operation_id="v1_notifications_read_one",
        request=None,
        responses={200: MarkedSerializer},
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, examples=[OpenApiExample("A notification", value=311)]
            )
        ],
        examples=[ex.response("Marked", {"marked": 1, "unread": 1})],
    )
    def post(self, request: Request, pk: int) -> Response:
        if not selectors.notifications_for(user=request.user).filter(pk=pk).exists():
            raise not_found(f"You have no notification {pk}.")
        return _marked(request.user, notifications.notifications_mark_read(user=request.user, ids=[pk]))
