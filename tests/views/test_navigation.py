"""Finding one's way: the article list, the role-aware nav and the styled error pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from factories import claim_in_state, make_article, make_claim

from claims.models import Appearance, ExtractionJob, Outlet


def appear(claim):
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
    return claim


@pytest.fixture
def newsroom(users):
    outlet = Outlet.objects.create(name="MailOnline", domain="dailymail.co.uk")
    article = make_article(outlet=outlet, title="NATO: no signs of de-escalation")
    waiting = appear(make_claim(article=article, text="Article"))
    appear(make_claim(article=article, checkworthy=False))  # hidden from the queue
    taken = appear(
        claim_in_state("in_review", checker=users["checker"], editor=users["editor"], claim=make_claim(article=article))
    )  # decided: no longer waiting
    ExtractionJob.objects.create(
        source_kind="text",
        input_content="old",
        input_hash="a",
        article=article,
        status="failed",
        error="first try failed",
    )
    job = ExtractionJob.objects.create(
        source_kind="text", input_content="new", input_hash="b", article=article, status="succeeded"
    )
    return {"article": article, "job": job, "waiting": waiting, "taken": taken}


def test_the_article_list_shows_outlet_date_claims_and_the_latest_job(client, users, newsroom):
    client.force_login(users["viewer"])
    html = client.get(reverse("articles")).content.decode()
    article, job = newsroom["article"], newsroom["job"]
    row = html.split(f'data-article="{article.pk}"')[1].split("</tr>")[0]
    assert "NATO: no signs of de-escalation" in row and "MailOnline" in row
    assert '<td class="num">1 / 3</td>' in row  # one waits in the queue, of three claims in the article
    assert f'href="{reverse("job", args=[job.pk])}"' in row and "Succeeded" in row  # the latest job, not the failed one
    assert f'href="{reverse("article", args=[article.pk])}"' in row


def test_the_article_list_is_paginated_in_a_constant_number_of_queries(
    client, users, newsroom, django_assert_num_queries
):
    for _ in range(55):
        appear(make_claim())
    client.force_login(users["viewer"])
    client.get(reverse("articles"))
    with django_assert_num_queries(7):  # session, user, its and its groups' permissions, count, bell, the page
        first = client.get(reverse("articles"))
    assert first.content.decode().count("data-article=") == 50 and "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("articles"), {"page": 2}).content.decode()
    assert second.count("data-article=") == 6
    assert client.get(reverse("articles"), {"page": "x"}).status_code == 200  # a bad page number shows the first


@pytest.mark.parametrize(
    "role, sees_admin", [("viewer", False), ("checker", False), ("editor", False), ("admin", True)]
)
def test_the_nav_shows_admin_only_to_admins(client, users, role, sees_admin):
    client.force_login(users[role])
    html = client.get(reverse("queue")).content.decode()
    assert (f'href="{reverse("admin:index")}"' in html) is sees_admin
    assert f'href="{reverse("articles")}">Articles</a>' in html
    assert (f'href="{reverse("settings")}"' in html) is (role == "admin")
    assert (f'href="{reverse("ingest")}"' in html) is (role != "viewer")


def test_refused_pages_are_styled_and_say_why(client, users):
    client.force_login(users["nobody"])
    response = client.get(reverse("articles"))
    html = response.content.decode()
    assert response.status_code == 403 and 'data-error="403"' in html
    assert "You cannot open this page" in html and "cannot open this page." in html  # the view's own reason
    assert 'href="/static/desk/desk.css"' in html


def test_missing_pages_are_styled(client, users):
    client.force_login(users["viewer"])
    response = client.get("/claims/987654/")
    html = response.content.decode()
    assert response.status_code == 404 and 'data-error="404"' in html and "No such claim." in html
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404 and "There is no page at <code>/no/such/page/</code>." in html
    assert "Resolver404" not in html


def test_the_server_error_page_is_styled_and_needs_no_request_context(db):
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and 'data-error="500"' in html
    assert "Something went wrong on our side" in html and "desk/desk.css" in html


def test_a_form_without_its_csrf_token_gets_a_styled_explanation(users):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["checker"])
    response = strict.post(reverse("notifications_read"), {})
    html = response.content.decode()
    assert response.status_code == 403 and 'data-error="403-csrf"' in html
    assert "reload the page and send it again" in html and "desk/desk.css" in html
