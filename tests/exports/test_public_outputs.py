"""Public outputs beyond the verdict page: Atom, CSV, embeds with oEmbed, archived evidence, and
an access decision for every public route."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import URLPattern, URLResolver, reverse
from factories import claim_in_state, correct_published, make_article, make_claim, rating

from claims.models import Appearance, Evidence
from verify import urls as project_urls

ATOM = "{http://www.w3.org/2005/Atom}"

# Every public route (no sign-in) of the project's URL configuration: how it is reached.
# "verdict" routes take a published claim's id and answer 404 for anything unpublished.
PUBLIC = {
    "public_index": "list",
    "public_verdict": "verdict",
    "verdict_embed": "verdict",
    "public_evidence": "evidence",
    "verdict_csv": "list",
    "oembed": "oembed",
    "claimreview_feed": "list",
    "verdict_atom": "list",
    "healthz": "list",
    "readyz": "ready",  # 503 until a worker beats; tests/stack/test_operations.py
    "metrics": "restricted",  # loopback or a bearer token; tests/stack/test_operations.py
    "problem": "problem",  # what an API problem type means; tests/api/test_consistency.py
}
# Every other route sits in an included URLconf with its own decision table,
# checked against that URLconf by its own test.
INCLUDED = {
    "admin": "Django's admin: staff only, checked by tests/views/test_demo_and_admin.py",
    "claims.api.urls": "tests/api/test_access_matrix.py: route x method x role x scope",
    "claims.urls": "tests/views/test_desk.py: PAGES and POSTS by role",
}


def test_every_public_route_has_an_access_decision():
    names = {p.name for p in project_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PUBLIC), f"decide public access for: {names ^ set(PUBLIC)}"
    included = {
        getattr(p.urlconf_module, "__name__", None) or p.app_name
        for p in project_urls.urlpatterns
        if isinstance(p, URLResolver)
    }
    assert included == set(INCLUDED), f"an included URLconf without an access table: {included ^ set(INCLUDED)}"


@pytest.fixture
def published(db, users):
    article = make_article(text="Moscow said tanks are being withdrawn.", url="https://news.example/tanks")
    claim = make_claim(article=article, text="tanks are being withdrawn", claimant="Moscow")
    Appearance.objects.create(
        claim=claim,
        article=article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.start,
        sentence_end=claim.end,
        claimant="Moscow",
    )
    return claim_in_state("published", checker=users["checker"], editor=users["editor"], claim=claim)


def route_url(name, claim, evidence=None):
    kwargs = {
        "verdict": {"pk": claim.pk},
        "evidence": {"pk": claim.pk, "evidence_pk": evidence.pk if evidence else 1},
        "problem": {"slug": "invalid-input"},
    }
    url = reverse(name, kwargs=kwargs.get(PUBLIC[name], {}))
    if name == "oembed":
        url += "?url=" + "http://127.0.0.1:8000" + reverse("public_verdict", args=[claim.pk])
    return url


def add_archived_evidence(claim, users, *, in_verdict=True):
    evidence = Evidence.objects.create(
        claim=claim,
        url="https://stats.example/report",
        title="The report",
        quote="No withdrawal seen",
        source_kind="document",
        stance="refutes",
        added_by=users["editor"],
        archive_status="archived",
        archive_text="Satellite images show no withdrawal.",
        archive_sha256="ab" * 32,
    )
    if in_verdict:
        claim.verdict.evidence.add(evidence)
        correct_published(
            claim,
            corrector=users["editor"],
            approver=users["editor2"],
            note="Evidence added.",
            headline=claim.verdict.headline,
        )
    return evidence


@pytest.mark.parametrize("name", sorted(n for n, kind in PUBLIC.items() if kind not in ("ready", "restricted")))
def test_public_routes_open_anonymously_and_refuse_writes(client, users, published, name):
    evidence = add_archived_evidence(published, users) if name == "public_evidence" else None
    url = route_url(name, published, evidence)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert client.post(url, {}).status_code in (403, 405)  # CSRF refuses anonymous POSTs where it applies


@pytest.mark.parametrize("name", [n for n, kind in PUBLIC.items() if kind in ("verdict", "evidence", "oembed")])
def test_unpublished_claims_are_404_everywhere(client, users, name):
    draft = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    assert client.get(route_url(name, draft)).status_code == 404


def test_evidence_outside_the_published_version_is_404(client, users, published):
    hidden = add_archived_evidence(published, users, in_verdict=False)
    shown = add_archived_evidence(published, users)
    page = client.get(reverse("public_verdict", args=[published.pk])).content.decode()
    assert reverse("public_evidence", args=[published.pk, shown.pk]) in page
    assert reverse("public_evidence", args=[published.pk, hidden.pk]) not in page
    assert client.get(reverse("public_evidence", args=[published.pk, hidden.pk])).status_code == 404
    archived = client.get(reverse("public_evidence", args=[published.pk, shown.pk])).content.decode()
    assert "Satellite images show no withdrawal." in archived and "ab" * 32 in archived


def test_atom_feed_has_an_entry_for_each_publication_and_correction(client, users, published):
    correct_published(
        published,
        corrector=users["editor"],
        approver=users["editor2"],
        note="The <b>date</b> was wrong.",
        headline="False: corrected",
    )
    claim_in_state("in_review", checker=users["checker"], editor=users["editor"])  # never in the feed
    response = client.get(reverse("verdict_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text.split(":")[0] for e in entries] == ["Corrected", "False"]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2
    assert all(e.find(f"{ATOM}link").get("href").endswith(f"/verdicts/{published.pk}/") for e in entries)
    summary = entries[0].find(f"{ATOM}summary").text
    assert "The &lt;b&gt;date&lt;/b&gt; was wrong." in summary  # escaped inside the HTML summary


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_export_streams_filters_and_defuses_formulas(client, users, published):
    other = claim_in_state(
        "published",
        checker=users["checker"],
        editor=users["editor"],
        claim=make_claim(text='=HYPERLINK("http://evil")', claimant="@someone"),
    )
    response = client.get(reverse("verdict_csv"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 2
    row = next(r for r in rows if r["claimant"] == "Moscow")
    assert row["claim"] == "tanks are being withdrawn" and row["rating"] == "False"
    assert (row["rating_value"], row["worst_rating"], row["best_rating"]) == ("1", "1", "5")
    assert row["url"].endswith(f"/verdicts/{published.pk}/") and row["appearances"] == "https://news.example/tanks"
    evil = next(r for r in rows if r["url"].endswith(f"/verdicts/{other.pk}/"))
    assert evil["claim"].startswith("'=") and evil["claimant"] == "'@someone"
    assert [r["claimant"] for r in read_csv(client.get(reverse("verdict_csv") + "?q=tanks"))] == ["Moscow"]
    assert read_csv(client.get(reverse("verdict_csv") + "?rating=true")) == []
    assert len(read_csv(client.get(reverse("verdict_csv") + "?since=2000-01-01&until=2999-12-31"))) == 2
    bad = client.get(reverse("verdict_csv") + "?since=yesterday")
    assert bad.status_code == 400 and b"since must be a date" in bad.content
    index = client.get(reverse("public_index") + "?until=soon")
    assert index.status_code == 400 and "until must be a date" in index.content.decode()


def test_embed_card_may_be_framed_and_other_pages_may_not(client, published):
    embed = client.get(reverse("verdict_embed", args=[published.pk]))
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "tanks are being withdrawn" in embed.content.decode()
    assert client.get(reverse("public_verdict", args=[published.pk]))["X-Frame-Options"] == "DENY"


def test_oembed_describes_the_card(client, settings, published):
    page_url = settings.VERIFY_DESK_URL.rstrip("/") + reverse("public_verdict", args=[published.pk])
    page = client.get(reverse("public_verdict", args=[published.pk])).content.decode()
    assert 'type="application/json+oembed"' in page
    data = json.loads(client.get(reverse("oembed"), {"url": page_url, "maxwidth": "320"}).content)
    assert data["version"] == "1.0" and data["type"] == "rich" and data["width"] == 320
    assert reverse("verdict_embed", args=[published.pk]) in data["html"] and data["html"].startswith("<iframe")
    assert client.get(reverse("oembed"), {"url": page_url, "format": "xml"}).status_code == 501
    assert client.get(reverse("oembed"), {"url": "https://elsewhere.example/verdicts/1/"}).status_code == 404
    assert client.get(reverse("oembed"), {"url": settings.VERIFY_DESK_URL + "queue/"}).status_code == 404
    assert client.get(reverse("oembed"), {"url": page_url, "maxwidth": "wide"}).status_code == 400


def test_demo_verdicts_appear_in_every_public_output(db, settings, client):
    settings.DEBUG = True
    from django.core.management import call_command

    from claims.models import Claim

    call_command("load_demo")
    published = list(Claim.objects.filter(status="published"))
    assert len(published) == 3
    root = ET.fromstring(client.get(reverse("verdict_atom")).content)  # noqa: S314 - our own feed
    assert len(root.findall(f"{ATOM}entry")) == 4  # three publications and one correction
    rows = read_csv(client.get(reverse("verdict_csv")))
    assert {r["claim"] for r in rows} == {c.headline for c in published}  # the standalone claim, as published
    assert sorted(r["corrections"] for r in rows) == ["0", "0", "1"]
    for claim in published:
        assert client.get(reverse("public_verdict", args=[claim.pk])).status_code == 200
        assert client.get(reverse("verdict_embed", args=[claim.pk])).status_code == 200


def test_the_api_exports_the_same_csv_with_filters_and_problems(client, users, published):
    from rest_framework.test import APIClient

    from claims.services.tokens import token_create

    _, key = token_create(user=users["viewer"], name="csv", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.get("/api/v1/verdicts.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows == read_csv(client.get(reverse("verdict_csv")))
    assert [r["claimant"] for r in read_csv(api.get("/api/v1/verdicts.csv?q=tanks"))] == ["Moscow"]
    assert read_csv(api.get("/api/v1/verdicts.csv?rating=true")) == []
    assert read_csv(api.get("/api/v1/verdicts.csv?format=csv")) == rows
    bad = api.get("/api/v1/verdicts.csv?until=someday", HTTP_ACCEPT="text/csv")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    unauthenticated = APIClient().get("/api/v1/verdicts.csv?format=csv")
    assert unauthenticated.status_code == 401 and unauthenticated.json()["status"] == 401
    assert "until must be a date" in bad.json()["detail"]
    assert APIClient().get("/api/v1/verdicts.csv").status_code == 401


@pytest.mark.parametrize("stage", ["reopened_draft", "pending_correction"])
def test_public_search_and_filters_see_only_the_published_version(client, users, published, stage):
    """Words and rating of a draft (reopened for correction) or of a correction waiting for approval
    are not findable in the index, the CSV or the API's CSV; the published rating still is."""
    from rest_framework.test import APIClient

    from claims.services import workflow
    from claims.services.tokens import token_create

    if stage == "reopened_draft":
        workflow.claim_reopen_for_correction(claim=published, actor=users["editor"], note="New data")
        workflow.verdict_save(
            claim=published, actor=users["checker"], rating=rating("true"), headline="True: SECRETDRAFT words"
        )
    else:
        workflow.verdict_correct(
            claim=published,
            actor=users["editor"],
            rating=rating("true"),
            headline="True: SECRETDRAFT words",
            note="Rated again",
        )
    _token, raw = token_create(user=users["viewer"], name="t", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")

    def found(params) -> dict[str, bool]:
        index = client.get(reverse("public_index"), params)
        return {
            "index": f"/verdicts/{published.pk}/" in index.content.decode(),
            "csv": bool(read_csv(client.get(reverse("verdict_csv"), params))),
            "api_csv": bool(read_csv(api.get("/api/v1/verdicts.csv", params))),
        }

    nowhere = {"index": False, "csv": False, "api_csv": False}
    everywhere = {"index": True, "csv": True, "api_csv": True}
    assert found({"q": "SECRETDRAFT"}) == nowhere
    assert found({"rating": "true"}) == nowhere
    assert found({"rating": "false"}) == everywhere  # the rating readers see
    assert found({"q": "did not happen"}) == everywhere  # the published headline
    page = client.get(reverse("public_index")).content.decode()
    assert 'class="rating rating-false">False</span>' in page and "rating-true" not in page
