"""Fuzzing the extraction: malformed and adversarial HTML, arbitrary text.

Whatever comes in, only our own domain error (ExtractionError) may come out,
within the per-test time limit; every claim's offsets slice the text it
points into, and cleaning is idempotent.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import pipeline
from claims.extraction.cleaning import clean
from claims.extraction.errors import ExtractionError
from claims.extraction.sentences import split_sentences
from claims.extraction.types import ArticleText

# A fuzzer: hundreds of generated inputs. `make test` runs it; the edit loop (`make test-fast`) does not.
pytestmark = pytest.mark.slow

SENTENCE = "The minister said unemployment fell to 3.5 percent last year in the north. "
# Distinct sentences: the parser drops repeated paragraphs, and a page needs some text to be an article.
TEXT = " ".join(f"The minister said unemployment fell to {i}.5 percent in region {i} last year." for i in range(8))
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def extract_or_domain_error(html: str | bytes):
    """Parse and extract; None for a domain error (a page that is not an article)."""
    try:
        article = pipeline.parse(html_text=html, url="https://news.example/story")
    except ExtractionError:
        return None
    result = pipeline.extract(article, default_claimant="Example News")
    for claim in result.claims:
        assert result.article.text[claim.start : claim.end] == claim.text
        assert result.article.text[claim.sentence_start : claim.sentence_end] == claim.sentence
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end
    return result


TAGS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "b",
        "i",
        "a",
        "table",
        "tr",
        "td",
        "script",
        "style",
        "article",
        "h1",
        "li",
        "ul",
        "meta",
        "svg",
        "math",
        "template",
        "noscript",
        "iframe",
        "br",
    ]
)
ATTRIBUTE = st.tuples(st.text("abcdefghij-:", min_size=1, max_size=8), st.text(max_size=30)).map(
    lambda kv: f' {kv[0]}="{kv[1]}"'
)
PIECE = st.one_of(
    TAGS.map(lambda t: f"<{t}>"),
    TAGS.map(lambda t: f"</{t}>"),
    st.tuples(TAGS, st.lists(ATTRIBUTE, max_size=4)).map(lambda ta: f"<{ta[0]}{''.join(ta[1])}>"),
    st.just(SENTENCE),
    st.text(max_size=40),
    st.sampled_from(
        [
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE html>",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "&#xD800;",
            "&nbsp;",
            "<",
            ">",
            '"',
            "'",
            "\x00",
            "\ufeff",
            "\u202e",
            "<?xml version='1.0'?>",
            '<meta charset="x-unknown">',
            '<meta charset="utf-16">',
            "</html>",
            "<head>",
            "<body>",
        ]
    ),
)


@FUZZ
@given(st.lists(PIECE, max_size=80).map("".join))
@pytest.mark.timeout(120)
def test_tag_soup_never_escapes(html):
    extract_or_domain_error(html)


@FUZZ
@given(st.binary(max_size=4000))
@pytest.mark.timeout(120)
def test_random_bytes_never_escape(data):
    extract_or_domain_error(data)


@FUZZ
@given(
    st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16", "utf-16-be", "koi8-r", "shift_jis"]),
    st.sampled_from(["", "utf-8", "latin-1", "utf-16", "no-such-charset", "x" * 40]),
    st.binary(max_size=200),
)
@pytest.mark.timeout(120)
def test_broken_encodings_never_escape(encoding, declared, garbage):
    text = f"<html><head><meta charset='{declared}'></head><body><p>{SENTENCE}Über café – “quoted”.</p>"
    data = text.encode(encoding, errors="replace") + garbage + b"</body></html>"
    extract_or_domain_error(data)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<html><body>" + "<div>" * 10_000 + TEXT + "</div>" * 10_000, id="10k-nested"),
        pytest.param("<body>" + "<div><span><b>" * 10_000 + TEXT, id="10k-unclosed"),
        pytest.param("<table>" * 10_000 + SENTENCE, id="10k-tables"),
        pytest.param('<html><body><p class="' + "x" * 4_000_000 + f'">{TEXT}</p>', id="4MB-attribute"),
        pytest.param(
            "<html><body><p " + " ".join(f"a{i}=1" for i in range(100_000)) + f">{TEXT}</p>", id="100k-attributes"
        ),
        pytest.param(
            "<html><body>" + ("<p " + " ".join(f"a{i}=1" for i in range(400)) + f">{SENTENCE}</p>") * 300,
            id="300-tags-of-400-attributes",
        ),
        pytest.param(
            '<head><meta property="og:title" content="' + "t" * 2_000_000 + f'"></head><p>{TEXT}</p>', id="2MB-meta"
        ),
        pytest.param("<!--" * 200_000 + SENTENCE, id="comment-openers"),
        pytest.param("<script>" * 100_000 + SENTENCE, id="script-openers"),
        pytest.param("&#x110000;&#0;&#xD800;" * 100_000 + SENTENCE, id="bad-entities"),
        pytest.param(f"<p>{'a' * 4_000_000}</p>", id="4MB-word"),
        pytest.param(f"<html><body><p>{SENTENCE * 13_000}</p>", id="1MB-of-sentences"),
        pytest.param("<html>\x00<body>" + TEXT, id="nul-in-text"),
        pytest.param(b"<html>\x00<body>" + SENTENCE.encode() * 3, id="nul-in-bytes"),
        pytest.param(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", id="utf16-bytes"),
        pytest.param(b"\xef\xbb\xbf\xff\xff\xc3\x28<p>" + SENTENCE.encode() * 3, id="bom-then-invalid-utf8"),
        # lxml asserted in htmldate's date search (found by test_tag_soup_never_escapes).
        pytest.param("<svg><p><p>", id="svg-then-paragraphs"),
        pytest.param(f"<svg><p><p>{TEXT}", id="svg-then-paragraphs-with-text"),
    ],
)
def test_adversarial_html_gives_an_article_or_a_domain_error(html):
    extract_or_domain_error(html)


ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
NEWSY = st.lists(
    st.sampled_from(
        [
            SENTENCE,
            "“We will win,” she said. ",
            "According to NATO, 2,000 troops left. ",
            "\n",
            "\n\n",
            "• ",
            "…",
            "Share this article\n",
            "ByJane Doe\n",
            "‘Quote,’ he said.\n",
            "  ",
            "\t",
            "\r\n",
            "\u00a0",
            "\u2028",
        ]
    )
    | ANY_TEXT,
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
@pytest.mark.timeout(120)
def test_cleaning_is_idempotent_on_any_text(text):
    if not text.strip():
        return
    once = clean(pipeline.parse(text=text))
    assert clean(once) == once
    for sentence in split_sentences(once.text):
        assert once.text[sentence.start : sentence.end] == sentence.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
@pytest.mark.timeout(120)
def test_claims_from_any_text_slice_the_text(text):
    if not text.strip():
        return
    result = pipeline.extract(pipeline.parse(text=text), default_claimant="Outlet")
    for claim in result.claims:
        assert result.article.text[claim.start : claim.end] == claim.text


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                SENTENCE,
                "“We will win,” she said.",
                "Share this article",
                "Related Articles",
                "According to NATO, 2,000 troops left.",
                "<br>",
                "</p><p>",
                "&nbsp;",
            ]
        ),
        min_size=3,
        max_size=30,
    ).map(lambda parts: "<html><body><article><p>" + "".join(parts) + "</p></article></body></html>")
)
@pytest.mark.timeout(120)
def test_cleaning_html_articles_is_idempotent(html):
    try:
        article = pipeline.parse(html_text=html)
    except ExtractionError:
        return
    once = clean(article)
    assert clean(once) == once
    assert clean(ArticleText(text=once.text)).text == once.text
