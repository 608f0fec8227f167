"""Parsing, cleaning and sentence splitting, on the sample article and pages of our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.demo import SAMPLE_ARTICLE
from claims.extraction.cleaning import clean, fold
from claims.extraction.errors import EmptyTextError, NotAnArticleError
from claims.extraction.html import parse_html, parse_text
from claims.extraction.sentences import split_sentences
from claims.extraction.types import ArticleText

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned() -> ArticleText:
    return clean(parse_text(SAMPLE))


def test_sample_title_comes_from_the_headline_line():
    assert parse_text(SAMPLE).title.startswith("NATO says there’s ‘NO real signs of de-escalation’")


def test_captions_printed_twice_are_kept_once(cleaned):
    assert SAMPLE.count("D-Day for Ukraine has dawned") == 2
    assert cleaned.text.count("D-Day for Ukraine has dawned") == 1
    assert cleaned.text.count("Austin bumped fists with Jens Stoltenberg") == 1
    # Duplicates differing only in apostrophes and dashes are duplicates too.
    assert cleaned.text.count("The plan would see up to four fresh battlegroups") == 1


def test_glued_byline_becomes_an_author(cleaned):
    assert "ByDavid" not in cleaned.text
    assert cleaned.authors == ("David Averre",)


@pytest.mark.parametrize(
    "furniture",
    [
        "Source link",
        "Stay in Touch",
        "spot_img",
        "Related Articles",
        "weight loss journeys",
        "Start changing your life today",
    ],
)
def test_site_furniture_is_removed(cleaned, furniture):
    assert furniture in SAMPLE
    assert furniture not in cleaned.text


@pytest.mark.parametrize(
    "kept",
    [
        "despite Moscow saying that tanks are being withdrawn",
        "they have increased the number of troops and more troops are on their way",
        "the UK last month gave 2,000 NLAW anti-tank weapons to Ukraine",
        "has killed over 14,000 since 2014",
        "four fresh battlegroups of 1,000 troops",
    ],
)
def test_claims_worth_checking_survive_cleaning(cleaned, kept):
    assert kept in cleaned.text


def test_cleaning_is_idempotent(cleaned):
    assert clean(cleaned) == cleaned


def test_furniture_of_another_site_is_removed_too():
    page = (PAGES / "other_site.html").read_text(encoding="utf-8")
    article = clean(parse_html(page, url="https://www.example-news.org/politics/budget"))
    assert "The treasury said the deficit fell to 4.2 percent" in article.text
    for furniture in (
        "Share this article",
        "Sign up to our morning briefing",
        "Advertisement",
        "© 2024 Example News",
        "footer_widget",
        "Read more",
    ):
        assert furniture not in article.text, furniture
    assert "Maria Lopez" in article.authors


def test_html_gives_metadata():
    article = parse_html((PAGES / "other_site.html").read_bytes(), url="https://www.example-news.org/x")
    assert article.title == "Deficit falls as tax receipts rise"
    assert article.canonical_url == "https://www.example-news.org/politics/budget"
    assert article.published is not None and article.published.year == 2024
    assert article.published.tzinfo is not None


def test_page_without_text_is_not_an_article():
    with pytest.raises(NotAnArticleError, match="No article text"):
        parse_html("<html><body><nav><a href='/'>Home</a></nav><script>x=1</script></body></html>")
    with pytest.raises(EmptyTextError):
        parse_html(b"   ")
    with pytest.raises(EmptyTextError):
        parse_text("  \n ")


def test_latin1_page_with_meta_charset_is_read():
    body = "<p>" + "Le café a coûté deux euros de plus cette année, selon le ministère. " * 3 + "</p>"
    html = (
        f'<html><head><meta charset="iso-8859-1"><title>Café</title></head>'
        f"<body><article>{body}</article></body></html>"
    )
    assert "café" in parse_html(html.encode("latin-1")).text


def test_fold_ignores_quotes_dashes_case_and_spaces():
    assert fold("Russia’s  troops – moving") == fold("russia's troops - moving")


CASES = [
    ("Mr. Smith went to Washington. He said hi.", ["Mr. Smith went to Washington.", "He said hi."]),
    ("The U.S. economy grew 3.5 percent. That is fast.", ["The U.S. economy grew 3.5 percent.", "That is fast."]),
    ("‘We will win,’ he said. ‘No doubt.’ She left.", ["‘We will win,’ he said.", "‘No doubt.’", "She left."]),
    ("He lives at No. 10 Downing St. now. Really.", ["He lives at No. 10 Downing St. now.", "Really."]),
    ("J. K. Rowling wrote it. Then Dr. Who came.", ["J. K. Rowling wrote it.", "Then Dr. Who came."]),
    ("First paragraph without a stop\n\nSecond one.", ["First paragraph without a stop", "Second one."]),
    ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
    (
        "A line that was hard\nwrapped by an email client. Next.",
        ["A line that was hard\nwrapped by an email client.", "Next."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_boundaries(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_every_sentence_slices_the_text_exactly(cleaned):
    sentences = split_sentences(cleaned.text)
    assert len(sentences) > 100
    for s in sentences:
        assert cleaned.text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    assert split_sentences("") == []


LINES = st.sampled_from(
    [
        "Source link",
        "spot_img",
        "ByDavid Averre For Mailonline",
        "Related Articles",
        "Share this article",
        "The minister said unemployment fell to 3.5 percent last year.",
        "Stay in Touch",
        "Moscow’s troops – moving back",
        "Moscow's troops - moving back",
        "",
        "  ",
        "Start changing your life today!",
        "A short line",
        "‘Quote,’ he said.",
        "© 2024 Example",
        "Officials counted 2,000 new jobs in March.",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=25).map("\n".join))
def test_cleaning_is_idempotent_and_sentences_slice_exactly(text):
    if not text.strip():
        return
    once = clean(ArticleText(text=text))
    assert clean(once) == once
    for sentence in split_sentences(once.text):
        assert once.text[sentence.start : sentence.end] == sentence.text


def test_outlet_is_og_site_name_even_after_an_application_name_headline():
    body = "<p>" + "The council said rents rose 9 percent in the year to March across the city. " * 3 + "</p>"
    html = (
        '<html><head><title>Rents soar</title><meta name="application-name" content="Rents soar in the city">'
        '<meta property="og:site_name" content="The Courier"></head>'
        f"<body><article>{body}</article></body></html>"
    )
    assert parse_html(html).site_name == "The Courier"


def test_application_name_is_the_outlet_when_the_page_has_no_og_site_name():
    body = "<p>" + "The council said rents rose 9 percent in the year to March across the city. " * 3 + "</p>"
    html = (
        '<html><head><title>Rents soar</title><meta name="application-name" content="The Courier"></head>'
        f"<body><article>{body}</article></body></html>"
    )
    assert parse_html(html).site_name == "The Courier"


def test_a_site_name_that_only_repeats_the_subdomain_gives_way_to_the_domain():
    # before, every claim of a wire story on hosted.<agency> was "Hosted"'s
    body = "<p>" + "The council said rents rose 9 percent in the year to March across the city. " * 3 + "</p>"
    head = (
        '<meta property="og:site_name" content="Hosted"><link rel="canonical" href="https://hosted.wire.example/x/1">'
    )
    html = f"<html><head><title>Rents soar</title>{head}</head><body><article>{body}</article></body></html>"
    assert parse_html(html).site_name == "wire.example"
    kept = html.replace('content="Hosted"', 'content="The Wire"')
    assert parse_html(kept).site_name == "The Wire"


def test_a_site_name_that_is_only_the_hosts_label_gives_way_to_the_pages_own_spelling():
    # before, every claim on a page whose og:site_name was "dailyplanet" was "dailyplanet"'s
    body = "<p>" + "The council said rents rose 9 percent in the year to March across the city. " * 3 + "</p>"
    head = (
        '<meta property="og:site_name" content="dailyplanet">'
        '<link rel="canonical" href="https://www.dailyplanet.example/story/1">'
    )
    footer = "<footer>© 2020 DAILY PLANET, a Metro company. Contact dailyplanet@mail.example</footer>"
    html = f"<html><head><title>Rents soar</title>{head}</head><body><article>{body}</article>{footer}</body></html>"
    assert parse_html(html).site_name == "DAILY PLANET"
    # without a capitalised spelling in the page, the label stays
    assert parse_html(html.replace("DAILY PLANET", "")).site_name == "dailyplanet"
    # a name in capitals is no host's label
    assert parse_html(html.replace('content="dailyplanet"', 'content="The Planet"')).site_name == "The Planet"


def test_a_host_label_spelt_only_as_a_plain_word_gives_way_to_the_host():
    # "Cleveland" on cleveland.com may be the city the page is about: the host names the outlet
    body = "<p>" + "The band will play in Cleveland next summer, the promoter said on Friday afternoon. " * 3 + "</p>"
    head = (
        '<meta property="og:site_name" content="cleveland">'
        '<link rel="canonical" href="https://www.cleveland.example/music/1">'
    )
    html = f"<html><head><title>Tour</title>{head}</head><body><article>{body}</article></body></html>"
    assert parse_html(html).site_name == "cleveland.example"
