"""One API: `q` searches everywhere, one code per kind of error, `type` URIs on the desk's own address,
scores to 3 places, and HEAD answered as GET on the public pages (framing headers included)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from factories import claim_in_state, make_article, make_claim
from rest_framework.test import APIClient

from claims.models import ClaimMatch, ExternalReview, Outlet
from claims.services.tokens import token_create


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def client_for(user, scopes=("read", "ingest", "review", "publish")):
    _token, raw = token_create(user=user, name="test", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def texts(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row.get("claimant") or row.get("claim_reviewed") for row in response.json()["results"]}


def test_q_searches_the_claims_and_search_is_its_alias(db, users):
    for i in range(4):
        make_claim(claimant="Moscow" if i % 2 else "NATO")
    client = client_for(users["viewer"])
    assert texts(client.get("/api/v1/claims/", {"q": "Moscow"})) == {"Moscow"}
    assert len(client.get("/api/v1/claims/", {"q": "Moscow"}).json()["results"]) == 2
    assert texts(client.get("/api/v1/claims/", {"search": "NATO"})) == {"NATO"}
    assert texts(client.get("/api/v1/claims/", {"q": "Moscow", "search": "Moscow"})) == {"Moscow"}
    make_claim(text="Article", claimant="NATO in Moscow")
    both = client.get("/api/v1/claims/", {"q": "Moscow", "search": "NATO"})  # every word of both must match
    assert texts(both) == {"NATO in Moscow"}
    nul = client.get("/api/v1/claims/", {"q": "a\x00b"})
    assert nul.status_code == 400 and nul.json()["errors"] == {"q": ["Remove the NUL characters."]}


def test_q_searches_imported_claimreviews_too(db, users):
    for text, publisher in (("Tanks are being withdrawn", "Full Fact"), ("Unemployment fell", "PolitiFact")):
        ExternalReview.objects.create(
            url=f"https://factcheck.example/{publisher.replace(' ', '')}",
            claim_reviewed=text,
            publisher_name=publisher,
            rating_label="False",
            raw={"claimReviewed": text},
            content_hash=publisher,
        )
    client = client_for(users["viewer"])
    assert texts(client.get("/api/v1/claimreviews/", {"q": "tanks"})) == {"Tanks are being withdrawn"}
    assert texts(client.get("/api/v1/claimreviews/", {"search": "unemployment"})) == {"Unemployment fell"}


def test_q_searches_the_articles_too(db, users):
    valley = Outlet.objects.create(name="Valley News", domain="valley.example")
    make_article(title="Floods in the valley", url="https://valley.example/floods", outlet=valley)
    make_article(title="Budget vote", url="https://capital.example/budget")
    client = client_for(users["viewer"])

    def titles(response) -> set[str]:
        assert response.status_code == 200, response.json()
        return {row["title"] for row in response.json()["results"]}

    assert titles(client.get("/api/v1/articles/", {"q": "floods"})) == {"Floods in the valley"}
    assert titles(client.get("/api/v1/articles/", {"q": "Valley News"})) == {"Floods in the valley"}
    assert titles(client.get("/api/v1/articles/", {"search": "capital.example"})) == {"Budget vote"}
    assert titles(client.get("/api/v1/articles/", {"q": "nothing-like-it"})) == set()
    nul = client.get("/api/v1/articles/", {"q": "a\x00b"})
    assert nul.status_code == 400 and nul.json()["errors"] == {"q": ["Remove the NUL characters."]}


def test_the_schema_names_q_and_marks_search_deprecated(db, users):
    client = client_for(users["viewer"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/claims/", "/api/v1/claimreviews/", "/api/v1/articles/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "q" in parameters and not parameters["q"].get("deprecated")
        assert parameters["search"]["deprecated"] is True


def test_bad_input_has_one_code_whoever_finds_it(db, users, settings):
    settings.VERIFY_DESK_URL = "https://desk.newsroom.example/"
    client = client_for(users["checker"])
    by_serializer = client.post("/api/v1/articles/", {"url": 12}, format="json")
    claim = make_claim()
    by_service = client.post(f"/api/v1/claims/{claim.pk}/comments/", {"body": "   "}, format="json")
    for response in (by_serializer, by_service):
        assert response.status_code == 400, response.json()
        body = response.json()
        assert body["code"] == "invalid_input"
        assert body["type"] == "https://desk.newsroom.example/problems/invalid-input"


def test_problem_types_follow_the_desk_address(db, users, settings):
    settings.VERIFY_DESK_URL = "https://desk.newsroom.example/"
    assert (
        APIClient().get("/api/v1/claims/").json()["type"] == "https://desk.newsroom.example/problems/not-authenticated"
    )
    client = client_for(users["viewer"])
    assert client.get("/api/v1/no-such-thing/").json()["type"] == "https://desk.newsroom.example/problems/not-found"
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "verify.example.org/problems" not in schema


def test_scores_are_rounded_to_three_places(db, users):
    claim = make_claim(score=0.123456789)
    other = make_claim(score=0.5)
    ClaimMatch.objects.create(claim=claim, matched_claim=other, score=0.987654321, tier="suggest")
    client = client_for(users["viewer"])
    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["score"] == 0.123 and [m["score"] for m in detail["matches"]] == [0.988]
    listed_response = client.get("/api/v1/claims/")
    assert listed_response.status_code == 200, listed_response.json()
    listed = {row["id"]: row["score"] for row in listed_response.json()["results"]}
    assert listed[claim.pk] == 0.123 and listed[other.pk] == 0.5
    decided = client_for(users["checker"]).post(f"/api/v1/claims/{claim.pk}/matches/{claim.matches.get().pk}/confirm/")
    assert decided.status_code == 200 and decided.json()["score"] == 0.988


@pytest.mark.parametrize(
    "path",
    [
        "/verdicts/{pk}/embed/",
        "/verdicts/{pk}/",
        "/verdicts/",
        "/verdicts.csv",
        "/feeds/claimreview.json",
        "/feeds/verdicts.atom",
    ],
)
def test_head_answers_as_get_on_the_public_pages(client, users, path):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    url = path.format(pk=claim.pk)
    get, head = client.get(url), client.head(url)
    assert (get.status_code, head.status_code) == (200, 200)
    assert (b"".join(head.streaming_content) if head.streaming else head.content) == b""
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options"):
        assert head.headers.get(header) == get.headers.get(header), header


def test_the_embed_may_be_framed_by_head_and_get_alike(client, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    head = client.head(f"/verdicts/{claim.pk}/embed/")
    assert "X-Frame-Options" not in head.headers and "frame-ancestors *" in head["Content-Security-Policy"]
    page = client.head(f"/verdicts/{claim.pk}/")
    assert page["X-Frame-Options"] == "DENY"  # only the embed may be framed


def test_every_problem_type_uri_leads_to_a_page_saying_what_it_means(client, db, users, settings):
    from urllib.parse import urlsplit

    from rest_framework import exceptions as drf

    from claims import errors
    from claims.services import match_index, tokens
    from verify.api import PreconditionFailed, PreconditionRequired
    from verify.problems import PROBLEMS

    codes = {cls.code for cls in _application_errors()} | {"invalid_input", "payload_too_large"}
    codes |= {cls.code for cls in vars(errors).values() if isinstance(cls, type) and hasattr(cls, "code")}
    codes |= {match_index.IndexNotReady.code, tokens.IdempotencyConflict.code}
    codes |= {
        e.default_code
        for e in (
            drf.ParseError,
            drf.NotAuthenticated,
            drf.AuthenticationFailed,
            drf.PermissionDenied,
            drf.NotFound,
            drf.MethodNotAllowed,
            drf.NotAcceptable,
            drf.UnsupportedMediaType,
            drf.Throttled,
            PreconditionFailed,
            PreconditionRequired,
        )
    }
    assert codes <= set(PROBLEMS), codes - set(PROBLEMS)
    settings.VERIFY_DESK_URL = "https://desk.newsroom.example/"
    problem = client_for(users["checker"]).post("/api/v1/articles/", {"url": 12}, format="json").json()
    page = client.get(urlsplit(problem["type"]).path)
    assert page.status_code == 200 and "HTTP status <strong>400</strong>" in page.content.decode()
    assert client.get("/problems/no-such-problem").status_code == 404
    assert client.get("/problems/invalid_input").status_code == 404  # the URI spelling only


def _application_errors() -> set[type]:
    """Every domain error class of the project (the modules that define one are imported first)."""
    import claims.extraction.errors
    import claims.imports.claimreview
    import claims.inputs.feeds
    import claims.inputs.fetching
    import claims.services.match_index
    import claims.services.requests
    import claims.services.tokens  # noqa: F401
    from verify.exceptions import ApplicationError

    found, todo = set(), [ApplicationError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


# Each domain error's HTTP status, written out (the class carries it; the handler answers with it).
ERROR_STATUS = {
    "InvalidInput": 400,
    "NothingToChange": 400,
    "BinaryInput": 400,
    "InvalidUrl": 400,
    "InputTooLarge": 413,
    "NotPermitted": 403,
    "SenderBanned": 403,
    "TokenExpired": 401,
    "InvalidTransition": 409,
    "StaleVersion": 412,
    "JobNotFound": 404,
    "JobNotRetryable": 409,
    "IdempotencyConflict": 409,
    "RateLimited": 429,
    "IndexNotReady": 503,
    "FetchError": 502,
    "ImportSourceError": 400,
    "ClaimReviewImportError": 400,
    "ExtractionError": 422,
    "NotAnArticleError": 422,
    "FeedError": 422,
}


def test_each_domain_error_carries_its_status_and_its_problem_page_says_the_same():
    from verify.problems import PROBLEMS

    classes = {cls.__name__: cls for cls in _application_errors()}
    assert {name: classes[name].status for name in ERROR_STATUS} == ERROR_STATUS
    for cls in classes.values():
        assert PROBLEMS[cls.code][0] == cls.status, cls


def test_a_fetch_error_is_no_extraction_error():
    """Webhooks and imports fetch too: catching ExtractionError must not swallow a refused address."""
    from claims.extraction.errors import ExtractionError
    from claims.inputs.fetching import FetchError, FetchFailed, FetchRefused
    from verify.exceptions import ApplicationError

    for cls in (FetchError, FetchFailed, FetchRefused):
        assert issubclass(cls, ApplicationError) and not issubclass(cls, ExtractionError)
    assert FetchFailed.transient and not FetchRefused.transient


# Every endpoint acting on one claim fetches it through selectors.claim_get_for_user (api.base.claim_for).
ONE_CLAIM = [
    ("get", "evidence/"),
    ("post", "evidence/"),
    ("post", "evidence/1/archive/"),
    ("get", "verdict/"),
    ("put", "verdict/"),
    ("get", "comments/"),
    ("post", "comments/"),
    ("post", "split/"),
    ("post", "merge/"),
    ("post", "triage/"),
    ("patch", ""),
]


@pytest.mark.parametrize(("method", "tail"), ONE_CLAIM)
def test_an_endpoint_on_a_missing_claim_says_which_claim_is_missing(db, users, method, tail):
    response = getattr(client_for(users["editor"]), method)(
        f"/api/v1/claims/987654/{tail}", {}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "There is no claim 987654."
