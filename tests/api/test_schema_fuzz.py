"""Schemathesis against the live API with its own generated schema: no 500s, responses fit the schema.

Every operation, authenticated with an all-scopes token of an editor, over
the live test server with real data (a claim in review with a verdict, an
article, a job).
"""

from __future__ import annotations

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from factories import claim_in_state
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from claims.models import ExtractionJob
from claims.services.tokens import token_create

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def token(users):
    claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    ExtractionJob.objects.create(source_kind="text", input_content="x", input_hash="h", status="failed",
                                 error="No article text", error_step="cleaned")
    _token, raw = token_create(user=users["editor"], name="fuzz", scopes=["read", "ingest", "review", "publish"])
    return raw


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, live_server, token):
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
