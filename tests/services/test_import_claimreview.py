"""Importing other fact-checkers' ClaimReview: the parser on messy records, the command, the API.

The records below reproduce, in small, the mess of real published markup
(../shared/data/claimreview/): string and empty ratings, worstRating 0,
authors as strings, several appearances, non-English text, loose dates,
relative URLs, no @context. One test runs on the real records when present.
"""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse
from rest_framework.test import APIClient

from claims.imports.claimreview import (
    NoClaimReviewError,
    ParsedReview,
    RecordRejected,
    parse_bytes,
    parse_datetime_loose,
    parse_json,
    parse_text,
    review_from_record,
)
from claims.models import ExternalReview
from claims.services.imports import claimreview_import
from claims.services.tokens import token_create

REAL_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "claimreview" / "real_claimreviews.jsonl.gz"


def claimreview(n: int = 1, **fields) -> dict:
    """A tidy ClaimReview; tests make it messy field by field."""
    record = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.org/checks/{n}",
        "claimReviewed": f"Claim number {n} about the bridge",
        "author": {"@type": "Organization", "name": "Example Check", "url": "https://factcheck.example.org/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "datePublished": "2024-05-02",
    }
    record.update(fields)
    return record


def one(record: dict, **kwargs) -> ParsedReview:
    return review_from_record(record, **kwargs)


def rejected_reason(record: dict, **kwargs) -> str:
    with pytest.raises(RecordRejected) as err:
        review_from_record(record, **kwargs)
    return err.value.reason


# --- One record: the mess of real markup ------------------------------------------


def test_a_tidy_record_maps_every_field():
    review = one(
        claimreview(
            headline="No, the bridge did not cost that",
            inLanguage="en",
            dateModified="2024-05-03T10:00:00Z",
            itemReviewed={
                "@type": "Claim",
                "author": {"@type": "Person", "name": "A. Minister"},
                "datePublished": "2024-04-30",
                "appearance": "https://news.example.com/story",
            },
        )
    )
    assert review.url == "https://factcheck.example.org/checks/1"
    assert review.publisher_name == "Example Check" and review.publisher_url == "https://factcheck.example.org/"
    assert review.claimant == "A. Minister" and review.claim_date == date(2024, 4, 30)
    assert review.appearances == ("https://news.example.com/story",)
    assert (review.rating_label, review.rating_value, review.rating_best, review.rating_worst) == ("False", 1, 5, 1)
    assert review.normalised_rating == 0.0
    assert review.headline == "No, the bridge did not cost that" and review.language == "en"
    assert review.date_published == datetime(2024, 5, 2, tzinfo=UTC)
    assert review.date_modified == datetime(2024, 5, 3, 10, tzinfo=UTC)
    assert len(review.content_hash) == 64


def test_ratings_as_strings_empty_strings_and_worst_zero():
    strings = one(
        claimreview(
            reviewRating={"ratingValue": "2", "bestRating": "5", "worstRating": "1", "alternateName": "Mostly false"}
        )
    )
    assert (strings.rating_value, strings.normalised_rating) == (2.0, 0.25)
    empty = one(
        claimreview(
            reviewRating={
                "@type": "Rating",
                "alternateName": "زائف",
                "bestRating": "",
                "worstRating": "",
                "ratingValue": "",
            }
        )
    )
    assert empty.rating_label == "زائف" and empty.rating_value is None and empty.normalised_rating is None
    zero = one(
        claimreview(reviewRating={"ratingValue": "1", "bestRating": "5", "worstRating": "0", "alternateName": "False"})
    )
    assert zero.rating_worst == 0.0 and zero.normalised_rating == 0.2


def test_missing_or_inconsistent_numbers_keep_the_words_without_a_normalised_rating():
    words_only = one(claimreview(reviewRating={"@type": "Rating", "alternateName": "Engañoso"}))
    assert words_only.rating_label == "Engañoso" and words_only.rating_value is None
    no_worst = one(claimreview(reviewRating={"ratingValue": 5, "bestRating": 6, "alternateName": "Not quite"}))
    assert no_worst.rating_best == 6 and no_worst.rating_worst is None and no_worst.normalised_rating is None
    flat = one(
        claimreview(
            reviewRating={"ratingValue": "-1", "bestRating": "-1", "worstRating": "-1", "alternateName": "really_false"}
        )
    )
    assert flat.rating_value == -1 and flat.normalised_rating is None
    outside = one(claimreview(reviewRating={"ratingValue": 9, "bestRating": 5, "worstRating": 1, "name": "Odd"}))
    assert outside.rating_label == "Odd" and outside.normalised_rating is None
    trailing = one(claimreview(reviewRating={"alternateName": "Incorrect \r", "ratingValue": 1}))
    assert trailing.rating_label == "Incorrect"


def test_authors_as_plain_strings_and_persons():
    plain = one(claimreview(author="Africa Check"))
    assert plain.publisher_name == "Africa Check" and plain.publisher_url == "https://factcheck.example.org/"
    person = one(
        claimreview(
            author=[{"@type": "Person", "name": "A. Writer"}],
            publisher={"@type": "NewsMediaOrganization", "name": "Aos Fatos", "url": "https://www.aosfatos.org/"},
        )
    )
    assert person.publisher_name == "Aos Fatos" and person.publisher_url == "https://www.aosfatos.org/"
    nobody = one(claimreview(author={"@type": "Person", "name": "Clarissa Pacheco"}))
    assert nobody.publisher_name == "factcheck.example.org"  # a writer does not name the organisation
    claimants = one(
        claimreview(
            itemReviewed={"author": {"@type": "Organization", "name": ["Mzwandile Masina", "mayor of Ekurhuleni"]}}
        )
    )
    assert claimants.claimant == "Mzwandile Masina, mayor of Ekurhuleni"
    string_claimant = one(claimreview(itemReviewed={"@type": "Claim", "author": "Social media users"}))
    assert string_claimant.claimant == "Social media users"


def test_several_appearances_as_urls_and_creative_works():
    review = one(
        claimreview(
            itemReviewed={
                "@type": "Claim",
                "firstAppearance": {"@type": "CreativeWork", "url": "https://archive.is/wip/XKReX"},
                "appearance": [
                    {"@type": "CreativeWork", "url": "https://kwai-video.com/p/1"},
                    "https://kwai-video.com/p/2",
                    {"@type": "CreativeWork", "url": "https://kwai-video.com/p/1"},
                    {"@type": "CreativeWork", "url": "/p/3"},
                    "mailto:someone@example.org",
                ],
                "url": "https://www.facebook.com/photo/?fbid=1",
            }
        )
    )
    assert review.appearances == (
        "https://archive.is/wip/XKReX",
        "https://kwai-video.com/p/1",
        "https://kwai-video.com/p/2",
        "https://factcheck.example.org/p/3",
        "https://www.facebook.com/photo/?fbid=1",
    )
    assert any("mailto:" in note for note in review.notes)


def test_non_english_text_and_entities_are_kept_readable():
    review = one(
        claimreview(
            claimReviewed=["लद्दाख के गलवान घाटी में हुई झड़प का वीडियो"],
            name="Fact Check: Can vitamin D cure cancer? &ndash; THIP",
            reviewRating={"alternateName": "證據不足", "bestRating": "5", "worstRating": "1"},
            inLanguage="en_US",
        )
    )
    assert review.claim_reviewed == "लद्दाख के गलवान घाटी में हुई झड़प का वीडियो"
    assert review.headline == "Fact Check: Can vitamin D cure cancer? – THIP"
    assert review.rating_label == "證據不足" and review.language == "en-US"
    assert (
        one(claimreview(claimReviewed="Rishi Sunak praises Manmohan Singh&#039;s ideas")).claim_reviewed
        == "Rishi Sunak praises Manmohan Singh's ideas"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-06-23 20:02", datetime(2020, 6, 23, 20, 2, tzinfo=UTC)),
        ("2020-07-05", datetime(2020, 7, 5, tzinfo=UTC)),
        ("2020-03-27T10:46:13+0200", datetime(2020, 3, 27, 10, 46, 13, tzinfo=timezone(timedelta(hours=2)))),
        ("2020-06-22T12:26:08+5:30", datetime(2020, 6, 22, 12, 26, 8, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2023-01-24T13:32:06.838Z", datetime(2023, 1, 24, 13, 32, 6, 838000, tzinfo=UTC)),
        ("2022-09-30 11:42:10", datetime(2022, 9, 30, 11, 42, 10, tzinfo=UTC)),
        ("last Tuesday", None),
        ("2020-13-45", None),
    ],
)
def test_loose_dates(text, expected):
    assert parse_datetime_loose(text) == expected


def test_unreadable_dates_are_dropped_with_a_note_not_rejected():
    review = one(claimreview(datePublished="yesterday"))
    assert review.date_published is None and any("yesterday" in note for note in review.notes)


def test_relative_urls_resolve_against_the_document_or_reject_the_record():
    record = claimreview(url="/estadao-verifica/yanomamis/")
    assert "relative" in rejected_reason(record)
    resolved = one(record, base_url="https://www.estadao.com.br/politica/page.html")
    assert resolved.url == "https://www.estadao.com.br/estadao-verifica/yanomamis/"
    schemeless = one(claimreview(url="aosfatos.org/noticias/video-manipulado/"))
    assert schemeless.url == "https://aosfatos.org/noticias/video-manipulado/"
    author_path = one(claimreview(author={"@type": "Organization", "name": "BOOM", "url": "/about"}))
    assert author_path.publisher_url == "https://factcheck.example.org/about"


def test_a_record_without_context_in_wordpress_shape_is_still_read():
    newtral = {
        "claimReviewed": "“Tenemos un 18% de gente que trabaja y está en situación de pobreza”",
        "itemReviewed": {
            "datePublished": "2022-10-04",
            "name": "TV3",
            "@type": "Claim",
            "author": {"name": "Jéssica Albiach", "@type": "Person"},
        },
        "title": "El porcentaje no está en el 18% como dice Albiach",
        "subtitle": "<p><span>El año 2021 registró la tasa más baja</span></p>\n",
        "reviewRating": {"@type": "Rating", "alternateName": "Falso", "color": "#f54242"},
        "postTerms": {"ratingTermId": "98750"},
        "@type": "ClaimReview",
        "id": "366362",
        "datePublished": "2022-10-08",
        "url": "https://www.newtral.es/pobreza-trabajo-cataluna-factcheck/20221008/",
        "author": {
            "@type": "Organization",
            "@id": "https://www.newtral.es/",
            "url": "https://www.newtral.es/",
            "name": "Newtral",
        },
    }
    review = one(newtral)
    assert review.publisher_name == "Newtral" and review.claimant == "Jéssica Albiach"
    assert review.headline.startswith("El porcentaje") and review.rating_label == "Falso"
    assert review.raw == newtral
    untyped = dict(newtral)
    del untyped["@type"]
    assert one(untyped).url == newtral["url"]  # no @type, but a claimReviewed: a ClaimReview


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"claimReviewed": "  "}, "no claimReviewed"),
        ({"claimReviewed": None}, "no claimReviewed"),
        ({"url": None}, "no url"),
        ({"url": "ftp://example.org/x"}, "not an http(s) URL"),
        ({"reviewRating": {"@type": "Rating", "bestRating": 5}}, "no rating"),
        ({"reviewRating": None}, "no rating"),
        ({"url": "https://example.org/" + "x" * 2000}, "characters long"),
        ({"claimReviewed": "a\x00b"}, "NUL"),
    ],
)
def test_records_that_cannot_be_understood_are_rejected_with_a_reason(change, reason):
    assert reason in rejected_reason(claimreview(**change))


def test_a_review_is_identified_by_main_entity_or_id_when_it_has_no_url():
    record = claimreview(url=None, mainEntityOfPage={"@type": "WebPage", "@id": "https://fc.example.org/a"})
    assert one(record).url == "https://fc.example.org/a"


# --- Documents ---------------------------------------------------------------------


def test_a_list_rejects_what_is_not_a_claimreview_by_position():
    document = parse_json([claimreview(1), {"@type": "NewsArticle", "headline": "x"}, "text", claimreview(2)])
    assert document.kind == "JSON-LD"
    assert [e.review.url for e in document.reviews] == [
        "https://factcheck.example.org/checks/1",
        "https://factcheck.example.org/checks/2",
    ]
    assert [(e.index, e.where) for e in document.rejected] == [(2, "item 2"), (3, "item 3")]
    assert "not a ClaimReview (@type NewsArticle)" in document.rejected[0].reason


def test_graph_nodes_and_id_references_are_followed():
    document = parse_json(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": "https://fc.example.org/p#page", "name": "Page"},
                {"@type": "Organization", "@id": "#org", "name": "THIP Media", "url": "https://www.thip.media/"},
                claimreview(author={"@id": "#org"}),
            ],
        }
    )
    assert len(document.entries) == 1  # page furniture is skipped, not rejected
    assert document.reviews[0].review.publisher_name == "THIP Media"


def test_no_claimreview_at_all_is_an_error():
    with pytest.raises(NoClaimReviewError, match="No ClaimReview found"):
        parse_json({"@type": "NewsArticle"})
    with pytest.raises(NoClaimReviewError):
        parse_json([])
    with pytest.raises(NoClaimReviewError, match="no <script"):
        parse_text("<html><body>Hello</body></html>")
    with pytest.raises(Exception, match="neither JSON"):
        parse_text("{not json")
    with pytest.raises(Exception, match="binary"):
        parse_bytes(b"\x00\x01\x02")


PAGE = """<!doctype html><html><head>
<link rel="canonical" href="https://www.factcheck.example.org/2024/05/bridge.html">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://www.factcheck.example.org/#site", "name": "Example"},
  {"@type": "ClaimReview", "url": "/2024/05/bridge.html", "claimReviewed": "The bridge cost 3 billion",
   "author": {"@type": "Organization", "name": "Example Check"},
   "itemReviewed": {"@type": "Claim", "appearance": {"@type": "CreativeWork", "url": "/quoted/story"}},
   "reviewRating": {"@type": "Rating", "ratingValue": "2", "bestRating": "5", "worstRating": "1",
                    "alternateName": "Mostly false"}}]}</script>
<script type="application/ld+json">
{"@context": "http://schema.org", "@type": ["Review", "ClaimReview"],
 "url": "https://www.factcheck.example.org/2024/05/tunnel.html", "claimReviewed": "The tunnel is 5 km long",
 "author": "Example Check", "reviewRating": {"alternateName": "True"}}
</script>
<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": []}</script>
<script type="application/ld+json">{broken</script>
</head><body><p>The check.</p></body></html>"""


def test_an_html_page_with_two_claimreview_blocks():
    document = parse_text(PAGE)
    assert document.kind == "HTML"
    urls = [e.review.url for e in document.reviews]
    assert urls == [
        "https://www.factcheck.example.org/2024/05/bridge.html",
        "https://www.factcheck.example.org/2024/05/tunnel.html",
    ]  # relative: against the canonical
    assert document.reviews[0].review.appearances == ("https://www.factcheck.example.org/quoted/story",)
    assert [e.where for e in document.rejected] == ["script block 4"]  # the broken block; furniture is skipped
    assert "not valid JSON" in document.rejected[0].reason


def test_a_datafeed_with_a_null_item_and_items_holding_several_reviews():
    feed = {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "dateCreated": "2019-12-09T15:11:25.619782+00:00", "item": [claimreview(1)]},
            {"@type": "DataFeedItem", "item": None},
            {"@type": "DataFeedItem", "item": [claimreview(2), claimreview(3)]},
            {"@type": "DataFeedItem", "item": claimreview(4)},
            claimreview(5),
        ],
    }
    document = parse_json(feed)
    assert document.kind == "DataFeed"
    assert len(document.reviews) == 5
    assert [(e.index, e.where, e.reason) for e in document.rejected] == [
        (2, "dataFeedElement 2", "a DataFeedItem without an item (item is null)")
    ]
    assert document.reviews[2].where == "dataFeedElement 3, item 2"


def test_json_lines_with_a_broken_line_and_gzip():
    lines = "\n".join(
        [
            json.dumps(claimreview(1)),
            "",
            "{oops",
            json.dumps(claimreview(2, **{"@context": None})),
            json.dumps({"@type": "Person", "name": "x"}),
        ]
    )
    document = parse_text(lines)
    assert document.kind == "JSON Lines" and len(document.reviews) == 2
    assert [(e.where, e.reason.split(" (")[0]) for e in document.rejected] == [
        ("line 3", "not valid JSON"),
        ("line 5", "not a ClaimReview"),
    ]
    packed = parse_bytes(gzip.compress(lines.encode()))
    assert [e.review for e in packed.entries] == [e.review for e in document.entries]


def test_a_line_separator_inside_a_json_lines_string_does_not_split_the_record():
    record = claimreview(1, claimReviewed="first part\u2028second part")
    document = parse_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(claimreview(2)))
    assert len(document.reviews) == 2 and not document.rejected


# --- Saving: idempotent, updates, constraints ---------------------------------------


def test_importing_twice_is_one_record_and_a_changed_review_updates_it(db):
    first = claimreview_import(payload=[claimreview(1), claimreview(2)], source="test")
    assert (first.imported, first.updated, first.unchanged, first.rejected) == (2, 0, 0, [])
    again = claimreview_import(payload=[claimreview(1), claimreview(2)], source="test")
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    changed = claimreview(
        2, reviewRating={"alternateName": "Mostly false", "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    )
    updated = claimreview_import(payload=[claimreview(1), changed], source="second")
    assert (updated.imported, updated.updated, updated.unchanged) == (0, 1, 1)
    row = ExternalReview.objects.get(url="https://factcheck.example.org/checks/2")
    assert row.rating_label == "Mostly false" and row.normalised_rating == 0.25 and row.source == "second"
    assert row.raw == changed
    assert ExternalReview.objects.count() == 2


def test_a_url_repeated_in_one_input_keeps_the_first(db):
    report = claimreview_import(
        payload=[claimreview(1), claimreview(1), claimreview(1, headline="Other")], source="test"
    )
    assert (report.imported, report.unchanged) == (1, 1)
    assert [r.index for r in report.rejected] == [3] and "record 1 earlier" in report.rejected[0].reason
    assert ExternalReview.objects.get().headline == ""


def test_the_database_holds_the_normalised_rating_within_0_and_1(db):
    with pytest.raises(IntegrityError):
        ExternalReview.objects.create(
            url="https://x.example.org/1", claim_reviewed="x", raw={}, content_hash="h", normalised_rating=1.5
        )


def test_only_editors_and_admins_may_import(db, users):
    from claims.errors import NotPermitted

    with pytest.raises(NotPermitted, match="needs the editor role"):
        claimreview_import(payload=claimreview(1), source="test", actor=users["checker"])
    assert claimreview_import(payload=claimreview(1), source="test", actor=users["editor"]).imported == 1


# --- The command ---------------------------------------------------------------------


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_claimreview", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_reports_rejections_then_the_summary_last(db, tmp_path):
    path = tmp_path / "reviews.jsonl.gz"
    lines = [
        claimreview(1),
        claimreview(2, claimReviewed=""),
        claimreview(3, url="/relative/3"),
        claimreview(4, author="Plain String Check"),
    ]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in lines).encode()))
    output = run(str(path))
    assert output[-1] == "imported 2, updated 0, rejected 2"
    assert output[0].startswith("rejected record 2 (line 2): no claimReviewed")
    assert output[1].startswith("rejected record 3 (line 3): url '/relative/3' is relative")
    again = run(str(path))
    assert again[-1] == "imported 0, updated 0, rejected 2" and "unchanged 2" in again[-2]
    with_base = run(str(path), "--base-url", "https://factcheck.example.org/feed.jsonl")
    assert with_base[-1] == "imported 1, updated 0, rejected 1"
    assert ExternalReview.objects.filter(url="https://factcheck.example.org/relative/3").exists()


def test_command_fails_clearly_on_unreadable_input(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.json"))
    (tmp_path / "binary.gz").write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(CommandError, match="gzip data is corrupt"):
        run(str(tmp_path / "binary.gz"))
    (tmp_path / "article.json").write_text(json.dumps({"@type": "NewsArticle", "headline": "x"}))
    with pytest.raises(CommandError, match="No ClaimReview found"):
        run(str(tmp_path / "article.json"))
    with pytest.raises(CommandError, match="Could not fetch"):
        run("http://127.0.0.1:9/nothing-listens-here.json")


def test_command_imports_from_urls_with_the_safe_fetcher(db, local_site):
    feed = json.dumps(
        {
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [claimreview(1)]},
                {"@type": "DataFeedItem", "item": None},
            ],
        }
    ).encode()
    base = local_site(
        {
            "/feed.json": (200, "application/ld+json", feed),
            "/checks/page.html": (
                200,
                "text/html; charset=utf-8",
                PAGE.replace(
                    '<link rel="canonical" href="https://www.factcheck.example.org/2024/05/bridge.html">', ""
                ).encode(),
            ),
            "/all.jsonl.gz": (200, "application/gzip", gzip.compress(json.dumps(claimreview(7)).encode())),
            "/image.png": (200, "image/png", b"\x89PNG"),
        }
    )
    assert run(f"{base}/feed.json")[-1] == "imported 1, updated 0, rejected 1"
    assert run(f"{base}/checks/page.html")[-1] == "imported 2, updated 0, rejected 1"
    # No canonical link: the relative url resolves against the page's own URL.
    assert ExternalReview.objects.filter(url=f"{base}/2024/05/bridge.html").exists()
    assert run(f"{base}/all.jsonl.gz")[-1] == "imported 1, updated 0, rejected 0"
    with pytest.raises(CommandError, match="image/png"):
        run(f"{base}/image.png")
    with pytest.raises(CommandError, match="404"):
        run(f"{base}/missing.json")


@pytest.mark.skipif(not REAL_DATA.exists(), reason="the real ClaimReview sample (../shared) is not here")
def test_the_real_records_import_and_a_second_import_adds_nothing(db):
    output = run(str(REAL_DATA))
    imported, updated, rejected = (int(part.split()[1]) for part in output[-1].split(", "))
    assert imported >= 60 and updated == 0 and imported + rejected == 72
    assert len(output) == rejected + 2  # one line per rejection, a count line, the summary
    assert ExternalReview.objects.count() == imported
    assert ExternalReview.objects.filter(normalised_rating__isnull=False).count() >= 20
    assert ExternalReview.objects.exclude(claimant="").count() >= 40
    again = run(str(REAL_DATA))
    assert again[-1] == f"imported 0, updated 0, rejected {rejected}"


# --- The API -------------------------------------------------------------------------

IMPORT_URL = "/api/v1/claimreviews/import/"
LIST_URL = "/api/v1/claimreviews/"
RANK = {"nobody": -1, "viewer": 0, "checker": 1, "editor": 2, "admin": 3}
# Route → least role that may use it (with an all-scopes token); the access matrix of this module.
API_ACCESS = {("post", IMPORT_URL): "editor", ("get", LIST_URL): "viewer"}


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def client_for(user, scopes=("read", "ingest", "review", "publish")) -> APIClient:
    _token, raw = token_create(user=user, name="test", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.mark.parametrize(("method", "path"), list(API_ACCESS))
@pytest.mark.parametrize("role", ["nobody", "viewer", "checker", "editor", "admin"])
def test_api_access_by_role(db, users, method, path, role):
    client = client_for(users[role])
    response = client.post(path, [claimreview(1)], format="json") if method == "post" else client.get(path)
    allowed = RANK[role] >= RANK[API_ACCESS[(method, path)]]
    assert response.status_code == (200 if allowed else 403), response.content
    if not allowed:
        assert response["Content-Type"].startswith("application/problem+json")
    assert APIClient().generic(method.upper(), path).status_code == 401


def test_api_import_reports_counts_and_rejections(db, users):
    client = client_for(users["editor"], ["ingest"])
    body = {
        "@type": "DataFeed",
        "dataFeedElement": [{"item": claimreview(1)}, {"item": None}, {"item": claimreview(2, claimReviewed="")}],
    }
    response = client.post(IMPORT_URL, body, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "imported": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": [
            {"index": 2, "where": "dataFeedElement 2", "reason": "a DataFeedItem without an item (item is null)"},
            {
                "index": 3,
                "where": "dataFeedElement 3",
                "reason": "no claimReviewed: the text of the claim is missing or empty",
            },
        ],
    }
    again = client.post(IMPORT_URL, json.dumps(body), content_type="application/ld+json")
    assert (again.json()["imported"], again.json()["unchanged"]) == (0, 1)
    relative = client.post(
        f"{IMPORT_URL}?document_url=https://fc.example.org/x/page", claimreview(3, url="/checks/3"), format="json"
    )
    assert relative.json()["imported"] == 1
    assert ExternalReview.objects.filter(url="https://fc.example.org/checks/3").exists()


def test_api_import_needs_the_ingest_scope_and_an_editor(db, users):
    no_scope = client_for(users["editor"], ["read", "publish"]).post(IMPORT_URL, claimreview(1), format="json")
    assert no_scope.status_code == 403 and "lacks the 'ingest' scope" in no_scope.json()["detail"]
    checker = client_for(users["checker"]).post(IMPORT_URL, claimreview(1), format="json")
    assert checker.status_code == 403 and "needs the editor role" in checker.json()["detail"]
    assert ExternalReview.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "JSON parse error"),
        ('"a string"', "application/json", "not a string"),
        ("{}", "application/json", "No ClaimReview found"),
        ('[{"@type": "Person"}]', "application/json", "No ClaimReview found"),
        ("<html></html>", "text/html", "Unsupported media type"),
    ],
)
def test_api_import_refuses_bad_bodies_with_problem_details(db, users, body, content_type, message):
    response = client_for(users["admin"]).post(IMPORT_URL, body, content_type=content_type)
    assert response.status_code in (400, 415)
    assert response["Content-Type"].startswith("application/problem+json")
    assert message in response.json()["detail"]


def test_api_import_refuses_a_relative_document_url(db, users):
    response = client_for(users["editor"]).post(f"{IMPORT_URL}?document_url=/x", claimreview(1), format="json")
    assert response.status_code == 400 and "document_url" in response.json()["detail"]


def test_api_lists_imported_reviews_in_pages_with_search(db, users, django_assert_max_num_queries):
    claimreview_import(
        payload=[
            claimreview(n, claimReviewed=f"Claim {n} about {'tunnels' if n % 2 else 'bridges'}") for n in range(1, 8)
        ],
        source="test",
    )
    client = client_for(users["viewer"], ["read"])
    with django_assert_max_num_queries(6):
        page = client.get(f"{LIST_URL}?page_size=3").json()
    assert len(page["results"]) == 3 and page["next"]
    assert page["results"][0]["url"] == "https://factcheck.example.org/checks/7"
    assert "raw" not in page["results"][0]
    assert len(client.get(f"{LIST_URL}?search=tunnels").json()["results"]) == 4
    assert client.get(f"{LIST_URL}?publisher=example check").json()["results"]
    assert client_for(users["viewer"], ["ingest"]).get(LIST_URL).status_code == 403


def test_api_import_refuses_absurdly_deep_json(db, users):
    body = "[" * 100_000 + "]" * 100_000
    response = client_for(users["editor"]).post(IMPORT_URL, body, content_type="application/json")
    assert response.status_code == 400 and "nested deeper than 64 levels" in response.json()["detail"]


def test_admin_lists_and_searches_imported_reviews(admin_client, db):
    claimreview_import(payload=[claimreview(1), claimreview(2)], source="test")
    url = reverse("admin:claims_externalreview_changelist")
    assert admin_client.get(url, {"q": "bridge"}).context["cl"].result_count == 2
    row = ExternalReview.objects.first()
    assert admin_client.get(reverse("admin:claims_externalreview_change", args=[row.pk])).status_code == 200
