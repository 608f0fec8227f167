"""Verdicts rich enough to publish: the explanation's Markdown subset rendered and sanitized
everywhere readers see it, corrections that change the words, ClaimReview with where and when the
claim appeared, and absolute links on the address the desk is served at."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from factories import correct_published, make_article, make_claim, rating

from claims.demo import DEMO_VERDICTS
from claims.exports.claimreview import claimreview, public_claims
from claims.markup import explanation_html
from claims.models import Appearance, Claim
from claims.services import workflow

EXPLANATION = (
    "Moscow's claim rests on *some* tanks leaving.\n\n"
    "> What we see is that they have increased the number of troops.\n\n"
    "**Sources:**\n\n"
    "- [NATO](https://www.nato.int/briefing)\n"
    "- <script>alert('x')</script> [bad](javascript:alert(1))\n"
)


def published_with(users, *, explanation=EXPLANATION, claim=None, headline="Some tanks left, more troops came"):
    claim = claim or make_claim()
    checker, editor = users["checker"], users["editor"]
    workflow.claim_triage(claim=claim, actor=checker)
    workflow.claim_assign(claim=claim, actor=checker, assignee=checker)
    workflow.verdict_save(
        claim=claim, actor=checker, rating=rating("missing-context"), headline=headline, explanation=explanation
    )
    workflow.claim_submit(claim=claim, actor=checker)
    workflow.verdict_approve(claim=claim, actor=editor)
    workflow.verdict_publish(claim=claim, actor=editor)
    return Claim.objects.get(pk=claim.pk)


def test_explanation_markdown_subset_renders_and_is_sanitized():
    html = str(explanation_html(EXPLANATION))
    assert "<strong>Sources:</strong>" in html and "**" not in html
    assert "<em>some</em>" in html
    assert '<a href="https://www.nato.int/briefing" rel="noopener noreferrer nofollow">NATO</a>' in html
    assert "<blockquote>" in html and "<ul>" in html and "<li>" in html
    assert "<script" not in html and "&lt;script&gt;" in html  # typed HTML shows as text
    assert 'href="javascript' not in html
    assert str(explanation_html("1. one\n2. two")) == "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"
    assert str(explanation_html("   ")) == ""
    # Headings, images and raw HTML are outside the subset: they stay text or plain links.
    assert "<h1" not in str(explanation_html("# Big")) and "<img" not in str(
        explanation_html("![x](https://a.b/c.png)")
    )


def test_public_page_atom_and_embed_show_the_rendered_explanation(db, users, client):
    claim = published_with(users)
    for url in (reverse("public_verdict", args=[claim.pk]), reverse("verdict_embed", args=[claim.pk])):
        html = client.get(url).content.decode()
        assert "<strong>Sources:</strong>" in html and "**Sources:**" not in html, url
        assert "alert('x')</script>" not in html
    atom = client.get(reverse("verdict_atom")).content.decode()
    assert "&lt;strong&gt;Sources:&lt;/strong&gt;" in atom and "**Sources:**" not in atom
    assert "&lt;script&gt;alert" not in atom.replace("&amp;lt;script&amp;gt;", "")


def test_desk_claim_page_renders_explanation_and_preview(db, users, client):
    claim = published_with(users)
    client.force_login(users["viewer"])
    html = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert "rests on <em>some</em> tanks" in html
    assert "<strong>Sources:</strong>" in html and "**Sources:**" not in html


def test_correction_changes_rating_headline_and_explanation_with_a_public_note(db, users, client):
    claim = published_with(users)
    client.force_login(users["editor2"])
    response = client.post(
        reverse("claim_move", args=[claim.pk, "correct"]),
        {
            "version": claim.version,
            "rating": rating("false").pk,
            "headline": "No withdrawal was seen",
            "explanation": "Satellite images show **no** withdrawal.\n\n- [Maxar](https://www.maxar.com/news)",
            "note": "New satellite images changed the rating.",
        },
    )
    assert response.status_code == 302
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"])
    html = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "No withdrawal was seen" in html and "Satellite images show <strong>no</strong> withdrawal." in html
    assert 'href="https://www.maxar.com/news"' in html and "New satellite images changed the rating." in html
    assert "Moscow" not in html.split("<h3>Corrections</h3>")[0].split("<h2>")[1]  # the old explanation is gone
    review = claimreview(public_claims().get(pk=claim.pk))
    assert review["reviewRating"]["alternateName"] == "False" and review["name"] == "No withdrawal was seen"
    assert review["correction"][0]["text"] == "New satellite images changed the rating."


def test_claimreview_has_appearances_with_dates_and_the_claim_date_from_the_articles(db, users):
    first = make_article(
        url="https://news.example/one",
        published_at=datetime(2022, 2, 16, 9, tzinfo=UTC),
        title="NATO sees no withdrawal",
    )
    later = make_article(url="https://other.example/two", published_at=datetime(2022, 2, 18, tzinfo=UTC))
    undated = make_article(url="https://third.example/three")
    claim = make_claim(article=later, text=later.text[:40])
    for article in (first, later, undated):
        Appearance.objects.create(
            claim=claim,
            article=article,
            sentence="s",
            start=0,
            end=1,
            sentence_start=0,
            sentence_end=1,
            claimant="Moscow",
        )
    claim = published_with(users, claim=claim)
    review = claimreview(public_claims().get(pk=claim.pk))
    item = review["itemReviewed"]
    assert item["datePublished"] == "2022-02-16T09:00:00+00:00"  # the earliest article, not the ingest time
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://news.example/one",
            "headline": "NATO sees no withdrawal",
            "datePublished": "2022-02-16T09:00:00+00:00",
        },
        {
            "@type": "CreativeWork",
            "url": "https://other.example/two",
            "headline": later.title,
            "datePublished": "2022-02-18T00:00:00+00:00",
        },
        {"@type": "CreativeWork", "url": "https://third.example/three", "headline": undated.title},
    ]
    verdict = claim.verdict
    assert review["datePublished"] == verdict.published_at.isoformat()


def test_claimreview_without_any_article_date_leaves_the_claim_date_out(db, users):
    claim = published_with(users)
    review = claimreview(public_claims().get(pk=claim.pk))
    assert "datePublished" not in review["itemReviewed"]
    assert claim.created_at.isoformat() not in json.dumps(review["itemReviewed"])


def test_where_it_appeared_links_out_on_the_public_page_and_the_desk(db, users, client):
    article = make_article(url="https://news.example/story", published_at=datetime(2022, 2, 16, tzinfo=UTC))
    claim = make_claim(article=article, text=article.text[:40])
    Appearance.objects.create(
        claim=claim, article=article, sentence="s", start=0, end=1, sentence_start=0, sentence_end=1, claimant="Moscow"
    )
    other = make_article(url="https://other.example/copy")
    Appearance.objects.create(
        claim=claim, article=other, sentence="s", start=0, end=1, sentence_start=0, sentence_end=1, claimant="Moscow"
    )
    claim = published_with(users, claim=claim)
    public = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert 'class="appearance-link" href="https://news.example/story"' in public and "16 February 2022" in public
    client.force_login(users["checker"])
    desk = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert 'href="https://news.example/story"' in desk and 'href="https://other.example/copy"' in desk


def test_absolute_links_use_the_address_the_request_came_in_on(db, users, client, settings):
    settings.ALLOWED_HOSTS = ["desk.example", "testserver"]
    settings.VERIFY_DESK_URL = "http://127.0.0.1:8000/"
    claim = published_with(users)
    host = {"HTTP_HOST": "desk.example:8123"}
    page = client.get(reverse("public_verdict", args=[claim.pk]), **host).content.decode()
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert review["url"] == f"http://desk.example:8123/verdicts/{claim.pk}/"
    assert review["author"]["url"] == "http://desk.example:8123/"
    assert "127.0.0.1:8000" not in page
    feed = json.loads(b"".join(client.get(reverse("claimreview_feed"), **host).streaming_content))
    assert feed["url"] == "http://desk.example:8123/feeds/claimreview.json"
    assert feed["dataFeedElement"][0]["item"][0] == review
    atom = client.get(reverse("verdict_atom"), **host).content.decode()
    assert f"http://desk.example:8123/verdicts/{claim.pk}/" in atom and "127.0.0.1:8000" not in atom
    oembed = json.loads(client.get(reverse("oembed"), {"url": review["url"]}, **host).content)
    assert f'src="http://desk.example:8123/verdicts/{claim.pk}/embed/"' in oembed["html"]
    assert oembed["provider_url"] == "http://desk.example:8123/"
    csv = b"".join(client.get(reverse("verdict_csv"), **host).streaming_content).decode()
    assert f"http://desk.example:8123/verdicts/{claim.pk}/" in csv
    # A host outside ALLOWED_HOSTS is refused, never echoed into links.
    assert client.get(reverse("public_verdict", args=[claim.pk]), HTTP_HOST="evil.example").status_code == 400
    # Without a request (tasks, commands, webhooks) the configured address is used.
    assert claimreview(public_claims().get(pk=claim.pk))["url"] == f"http://127.0.0.1:8000/verdicts/{claim.pk}/"


def test_claim_page_links_its_public_page_and_embed_code_once_published(db, users, client):
    claim = published_with(users)
    client.force_login(users["checker"])
    html = client.get(reverse("claim", args=[claim.pk]), HTTP_HOST="127.0.0.1:8123").content.decode()
    assert f'href="http://127.0.0.1:8123/verdicts/{claim.pk}/" class="public-page-link"' in html
    assert (
        f"&lt;iframe src=&quot;http://127.0.0.1:8123/verdicts/{claim.pk}/embed/&quot;" in html
        and 'data-copy="embed-code-' in html
    )
    draft = make_claim()
    workflow.claim_triage(claim=draft, actor=users["checker"])
    html = client.get(reverse("claim", args=[draft.pk])).content.decode()
    assert "public-page-link" not in html and "embed-code" not in html


def test_a_correction_shows_publicly_only_once_approved_and_published(db, users, client):
    claim = published_with(users)
    workflow.verdict_correct(claim=claim, actor=users["editor2"], note="Pending", explanation="Draft **words**")
    html = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "Draft <strong>words</strong>" not in html and "<strong>Sources:</strong>" in html
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"])
    html = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "Draft <strong>words</strong>" in html and "Pending" in html
    claim = correct_published(
        Claim.objects.get(pk=claim.pk),
        corrector=users["editor2"],
        approver=users["editor"],
        note="Reworded",
        explanation="Final **words**",
    )
    html = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
    assert "Final <strong>words</strong>" in html and "Reworded" in html and "Draft <strong>" not in html


@pytest.mark.parametrize("fragment, slug, headline", [(v[0], v[1], v[2]) for v in DEMO_VERDICTS])
def test_demo_headlines_do_not_repeat_the_rating(db, fragment, slug, headline):
    label = rating(slug).label
    assert not headline.lower().startswith(label.lower()), headline


def test_demo_verdicts_publish_rendered_sources_and_the_article_date(db, settings, client):
    settings.DEBUG = True
    from django.core.management import call_command

    call_command("load_demo")
    published = list(Claim.objects.filter(status="published"))
    assert len(published) == 3
    for claim in published:
        review = claimreview(public_claims().get(pk=claim.pk))
        assert review["itemReviewed"]["datePublished"] == "2022-02-16T00:00:00+00:00"
        assert not review["name"].lower().startswith(review["reviewRating"]["alternateName"].lower())
        html = client.get(reverse("public_verdict", args=[claim.pk])).content.decode()
        assert "<strong>Sources:</strong>" in html and "**" not in html


def test_api_correction_changes_the_explanation_too(db, users):
    from rest_framework.test import APIClient

    from claims.services.tokens import token_create

    claim = published_with(users)
    _token, raw = token_create(user=users["editor2"], name="t", scopes=["read", "review", "publish"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    tag = api.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    response = api.post(
        f"/api/v1/claims/{claim.pk}/correct/",
        {
            "note": "Reworded the sources.",
            "rating": "false",
            "headline": "No tanks left",
            "explanation": "**Sources:** [MoD](https://www.gov.uk/mod)",
        },
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.content
    workflow.verdict_approve(claim=claim, actor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor"])
    current = Claim.objects.get(pk=claim.pk).verdict.public_version
    assert (current.rating.slug, current.headline, current.explanation) == (
        "false",
        "No tanks left",
        "**Sources:** [MoD](https://www.gov.uk/mod)",
    )
    assert str(explanation_html(current.explanation)) == (
        '<p><strong>Sources:</strong> <a href="https://www.gov.uk/mod" rel="noopener noreferrer nofollow">MoD</a></p>'
    )
