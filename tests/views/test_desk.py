"""The review desk: every page × every role, the workflow through forms, stale edits, query counts."""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from factories import claim_in_state, make_article, make_claim, rating, with_its_appearance

from claims import urls as desk_urls
from claims.models import (
    Appearance,
    Claim,
    ClaimMatch,
    Evidence,
    ExtractionJob,
    ReaderRequest,
    Verdict,
)
from claims.views import highlight_segments

ROLES = ["anonymous", "nobody", "viewer", "checker", "editor", "admin"]
RANK = {role: i for i, role in enumerate(ROLES)}
# URL name → (least role that may open it with GET, or None for POST-only / public)
PAGES = {
    "queue": "viewer",
    "claim": "viewer",
    "article": "viewer",
    "job": "viewer",
    "ingest": "checker",
    "password_change": "nobody",
    "inbox": "viewer",
    "dashboard": "viewer",
    "settings": "admin",
    "settings_rating": None,
    "settings_rating_add": None,
    "settings_user_add": None,
    "queue_bulk": None,
    "evidence_archive": "viewer",
    "evidence_archive_retry": None,
    # GET answers 404 without a stored page: its access by role is in tests/stack/test_evidence_storage.py
    "evidence_archive_original": None,
    "api_tokens": "viewer",
    "login": None,
    "logout": None,
    "claim_move": None,
    "claim_verdict": None,
    "claim_edit": None,
    "claim_split": None,
    "claim_merge": None,
    "claim_evidence": None,
    "claim_comment": None,
    "claim_match": None,
    "job_retry": None,
    "notifications": "viewer",
    "articles": "viewer",
    "notification_preferences": "viewer",
    "notifications_read": None,
    # Reader requests (issue 26): the public form, its embed and the reader's data page need no
    # sign-in (tests/services/test_reader_requests.py); the Requests view is the desk's.
    "requests": "checker",
    "request_ban": None,
    "request_detach": None,
    "request_attach": None,
    "ask": None,
    "ask_embed": None,
    "ask_data": None,
}


# URL name → least role that gets past the page's own check with POST (the
# services then decide each move); None = public.
POSTS = {
    "claim_move": "viewer",
    "claim_verdict": "checker",
    "claim_edit": "checker",
    "claim_split": "checker",
    "claim_merge": "checker",
    "claim_evidence": "checker",
    "claim_comment": "checker",
    "claim_match": "checker",
    "job_retry": "checker",
    "evidence_archive_retry": "checker",
    "queue_bulk": "checker",
    "ingest": "checker",
    "settings": "admin",
    "settings_rating": "admin",
    "settings_rating_add": "admin",
    "settings_user_add": "admin",
    "api_tokens": "viewer",
    "password_change": "nobody",
    "login": None,
    "logout": None,
    "notifications_read": "viewer",
    "notification_preferences": "viewer",
    "request_ban": "editor",
    "request_detach": "editor",
    "request_attach": "editor",
    "ask": None,
    "ask_embed": None,
    "ask_data": None,
    "evidence_archive_original": None,  # GET only (405 on POST): tests/stack/test_evidence_storage.py
}


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_every_desk_url_has_an_access_decision():
    names = {p.name for p in desk_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGES), f"decide access for: {names ^ set(PAGES)}"
    posting = {n for n, least in PAGES.items() if least is None}
    assert posting <= set(POSTS), f"decide POST access for: {posting - set(POSTS)}"


@pytest.fixture
def objects(db):
    claim = make_claim()
    Appearance.objects.create(
        claim=claim,
        article=claim.article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        claimant=claim.claimant,
    )
    job = ExtractionJob.objects.create(source_kind="text", input_content="x", input_hash="h")
    evidence = Evidence.objects.create(
        claim=claim, quote="A quote", source_kind="document", stance="refutes", added_by=make_user("evi", "checker")
    )
    match = ClaimMatch.objects.create(
        claim=claim, matched_claim=make_claim(article=make_article()), score=0.7, tier="suggest"
    )
    request = ReaderRequest.objects.create(text="Is it true?", channel="web", sender_hash="ab" * 32)
    return {
        "claim": claim.pk,
        "article": claim.article_id,
        "job": job.pk,
        "evidence": evidence.pk,
        "match": match.pk,
        "request": request.pk,
    }


def url_for(name, objects):
    kwargs = {
        "claim": {"pk": objects["claim"]},
        "article": {"pk": objects["article"]},
        "job": {"pk": objects["job"]},
        "evidence_archive": {"pk": objects["evidence"]},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", [n for n, r in PAGES.items() if r])
@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(client, users, objects, name, role):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(url_for(name, objects))
    least = PAGES[name]
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif RANK[role] >= RANK[least]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", [n for n, r in POSTS.items() if r])
@pytest.mark.parametrize("role", ROLES)
def test_post_access_by_role(client, users, objects, name, role):
    if role != "anonymous":
        client.force_login(users[role])
    kwargs = {
        "claim_move": {"pk": objects["claim"], "move": "triage"},
        "claim_verdict": {"pk": objects["claim"]},
        "claim_evidence": {"pk": objects["claim"]},
        "claim_comment": {"pk": objects["claim"]},
        "claim_edit": {"pk": objects["claim"]},
        "claim_split": {"pk": objects["claim"]},
        "claim_merge": {"pk": objects["claim"]},
        "job_retry": {"pk": objects["job"]},
        "settings_rating": {"pk": rating("false").pk},
        "evidence_archive_retry": {"pk": objects["evidence"]},
        "claim_match": {"pk": objects["claim"], "match_id": objects["match"], "decision": "reject"},
        "request_ban": {"pk": objects["request"]},
        "request_detach": {"pk": objects["request"]},
        "request_attach": {"pk": objects["request"]},
    }.get(name, {})
    response = client.post(reverse(name, kwargs=kwargs), {})
    least = POSTS[name]
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif RANK[role] >= RANK[least]:
        assert response.status_code in (200, 302, 400)  # past the door: the form or service answers
    else:
        assert response.status_code == 403


def test_login_page_and_sign_in(client, users):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "chris", "password": "pw-for-tests"})
    assert response.status_code == 302
    assert client.get(reverse("queue")).status_code == 200


def test_claim_goes_from_new_to_published_through_the_forms(client, users):
    claim = make_claim()
    checker, editor = users["checker"], users["editor"]
    client.force_login(checker)

    def move(name, **data):
        current = Claim.objects.get(pk=claim.pk)
        return client.post(reverse("claim_move", args=[claim.pk, name]), {"version": current.version, **data})

    move("triage")
    move("assign")
    response = client.post(
        reverse("claim_evidence", args=[claim.pk]),
        {
            "url": "https://stats.example.org/table",
            "title": "Official table",
            "source_kind": "official_data",
            "stance": "refutes",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("claim", args=[claim.pk]))
    assert b"Official table" in page.content and b"Submit for approval" not in page.content
    response = client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {
            "verdict_version": 0,
            "rating": rating("false").pk,
            "headline": "False: the figure is 2,000",
            "explanation": "The table shows it.",
        },
    )
    assert response.status_code == 302
    assert b"Submit for approval" in client.get(reverse("claim", args=[claim.pk])).content
    move("submit")
    client.force_login(editor)
    move("approve")
    move("publish")
    claim.refresh_from_db()
    assert claim.status == "published"
    assert Verdict.objects.get(claim=claim).approved_by == editor
    history = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert "Publish" in history and "approve" in history


def test_refused_move_says_why_and_changes_nothing(client, users):
    claim = make_claim()
    client.force_login(users["viewer"])
    response = client.post(reverse("claim_move", args=[claim.pk, "triage"]), {"version": 1}, follow=True)
    assert "may not triage" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_stale_move_is_refused_with_a_message(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    client.post(reverse("claim_move", args=[claim.pk, "triage"]), {"version": 1})
    response = client.post(
        reverse("claim_move", args=[claim.pk, "dismiss"]),
        {"version": 1, "reason": "not_important", "note": "boring"},
        follow=True,
    )
    text = response.content.decode()
    assert "changed by someone else" in text and "boring" in text
    assert Claim.objects.get(pk=claim.pk).status == "triaged"


def test_stale_verdict_edit_keeps_the_users_text_and_shows_their_changes(client, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    stale = Verdict.objects.get(claim=claim).version
    client.force_login(users["editor"])  # someone else edits first
    client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {
            "verdict_version": stale,
            "rating": rating("mostly-false").pk,
            "headline": "Their new headline",
            "explanation": "Their reasoning.",
        },
    )
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {
            "verdict_version": stale,
            "rating": rating("true").pk,
            "headline": "My careful second headline",
            "explanation": "My own words.",
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "changed by someone else" in text
    assert "My careful second headline" in text and "My own words." in text  # kept in the form
    diff = text[text.index('<table class="diff">') : text.index("</table>", text.index('<table class="diff">'))]
    assert "False: it did not happen" in diff and "Their new headline" in diff  # then → now
    assert "Mostly false" in diff and "Their reasoning." in diff
    assert "edith — verdict saved" in squash(text)  # what happened since, by whom
    assert Verdict.objects.get(claim=claim).headline == "Their new headline"
    # The form now carries the current version: saving again knowingly replaces theirs.
    current = Verdict.objects.get(claim=claim).version
    assert f'name="verdict_version" value="{current}"' in text
    response = client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict_version": current, "rating": rating("true").pk, "headline": "My careful second headline"},
    )
    assert response.status_code == 302
    assert Verdict.objects.get(claim=claim).headline == "My careful second headline"


def test_stale_move_shows_the_moves_made_since(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    client.post(reverse("claim_move", args=[claim.pk, "triage"]), {"version": 1})
    client.force_login(users["editor"])
    client.post(reverse("claim_move", args=[claim.pk, "assign"]), {"version": 2, "assignee": users["checker"].pk})
    client.force_login(users["checker2"])
    response = client.post(
        reverse("claim_move", args=[claim.pk, "dismiss"]),
        {"version": 1, "reason": "other", "note": "my reason to drop it"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    since = squash(text[text.index("What happened since") : text.index("</ol>", text.index("What happened since"))])
    assert "chris — triage (new → triaged)" in since and "edith — assign (triaged → in review)" in since
    assert "my reason to drop it" in text
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_form_errors_keep_input(client, users):
    client.force_login(users["checker"])
    response = client.post(reverse("ingest"), {"url": "https://example.org/a", "text": "Some text here"})
    assert response.status_code == 400
    assert "exactly one" in response.content.decode() and "Some text here" in response.content.decode()


def test_ingest_text_redirects_to_its_job(client, users, django_capture_on_commit_callbacks):
    client.force_login(users["checker"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ingest"),
            {"text": "The council said that 2,400 homes were flooded in March, twice as many as last year."},
        )
    assert response.status_code == 302
    job = ExtractionJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == "succeeded" and "2,400 homes" in page


def test_failed_job_shows_reason_and_retry(client, users):
    job = ExtractionJob.objects.create(
        source_kind="text",
        input_content="x",
        input_hash="h",
        status="failed",
        error="No article text found",
        error_step="cleaned",
    )
    client.force_login(users["checker"])
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "No article text found" in page and "Retry" in page
    client.post(reverse("job_retry", args=[job.pk]))
    assert ExtractionJob.objects.get(pk=job.pk).status == "queued"


def test_highlights_follow_the_offsets_and_escape_text(db):
    article = make_article(text="A <b>bold</b> claim. Another claim here.")
    first = make_claim(article=article, text="<b>bold</b> claim")
    second = make_claim(article=article, text="Another claim")
    appearances = [Appearance(claim=c, article=article, start=c.start, end=c.end) for c in (first, second)]
    segments = highlight_segments(article.text, appearances)
    assert "".join(piece for piece, _ in segments) == article.text
    assert [(p, c) for p, c in segments if c] == [("<b>bold</b> claim", first), ("Another claim", second)]


def test_article_page_escapes_and_links_claims(client, users):
    article = make_article(text="A <script>x</script> said 2,000 troops. Tail.")
    claim = make_claim(article=article, text="said 2,000 troops")
    Appearance.objects.create(
        claim=claim,
        article=article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.start,
        sentence_end=claim.end,
        claimant="x",
    )
    client.force_login(users["viewer"])
    html = client.get(reverse("article", args=[article.pk])).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert f'href="/claims/{claim.pk}/"' in html


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _appear(claim, article):
    return Appearance.objects.create(
        claim=claim,
        article=article,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        claimant="x",
    )


def _grow_claim(claim, users, n: int) -> None:
    """Give ``claim`` n more evidence, comments, appearances, verdict versions (and their events)."""
    from claims.services import workflow

    checker = users["checker"]
    for i in range(n):
        workflow.evidence_add(
            claim=claim,
            actor=checker,
            source_kind="document",
            stance="refutes",
            quote=f"Quote {i}",
            title=f"Source {i}",
        )
        workflow.comment_add(claim=claim, actor=users["editor"], body=f"Note {i} for @chris")
        _appear(claim, make_article())
        verdict = Verdict.objects.get(claim=claim)
        workflow.verdict_save(
            claim=claim,
            actor=checker,
            rating=rating("false"),
            headline=f"False, take {i}",
            evidence=list(claim.evidence.all()),
            expected_version=verdict.version,
        )


def _match(claim, n: int) -> None:
    """Give ``claim`` n more matches: earlier claims and other fact-checkers' verdicts."""
    from claims.models import ExternalReview

    for _ in range(n):
        ClaimMatch.objects.create(
            claim=claim, matched_claim=make_claim(article=make_article()), score=0.6, tier="suggest"
        )
        review = ExternalReview.objects.create(
            url=f"https://factcheck.example.org/{ExternalReview.objects.count()}",
            claim_reviewed="A claim",
            publisher_name="Example Fact Check",
            rating_label="False",
            raw={},
            content_hash="h",
        )
        ClaimMatch.objects.create(claim=claim, external_review=review, score=0.95, tier="auto", decision="confirmed")


def test_query_counts_do_not_grow_with_rows(client, users):
    client.force_login(users["editor"])
    article = make_article(text="Claim one. " * 80)
    for _ in range(3):
        _appear(make_claim(article=article), article)
    claim = claim_in_state(
        "in_review", checker=users["checker"], editor=users["editor"], claim=make_claim(article=article)
    )
    _appear(claim, article)
    _grow_claim(claim, users, 1)
    _match(claim, 1)
    urls = [reverse("queue"), reverse("claim", args=[claim.pk]), reverse("article", args=[article.pk])]
    small = [_queries(client, url) for url in urls]

    for _ in range(30):
        _appear(make_claim(article=article), article)
    _grow_claim(claim, users, 6)  # the measured claim itself: evidence, comments, events, appearances, versions
    _match(claim, 6)
    page = client.get(urls[1]).content.decode()
    assert page.count("Quote ") >= 7 and page.count("Note ") >= 7 and "v8 Draft" in page
    assert page.count("Also appears in") == 1 and page.count("— x</li>") >= 7
    large = [_queries(client, url) for url in urls]

    assert small == large, dict(zip(["queue", "claim", "article"], zip(small, large, strict=True), strict=True))
    assert large[2] <= 8


def test_bulk_actions_report_each_claim(client, users):
    fresh, other = make_claim(), make_claim()
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    response = client.post(
        reverse("queue_bulk"), {"action": "triage", "claims": [fresh.pk, other.pk, published.pk]}, follow=True
    )
    text = response.content.decode()
    assert "Triage: 2 claim(s)" in text and f"Claim {published.pk}: Cannot triage" in text
    assert set(Claim.objects.filter(pk__in=[fresh.pk, other.pk]).values_list("status", flat=True)) == {"triaged"}
    client.post(reverse("queue_bulk"), {"action": "duplicate", "claims": [other.pk], "duplicate_of": fresh.pk})
    other.refresh_from_db()
    assert (other.status, other.duplicate_of_id) == ("dismissed", fresh.pk)
    response = client.post(reverse("queue_bulk"), {"action": "triage"}, follow=True)
    assert "Select at least one claim" in response.content.decode()
    client.force_login(users["viewer"])
    assert client.post(reverse("queue_bulk"), {"action": "triage", "claims": [fresh.pk]}).status_code == 403


def test_the_bulk_duplicate_action_merges_as_the_claim_page_does(client, users):
    from claims.models import ClaimEvent

    kept, first, second = (with_its_appearance(make_claim(article=make_article())) for _ in range(3))
    client.force_login(users["checker"])
    # The kept claim may be selected with its duplicates: it stays, the others are merged into it.
    response = client.post(
        reverse("queue_bulk"),
        {"action": "duplicate", "claims": [kept.pk, first.pk, second.pk], "duplicate_of": kept.pk},
        follow=True,
    )
    assert f"Merged into #{kept.pk}: 2 claim(s)." in response.content.decode()
    for duplicate in (first, second):
        duplicate.refresh_from_db()
        assert (duplicate.status, duplicate.dismiss_reason, duplicate.duplicate_of_id) == (
            "dismissed",
            "duplicate",
            kept.pk,
        )
        moved = ClaimEvent.objects.get(claim=duplicate, kind="moved", move="dismiss")
        assert moved.data["merged"] is True
    kept.refresh_from_db()
    assert kept.status == "new"
    # The kept claim gained both duplicates' appearances, each merge an event on it.
    assert set(kept.appearances.values_list("article_id", flat=True)) == {
        kept.article_id,
        first.article_id,
        second.article_id,
    }
    assert sorted(e.data["merged"] for e in ClaimEvent.objects.filter(claim=kept, kind="merged")) == sorted(
        [first.pk, second.pk]
    )


def test_the_queues_dismiss_dialog_merges_a_duplicate_too(client, users):
    kept, duplicate = (with_its_appearance(make_claim(article=make_article())) for _ in range(2))
    client.force_login(users["checker"])
    client.post(
        reverse("queue_bulk"),
        {"action": "dismiss", "claims": [duplicate.pk], "reason": "duplicate", "duplicate_of": kept.pk},
    )
    assert duplicate.article_id in set(kept.appearances.values_list("article_id", flat=True))
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of_id == kept.pk


def test_the_claim_pages_dismiss_as_duplicate_merges_too(client, users):
    kept, duplicate = (with_its_appearance(make_claim(article=make_article())) for _ in range(2))
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_move", args=[duplicate.pk, "dismiss"]),
        {"version": duplicate.version, "reason": "duplicate", "duplicate_of": kept.pk},
        follow=True,
    )
    assert "Done: dismiss." in response.content.decode()
    assert duplicate.article_id in set(kept.appearances.values_list("article_id", flat=True))
    page = client.get(reverse("claim", args=[kept.pk])).content.decode()
    assert f'<li data-article="{duplicate.article_id}">' in page  # "Also appears in" the duplicate's article
    missing = client.post(
        reverse("claim_move", args=[make_claim().pk, "dismiss"]),
        {"version": 1, "reason": "duplicate", "duplicate_of": 999999},
    )
    assert missing.status_code == 400 and "There is no claim #999999" in missing.content.decode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"duplicate_of": ""}, "Give the number of the claim to keep"),
        ({"claims_self": True}, "Select the duplicates as well"),
        ({"duplicate_of": "999999"}, "There is no claim #999999 to merge this one into."),
    ],
)
def test_a_bulk_merge_without_a_claim_to_keep_says_so_and_changes_nothing(client, users, data, words):
    kept, duplicate = make_claim(), make_claim()
    client.force_login(users["checker"])
    body = {"action": "duplicate", "claims": [duplicate.pk], "duplicate_of": kept.pk}
    if data.pop("claims_self", False):
        body["claims"] = [kept.pk]
    response = client.post(reverse("queue_bulk"), {**body, **data}, follow=True)
    assert words in response.content.decode()
    assert set(Claim.objects.filter(pk__in=[kept.pk, duplicate.pk]).values_list("status", flat=True)) == {"new"}


def test_inbox_lists_assigned_approvals_and_mentions(client, users):
    from claims.services import workflow

    mine = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    waiting = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    workflow.comment_add(claim=mine, actor=users["checker"], body="@edith please look at the figures")
    client.force_login(users["editor"])
    text = client.get(reverse("inbox")).content.decode()
    assert "please look at the figures" in text and f"/claims/{waiting.pk}/" in text
    client.force_login(users["checker"])
    text = client.get(reverse("inbox")).content.decode()
    assert f"/claims/{mine.pk}/" in text and "Waiting for my approval" not in text


def test_dashboard_draws_charts_from_the_data(client, users):
    claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client.force_login(users["viewer"])
    text = client.get(reverse("dashboard")).content.decode()
    assert "<svg" in text and "hours" in text and "no verdict published yet" not in text
    assert '<text x="0" y="124" class="bar-label">Published</text>' in text  # the fifth state's bar


def test_admin_sets_thresholds_and_roles(client, users):
    from claims.selectors import checkworthy_threshold

    client.force_login(users["admin"])
    response = client.post(
        reverse("settings"),
        {
            "thresholds": "1",
            "checkworthy_threshold": "0.7",
            "match_suggest_threshold": "0.8",
            "match_auto_threshold": "0.6",
        },
    )
    assert response.status_code == 400 and "cannot be below" in response.content.decode()
    client.post(reverse("settings"), {"thresholds": "1", "checkworthy_threshold": "0.7"})
    assert checkworthy_threshold() == 0.7
    assert "In effect: check-worthiness 0.70," in client.get(reverse("settings")).content.decode()
    client.post(reverse("settings"), {"user": users["viewer"].pk, "role": "checker"})
    assert users["viewer"].groups.get().name == "checker"
    response = client.post(reverse("settings"), {"user": users["admin"].pk, "role": "viewer"}, follow=True)
    assert "cannot take the admin role away from yourself" in response.content.decode()


def test_job_progress_partial_for_htmx_polling(client, users):
    job = ExtractionJob.objects.create(
        source_kind="text", input_content="x", input_hash="h", status="running", step="segmented", progress=60
    )
    client.force_login(users["viewer"])
    full = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "<html" in full and 'hx-trigger="every 1s"' in full
    partial = client.get(reverse("job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'id="progress"' in partial and 'value="60"' in partial


def test_verdict_preview_does_not_save(client, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    verdict = Verdict.objects.get(claim=claim)
    response = client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {
            "verdict_version": verdict.version,
            "rating": rating("mostly-false").pk,
            "headline": "Previewed headline",
            "explanation": "Line one.\n\nLine two.",
            "preview": "1",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Preview — not saved" in text and "<p>Line two.</p>" in text
    assert Verdict.objects.get(pk=verdict.pk).headline == verdict.headline


def test_editor_corrects_a_published_verdict_with_a_note(client, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor"])
    client.post(
        reverse("claim_move", args=[claim.pk, "correct"]),
        {
            "version": Claim.objects.get(pk=claim.pk).version,
            "rating": rating("mostly-false").pk,
            "headline": "Mostly false: the figure was 2,000",
            "note": "The figure was 2,000, not 3,000",
        },
    )
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating.slug, verdict.headline) == ("mostly-false", "Mostly false: the figure was 2,000")
    assert verdict.versions.last().note == "The figure was 2,000, not 3,000"


def test_tokens_are_created_shown_once_and_revoked_in_the_ui(client, users):
    from claims.models import ApiToken

    client.force_login(users["checker"])
    page = client.post(reverse("api_tokens"), {"name": "CMS", "scopes": ["read", "ingest"]}).content.decode()
    token = ApiToken.objects.get(user=users["checker"])
    key = re.search(r'<code class="key">([^<]+)</code>', page).group(1)
    assert key.startswith(token.prefix) and "not shown again" in page
    assert key not in client.get(reverse("api_tokens")).content.decode()
    assert client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.post(reverse("api_tokens"), {"revoke": token.pk})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    client.force_login(users["editor"])
    assert client.post(reverse("api_tokens"), {"revoke": token.pk}).status_code == 404  # not theirs


def test_ingest_html_upload_checks_type_and_size(client, users, settings, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["checker"])
    page = (
        b"<html><head><title>Floods</title></head><body><article><p>The council said that 2,400 homes were "
        b"flooded in March, twice as many as last year.</p></article></body></html>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ingest"), {"html_file": SimpleUploadedFile("story.html", page, "text/html")})
    assert response.status_code == 302
    assert ExtractionJob.objects.get().status == "succeeded"
    wrong = client.post(
        reverse("ingest"), {"html_file": SimpleUploadedFile("data.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert wrong.status_code == 400 and "Upload an .html" in wrong.content.decode()
    settings.VERIFY_MAX_INPUT_BYTES = 10
    large = client.post(reverse("ingest"), {"html_file": SimpleUploadedFile("big.html", page, "text/html")})
    assert large.status_code == 400 and "the limit is 10 bytes" in large.content.decode()


def test_claim_page_shows_matches_and_a_checker_confirms_one(client, users):
    from claims.models import ExternalReview

    claim = make_claim(text="2,400 houses were flooded in March")
    earlier = make_claim(article=make_article(), text="2,400 homes were flooded in March")
    suggestion = ClaimMatch.objects.create(claim=claim, matched_claim=earlier, score=0.71, tier="suggest")
    review = ExternalReview.objects.create(
        url="https://factcheck.example.org/floods",
        claim_reviewed="Floods",
        publisher_name="Example Fact Check",
        rating_label="Mostly false",
        raw={},
        content_hash="h",
    )
    ClaimMatch.objects.create(claim=claim, external_review=review, score=0.93, tier="auto", decision="confirmed")
    client.force_login(users["viewer"])
    page = squash(client.get(reverse("claim", args=[claim.pk])).content.decode())
    assert "0.71" in page and "2,400 homes were flooded in March" in page and "Mostly false" in page
    assert "Example Fact Check" in page and 'href="https://factcheck.example.org/floods"' in page
    assert "Same claim</button>" not in page  # a viewer sees, does not decide
    client.force_login(users["checker"])
    page = squash(client.get(reverse("claim", args=[claim.pk])).content.decode())
    # The suggestion: confirm or decline; the automatic link: undo.
    assert page.count("Same claim</button>") == 1 and page.count("Not the same</button>") == 1
    assert page.count("Undo</button>") == 1
    url = reverse("claim_match", kwargs={"pk": claim.pk, "match_id": suggestion.pk, "decision": "confirm"})
    assert client.post(url).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_by) == ("confirmed", users["checker"])
    assert client.post(url.replace("/confirm/", "/nonsense/")).status_code == 404
    other = make_claim(article=make_article())
    wrong = reverse("claim_match", kwargs={"pk": other.pk, "match_id": suggestion.pk, "decision": "reject"})
    assert client.post(wrong).status_code == 404  # a match of another claim


# Which of the claim page's forms each user sees, by state: the services' own rules
# (evidence while triaged or in review; the verdict in review, by its checker or an editor).
FORMS_BY_STATE = {
    "new": (False, False),
    "triaged": (True, False),
    "in_review": (True, True),
    "awaiting_approval": (False, False),
    "published": (False, False),
    "dismissed": (False, False),
}


@pytest.mark.parametrize("state", list(FORMS_BY_STATE))
def test_claim_page_shows_the_evidence_and_verdict_forms_the_services_allow(client, users, state):
    from claims.forms import MAX_NOTE

    claim = claim_in_state(state, checker=users["checker"], editor=users["editor"])
    evidence_form, verdict_form = FORMS_BY_STATE[state]
    for role, sees_verdict in [
        ("checker", verdict_form),
        ("editor", verdict_form),
        ("checker2", False),
        ("viewer", False),
    ]:
        client.force_login(users[role])
        html = client.get(reverse("claim", args=[claim.pk])).content.decode()
        assert (reverse("claim_evidence", args=[claim.pk]) in html) == (evidence_form and role != "viewer"), role
        # Another checker's claim in review: verdict_save would refuse them, so no form.
        assert (reverse("claim_verdict", args=[claim.pk]) in html) == sees_verdict, role
        for note_field in re.findall(r'<input name="note"[^>]*>', html):
            assert f'maxlength="{MAX_NOTE}"' in note_field, note_field
