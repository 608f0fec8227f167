"""Issue 23, part 3: a queue a desk can work — genres, types from structure, what is never queued,
the order, the per-article cap and reasons a checker can use."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claims.choices import ClaimType
from claims.demo import SAMPLE_ARTICLE
from claims.extraction import checkworthiness, pipeline, ranking
from claims.extraction.claim_types import claim_type
from claims.extraction.types import ExtractedClaim

TRANSCRIPT = """MODERATOR: Good evening and welcome to the debate.
SMITH: Unemployment fell to 3.5 percent last year, the lowest in fifty years.
JONES: That is not true. We lost 200,000 manufacturing jobs in my state alone.
MODERATOR: Senator Smith, your response.
SMITH: The Bureau of Labor Statistics says we added 2.1 million jobs.
JONES (Governor of Ohio): I think the people at home know better than that.
"""


def _claim(
    text: str, *, score: float, claimant: str = "the outlet", claim_type: str = ClaimType.OTHER, start: int = 0
) -> ExtractedClaim:
    return ExtractedClaim(
        text=text,
        sentence=text,
        start=start,
        end=start + len(text),
        sentence_start=start,
        sentence_end=start + len(text),
        claimant=claimant,
        claim_type=claim_type,
        score=score,
        reason="",
        checkworthy=False,
        standalone=text,
    )


def test_a_transcript_is_told_from_news():
    assert checkworthiness.genre_of(TRANSCRIPT) == "transcript"
    assert checkworthiness.genre_of(SAMPLE_ARTICLE.read_text(encoding="utf-8")) == "news"
    # One quoted line with a colon is not a transcript.
    assert checkworthiness.genre_of("The minister said: prices rose.\nThey did.\nOthers disagreed.\nFine.") == "news"
    # Labels each used once are a list, not speakers taking turns: a police log's charges, a box score.
    arrests = "Police arrested five people on Friday.\n" + "\n".join(
        f"{name}: Possession of methamphetamine, resisting law enforcement."
        for name in ("Jo A. Ames", "Tom B. Bell", "Ana C. Ruiz", "Lu D. Chen", "Kim E. Park")
    )
    assert checkworthiness.genre_of(arrests) == "news"
    # An interview's two labels come back, turn after turn.
    interview = "\n".join(["Q: How did it go?", "A: It went well, and we won.", "Q: And then?", "A: We went home."])
    assert checkworthiness.genre_of(interview) == "transcript"


def test_each_genre_is_scored_by_its_own_model_at_its_own_threshold():
    sentences = ["Unemployment fell to 3.5 percent last year, the lowest in fifty years.", "Thank you, Senator."]
    news = [s.score for s in checkworthiness.score_sentences(sentences, reasons=False, genre="news")]
    speech = [s.score for s in checkworthiness.score_sentences(sentences, reasons=False, genre="transcript")]
    assert all(0 <= p <= 1 for p in news + speech)
    assert news[0] > news[1] and speech[0] > speech[1]
    m = checkworthiness.model()
    if m.head is not None:
        assert news != speech  # the news head against the calibrated student
        assert m.thresholds["news"] == m.head.threshold != m.thresholds["transcript"]
    assert checkworthiness.default_threshold("transcript") == m.thresholds["transcript"]
    with pytest.raises(ValueError, match="unknown genre"):
        checkworthiness.score_sentences(sentences, genre="poetry")


def test_the_pipeline_scores_a_transcript_as_one():
    result = pipeline.extract(pipeline.parse(text=TRANSCRIPT), default_claimant="Debate")
    assert result.genre == "transcript"
    scores = {c.text: c.score for c in result.claims}
    expected = checkworthiness.score_sentences(
        ["SMITH: Unemployment fell to 3.5 percent last year, the lowest in fifty years."],
        reasons=False,
        genre="transcript",
    )
    assert expected and scores  # the claims are scored; the threshold is the transcript one
    for claim in result.claims:
        assert claim.checkworthy == (
            claim.score >= checkworthiness.default_threshold("transcript")
            and not ranking.is_question(claim.text)
            and claim.claim_type != ClaimType.NOT_A_CLAIM
            and not ranking.is_fragment(claim.text)
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An estimated 964,000 people had a meth use disorder in 2017, according to the national drug survey.", True),
        ("Three million people lost their homes in the floods last year.", True),
        ("Prices rose 12 percent in the year to March.", True),
        ("On May 3, 2022, the minister spoke to reporters about the plan for the border.", False),
        ("The summit takes place at 3pm on the 10th floor of the ministry building.", False),
        ("In 2019 the company moved its headquarters to a new building in the city.", False),
        ("One of the senators walked out of the hearing before the vote was held.", False),
    ],
)
def test_quantity_only_when_a_number_parses(text, expected):
    assert (claim_type(text) == ClaimType.QUANTITY) is expected, claim_type(text)


def test_questions_fragments_and_non_claims_are_never_queued_whatever_their_score():
    claims = [
        _claim("Did the government really cut 10,000 nursing jobs last year?", score=0.99, start=0),
        _claim(". 6 event in the capital with the minister", score=0.99, start=100),
        _claim(
            "Thank you all for coming tonight to this event.", score=0.99, claim_type=ClaimType.NOT_A_CLAIM, start=200
        ),
        _claim(
            "The government cut 10,000 nursing jobs last year.", score=0.99, claim_type=ClaimType.QUANTITY, start=300
        ),
    ]
    ranked = ranking.rank(claims, default_claimant="the outlet", threshold=0.5, cap=None)
    assert [c.checkworthy for c in ranked] == [False, False, False, True]
    assert ranked[0].reason.startswith("not queued (0.99): a question")
    assert ranked[1].reason.startswith("not queued (0.99): a fragment")
    assert ranked[2].reason.startswith("not queued (0.99): not a statement of fact")
    assert ranked[3].reason.startswith("check-worthy (0.99): a statistic: 10,000 nursing jobs last year")
    for claim in ranked:  # never contradicting the label
        assert not (claim.checkworthy and "question" in claim.reason)


def test_reasons_name_the_checkable_core_and_who_claims_it():
    text = "An estimated 964,000 people with a meth use disorder in 2017, according to the national drug survey."
    [ranked] = ranking.rank(
        [_claim(text, score=0.9, claimant="Kristi Noem, Governor of South Dakota", claim_type=ClaimType.QUANTITY)],
        default_claimant="The Hill",
        threshold=0.5,
        cap=None,
        weighed={0: ("meth", "disorder")},
    )
    assert ranked.reason == (
        "check-worthy (0.90): a statistic: 964,000 people with a meth use disorder in 2017, "
        "from the national drug survey; a claim by Kristi Noem, Governor of South Dakota; "
        "weighed: 'meth', 'disorder'"
    )
    [own] = ranking.rank(
        [
            _claim(
                "Exports to China doubled because of the new tariffs on steel.",
                score=0.2,
                claimant="The Hill",
                claim_type=ClaimType.CAUSAL,
            )
        ],
        default_claimant="The Hill",
        threshold=0.5,
        cap=None,
    )
    assert own.reason == (
        "not check-worthy (0.20): a causal claim: “because of the new tariffs on steel”; in The Hill's own words"
    )
    [anonymous] = ranking.rank(
        [_claim("The plan was dropped last week after the protests.", score=0.7, claimant="senior officials")],
        default_claimant="The Hill",
        threshold=0.5,
        cap=None,
    )
    assert anonymous.reason.endswith("a claim by senior officials, not named")


def test_the_order_prefers_a_statistic_and_named_claimants_at_about_equal_scores():
    text = "The council spent money on the new bridge over the river last year."
    named = _claim(text, score=0.6, claimant="Mayor Ann Lee", start=0)
    outlet = _claim(text, score=0.6, start=100)
    anonymous = _claim(text, score=0.6, claimant="officials", start=200)
    core = _claim("The council spent 4 million on the new bridge.", score=0.6, claim_type=ClaimType.QUANTITY, start=300)
    ranked = ranking.rank([named, outlet, anonymous, core], default_claimant="the outlet", threshold=0.5, cap=None)
    by_start = {c.start: c.priority for c in ranked}
    assert by_start[0] > by_start[100] > by_start[200]
    assert by_start[300] > by_start[100]
    # A number that parses outranks a vaguer claim scored a little higher; a date is no statistic.
    vague = ranking.rank([replace(named, score=0.66)], default_claimant="the outlet", threshold=0.5, cap=None)[0]
    assert by_start[300] > vague.priority
    dated = _claim("The council opened the new bridge on March 3, 2021.", score=0.6, start=400)
    assert ranking.rank([dated], default_claimant="the outlet", threshold=0.5, cap=None)[0].priority == by_start[100]
    # The score leads: a clearly higher score beats every bonus.
    higher = ranking.rank([replace(outlet, score=0.75)], default_claimant="the outlet", threshold=0.5, cap=None)[0]
    assert higher.priority > by_start[0] and higher.priority > by_start[300]


def test_the_cap_keeps_an_articles_best_claims_in_the_queue_and_the_rest_under_it():
    claims = [
        _claim(
            f"The ministry said {n},000 homes were built in region {n} last year.",
            score=0.5 + n / 100,
            claim_type=ClaimType.QUANTITY,
            start=n * 100,
        )
        for n in range(1, 8)
    ]
    ranked = ranking.rank(claims, default_claimant="the outlet", threshold=0.5, cap=3)
    queued = [c.start for c in ranked if c.checkworthy]
    assert queued == [500, 600, 700]  # the three best, in text order
    fourth = next(c for c in ranked if c.start == 400)
    assert fourth.reason.startswith(
        "not queued (0.54): check-worthy, but past this article's cap of 3 claims "
        "(ranked 4th); a statistic: 4,000 homes"
    )
    assert all(c.checkworthy for c in ranking.rank(claims, default_claimant="x", threshold=0.5, cap=None))
    assert all(c.checkworthy for c in ranking.rank(claims, default_claimant="x", threshold=0.5, cap=0))


def test_the_sample_article_queues_about_what_a_desk_would_check():
    result = pipeline.extract(
        pipeline.parse(text=SAMPLE_ARTICLE.read_text(encoding="utf-8")), default_claimant="Daily Mail"
    )
    queued = [c for c in result.claims if c.checkworthy]
    assert result.genre == "news"
    cap = checkworthiness.DEFAULT_CAP
    assert 10 <= len(queued) <= (cap or len(result.claims))
    assert len(queued) <= 0.4 * len(result.claims)
    texts = " | ".join(c.text for c in queued)
    # Every gold claim is queued within the article's cap (a number that parses ranks a claim up).
    for gold in ("tanks are being withdrawn", "14,000", "2,000 NLAW", "1,000 troops"):
        assert gold in texts, gold
    assert all(c.reason.startswith("check-worthy (") for c in queued)
    assert not any(ranking.is_question(c.text) for c in queued)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("(Reuters) — The NYAG is investigating WeWork over its sales of shares.", False),
        ("WASHINGTON (AP) — The Senate passed the bill by 52 votes to 48 on Tuesday.", False),
        ("NEW YORK, Dec 6 (Reuters) - Shares of the company fell 12 percent on Monday.", False),
        ("LONDON — Inflation rose to 10.1 percent in September, the highest in 40 years.", False),
        ("(CNN)— The governor signed the order on Friday morning.", False),
        ("(Reuters) —", True),  # a credit alone
        ("WASHINGTON (AP) — Not now.", True),  # what follows is too short
        ("— and then the minister left the room without a word.", True),  # cut, no dateline
        (". 6 event in the capital with the minister", True),
        ("(pictured on February 15, 2022)", True),
    ],
)
def test_a_dateline_or_credit_before_the_lede_is_not_a_cut(text, fragment):
    assert ranking.is_fragment(text) is fragment
    [ranked] = ranking.rank([_claim(text, score=0.9)], default_claimant="Reuters", threshold=0.5, cap=None)
    assert ranked.checkworthy is not fragment
    assert ranked.reason.startswith("not queued (0.90): a fragment") is fragment


def test_a_claim_past_the_cap_keeps_its_reason_built_from_its_parts():
    """The reason past the cap is made from the same parts as the queued one (the core, who claims
    it, the weighed words, the article's own verdict), not re-parsed from the queued reason's text."""
    claims = [
        _claim(
            "Exports: they rose 40 percent, more than in any year since 1990.",
            score=0.9,
            claimant="Minister: Ann Lee",
            claim_type=ClaimType.QUANTITY,
            start=0,
        ),
        replace(
            _claim(
                "Imports rose 30 percent last year, the ministry says.",
                score=0.8,
                claim_type=ClaimType.QUANTITY,
                start=100,
            ),
            reason="x; the article itself calls it false",
        ),
    ]
    uncapped = ranking.rank(
        claims, default_claimant="the outlet", threshold=0.5, cap=None, weighed={100: ("imports", "percent")}
    )
    capped = ranking.rank(
        claims, default_claimant="the outlet", threshold=0.5, cap=1, weighed={100: ("imports", "percent")}
    )
    assert [c.checkworthy for c in capped] == [True, False]
    assert capped[0].reason == uncapped[0].reason
    assert uncapped[1].reason == (
        "check-worthy (0.80): a statistic: 30 percent last year; in the outlet's own words; "
        "weighed: 'imports', 'percent'; the article itself calls it false"
    )
    assert capped[1].reason == (
        "not queued (0.80): check-worthy, but past this article's cap of 1 claims (ranked 2nd); "
        "a statistic: 30 percent last year; in the outlet's own words; "
        "weighed: 'imports', 'percent'; the article itself calls it false"
    )


def test_the_threshold_in_effect_reads_the_setting(db, monkeypatch, settings):
    """``checkworthy_threshold`` is ``checkworthy_threshold_setting`` with the model's news
    threshold when nothing is set: one place reads the desk's setting."""
    from claims.models import DeskSettings
    from claims.selectors import desk

    settings.VERIFY_CHECKWORTHY_THRESHOLD = None
    assert desk.checkworthy_threshold_setting() is None
    assert desk.checkworthy_threshold() == checkworthiness.DEFAULT_THRESHOLD
    DeskSettings.objects.update_or_create(pk=1, defaults={"checkworthy_threshold": 0.35})
    assert desk.checkworthy_threshold() == desk.checkworthy_threshold_setting() == 0.35
    monkeypatch.setattr(desk, "checkworthy_threshold_setting", lambda: 0.42)
    assert desk.checkworthy_threshold() == 0.42


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("Jens Stoltenberg", "named"),
        ("Moscow", "named"),
        ("the U.S. and its allies", "named"),
        ("officials", "anonymous"),
        ("senior US officials", "anonymous"),
        ("White House aides", "anonymous"),
        ("the Kremlin spokesman Dmitry Peskov", "named"),
        ("Daily Mail", "outlet"),
        ("", "outlet"),
        ("the former heavyweight champion of the world", "described"),
        # A capitalised word that names nobody (a sentence's "There" or "It" taken for a speaker) is no name.
        ("There", "described"),
        ("It", "described"),
    ],
)
def test_claimant_kind(claimant, kind):
    assert ranking.claimant_kind(claimant, "Daily Mail") == kind


@pytest.mark.parametrize(
    "text",
    [
        "Spot gold XAU= added 0.1% to $1,472.19 an ounce.",
        "Copper rose 0.86% to $5,880.00 a tonne.",
        "The Dow Jones industrial average closed down 24.11 points, or 0.1 percent, to close at 18,432.24.",
        "Alibaba shares closed in New York on Tuesday at $185.25, up 0.35%.",
        "Brent crude futures settled up 35 cents at $62.10 a barrel.",
        "The Nikkei share average ended 0.5% higher at 23,000.",
    ],
)
def test_a_market_price_read_out_in_the_outlets_voice_is_never_queued(text):
    (ranked,) = ranking.rank([_claim(text, score=0.97)], default_claimant="the outlet", threshold=0.31, cap=None)
    assert not ranked.checkworthy
    assert "a market's move or price read out" in ranked.reason


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # a reason given for the move is a claim about it
        ("Oil prices fell 3% on Tuesday on oversupply concerns.", "the outlet"),
        ("Shares of Boeing fell 5% after regulators grounded the jet.", "the outlet"),
        # not a market: a statistic
        ("From 2000 to 2013, Alzheimer's deaths rose 71%, while heart disease fatalities dropped 14%.", "the outlet"),
        # an analyst's forecast is theirs to check
        ("Gold will rise 10% to $1,600 an ounce next year.", "Jo Ames"),
        # records, comparisons, spans longer than a session, big moves, a market word that is no market: claims
        ("The Dow fell 500 points, its worst day since 2008.", "the outlet"),
        ("The Consumer Price Index rose 9.1% in June, the fastest pace in 40 years.", "the outlet"),
        ("Silicon Valley Bank shares fell 60% on Thursday.", "the outlet"),
        ("After the scandal broke, Wirecard shares fell 98%.", "the outlet"),
        ("The S&P 500 has gained 40% since Trump took office.", "the outlet"),
        ("U.S. crude oil production rose 10% to a record 12.3 million barrels per day in 2019.", "the outlet"),
        ("Dollar store sales rose 8% last year.", "the outlet"),
        ("Bitcoin fell 6% from its peak in November.", "the outlet"),
    ],
)
def test_a_market_move_with_a_reason_a_statistic_or_a_speaker_is_judged_as_before(text, claimant):
    (ranked,) = ranking.rank(
        [_claim(text, score=0.97, claimant=claimant)], default_claimant="the outlet", threshold=0.31, cap=None
    )
    assert ranked.checkworthy
