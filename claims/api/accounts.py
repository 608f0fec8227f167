"""The caller in the API: who am I, and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken
from ..permissions import role_of
from ..services import tokens
from . import examples as ex
from .auth import ThrottleFirst
from .serializers import (
    MeSerializer,
    TokenCreatedSerializer,
    TokenSerializer,
)


class Me(ThrottleFirst, APIView):
    @extend_schema(tags=["users"], responses={200: MeSerializer}, examples=[ex.response("A checker's token", ex.ME)])
    def get(self, request: Request) -> Response:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        scopes = token.scopes if token else list(ApiToken.Scope.values)
        return Response({"username": request.user.get_username(), "role": role_of(request.user), "scopes": scopes})


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

    @extend_schema(
        request=TokenSerializer,
        responses={201: TokenCreatedSerializer},
        examples=[
            ex.request("For a CMS plugin", {"name": "CMS plugin", "scopes": ["read", "ingest"]}),
            ex.response("Created (the key, once)", {**ex.TOKEN, "key": "vfy_3hT9aQ2x…"}, 201),
        ],
    )
    def post(self, request: Request) -> Response:
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        caller = request.auth if isinstance(request.auth, ApiToken) else None
        values = dict(data.validated_data)
        days = values.pop("expires_in_days", None)
        token, key = tokens.token_create(
            user=request.user,
            actor=request.user,
            **values,
            expires_at=timezone.now() + timedelta(days=days) if days else None,
            within_scopes=caller.scopes if caller else None,
        )
        return Response({**TokenSerializer(token).data, "key": key}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tokens"])
class TokenDetail(ThrottleFirst, APIView):
    required_scope = "read"

    @extend_schema(
        responses={204: None},
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, examples=[OpenApiExample("A token", value=7)]
            )
        ],
    )
    def delete(self, request: Request, pk: int) -> Response:
        """Revoke one of your tokens (at once, for good). With a token, only tokens of no wider scopes."""
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        caller = request.auth if isinstance(request.auth, ApiToken) else None
        tokens.token_revoke(actor=request.user, token=token, within_scopes=caller.scopes if caller else None)
        return Response(status=status.HTTP_204_NO_CONTENT)
