"""Ingestion: bad input refused whole, idempotent re-ingest, job failures recorded and retryable."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.choices import ClaimStatus, JobStatus
from claims.demo import SAMPLE_ARTICLE
from claims.errors import BinaryInput, InputTooLarge, InvalidInput, JobNotFound, JobNotRetryable
from claims.extraction import checkworthiness, pipeline
from claims.models import Appearance, Article, Claim, ClaimEvent, ExtractionJob
from claims.services import ingest

SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")
# A page with no main text at all: not an article.
EMPTY_PAGE = "<html><head><title>Menu</title></head><body><script>var x = 1;</script></body></html>"


def ingest_and_run(**kwargs) -> ExtractionJob:
    job = ingest.article_ingest(**kwargs)
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"text": ""}, InvalidInput, "input is empty"),
        ({"text": "   \n\t "}, InvalidInput, "text is empty"),
        ({"text": "a", "html": "<p>b</p>"}, InvalidInput, "exactly one"),
        ({"text": "PK\x03\x04\x00\x00binary\x00"}, BinaryInput, "binary"),
        ({"html": "\x01\x02\x03\x04\x05\x06\x07\x08" * 200}, BinaryInput, "binary"),
        ({"url": "ftp://example.org/file"}, InvalidInput, "not an http"),
        ({"url": "http://"}, InvalidInput, "not an http"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_saves_nothing(db, kwargs, error, message):
    with pytest.raises(error, match=message):
        ingest.article_ingest(**kwargs)
    assert ExtractionJob.objects.count() == 0


def test_input_over_the_size_limit_is_refused(db, settings):
    settings.VERIFY_MAX_INPUT_BYTES = 1000
    with pytest.raises(InputTooLarge, match="1,001 bytes; the limit is 1,000"):
        ingest.article_ingest(text="x" * 1001)
    assert ExtractionJob.objects.count() == 0


def test_non_utf8_bytes_without_charset_are_refused():
    with pytest.raises(InvalidInput, match="not UTF-8"):
        ingest.decode_input("café".encode("latin-1") + b" \xff\xfe")
    assert ingest.decode_input(b'<meta charset="latin-1"><p>caf\xe9</p>').endswith("café</p>")
    with pytest.raises(BinaryInput, match="NUL"):
        ingest.decode_input(b"\x00\x01binary")


def test_sample_article_becomes_an_article_with_claims(db):
    job = ingest_and_run(text=SAMPLE)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.step, job.progress, job.attempts) == ("saved", 100, 1)
    article = job.article
    assert article.claims.count() == job.claims_created > 5
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.text
        assert article.text[claim.sentence_start : claim.sentence_end] == claim.sentence
        assert 0 <= claim.score <= 1
        assert claim.events.filter(kind=ClaimEvent.Kind.CREATED).count() == 1
        # One appearance at the claim's own place, one more at each near-duplicate's.
        assert {a.article for a in claim.appearances.all()} == {article}
        assert claim.appearances.filter(start=claim.start, end=claim.end).count() == 1
    assert any("tanks are being withdrawn" in c.text for c in article.claims.all())


def test_same_content_twice_creates_nothing_new(db):
    first = ingest_and_run(text=SAMPLE)
    counts = (Article.objects.count(), Claim.objects.count(), Appearance.objects.count(), ClaimEvent.objects.count())
    second = ingest_and_run(text=SAMPLE)
    assert second.status == JobStatus.SUCCEEDED
    assert second.article == first.article
    assert second.claims_created == 0
    assert (
        Article.objects.count(),
        Claim.objects.count(),
        Appearance.objects.count(),
        ClaimEvent.objects.count(),
    ) == counts


def test_a_newer_extractor_rescores_untouched_claims_and_keeps_review_work(db):
    first = ingest_and_run(text=SAMPLE)
    claims = list(first.article.claims.order_by("pk"))
    worked_on = claims[0]
    # As if an older extractor (another model) had made them: other scores, another version.
    Claim.objects.update(score=0.001, reason="old", extractor_version="1")
    Claim.objects.filter(pk=worked_on.pk).update(status=ClaimStatus.TRIAGED)
    second = ingest_and_run(text=SAMPLE)
    assert second.status == JobStatus.SUCCEEDED and second.claims_created == 0
    for claim in claims[1:]:
        fresh = Claim.objects.get(pk=claim.pk)
        assert (fresh.score, fresh.reason, fresh.extractor_version) == (
            claim.score,
            claim.reason,
            pipeline.EXTRACTOR_VERSION,
        )
        assert fresh.version == claim.version + 1
        assert fresh.events.filter(kind=ClaimEvent.Kind.UPDATED).count() == 1
    kept = Claim.objects.get(pk=worked_on.pk)  # review work is not overwritten
    assert (kept.score, kept.reason, kept.status, kept.extractor_version) == (0.001, "old", ClaimStatus.TRIAGED, "1")
    assert not kept.events.filter(kind=ClaimEvent.Kind.UPDATED).exists()


def test_the_extractor_version_follows_the_model():
    digest = hashlib.sha256(checkworthiness.MODEL_PATH.read_bytes()).hexdigest()
    assert pipeline.EXTRACTOR_VERSION.endswith("." + digest[:12])


def test_a_pending_job_for_the_same_input_is_reused(db):
    first = ingest.article_ingest(text=SAMPLE)
    second = ingest.article_ingest(text=SAMPLE)
    assert first.pk == second.pk


def test_running_a_job_twice_does_the_work_once(db):
    job = ingest.article_ingest(text=SAMPLE)
    ingest.job_run(job_id=job.pk)
    claims = Claim.objects.count()
    assert ingest.job_run(job_id=job.pk) is None  # already done: claimed by nobody
    assert Claim.objects.count() == claims
    assert ExtractionJob.objects.get(pk=job.pk).attempts == 1


def test_same_claim_in_another_article_becomes_an_appearance(db):
    first = ingest_and_run(text="The minister said unemployment fell to 3.5 percent last year.")
    second = ingest_and_run(text="A new report is out. The minister said unemployment fell to 3.5 percent last year.")
    shared = [c for c in Claim.objects.all() if c.appearances.count() == 2]
    assert len(shared) == 1
    claim = shared[0]
    assert claim.article == first.article
    assert {a.article for a in claim.appearances.all()} == {first.article, second.article}
    assert second.appearances_created == 1
    appearance = claim.appearances.get(article=second.article)
    assert second.article.text[appearance.start : appearance.end] == claim.text


def test_a_changed_version_supersedes_and_keeps_review_work(db, users):
    from claims.services import workflow

    url = "https://news.example.org/story"
    base = (
        "<html><head><title>Story</title><link rel='canonical' href='%s'></head>"
        "<body><article>%s</article></body></html>"
    )
    first = "<p>The minister said unemployment fell to 3.5 percent last year, according to the statistics office.</p>"
    job1 = ingest_and_run(
        html=base % (url, first + "<p>Officials counted 2,000 new jobs in March alone across the region.</p>")
    )
    assert job1.status == "succeeded", job1.error
    worked = job1.article.claims.order_by("start").first()
    workflow.claim_triage(claim=worked, actor=users["checker"])
    job2 = ingest_and_run(
        html=base % (url, first + "<p>Officials now count 2,500 new jobs in March alone across the region.</p>")
    )
    assert job2.status == "succeeded", job2.error
    old, new = job1.article, job2.article
    old.refresh_from_db()
    assert new.supersedes == old and new.is_latest and not old.is_latest
    worked.refresh_from_db()
    assert worked.status == "triaged"  # review work untouched
    assert worked.appearances.filter(article=new).exists()


def test_unknown_job_is_a_clear_error(db):
    with pytest.raises(JobNotFound, match="no extraction job 999"):
        ingest.job_retry(job_id=999)
    with pytest.raises(CommandError, match="no extraction job 999"):
        call_command("retry_job", "999")
    assert ingest.job_run(job_id=999) is None


def test_failed_job_is_recorded_and_retryable(db):
    job = ingest_and_run(html=EMPTY_PAGE)
    assert job.status == JobStatus.FAILED
    assert job.error and job.error_step
    assert Article.objects.count() == 0
    with pytest.raises(JobNotRetryable):
        ingest.job_retry(job_id=ingest_and_run(text=SAMPLE).pk)
    retried = ingest.job_retry(job_id=job.pk)
    assert (retried.status, retried.error, retried.attempts) == (JobStatus.QUEUED, "", 0)


def test_ingest_command_reports_and_exits_non_zero_on_failure(db, tmp_path, capsys):
    good = tmp_path / "article.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    call_command("ingest", str(good), "--wait")
    assert "succeeded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 of 2 inputs failed"):
        call_command("ingest", str(good), str(empty), "--wait")
    assert "empty" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", str(tmp_path / "missing.txt"))


def test_transient_failures_are_retried_then_recorded(db, django_capture_on_commit_callbacks, settings):
    # Nothing listens on port 9: every attempt fails the same transient way.
    settings.VERIFY_JOB_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        job = ingest.article_ingest(url="http://127.0.0.1:9/story")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Gave up after 3 attempts")
    assert "Could not connect to the site 127.0.0.1:9: the connection was refused" in job.error
    assert "Errno" not in job.error
    assert job.error_step == "fetched"  # where it failed, not the last step reached ("queued")
    assert job.attempts == 3
    assert Article.objects.count() == 0


@pytest.fixture
def pages(local_site):
    return local_site(
        {
            "/image": (200, "image/png", b"\x89PNG\r\n"),
            "/menu": (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            "/latin": (200, "text/plain", "<p>caf\u00e9 cr\u00e8me</p>".encode("latin-1")),
            "/story": (
                200,
                "text/html; charset=utf-8",
                b"<html><head><title>Story</title></head><body><article>"
                b"<p>The council said that 2,400 homes were flooded in March, twice as many as last year.</p>"
                b"</article></body></html>",
            ),
        }
    )


@pytest.mark.parametrize(
    ("path", "step", "reason"),
    [
        ("/image", "fetched", "image/png"),
        ("/menu", "cleaned", "No article text"),
        ("/latin", "fetched", "not UTF-8"),
        ("/missing", "fetched", "404"),
    ],
)
def test_url_jobs_fail_with_the_step_and_a_specific_reason(db, pages, path, step, reason):
    job = ingest_and_run(url=pages + path)
    assert (job.status, job.error_step) == (JobStatus.FAILED, step)
    assert reason in job.error
    assert Article.objects.count() == 0


def test_refused_address_fails_the_job(db, pages, settings):
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    job = ingest_and_run(url=pages + "/story")
    assert job.status == JobStatus.FAILED and "not a public address" in job.error


def test_url_job_keeps_the_page_and_saves_the_article(db, pages):
    job = ingest_and_run(url=pages + "/story")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.fetched_url == pages + "/story" and "2,400 homes" in job.fetched_content
    assert job.article.url == pages + "/story"
    assert job.article.claims.filter(text__contains="2,400 homes", claimant="the council").exists()


def test_a_saved_article_waits_for_matching_until_it_is_done(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The job row is the matching task's outbox: pending from the save until matched; re-sent when due."""
    from claims.services import matching

    settings.VERIFY_MATCH_INDEX_DIR = tmp_path / "index"
    job = ingest.article_ingest(text=SAMPLE)
    with django_capture_on_commit_callbacks(execute=False):  # its matching message is "lost"
        ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.claims_created > 5 and job.match_pending
    assert matching.jobs_rematch_pending(older_than_seconds=600) == 0  # not due yet
    assert matching.jobs_rematch_pending(older_than_seconds=0) == 1  # due: sent (run inline in tests)
    job.refresh_from_db()
    assert not job.match_pending
    assert matching.jobs_rematch_pending(older_than_seconds=0) == 0
    # The same text again adds no claim: nothing to wait for.
    again = ingest.article_ingest(text=SAMPLE)
    ingest.job_run(job_id=again.pk)
    again.refresh_from_db()
    assert again.claims_created == 0 and not again.match_pending


NEAR_DUPLICATES = """Council cuts 300 jobs to close £20 million gap, leader says

The council will cut 300 jobs to close a £20 million gap in its budget, its leader said on Monday.

Unions said they would ballot members over the 300 job cuts this spring.
"""


def test_near_duplicates_in_one_article_are_one_claim_with_an_appearance_each(db, client, users):
    job = ingest_and_run(text=NEAR_DUPLICATES)
    assert job.status == "succeeded"
    cuts = [c for c in Claim.objects.all() if "£20 million gap" in c.text]
    assert len(cuts) == 1
    places = list(Appearance.objects.filter(claim=cuts[0]).order_by("start"))
    assert len(places) == 2 and {p.article_id for p in places} == {job.article_id}
    text = Article.objects.get().text
    assert all(text[p.start : p.end] and text[p.sentence_start : p.sentence_end] == p.sentence for p in places)
    # The same article again adds no place twice.
    job_again = ingest_and_run(text=NEAR_DUPLICATES + "\n")
    assert job_again.claims_created == 0
    assert Appearance.objects.filter(claim=cuts[0]).count() == 2
    client.force_login(users["checker"])
    page = client.get(f"/claims/{cuts[0].pk}/").content.decode()
    assert "In the same article" in page


CANONICAL_ELSEWHERE = "https://www.dailymail.co.uk/news/article-10513953/NATO-no-signs-de-escalation.html"


@pytest.fixture
def poser(local_site):
    """A page on 127.0.0.1 that names another outlet's article as its canonical URL."""
    body = (
        f'<html><head><title>NATO: no signs of de-escalation</title><link rel="canonical" '
        f'href="{CANONICAL_ELSEWHERE}"><meta property="og:site_name" content="Daily Mail"></head><body>'
        "<article><p>Moscow said that tanks are being withdrawn, but NATO counted 150,000 troops at the "
        "border and said more were on their way.</p></article></body></html>"
    ).encode()
    same_site = body.replace(CANONICAL_ELSEWHERE.encode(), b"/story-canonical")
    return local_site({"/poser": (200, "text/html", body), "/story": (200, "text/html", same_site)})


def test_a_page_cannot_pose_as_another_outlets_article(db, poser):
    original = ingest_and_run(
        html=f'<html><head><link rel="canonical" href="{CANONICAL_ELSEWHERE}"><title>NATO'
        "</title></head><body><article><p>The ministry said 2,000 anti-tank weapons "
        "were sent to Ukraine last month.</p></article></body></html>"
    )
    assert original.status == JobStatus.SUCCEEDED, original.error
    assert original.article.canonical_url == CANONICAL_ELSEWHERE
    assert original.article.outlet.domain == "dailymail.co.uk"

    job = ingest_and_run(url=poser + "/poser")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.article.canonical_url == poser + "/poser"  # the fetched URL, not the one it claims
    assert job.article.outlet.domain == "127.0.0.1"
    assert job.article.supersedes is None
    original.article.refresh_from_db()
    assert original.article.is_latest  # the Daily Mail's version is not replaced


def test_a_canonical_url_on_the_fetched_host_is_kept(db, poser):
    job = ingest_and_run(url=poser + "/story")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.article.canonical_url == poser + "/story-canonical"


@pytest.mark.parametrize(
    ("canonical", "fetched", "kept"),
    [
        ("https://www.example.co.uk/a", "https://news.example.co.uk/a?utm=1", True),  # same registrable domain
        ("https://example.co.uk/a", "https://www.example.co.uk/b", True),
        ("https://other.co.uk/a", "https://www.example.co.uk/a", False),
        ("https://alice.blogspot.com/a", "https://bob.blogspot.com/a", False),  # a private suffix: two sites
        ("https://www.dailymail.co.uk/x", "http://127.0.0.1:8000/x", False),
        ("http://127.0.0.1:9/x", "http://127.0.0.1:8000/y", True),  # the same host, another port
        ("http://example.org:99999/x", "https://example.org/x", False),  # not a URL we accept
        ("", "https://example.org/x", False),
    ],
)
def test_trusted_canonical(canonical, fetched, kept):
    assert ingest.trusted_canonical(canonical, fetched_url=fetched) == (canonical if kept else fetched)
