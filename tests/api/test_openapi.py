"""The OpenAPI schema documents every operation (examples, errors, auth); the docs pages are self-hosted."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from apiclients import api_for
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

# Operations documented by the module that owns them (claims/api/imports.py), not held to this file's rules.
OTHERS = ("/api/v1/claimreviews/",)


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    """The published schema, generated once for the module (it depends on the code only; a GET writes nothing)."""
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def has_example(operation) -> bool:
    bodies = [*operation.get("requestBody", {}).get("content", {}).values()]
    bodies += [
        content
        for code, response in operation["responses"].items()
        if code.startswith("2")
        for content in response.get("content", {}).values()
    ]
    return any("examples" in b or "example" in b for b in bodies) or any(
        "examples" in p or "example" in p for p in operation.get("parameters", [])
    )


def test_every_operation_has_an_example(schema):
    missing = [
        f"{m.upper()} {p}" for p, m, op in operations(schema) if not has_example(op) and not p.startswith(OTHERS)
    ]
    assert not missing, f"operations without an example: {missing}"


def test_every_operation_declares_its_problem_details(schema):
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "403", "429"} <= codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        if method in ("post", "put"):
            assert {"400", "413", "415"} <= codes, (method, path)
        for code in codes - {"200", "201", "202", "204"}:
            content = operation["responses"][code]["content"]["application/problem+json"]
            assert content["schema"] == problem, (method, path, code)
    moves = schema["paths"]["/api/v1/claims/{id}/{move}/"]["post"]
    assert {"409", "412", "428"} <= set(moves["responses"])
    assert {"412", "428"} <= set(schema["paths"]["/api/v1/claims/{id}/verdict/"]["put"]["responses"])
    assert "400" in schema["paths"]["/api/v1/claims/"]["get"]["responses"]


def test_move_is_an_enum_of_the_workflow_moves(schema):
    from claims.moves import Move

    parameters = schema["paths"]["/api/v1/claims/{id}/{move}/"]["post"]["parameters"]
    move = next(p for p in parameters if p["name"] == "move")
    assert move["in"] == "path" and set(move["schema"]["enum"]) == set(Move.workflow())


def test_tokens_are_a_security_scheme_swagger_can_authorize_with(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        **schema["components"]["securitySchemes"]["tokenAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    assert {"tokenAuth": []} in claims["security"]
    assert set(schema["paths"]["/api/v1/tokens/"]) >= {"get", "post"}
    assert "delete" in schema["paths"]["/api/v1/tokens/{id}/"]


def test_the_schema_on_the_swagger_page_works_with_a_bearer_token(db, users):
    """What the Authorize button sends: `Authorization: Bearer <key>`."""
    session = APIClient()
    session.force_login(users["checker"])
    key = session.post("/api/v1/tokens/", {"name": "swagger", "scopes": ["read"]}, format="json").json()["key"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/claims/").status_code == 200


def test_ordering_and_filters_are_documented(schema):
    claims = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert set(claims["ordering"]["schema"]["enum"]) == {
        f"{sign}{f}" for f in ("score", "priority", "created_at", "updated_at") for sign in ("", "-")
    }
    articles = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {"outlet", "source_kind", "published_after", "published_before", "ordering", "cursor"} <= articles


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_are_served_with_local_assets_only(db, users, page):
    response = api_for(users["viewer"], ["read"]).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets, "the page loads its scripts from somewhere"
    for asset in assets:
        assert not urlsplit(asset).netloc and not asset.startswith("//"), f"{page} loads {asset} from elsewhere"
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not among our static files"
    # No other host named anywhere in the page (preconnects, imports, fonts).
    assert not re.findall(r"https?://(?!testserver)[\w.-]+", html), re.findall(r"https?://[\w.-]+", html)
    assert "/api/schema/" in html


URLS = [
    "https://example.org/a",
    "HTTP://example.org:8080/x?q=1#f",
    "https://exämple.org/ä",
    "http://h:65535",
    "https://example.org/a b",
    "https://example.org/\x85",
    "https://exa\u2028mple.org",
    "https://e.org/\xa0",
    "https://e.org/\u3000x",
    "https://e.org/\x7f",
    "https://e.org/\tx",
    "ftp://e.org/",
    "https://:80/",
    "https://u:p@e.org/",
    "https://e.org:0/",
    "https://e.org:65536/",
    "https://[::1/",
    " https://e.org/",
    "https://\x85\x84/",
]


@pytest.mark.slow
@pytest.mark.parametrize("url", URLS)
def test_the_published_url_pattern_accepts_what_the_server_accepts(schema, url):
    """A client (or schemathesis) that follows the schema's pattern sends no URL the API refuses, and
    the pattern refuses what the API refuses: spaces as Python has them (U+0085 too), control
    characters, other schemes, credentials, bad ports."""
    from claims.inputs.weburl import InvalidUrl, parse_http_url

    pattern = schema["components"]["schemas"]["WebhookRequest"]["properties"]["target_url"]["pattern"]
    # Engines disagree on \s (ECMA's, which clients use, lacks U+0085): the spaces are spelled out.
    assert "\\s" not in pattern
    try:
        accepted = parse_http_url(url).url == url
    except InvalidUrl:
        accepted = False
    assert bool(re.search(pattern, url)) == accepted, url


def test_a_jobs_channel_may_be_blank_in_the_schema_as_in_the_data(schema):
    # Jobs from before channels were recorded (migration 0037) have a blank channel; the schema says so.
    from claims.choices import IngestChannel

    channel = schema["components"]["schemas"]["Job"]["properties"]["channel"]
    allowed = set()
    for option in channel.get("oneOf", [channel]):
        ref = option.get("$ref", "")
        allowed |= set(schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["enum"] if ref else option["enum"])
    assert allowed == {*IngestChannel.values, ""}


def test_the_schema_is_generated_once_a_process(db, monkeypatch):
    """Generating it costs about half a second of CPU on a public endpoint: kept once made."""
    from drf_spectacular.generators import SchemaGenerator

    from claims.api.schema import SchemaView

    made = []

    class CountingGenerator(SchemaGenerator):
        def get_schema(self, *args, **kwargs):
            made.append(1)
            return super().get_schema(*args, **kwargs)

    monkeypatch.setattr(SchemaView, "generator_class", CountingGenerator)
    monkeypatch.setattr(SchemaView, "_generated", None)
    # The first caller picks no language nor version for the next ones, and makes no new copy with them.
    first = APIClient().get("/api/schema/?format=json&lang=de&version=x1")
    second = APIClient().get("/api/schema/?format=json&version=x2")
    yaml = APIClient().get("/api/schema/")
    assert first.status_code == second.status_code == yaml.status_code == 200
    assert first.json() == second.json() and b"openapi: 3.1.0" in yaml.content
    assert first.json()["info"]["version"] == "1.0.0"
    cursor = [
        p["description"] for p in first.json()["paths"]["/api/v1/claims/"]["get"]["parameters"] if p["name"] == "cursor"
    ]
    assert cursor == ["The pagination cursor value."]
    assert len(made) == 1
