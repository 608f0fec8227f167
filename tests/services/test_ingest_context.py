"""Ingest with context: text and HTML carry the article's URL, outlet and date (service, desk form,
API); fetch failures named in plain words at the fetch step, the permanent ones not retried; a failed
evidence archive retried from the desk and the API, with its event."""

from __future__ import annotations

import re
import socket
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import claim_in_state
from rest_framework.test import APIClient

from claims.choices import JobStatus
from claims.errors import InvalidInput, InvalidTransition, NotPermitted
from claims.exports.claimreview import claimreview, public_claims
from claims.models import Article, ClaimEvent, Evidence, ExtractionJob, Outlet
from claims.services import evidence as evidence_service
from claims.services import ingest, workflow
from claims.services.tokens import token_create

TEXT = (
    "The council said that 2,400 homes were flooded in March, twice as many as last year. "
    "The mayor said the new barrier cost 12 million pounds."
)
HTML = (
    "<html><head><title>Floods</title></head><body><article><p>The council said that 2,400 homes were "
    "flooded in March, twice as many as last year.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def run(job: ExtractionJob) -> ExtractionJob:
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def api(user, scopes=("read", "ingest", "review")):
    _token, raw = token_create(user=user, name="test", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


# --- Context on the article ----------------------------------------------------------------------


def test_text_with_url_outlet_and_date_ends_up_on_the_article_and_its_claimreview(db, users):
    job = run(
        ingest.article_ingest(
            text=TEXT,
            article_url="https://www.localnews.example/floods",
            outlet_name="Local News",
            published_at=date(2024, 4, 2),
        )
    )
    assert job.status == JobStatus.SUCCEEDED
    article = job.article
    assert article.url == "https://www.localnews.example/floods"
    assert article.published_at == datetime(2024, 4, 2, tzinfo=UTC)
    assert (article.outlet.name, article.outlet.domain) == ("Local News", "localnews.example")
    claim = article.claims.order_by("-score").first()
    claim_in_state("published", checker=users["checker"], editor=users["editor"], claim=claim)
    item = claimreview(public_claims().get(pk=claim.pk))["itemReviewed"]
    assert item["datePublished"] == "2024-04-02T00:00:00+00:00"
    assert item["appearance"][0]["url"] == "https://www.localnews.example/floods"
    assert item["appearance"][0]["datePublished"] == "2024-04-02T00:00:00+00:00"


def test_html_with_context_and_a_known_outlet_by_domain(db):
    known = Outlet.objects.create(name="The Herald", domain="herald.example")
    job = run(
        ingest.article_ingest(
            html=HTML,
            article_url="https://herald.example/floods",
            outlet_name="herald.example",
            published_at=datetime(2024, 4, 2, 7, 30, tzinfo=UTC),
        )
    )
    assert job.status == JobStatus.SUCCEEDED
    assert (job.article.outlet, job.article.url) == (known, "https://herald.example/floods")
    assert job.article.published_at == datetime(2024, 4, 2, 7, 30, tzinfo=UTC)
    assert Outlet.objects.count() == 1


def test_outlet_named_without_a_url_is_known_by_its_name(db):
    job = run(ingest.article_ingest(text=TEXT, outlet_name="Radio Town"))
    assert (job.article.outlet.name, job.article.outlet.domain, job.article.url) == ("Radio Town", "", "")
    again = run(ingest.article_ingest(text=TEXT + " More.", outlet_name="radio town"))
    assert again.article.outlet == job.article.outlet


def test_the_same_text_again_with_context_fills_in_what_the_article_lacked(db):
    first = run(ingest.article_ingest(text=TEXT))
    assert (first.article.url, first.article.published_at) == ("", None)
    second = run(ingest.article_ingest(text=TEXT, article_url="https://news.example/a", published_at=date(2024, 1, 5)))
    article = Article.objects.get(pk=first.article_id)
    assert second.article_id == article.pk and Article.objects.count() == 1
    assert (article.url, article.published_at.date()) == ("https://news.example/a", date(2024, 1, 5))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": TEXT, "article_url": "ftp://files.example/a"}, "is not an http"),
        ({"text": TEXT, "article_url": "https://user:pw@news.example/a"}, "user name or password"),
        (
            {"url": "https://news.example/a", "article_url": "https://news.example/b"},
            "fetched page has its own address",
        ),
        ({"text": TEXT, "published_at": date(1066, 10, 14)}, "give a year from 1800 to 2999"),
        ({"text": TEXT, "published_at": "yesterday"}, "must be a date"),
    ],
)
def test_bad_context_is_refused_with_the_reason(db, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        ingest.article_ingest(**kwargs)
    assert ExtractionJob.objects.count() == 0


def test_desk_form_takes_the_context_and_shows_field_errors(db, users, client, django_capture_on_commit_callbacks):
    client.force_login(users["checker"])
    page = client.get(reverse("ingest")).content.decode()
    assert 'name="article_url"' in page and 'name="outlet"' in page and 'name="published"' in page
    bad = client.post(reverse("ingest"), {"text": TEXT, "article_url": "not a url at all", "published": "2024-13-40"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Enter a valid URL." in html and "Enter the publication date as YYYY-MM-DD." in html
    both = client.post(reverse("ingest"), {"url": "https://news.example/a", "article_url": "https://news.example/b"})
    assert both.status_code == 400 and "Leave this empty when giving a URL to fetch" in both.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            reverse("ingest"),
            {
                "text": TEXT,
                "article_url": "https://news.example/floods",
                "outlet": "News Example",
                "published": "2024-04-02",
            },
        )
    assert ok.status_code == 302
    article = ExtractionJob.objects.get().article
    assert (article.url, article.outlet.name, article.published_at.date()) == (
        "https://news.example/floods",
        "News Example",
        date(2024, 4, 2),
    )


def test_api_takes_the_context_and_refuses_bad_values_with_400(db, users, django_capture_on_commit_callbacks):
    client = api(users["checker"])
    for body, field, words in [
        ({"text": TEXT, "published_at": "02/04/2024"}, "published_at", "YYYY-MM-DD"),
        ({"text": TEXT, "published_at": "2024-02-30"}, "published_at", "YYYY-MM-DD"),
        ({"text": TEXT, "article_url": "javascript:alert(1)"}, "article_url", "is not an http"),
        ({"text": TEXT, "published_at": "2024-04-02" + "x" * 50}, "published_at", "YYYY-MM-DD"),
        ({"url": "https://news.example/a", "article_url": "https://news.example/b"}, "article_url", "own address"),
        ({"text": TEXT, "published_at": "1066-10-14"}, None, "1800 to 2999"),
    ]:
        response = client.post("/api/v1/articles/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert words in response.content.decode(), response.content
        if field:
            assert field in response.content.decode()
    assert ExtractionJob.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/articles/",
            {
                "text": TEXT,
                "article_url": "https://news.example/floods",
                "outlet": "News Example",
                "published_at": "2024-04-02T09:15:00+02:00",
            },
            format="json",
        )
    assert response.status_code == 202
    job = client.get(f"/api/v1/jobs/{response.json()['id']}/").json()
    article = client.get(f"/api/v1/articles/{job['article']}/").json()
    assert article["url"] == "https://news.example/floods" and article["outlet"] == "News Example"
    assert article["published_at"] == "2024-04-02T07:15:00Z"


# --- Where an input came in ----------------------------------------------------------------------


def ingested_line(page: str) -> str:
    """The line the job and article pages show of how the input came in."""
    return re.search(r'<p class="muted ingested">(.*?)</p>', page, re.S).group(1)


def test_an_api_ingest_keeps_its_form_and_shows_it_came_through_the_api(
    db, users, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(users["checker"]).post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 202
    assert (response.json()["source_kind"], response.json()["channel"]) == ("text", "api")
    job = ExtractionJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.SUCCEEDED  # read as text: the channel did not replace the form
    client.force_login(users["editor"])
    for page in (reverse("job", args=[job.pk]), reverse("article", args=[job.article_id])):
        assert ingested_line(client.get(page).content.decode()).startswith(
            f"Pasted text · via API · by {users['checker'].username} · "
        )


def test_a_desk_upload_shows_it_came_through_the_desk(db, users, client, django_capture_on_commit_callbacks):
    client.force_login(users["checker"])
    upload = SimpleUploadedFile("floods.html", HTML.encode(), content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ingest"), {"html_file": upload})
    job = ExtractionJob.objects.get()
    assert response.status_code == 302 and (job.source_kind, job.channel) == ("html", "desk")
    assert job.status == JobStatus.SUCCEEDED
    page = client.get(reverse("article", args=[job.article_id])).content.decode()
    assert ingested_line(page).startswith(f"HTML upload · via Desk · by {users['checker'].username} · ")


def test_code_that_calls_the_service_is_the_command_line_and_an_unknown_channel_is_refused(db, users, client):
    job = ingest.article_ingest(text=TEXT)
    assert (job.source_kind, job.channel, job.submitted_by) == ("text", "command", None)
    client.force_login(users["checker"])
    assert ingested_line(client.get(reverse("job", args=[job.pk])).content.decode()).startswith(
        "Pasted text · via Command line ·"
    )
    with pytest.raises(InvalidInput, match="Unknown ingest channel 'fax': one of desk, api, feed, command"):
        ingest.article_ingest(text=TEXT, channel="fax")
    assert ExtractionJob.objects.count() == 1


def test_a_reader_requests_article_says_so_without_a_job(db, users, client):
    article = Article.objects.create(title="Reader request", text=TEXT, content_hash="r", source_kind="request")
    client.force_login(users["checker"])
    assert ingested_line(client.get(reverse("article", args=[article.pk])).content.decode()) == "Reader request"


# --- Failures in plain words, at the right step ---------------------------------------------------


def test_a_site_that_does_not_exist_fails_at_once_in_plain_words_at_the_fetch_step(
    db, users, client, django_capture_on_commit_callbacks
):
    # .invalid never resolves (RFC 6761): the resolver answers "no such name", not an outage.
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(url="https://no-such-newsroom.invalid/story")
    job.refresh_from_db()
    assert (job.status, job.error_step, job.attempts) == (JobStatus.FAILED, "fetched", 1)  # not retried
    assert job.error.startswith("Could not find the site no-such-newsroom.invalid (DNS lookup failed)")
    assert "Errno" not in job.error and "Retrying" not in job.error
    client.force_login(users["checker"])
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert (
        "Failed while fetching the page: Could not find the site no-such-newsroom.invalid (DNS lookup failed)" in page
    )


def test_an_address_we_may_not_fetch_fails_at_once_in_plain_words_at_the_fetch_step(
    db, settings, django_capture_on_commit_callbacks
):
    settings.VERIFY_FETCH_ALLOW_PRIVATE, settings.VERIFY_JOB_MAX_ATTEMPTS = False, 3
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(url="http://10.20.30.40/story")
    job.refresh_from_db()
    assert (job.status, job.error_step, job.attempts) == (JobStatus.FAILED, "fetched", 1)  # refused: not retried
    assert "not a public address" in job.error
    assert "Errno" not in job.error and "Retrying" not in job.error and "Gave up" not in job.error


def test_a_temporary_dns_failure_is_still_retried(db, monkeypatch, settings, django_capture_on_commit_callbacks):
    settings.VERIFY_JOB_MAX_ATTEMPTS = 2

    def resolver_down(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", resolver_down)
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(url="https://news.example/story")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_step) == (JobStatus.FAILED, 2, "fetched")
    assert "Could not look up the site news.example (DNS lookup failed for now" in job.error


def test_a_job_waiting_for_its_retry_shows_why(db, users, client):
    job = ingest.article_ingest(url="https://news.example/story")
    ExtractionJob.objects.filter(pk=job.pk).update(
        attempts=1,
        error="Retrying after: Could not connect to the site news.example: the connection was refused "
        "(nothing answers on that port).",
    )
    client.force_login(users["viewer"])
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Retrying after: Could not connect to the site news.example" in page


def test_a_missing_page_is_not_retried(db, local_site, django_capture_on_commit_callbacks):
    site = local_site({})
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(url=f"{site}/gone")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_step) == (JobStatus.FAILED, 1, "fetched")
    assert "answered 404 Not Found: the page was not found." in job.error


# --- Retrying a failed evidence archive -----------------------------------------------------------


@pytest.fixture
def flaky_source(local_site):
    """A source page that is missing until it is published (``state["up"] = True``)."""
    state = {"up": False}

    def route(path):
        if path == "/report" and state["up"]:
            return (
                200,
                "text/html; charset=utf-8",
                (
                    b"<html><head><title>Flood report</title></head><body><article>"
                    b"<p>The agency counted 2,400 flooded homes in March.</p>"
                    b"</article></body></html>"
                ),
            )
        return None

    return local_site(route), state


def failed_evidence(users, site, django_capture_on_commit_callbacks) -> Evidence:
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        evidence = workflow.evidence_add(
            claim=claim, actor=users["checker"], source_kind="official_data", stance="supports", url=f"{site}/report"
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == "failed" and "404" in evidence.archive_error
    return evidence


def test_retry_archives_a_failed_evidence_page_and_records_an_event(
    db, users, flaky_source, django_capture_on_commit_callbacks
):
    site, state = flaky_source
    evidence = failed_evidence(users, site, django_capture_on_commit_callbacks)
    state["up"] = True
    with django_capture_on_commit_callbacks(execute=True):
        evidence_service.evidence_archive_retry(evidence=evidence, actor=users["checker2"])
    evidence.refresh_from_db()
    assert (evidence.archive_status, evidence.archive_error, evidence.title) == ("archived", "", "Flood report")
    assert "2,400 flooded homes" in evidence.archive_text
    event = ClaimEvent.objects.get(claim=evidence.claim, kind="archive_retried")
    assert event.actor == users["checker2"] and event.data["evidence"] == evidence.pk
    assert "404" in event.data["error"]
    with pytest.raises(InvalidTransition, match="this one is archived"):
        evidence_service.evidence_archive_retry(evidence=evidence, actor=users["checker"])


def test_only_a_reviewer_may_retry_archiving(db, users, flaky_source, django_capture_on_commit_callbacks):
    evidence = failed_evidence(users, flaky_source[0], django_capture_on_commit_callbacks)
    with pytest.raises(NotPermitted):
        evidence_service.evidence_archive_retry(evidence=evidence, actor=users["viewer"])
    assert Evidence.objects.get(pk=evidence.pk).archive_status == "failed"
    assert not ClaimEvent.objects.filter(kind="archive_retried").exists()


def test_retry_button_on_the_desk(db, users, client, flaky_source, django_capture_on_commit_callbacks):
    site, state = flaky_source
    evidence = failed_evidence(users, site, django_capture_on_commit_callbacks)
    client.force_login(users["viewer"])
    assert "btn-archive-retry" not in client.get(reverse("claim", args=[evidence.claim_id])).content.decode()
    assert client.post(reverse("evidence_archive_retry", args=[evidence.pk])).status_code == 403
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[evidence.claim_id])).content.decode()
    assert reverse("evidence_archive_retry", args=[evidence.pk]) in page
    assert "btn-archive-retry" in client.get(reverse("evidence_archive", args=[evidence.pk])).content.decode()
    state["up"] = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_archive_retry", args=[evidence.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("claim", args=[evidence.claim_id])
    assert Evidence.objects.get(pk=evidence.pk).archive_status == "archived"
    again = client.post(reverse("evidence_archive_retry", args=[evidence.pk]), follow=True)
    assert "Only evidence whose archiving failed can be archived again" in again.content.decode()


def test_retry_through_the_api(db, users, flaky_source, django_capture_on_commit_callbacks):
    site, state = flaky_source
    evidence = failed_evidence(users, site, django_capture_on_commit_callbacks)
    path = f"/api/v1/claims/{evidence.claim_id}/evidence/{evidence.pk}/archive/"
    assert api(users["viewer"]).post(path).status_code == 403
    assert api(users["checker"], scopes=("read",)).post(path).status_code == 403
    assert api(users["checker"]).post(f"/api/v1/claims/{evidence.claim_id}/evidence/999999/archive/").status_code == 404
    response = api(users["checker"]).post(path)  # sent to the worker after commit (not here: no commit)
    assert response.status_code == 202 and response.json()["archive_status"] == "pending"
    evidence.refresh_from_db()
    assert evidence.archive_status == "pending"
    conflict = api(users["checker"]).post(path)
    assert conflict.status_code == 409 and "this one is archiving" in conflict.json()["detail"]


def test_the_ingest_command_takes_the_context_too(db, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "floods.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="--published must be a date as YYYY-MM-DD"):
        call_command("ingest", str(path), "--published", "April 2nd")
    call_command(
        "ingest",
        str(path),
        "--wait",
        "--article-url",
        "https://news.example/floods",
        "--outlet",
        "Valley News",
        "--published",
        "2024-04-02",
    )
    article = Article.objects.get()
    assert (article.url, article.outlet.name, article.published_at.date()) == (
        "https://news.example/floods",
        "Valley News",
        date(2024, 4, 2),
    )
    assert "succeeded" in capsys.readouterr().out
