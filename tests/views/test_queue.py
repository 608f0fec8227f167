"""The queue's filters, search and pages; the claim page's neighbours; password change; dashboard weeks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import claim_in_state, make_article, make_claim

from claims import selectors
from claims.models import Claim, ClaimEvent, Outlet


def shown(client, **params) -> set[int]:
    """Ids of the claims the queue lists for ``params``."""
    response = client.get(reverse("queue"), params)
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'<tr data-claim="(\d+)"', response.content.decode())}


@pytest.fixture
def editor_client(client, users):
    client.force_login(users["editor"])
    return client


def test_filter_by_state(editor_client, users):
    fresh = make_claim()
    triaged = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    assert shown(editor_client, status="triaged") == {triaged.pk}
    assert shown(editor_client, status="new") == {fresh.pk}
    assert shown(editor_client) == {fresh.pk, triaged.pk}


def test_filter_by_assignee(editor_client, users):
    mine = claim_in_state("in_review", checker=users["editor"], editor=users["editor2"])
    theirs = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    nobody = make_claim()
    assert shown(editor_client, assignee="me") == {mine.pk}
    assert shown(editor_client, assignee=str(users["checker"].pk)) == {theirs.pk}
    assert shown(editor_client, assignee="none") == {nobody.pk}
    assert shown(editor_client, assignee="999") == {mine.pk, theirs.pk, nobody.pk}  # not a choice: ignored


def test_filter_by_outlet(editor_client):
    bbc = Outlet.objects.create(name="Daily One", domain="one.example")
    other = Outlet.objects.create(name="Daily Two", domain="two.example")
    in_one = make_claim(article=make_article(outlet=bbc))
    make_claim(article=make_article(outlet=other))
    make_claim()
    assert shown(editor_client, outlet=bbc.pk) == {in_one.pk}


def test_filter_by_type(editor_client):
    quantity = make_claim(claim_type="quantity")
    prediction = make_claim(claim_type="prediction")
    assert shown(editor_client, claim_type="prediction") == {prediction.pk}
    assert shown(editor_client, claim_type="quantity") == {quantity.pk}


def test_filter_by_date_range(editor_client):
    old, middle, recent = make_claim(), make_claim(), make_claim()
    now = timezone.now()
    for claim, days in ((old, 30), (middle, 10), (recent, 0)):
        Claim.objects.filter(pk=claim.pk).update(created_at=now - dt.timedelta(days=days))
    today = timezone.localdate()
    assert shown(
        editor_client, date_from=str(today - dt.timedelta(days=15)), date_to=str(today - dt.timedelta(days=5))
    ) == {middle.pk}
    assert shown(editor_client, date_from=str(today)) == {recent.pk}
    assert shown(editor_client, date_to=str(today - dt.timedelta(days=20))) == {old.pk}


def test_filter_by_score_and_hidden_low_scores(editor_client):
    high = make_claim(score=0.9)
    mid = make_claim(score=0.6)
    low = make_claim(score=0.2, checkworthy=False)
    assert shown(editor_client, min_score="0.7") == {high.pk}
    assert shown(editor_client, min_score="0.5") == {high.pk, mid.pk}
    assert shown(editor_client, min_score="0", hidden="on") == {high.pk, mid.pk, low.pk}
    assert low.pk not in shown(editor_client)


def test_invalid_filters_are_shown_and_ignored(editor_client):
    claim = make_claim()
    response = editor_client.get(reverse("queue"), {"min_score": "7", "date_from": "someday"})
    text = response.content.decode()
    assert response.status_code == 200 and "Enter a valid date" in text and "less than or equal to 1" in text
    assert f'data-claim="{claim.pk}"' in text


def test_search_fallback_on_sqlite_matches_every_word_in_text_claimant_or_sentence(editor_client):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the fallback runs on SQLite; PostgreSQL uses full-text search")
    tanks = make_claim(
        article=make_article(text="Moscow says tanks are being withdrawn from the border."),
        text="tanks are being withdrawn",
        claimant="Moscow",
    )
    troops = make_claim(
        article=make_article(text="NATO says troops are arriving near the border."),
        text="troops are arriving",
        claimant="NATO",
        sentence="NATO says troops are arriving near the border.",
    )
    assert shown(editor_client, q="tanks") == {tanks.pk}
    assert shown(editor_client, q="TANKS withdrawn") == {tanks.pk}  # every word, any case
    assert shown(editor_client, q="nato") == {troops.pk}  # the claimant
    assert shown(editor_client, q="border") == {troops.pk}  # the sentence
    assert shown(editor_client, q="tanks nato") == set()
    assert shown(editor_client, q="100%_") == set()  # LIKE wildcards are escaped, not patterns


def test_search_on_postgresql_uses_full_text(editor_client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    tanks = make_claim(
        article=make_article(text="Moscow says tanks are being withdrawn from the border."),
        text="tanks are being withdrawn",
        claimant="Moscow",
    )
    assert shown(editor_client, q="tank withdrawn") == {tanks.pk}  # stemmed: tank matches tanks
    assert shown(editor_client, q='"tanks are being" -nato') == {tanks.pk}  # web search syntax
    assert shown(editor_client, q="moscow") == {tanks.pk}  # the claimant


def test_pagination_is_stable_and_keeps_the_filters(editor_client):
    claims = [make_claim(score=0.9, priority=1) for _ in range(120)]  # equal priority: the id breaks ties
    first, second, third = (shown(editor_client, status="new", page=n) for n in (1, 2, 3))
    assert (len(first), len(second), len(third)) == (50, 50, 20)
    assert first | second | third == {c.pk for c in claims}
    page = editor_client.get(reverse("queue"), {"status": "new", "page": 2}).content.decode()
    assert "Page 2 of 3 · 120 claims" in page
    assert 'href="?status=new&amp;page=3"' in page and 'href="?status=new&amp;page=1"' in page
    assert shown(editor_client, status="new", page="99") == third  # past the end: the last page
    assert shown(editor_client, status="new", page="x") == first


def test_counts_past_the_cap_are_shown_as_more_and_the_pages_still_go_on(editor_client, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 5)  # 10,000 in use; 120 claims are quicker to make
    claims = [make_claim(score=0.9, priority=1) for _ in range(120)]
    make_claim(status="triaged")
    first = editor_client.get(reverse("queue")).content.decode()
    assert re.search(r"New <strong>5\+</strong>", first) and re.search(r"Triaged <strong>1</strong>", first)
    # Page 1 counts as far as page 2 needs (100 claims), finds more: a lower bound, and "Next" still there.
    assert "Page 1 of 2+ · 100+ claims" in first and 'href="?page=2" rel="next"' in first
    second = editor_client.get(reverse("queue"), {"page": 2}).content.decode()
    assert "Page 2 of 3 · 121 claims" in second  # counted to page 3, which is the end: exact
    third = shown(editor_client, page=3)
    assert shown(editor_client, page=1) | shown(editor_client, page=2) | third >= {c.pk for c in claims}
    assert shown(editor_client, page=99) == third  # past the end: the last page, as before


def test_state_counts_are_exact_up_to_the_cap(db, users):
    for _ in range(3):
        make_claim()
    make_claim(status="published")
    counts = selectors.claim_state_counts(user=users["editor"], cap=3)
    assert (counts["new"], counts["published"], counts["dismissed"]) == (3, 1, 0)
    assert selectors.claim_state_counts(user=users["editor"], cap=2)["new"] == 3  # cap + 1: more than the cap


def test_queue_rows_carry_what_the_shortcuts_need(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    page = client.get(reverse("queue")).content.decode()
    assert f'<tr data-claim="{claim.pk}">' in page
    assert 'id="row-action"' in page and 'id="dismiss-dialog"' in page and "<script>" not in page.split("</head>")[1]
    client.force_login(users["viewer"])  # nothing to act with
    page = client.get(reverse("queue")).content.decode()
    assert 'id="row-action"' not in page and 'id="dismiss-dialog"' not in page


def test_claim_page_links_the_neighbours_in_queue_order(client, users):
    top, middle, bottom = make_claim(priority=0.9), make_claim(priority=0.5), make_claim(priority=0.1)
    make_claim(priority=0.7, checkworthy=False)  # hidden from the queue: skipped
    assert selectors.claim_neighbours(claim=middle) == (top.pk, bottom.pk)
    assert selectors.claim_neighbours(claim=top) == (None, middle.pk)
    client.force_login(users["viewer"])
    page = client.get(reverse("claim", args=[middle.pk])).content.decode()
    assert f'href="/claims/{top.pk}/" rel="prev" data-shortcut="previous"' in page
    assert f'href="/claims/{bottom.pk}/" rel="next" data-shortcut="next"' in page


def test_claim_page_shows_score_and_reason(client, users):
    claim = make_claim(score=0.87, reason="A number about a public body, checkable against statistics.")
    client.force_login(users["viewer"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert "<strong>0.87</strong>" in page and "checkable against statistics" in page


def test_password_change_changes_the_password(client, users):
    client.force_login(users["checker"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests",
            "new_password1": "a-new-Long-passphrase-42",
            "new_password2": "a-new-Long-passphrase-42",
        },
    )
    assert response.status_code == 302
    users["checker"].refresh_from_db()
    assert users["checker"].check_password("a-new-Long-passphrase-42")
    assert not users["checker"].check_password("pw-for-tests")
    client.logout()
    assert not client.login(username="chris", password="pw-for-tests")
    assert client.login(username="chris", password="a-new-Long-passphrase-42")


def test_password_change_refuses_a_wrong_old_password(client, users):
    client.force_login(users["checker"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-Long-passphrase-42",
            "new_password2": "a-new-Long-passphrase-42",
        },
    )
    assert response.status_code == 200 and "incorrectly" in response.content.decode()
    users["checker"].refresh_from_db()
    assert users["checker"].check_password("pw-for-tests")


def test_dashboard_weekly_throughput_includes_weeks_without_publications(client, users):
    published = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    # Move the publication three weeks back: the weeks after it published nothing.
    ClaimEvent.objects.filter(claim=published, move="publish").update(created_at=timezone.now() - dt.timedelta(weeks=3))
    weekly = selectors.dashboard_figures()["weekly"]
    assert len(weekly) == 8
    assert [n for _, n in weekly] == [0, 0, 0, 0, 1, 0, 0, 0]
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    assert weekly[-1][0] == monday.strftime("%d %b")
    client.force_login(users["viewer"])
    page = client.get(reverse("dashboard")).content.decode()
    assert page.count('class="bar-value">0<') >= 7


def test_search_query_can_use_the_gin_index(editor_client, users):
    """The selector's WHERE clause matches migration 0012's index expression (PostgreSQL)."""
    from django.db import connection

    from claims.forms import QueueFilterForm

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    make_claim()
    form = QueueFilterForm({"q": "tanks withdrawn", "hidden": "on"}, user=users["editor"])  # search alone
    assert form.is_valid()
    qs = selectors.claim_queue_filtered(user=users["editor"], params=form.cleaned_data)
    with connection.cursor() as cursor:
        # A tiny table would be scanned otherwise; what matters is that the index *can* answer the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.explain()
    assert "claim_search_idx" in plan, plan


def test_the_default_view_is_read_in_order_from_the_queue_order_index(users):
    """Migration 0036's partial index holds the queue's order exactly (PostgreSQL's plan)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    make_claim()
    qs = selectors.claim_queue_filtered(user=users["checker"], params={})[:50]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned otherwise
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        plan = qs.explain()
    assert "claim_queue_order_idx" in plan and "Sort" not in plan, plan


def test_the_stored_search_document_is_the_selectors_document(editor_client):
    """Migration 0036's generated column holds what claim_search_vector() builds (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the column exists on PostgreSQL only")
    claim = make_claim(
        article=make_article(text="NATO says troops are arriving near the border."),
        text="troops are arriving",
        claimant="NATO",
        sentence="NATO says troops are arriving near the border.",
    )
    built = Claim.objects.annotate(doc=selectors.claim_search_vector()).values_list("doc", flat=True).get(pk=claim.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM claims_claim WHERE id = %s", [claim.pk])
        assert cursor.fetchone()[0] == built
    assert shown(editor_client, q="moscow") == set()
    Claim.objects.filter(pk=claim.pk).update(claimant="Moscow")  # a generated column follows every write
    assert shown(editor_client, q="moscow") == {claim.pk}


def test_the_queue_page_costs_the_same_queries_with_one_or_fifty_suggestions(
    client, checker, django_assert_max_num_queries
):
    from claims.models import ClaimMatch

    earlier = make_claim(text="2,400 homes were flooded in March")

    def queries_for_the_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("queue")).status_code == 200
        return len(captured)

    client.force_login(checker)
    ClaimMatch.objects.create(claim=make_claim(article=make_article()), matched_claim=earlier, score=0.7)
    one = queries_for_the_page()
    for _ in range(49):
        ClaimMatch.objects.create(claim=make_claim(article=make_article()), matched_claim=earlier, score=0.7)
    with django_assert_max_num_queries(one):  # the suggestions of a page in one query, not one a row
        page = client.get(reverse("queue")).content.decode()
    assert page.count("data-suggestion=") == 50
