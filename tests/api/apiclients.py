"""API test helper: a client holding a new token of a user, with chosen scopes."""

from __future__ import annotations

from rest_framework.test import APIClient

from claims.services.tokens import token_create

ALL_SCOPES = ("read", "ingest", "review", "publish")


def api_for(user, scopes=ALL_SCOPES) -> APIClient:
    _token, raw = token_create(user=user, name="test", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client
