"""Furniture out of the text — captions, subheads, list markers, credits, teasers, timestamps, social pitches —
by the page's own structure and by shapes that hold across sites; the story's prose stays."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from claims.extraction import pipeline
from claims.extraction.cleaning import clean, fold
from claims.extraction.html import parse_html
from claims.extraction.types import ArticleText

PROSE = [
    "The council said 2,400 homes were flooded in March, twice as many as a year earlier.",
    "More than 300 people were moved to shelters, the mayor said on Tuesday.",
    "Follow-up inspections found damp in 40 percent of the homes, according to the report.",
    "January 27, 2023, was the day the first levee failed, engineers said.",
    "Updated figures show the repair bill has risen to £12 million.",
    "2. The second reason, the report said, is that drains were not cleared for a decade.",
    "PTI reported that 150 people were flown home on Tuesday.",
    "Agencies said the flights would resume in May.",
    "Contact with the river at 40 places was lost when the levee failed, engineers said.",
    "Call it what you will: at 300 homes the water stood a metre deep.",
    "Also on display were 40 photographs of the flooded streets, the museum said.",
    "Also on Tuesday, the council said 40 homes would be rebuilt by May.",
]
FURNITURE = [
    "2.",
    "iv)",
    "Keith Marlow contributed reporting.",
    "Anna Ruiz and Tom Okafor contributed reporting from Lagos.",
    "(Reporting by Jane Holt; Editing by Mark Dean)",
    "Write to Sam Reed at sam.reed@example.com",
    "Contact Dear Kim at www.dearkim.example or P.O. Box 12345, Riverside, CA 90000.",
    "Call the flood line at (555) 123-4567 for help.",
    "Cover image: a flooded street in the town centre",
    "More: Why the levees failed",
    "[Related: Five charts that explain the floods]",
    "See it now: Amazon",
    "Also on rt.com Journalists & politicians threatened with sedition arrests as the army purges the party",
    "January 27, 2023, 1:48 pm",
    "Updated 3:15 PM EST, Fri January 27, 2023",
    "Published 2 hours ago",
    "27 January 2023 at 13:48 GMT",
    "Follow NBC Riverside on Facebook, Twitter and Instagram.",
    "Follow us on Twitter @example for the latest news",
    "https://example.com/floods-live",
    "_____",
    "BAAR, SWITZERLAND",
    "HOW WILL THE TOWN REBUILD?",
    "PTI",
    "With inputs from PTI",
    "— AFP and Reuters",
    "Comments Comments",
]


def _cleaned_lines(text: str, **kwargs) -> list[str]:
    return clean(ArticleText(text=text, **kwargs)).text.split("\n\n")


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_shapes_are_removed_between_paragraphs(line):
    lines = _cleaned_lines("\n".join([PROSE[0], line, PROSE[1]]))
    assert lines == [PROSE[0], PROSE[1]]


def test_prose_that_looks_like_furniture_is_kept():
    assert _cleaned_lines("\n".join(PROSE)) == PROSE


def test_quoted_speech_ends_the_story_even_with_you_and_get_in_it():
    quote = (
        "“If you get a cough, tell your doctor and get your home checked now,” Dr Lena Park said. "
        "“Most people never think about it.”"
    )
    assert _cleaned_lines("\n".join([PROSE[0], quote]))[-1] == quote


def _page(body: str) -> str:
    return (
        "<html><head><title>Floods</title><meta property='og:site_name' content='The Courier'></head><body>"
        f"<article><h1>Floods</h1>{body}</article></body></html>"
    )


def test_captions_and_subheads_marked_by_the_page_are_removed():
    caption = "Residents wade through a flooded street in the town centre on Monday."
    body = (
        f"<p>{PROSE[0]}</p>"
        f"<div class='media'><img src='a.jpg'><p class='image-caption'>{caption} (Photo: Jo Bell)</p></div>"
        f"<p>{PROSE[1]}</p><h2>What the council will do next</h2><p>{PROSE[2]}</p>"
        f"<figure><img src='b.jpg'><figcaption>Sandbags piled against a shop door in the high street"
        f"</figcaption></figure>"
        f"<p>{PROSE[4]}</p>"
    )
    article = parse_html(_page(body))
    text = clean(article).text
    assert "Residents wade" not in text and "What the council will do next" not in text
    assert "Sandbags piled" not in text
    for prose in (PROSE[0], PROSE[1], PROSE[2], PROSE[4]):
        assert prose in text


def test_a_long_heading_ending_in_a_full_stop_is_kept():
    standfirst = "The council says 2,400 homes flooded in March and the bill will reach £12 million."
    article = parse_html(_page(f"<h2>{standfirst}</h2><p>{PROSE[1]}</p><p>{PROSE[2]}</p>"))
    assert standfirst not in article.furniture and fold(standfirst) not in article.furniture


def test_no_furniture_reaches_the_claims():
    text = "\n".join(
        [
            "Floods cost £12 million",
            "January 27, 2023, 1:48 pm",
            PROSE[0],
            "2.",
            PROSE[4],
            "More: Why 2,000 homes were flooded",
            "Keith Marlow contributed reporting.",
            "Follow NBC Riverside on Facebook, Twitter and Instagram.",
            PROSE[1],
        ]
    )
    claims = pipeline.extract(pipeline.parse(text=text), default_claimant="The Courier").claims
    sentences = {c.sentence for c in claims}
    assert not any(s.startswith(("January 27", "2.", "More:", "Keith Marlow", "Follow")) for s in sentences)
    assert PROSE[0] in sentences


# Real pages, when ../shared is here: no caption or subhead the page marks survives
# cleaning, no bare list marker or timestamp either, and the story's prose stays.
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
BENCHMARK = SHARED / "articles" / "extraction_benchmark"
PAGES = sorted(BENCHMARK.glob("*.html.gz"))[:14] if BENCHMARK.is_dir() else []
_PROSE_LINE = re.compile(r"^\S+(?:\s+\S+){14,}$")


@pytest.mark.skipif(not PAGES, reason="needs ../shared/data/articles/extraction_benchmark")
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name[:12])
def test_real_pages_lose_their_furniture_and_keep_their_prose(path):
    raw = gzip.decompress(path.read_bytes())
    try:
        article = parse_html(raw)
    except Exception:  # noqa: BLE001 - a page that is no article has nothing to clean
        pytest.skip("not an article page")
    cleaned = clean(article)
    kept = [fold(line) for line in cleaned.text.split("\n\n")]
    tree = lxml_html.fromstring(raw)
    marked = {fold(" ".join(el.text_content().split())) for el in tree.iter("figcaption", "h2", "h3")}
    for line in kept:
        assert line not in {m for m in marked if 3 <= len(m.split()) <= 12 and not m.endswith(".")}
        assert not re.fullmatch(r"\d{1,3}[.)]", line)
        assert not re.fullmatch(r"(?:[a-z]+ )?\d{1,2},? \d{4},? \d{1,2}:\d{2} ?(?:am|pm)?", line)
    prose = [
        fold(line.strip())
        for line in article.text.split("\n")
        if _PROSE_LINE.match(line.strip()) and line.strip()[-1:] in '.?!”"’'
    ]
    retained = sum(len(p) for p in prose if p in set(kept))
    assert retained >= 0.97 * sum(len(p) for p in prose)


def test_the_headline_is_no_subhead():
    page = (
        "<html><head><title>Council cuts 300 jobs | The Courier</title></head><body><article>"
        f"<h1>Council cuts 300 jobs</h1><p>{PROSE[0]}</p><h2>Council cuts 300 jobs</h2><p>{PROSE[1]}</p>"
        "</article></body></html>"
    )
    article = parse_html(page)
    assert fold("Council cuts 300 jobs") not in article.furniture
    assert "Council cuts 300 jobs" in clean(article).text


def test_hover_cards_inside_a_paragraph_are_not_part_of_its_text():
    # A name's pop-up card (photo, the person's latest headlines, "MORE") and a tooltip's hidden text sit
    # inside the sentence in the HTML; only the linked name is the sentence's.
    card = (
        "<span class='rollover-people'><a class='rollover-people-link' href='/people/jo-ames'>Jo Ames</a>"
        "<span class='rollover-people-block'><span class='rollover-block'><a class='name' href='/p'>Jo Ames</a>"
        "<a class='people-articles' href='/a'>Council votes on the budget tonight</a>"
        "<a class='more' href='/people/jo-ames'>MORE</a></span></span></span>"
    )
    tip = "<span class='tooltip'>NRA<span class='tooltiptext'>National Rivers Authority</span></span>"
    body = f"<p>Councillor {card} (Lab) said the {tip} had found 2,400 homes at risk of flooding.</p><p>{PROSE[1]}</p>"
    text = parse_html(_page(body)).text
    assert "Councillor Jo Ames (Lab) said the NRA had found 2,400 homes at risk of flooding." in text
    assert "latest" not in text and "Council votes" not in text and "MORE" not in text
    assert "National Rivers Authority" not in text


def test_a_wire_sign_off_run_on_after_the_last_sentence_is_dropped():
    text = f"{PROSE[0]}\n{PROSE[1]} PTI"
    assert _cleaned_lines(text) == [PROSE[0], PROSE[1]]
    kept = "More than 300 people were flown home, according to figures compiled by PTI."
    assert _cleaned_lines(f"{PROSE[0]}\n{kept}") == [PROSE[0], kept]
