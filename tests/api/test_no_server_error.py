"""No 500 on any input, surface by surface: JSON bodies, cursors, id lists, URLs, pixel sizes, admin pages.

Each test drives one surface with generated input (Hypothesis) plus the input
that once gave a 500. The test client re-raises a view's exception, so a
server error fails the test with its traceback; the assertions check that
the answer is the specific refusal.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from apiclients import ALL_SCOPES, api_for
from django.core.cache import cache
from django.urls import reverse
from factories import claim_in_state, make_claim
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import ApiToken, ClaimMatch, Verdict
from verify.jsonbody import MAX_DEPTH

# A fuzzer: hundreds of generated inputs. `make test` runs it; the edit loop (`make test-fast`) does not.
pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


@pytest.fixture
def editor_api(users):
    # Every scope, the tipline channel's `requests` too, so every JSON endpoint reads the body.
    return api_for(users["editor"], scopes=[*ALL_SCOPES, "requests"])


def json_operations(client, users) -> list[tuple[str, str, dict]]:
    """(method, path, headers) of every operation in the published schema that reads a JSON body,
    its path parameters filled with real objects."""
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor2"])
    other = make_claim()
    match = ClaimMatch.objects.create(claim=claim, matched_claim=other, score=0.7, tier="suggest")
    schema = client.get("/api/schema/?format=json").json()
    values = {"id": claim.pk, "move": "triage", "match_id": match.pk, "decision": "confirm"}
    operations = []
    for template, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            path = template.format(**values)
            etag = (
                f'"verdict-{claim.verdict.pk}-v{claim.verdict.version}"'
                if path.endswith("/verdict/")
                else f'"claim-{claim.pk}-v{claim.version}"'
            )
            headers = {"HTTP_IF_MATCH": etag}
            operations.append((method, path, headers))
    return operations


def test_every_json_endpoint_refuses_absurd_nesting_with_a_400(db, users, editor_api):
    operations = json_operations(editor_api, users)
    assert len(operations) >= 9
    for method, path, headers in operations:
        for body in ("[" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
            response = getattr(editor_api, method)(path, data=body, content_type="application/json", **headers)
            assert response.status_code == 400, (method, path, response.content[:300])
            assert f"nested deeper than {MAX_DEPTH}" in response.json()["detail"], (method, path)


@FUZZ
@given(depth=st.integers(min_value=MAX_DEPTH + 1, max_value=5000), bracket=st.sampled_from(["[", '{"k":']))
def test_nesting_just_over_the_limit_is_refused_and_at_it_read(db, users, depth, bracket):
    client = api_for(users["editor"])
    closing = "]" if bracket == "[" else "}"
    too_deep = bracket * depth + "1" + closing * depth
    response = client.post("/api/v1/match/", data=too_deep, content_type="application/json")
    assert response.status_code == 400 and "nested deeper" in response.json()["detail"]
    at_limit = bracket * MAX_DEPTH + "1" + closing * MAX_DEPTH
    response = client.post("/api/v1/match/", data=at_limit, content_type="application/json")
    assert response.status_code == 400 and "nested" not in response.json()["detail"]  # read, then refused: no text


LISTS = ["/api/v1/claims/", "/api/v1/articles/", "/api/v1/claimreviews/"]
ORDERINGS = {
    "/api/v1/claims/": ["", "score", "-created_at", "updated_at", "priority"],
    "/api/v1/articles/": ["", "published_at", "-created_at"],
    "/api/v1/claimreviews/": [""],
}


def cursor(tokens: dict[str, str]) -> str:
    return base64.b64encode(urlencode(tokens).encode("ascii", "replace")).decode("ascii")


@pytest.mark.parametrize("path", LISTS)
def test_a_forged_cursor_position_is_a_404_on_every_cursor_list(db, users, editor_api, path):
    make_claim()
    for ordering in ORDERINGS[path]:
        query = {"cursor": cursor({"p": "aaa"}), **({"ordering": ordering} if ordering else {})}
        response = editor_api.get(path, query)
        assert response.status_code == 404, (path, ordering, response.content[:300])
        assert response.json()["detail"] == "The cursor is not one this API gave out: start again from the first page."


@FUZZ
@given(
    tokens=st.dictionaries(
        st.sampled_from(["p", "o", "r"]),
        st.one_of(
            st.text(max_size=30),
            st.integers().map(str),
            st.sampled_from(["nan", "inf", "1e400", str(2**63), "-1", "2026-13-45", "2026-02-01T00:00:00"]),
        ),
    ),
    path=st.sampled_from(LISTS),
    ordering=st.sampled_from(["", "score", "-created_at", "published_at"]),
)
def test_any_cursor_is_a_page_or_a_404(db, users, tokens, path, ordering):
    client = api_for(users["viewer"], scopes=["read"])
    query = {"cursor": cursor(tokens)}
    if ordering and ordering in ORDERINGS[path]:
        query["ordering"] = ordering
    response = client.get(path, query)
    assert response.status_code in (200, 404), response.content[:300]


def test_the_cursors_the_api_gives_out_still_work(db, users, editor_api):
    for n in range(5):
        make_claim(text=None, score=0.5 + n / 10)
    first = editor_api.get("/api/v1/claims/", {"page_size": 2, "ordering": "-score"}).json()
    second = editor_api.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert editor_api.get(second["previous"]).json()["results"] == first["results"]


@pytest.mark.parametrize("size", ["0", "-1", "201", "abc", "²", "1e3", ""])
def test_page_size_outside_1_to_200_is_a_400(db, users, editor_api, size):
    response = editor_api.get("/api/v1/claims/", {"page_size": size})
    assert response.status_code == 400
    assert response.json()["errors"]["page_size"] == ["The page size is a whole number from 1 to 200."]


@pytest.mark.parametrize("ids", [[2**63], [2**64], [2**63 - 1, 2**70], list(range(1, 300_001))])
def test_verdict_evidence_ids_beyond_64_bits_or_too_many_are_a_400(db, users, ids):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    client = api_for(users["checker"])
    verdict = Verdict.objects.get(claim=claim)
    response = client.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "false", "headline": "H", "evidence": ids},
        format="json",
        HTTP_IF_MATCH=f'"verdict-{verdict.pk}-v{verdict.version}"',
    )
    assert response.status_code == 400, response.content[:300]
    assert "evidence" in response.json()["errors"]
    assert Verdict.objects.get(claim=claim).version == verdict.version


def test_a_duplicate_of_beyond_64_bits_is_a_400(db, users, editor_api):
    claim = make_claim()
    response = editor_api.post(
        f"/api/v1/claims/{claim.pk}/dismiss/",
        {"reason": "duplicate", "duplicate_of": 2**64},
        format="json",
        HTTP_IF_MATCH=f'"claim-{claim.pk}-v1"',
    )
    assert response.status_code == 400 and "duplicate_of" in response.json()["errors"]


BAD_PORTS = [
    "http://example.org:99999/",
    "http://example.org:65536/x",
    "https://example.org:0/",
    "http://example.org:²/",
    "http://example.org:-1/",
    "http://[::1/",
]


def url_surfaces(client, users):
    """(name, post(url) -> response): every place that takes a URL in the API."""
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    return [
        (
            "webhook",
            lambda url: client.post("/api/v1/webhooks/", {"target_url": url, "events": ["job.failed"]}, format="json"),
        ),
        ("feed", lambda url: client.post("/api/v1/feeds/", {"url": url}, format="json")),
        ("article", lambda url: client.post("/api/v1/articles/", {"url": url}, format="json")),
        (
            "evidence",
            lambda url: client.post(
                f"/api/v1/claims/{claim.pk}/evidence/",
                {"url": url, "source_kind": "media", "stance": "refutes"},
                format="json",
            ),
        ),
    ]


@pytest.mark.parametrize("url", BAD_PORTS)
def test_a_url_with_an_impossible_port_is_refused_everywhere(db, users, editor_api, url):
    for name, post in url_surfaces(editor_api, users):
        response = post(url)
        assert response.status_code == 400, (name, url, response.content[:300])


URL_PARTS = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}{path}",
    st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
    st.one_of(
        st.sampled_from(
            [
                "example.org",
                "127.0.0.1",
                "[::1]",
                "[::ffff:0:7f00:1]",
                "192.0.0.8",
                "",
                "user:pw@example.org",
                "exa mple.org",
                "例え.jp",
                "0x7f.1",
            ]
        ),
        st.text(min_size=1, max_size=15),
    ),
    st.one_of(
        st.just(""),
        st.integers(min_value=-10, max_value=10**6).map(lambda n: f":{n}"),
        st.text(max_size=4).map(lambda t: ":" + t),
    ),
    st.one_of(st.just("/"), st.text(max_size=20)),
)


@FUZZ
@given(url=URL_PARTS)
def test_any_url_anywhere_is_accepted_or_refused_never_a_500(db, users, url, settings, names_not_found):
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    cache.clear()
    client = api_for(users["editor"])
    for name, post in url_surfaces(client, users):
        response = post(url)
        assert response.status_code in (200, 201, 202, 400), (name, url, response.content[:300])


@pytest.mark.parametrize("value", ["²", "٣", "12x", "-5", "1e3", " 300"])
def test_oembed_refuses_sizes_that_are_not_ascii_digits(client, users, value):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    url = "http://127.0.0.1:8000" + reverse("public_verdict", args=[claim.pk])
    for name in ("maxwidth", "maxheight"):
        response = client.get(reverse("oembed"), {"url": url, name: value})
        assert response.status_code == 400
        assert response.json() == {"error": f"{name} must be a whole number of pixels"}


@FUZZ
@given(value=st.text(max_size=8))
def test_oembed_sizes_never_give_a_500(db, users, client, value):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    url = "http://127.0.0.1:8000" + reverse("public_verdict", args=[claim.pk])
    response = client.get(reverse("oembed"), {"url": url, "maxwidth": value, "maxheight": value})
    assert response.status_code in (200, 400)


@FUZZ
@given(value=st.one_of(st.text(max_size=25), st.sampled_from(["²", "٣", str(2**63), str(2**64), "9" * 30])))
def test_the_token_page_revoke_field_never_gives_a_500(db, users, client, value):
    client.force_login(users["checker"])
    response = client.post(reverse("api_tokens"), {"revoke": value})
    assert response.status_code in (302, 404)


def test_revoking_a_token_from_the_desk_still_works(db, users, client):
    from claims.services.tokens import token_create

    token, _raw = token_create(user=users["checker"], name="cli", scopes=["read"])
    client.force_login(users["checker"])
    assert client.post(reverse("api_tokens"), {"revoke": str(token.pk)}).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


# --- The admin's add pages ---------------------------------------------------------------------


def admin_add_pages():
    from django.contrib import admin

    return sorted(f"admin:{m._meta.app_label}_{m._meta.model_name}_add" for m in admin.site._registry)


@pytest.mark.parametrize("name", admin_add_pages())
def test_every_admin_add_page_answers_and_saving_it_empty_is_a_form_error(db, users, client, name):
    client.force_login(users["admin"])
    page = client.get(reverse(name))
    assert page.status_code in (200, 403), name
    saved = client.post(reverse(name), {})
    assert saved.status_code in (200, 302, 403), name  # the form with its errors, saved, or not added here


NASTY = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            str(2**63),
            "http://example.org:99999/",
            "https://example.org/rss",
            "on",
            "2026-01-01",
            "<script>",
            "x" * 3000,
        ]
    ),
)


@pytest.mark.parametrize(
    "name",
    ["admin:claims_feed_add", "admin:claims_outlet_add", "admin:claims_ratingscale_add", "admin:claims_apitoken_add"],
)
def test_admin_add_forms_never_give_a_500(db, users, client, name):
    client.force_login(users["admin"])
    page = client.get(reverse(name))
    if page.status_code == 403:
        pytest.skip(f"{name} cannot be added to by an admin (nothing to fuzz)")
    fields = list(page.context["adminform"].form.fields)

    @FUZZ
    @given(data=st.dictionaries(st.sampled_from(fields), NASTY, max_size=len(fields)))
    def post(data):
        response = client.post(reverse(name), data)
        assert response.status_code in (200, 302), (name, data)

    post()


def test_the_admin_follows_a_feed_through_the_service(db, users, client):
    client.force_login(users["admin"])
    inline = {"items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0}
    response = client.post(
        reverse("admin:claims_feed_add"), {"url": "https://example.org/rss.xml", "interval_minutes": 30, **inline}
    )
    assert response.status_code == 302
    from claims.models import Feed

    feed = Feed.objects.get()
    assert (feed.url, feed.added_by, feed.next_poll_at is not None) == (
        "https://example.org/rss.xml",
        users["admin"],
        True,
    )
    bad = client.post(
        reverse("admin:claims_feed_add"), {"url": "http://example.org:99999/", "interval_minutes": 30, **inline}
    )
    assert bad.status_code == 200 and "a port is a number from 1 to 65535" in bad.content.decode()


def test_json_error_responses_say_what_was_wrong(db, users, editor_api):
    response = editor_api.post("/api/v1/match/", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("JSON parse error")
    response = editor_api.post("/api/v1/match/", data=json.dumps({"text": "x"})[:-1], content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/claims/", "created_before"),
        ("/api/v1/articles/", "published_after"),
        ("/api/v1/claimreviews/", "published_before"),
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        "1887-04-27T01:38:26+22:44",
        "3736-06-23T07:59:05.9+19:49",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-23:59",
    ],
)
def test_date_time_filters_take_every_rfc3339_offset(db, users, editor_api, path, name, value):
    """RFC 3339 allows offsets to ±23:59, PostgreSQL only to ±15:59 (+22:44 was a 500 there)."""
    response = editor_api.get(path, {name: value})
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["errors"][name] == ["This date-time is out of range."]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"checkworthy": "-105413"}, "checkworthy"),
        ({"checkworthy": ""}, "checkworthy"),
        ({"status": ""}, "status"),
        ({"article": "0"}, "article"),
        ({"article": "1.5"}, "article"),
        ({"min_score": "5"}, "min_score"),
        ({"created_after": ""}, "created_after"),
    ],
)
def test_claim_filters_refuse_what_their_schema_refuses(db, users, editor_api, params, field):
    response = editor_api.get("/api/v1/claims/", params)
    assert response.status_code == 400 and field in response.json()["errors"], response.content[:300]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/claims/", {"search": "a\x00b"}),
        ("/api/v1/claimreviews/", {"search": "\x00"}),
        ("/api/v1/claims/", {"assignee": "\x00"}),
        ("/api/v1/verdicts.csv", {"q": "x\x00"}),
        ("/api/v1/verdicts.csv", {"rating": "\x00"}),
    ],
)
def test_nul_in_a_text_parameter_is_a_400_not_a_database_error(db, users, editor_api, path, params):
    response = editor_api.get(path, params)
    assert response.status_code == 400, response.content[:300]


@pytest.mark.parametrize("name", ["q", "rating", "outlet"])
def test_nul_in_a_public_filter_is_a_400(client, db, name):
    assert client.get("/verdicts/", {name: "\x00"}).status_code == 400
    assert client.get("/verdicts.csv", {name: "\x00"}).status_code == 400
