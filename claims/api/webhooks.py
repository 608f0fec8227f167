"""Webhook subscriptions and their deliveries in the API."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import WebhookSubscription
from ..services import webhooks
from . import examples as ex
from .auth import ThrottleFirst
from .base import not_found, read_or
from .serializers import (
    DeliverySerializer,
    WebhookSerializer,
)


def _own_webhook(request, pk):
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if subscription.owner_id != request.user.pk and not request.user.has_perm("claims.manage_desk"):
        raise not_found("No such webhook.")
    return subscription


@extend_schema(tags=["webhooks"])
class WebhookList(ThrottleFirst, APIView):
    """Your webhook subscriptions; POST subscribes (the secret is shown once, in that response)."""

    required_scope = read_or("review")

    @extend_schema(responses={200: WebhookSerializer(many=True)}, examples=[ex.response("Subscriptions", [ex.WEBHOOK])])
    def get(self, request: Request) -> Response:
        return Response(WebhookSerializer(request.user.webhooks.all(), many=True).data)

    @extend_schema(
        request=WebhookSerializer,
        responses={201: WebhookSerializer},
        examples=[
            ex.request(
                "Published verdicts",
                {
                    "target_url": "https://cms.example.org/hooks/verify",
                    "events": ["verdict.published", "verdict.corrected"],
                },
            ),
            ex.response("Subscribed (the secret, once)", {**ex.WEBHOOK, "secret": "whsec_5bY…"}, 201),
        ],
    )
    def post(self, request: Request) -> Response:
        data = WebhookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscribe(owner=request.user, **data.validated_data)
        return Response(WebhookSerializer(subscription, context={"show_secret": True}).data, status=201)


@extend_schema(tags=["webhooks"])
class WebhookEnable(ThrottleFirst, APIView):
    required_scope = "review"

    @extend_schema(
        request=None, responses={200: WebhookSerializer}, examples=[ex.response("Enabled again", ex.WEBHOOK)]
    )
    def post(self, request: Request, pk: int) -> Response:
        subscription = webhooks.webhook_enable(actor=request.user, subscription=_own_webhook(request, pk))
        return Response(WebhookSerializer(subscription).data)


@extend_schema(tags=["webhooks"])
class WebhookDeliveries(ThrottleFirst, APIView):
    @extend_schema(responses={200: DeliverySerializer(many=True)}, examples=[ex.response("Deliveries", [ex.DELIVERY])])
    def get(self, request: Request, pk: int) -> Response:
        return Response(DeliverySerializer(_own_webhook(request, pk).deliveries.all()[:100], many=True).data)
