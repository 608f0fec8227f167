"""The scorer's fast paths give what the patterns they replace gave.

The reasons' linguistic features were defined by one regular-expression scan
per sentence (the six lowercase word features as one alternation) and by
separate searches; the scorer finds them from one split of each sentence into
words. The network runs on a whole batch at once in a few matrix products. These
tests keep plain reference versions of both (a loop over a sentence's windows
for the network) and hold the fast ones equal to them, on tricky inputs and on
random ones.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.demo import SAMPLE_ARTICLE
from claims.extraction import checkworthiness as cw
from claims.extraction.sentences import split_sentences

# The reference: the linguistic features the reasons read, defined by these patterns (on
# lowercased text) and found by one alternation scan of the lowercased sentence; the model's word
# sets and phrases (checkworthiness._FEATURE_WORDS) must find the same.
_NUMBER_WORDS = re.compile(r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|percent|half|twice|double)\b")
_CUE = re.compile(
    r"\b(?:said|says|told|claimed|claims|stated|announced|insisted|warned|according to|denied|"
    r"admitted|reported|confirmed|revealed)\b"
)  # on lowercased text
_OPINION = re.compile(r"\b(?:think|believe|feel|hope|wish|want|love|hate|great|wonderful|terrible|good|bad)\b")
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|higher|lower|larger|bigger|greater|better|worse) than\b"
    r"|\b(?:highest|lowest|largest|biggest|most|least|record)\b"
)
_PREDICTION = re.compile(r"\b(?:will|going to|expected to|forecast|predict\w*)\b")
_CAUSAL = re.compile(r"\b(?:because|caused|led to|due to|result(?:ed)? in)\b")
_REFERENCE = dict(
    zip(
        cw._LOW_FEATURES,
        (p.pattern for p in (_NUMBER_WORDS, _CUE, _OPINION, _COMPARISON, _PREDICTION, _CAUSAL)),
        strict=True,
    )
)
_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b")
_SCAN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _REFERENCE.items()))
_SEARCH = {name: re.compile(pattern) for name, pattern in _REFERENCE.items()}


def reference_features(low: str) -> set[str]:
    return {m.lastgroup for m in _SCAN.finditer(low)}


TRICKY = [
    "",
    "Unemployment fell to 3.5 percent last year, more than in 2019.",
    "It rose 4 per cent since 1999; the rate is the highest on record.",
    "percent",
    "Percent.",
    "10percent",
    "per-cent",
    "PERCENT of us",
    "more than",
    "more  than",
    "more than.",
    "morethan",
    "more thanks",
    "the more_than",
    "BETTER THAN EVER",
    "last year",
    "last  year",
    "last years",
    "at last, year",
    "LAST WEEK",
    "last month's",
    "in 2020",
    "in 20200",
    "in 1899",
    "in 2020s",
    "in ٢٠٢٠",
    "in 19٩٩",
    "x2020",
    "2020_",
    "_2020",
    "predict",
    "predicted",
    "Predictions",
    "unpredictable",
    "predict_x",
    "predict2",
    "result in",
    "resulted in",
    "results in",
    "resulted inflation",
    "as a result, in",
    "going to",
    "going  to",
    "forgoing to",
    "expected to",
    "unexpected to",
    "expected tomorrow",
    "led to",
    "misled to",
    "due to",
    "due today",
    "according to",
    "according  to",
    "according toward",
    "We'll see",
    "we_can",
    "you're",
    "your's",
    "can't",
    "won't",
    "I'm sure I will",
    "İ will",
    "I think",
    "Me, my and mine; I feel",
    "They said: 'we will'",
    "He’s said — twice — that we must",
    "Не верьте этому 😀 will",
    "thousand-fold",
    "half-time",
    "double\u00a0check",
    "good\nbad",
    "caused\tbecause",
    "record-breaking",
    "a recording",
    "most_",
    "forecasting",
    "forecast.",
    "Joe Biden met Jens Stoltenberg",
    "xJoe Biden",
    "_Joe Biden",
    "ÉJoe Biden",
    "Joe  Biden\nSaid",
    "JOE Biden",
    "I",
    "xI",
    "I'm",
    "AI I",
    "mine",
    "minex",
    "myself",
    "Emmy",
    "Tim me",
    "me_",
    "2me",
    "Me My Mine",
]

WORDS = st.sampled_from(
    sorted({w for pattern in _REFERENCE.values() for w in re.findall(r"[a-z]+", pattern)} - {"b", "d", "w", "ed"})
    + [
        "2020",
        "1999",
        "20200",
        "199",
        "٢٠٢٠",
        "year",
        "week",
        "month",
        "than",
        "to",
        "in",
        "ed",
        "predicted",
        "prediction",
        "İ",
        "I",
        "Mr",
        "Biden",
        "Joe",
        "NATO",
        "me",
        "my",
        "mine",
        "Me",
        "Jo",
        "3.5",
        "2,000",
        "$",
        "£5",
        "%",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "", ", ", ". ", "'", "-", "_", "\n", "?", "\u00a0", "’"])


@st.composite
def sentences(draw):
    words = draw(st.lists(st.tuples(WORDS, SEPARATORS), max_size=25))
    text = "".join(w + s for w, s in words)
    return text.upper() if draw(st.booleans()) and len(text) % 3 == 0 else text


def _sample_sentences() -> list[str]:
    return [s.text for s in split_sentences(SAMPLE_ARTICLE.read_text(encoding="utf-8"))]


def _check(text: str) -> None:
    low = text.lower()
    expected = reference_features(low)
    parsed = cw.ParsedSentence(text)
    assert parsed.features == expected, text
    # The reason's separate searches: each feature it reads is found alone as in the scan.
    for name in ("number_words", "cue", "comparison", "prediction", "causal", "opinion"):
        assert (name in parsed.features) == bool(_SEARCH[name].search(low)), (name, text)
    assert parsed.tokens == re.findall(r"(?u)\b\w+\b", re.sub(r"\d", "0", text.lower())), text
    assert cw._NAME.findall(text) == _NAME.findall(text), text
    assert bool(cw._FIRST_SINGULAR.search(text)) == bool(_FIRST_SINGULAR.search(text)), text


@pytest.mark.parametrize("text", TRICKY)
def test_word_features_match_the_regex_scan_on_tricky_text(text):
    _check(text)


def test_word_features_match_the_regex_scan_on_the_sample_article():
    for text in _sample_sentences():
        _check(text)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_word_features_match_the_regex_scan_on_random_text(text):
    _check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_word_features_match_the_regex_scan_on_any_text(text):
    _check(text)


def reference_network(text: str, genre: str = "news") -> tuple[float, dict[str, float], float]:
    """The scorer's network for one sentence, written out plainly (a loop over tokens and
    offsets), and each word's share of the logit: a filter's contribution to each place giving
    its max, spread evenly over the tokens that place reads. News is read by the news student
    when the artifact has one (its arrays prefixed ``news_``), transcripts by the debate student."""
    m = cw.model()
    prefix = "news_" if genre == "news" and m.news_student is not None else ""
    with np.load(cw.MODEL_PATH) as data:
        arrays = {k.removeprefix(prefix): data[k] for k in data.files if k != "meta" and k.startswith(prefix)}
    encoding = m.tokenizer.encode(text, add_special_tokens=False)
    ids = encoding.ids[:80] or [100]
    n = len(ids)
    x = arrays["embeddings"].astype(np.float32)[ids]
    pooled, shares = [], np.zeros(n)
    out_weight = arrays["out_weight"].astype(np.float64)
    spread = 0
    for i, (width, dilation) in enumerate(m.student.layers):
        kernel, bias = arrays[f"layer{i}_weight"], arrays[f"layer{i}_bias"]
        reach = dilation * (width - 1) // 2
        spread += reach  # the tokens a place of this layer reads: t - spread .. t + spread

        def column(t: int, x=x) -> np.ndarray:  # zeros beyond the sentence
            return x[t] if 0 <= t < n else np.zeros(x.shape[1], dtype=np.float32)

        h = np.array(
            [
                np.maximum(sum(column(t + k * dilation - reach) @ kernel[k] for k in range(width)) + bias, 0)
                for t in range(n)
            ],
            dtype=np.float32,
        )
        top = h.max(0)
        pooled.append(top)
        for f in np.flatnonzero(top > 0):
            for t in np.flatnonzero(h[:, f] == top[f]):
                for u in range(max(0, t - spread), min(n, t + spread + 1)):
                    shares[u] += out_weight[i * len(bias) + f] * top[f] / (2 * spread + 1)
        x = h
    logit = np.concatenate(pooled).astype(np.float64) @ out_weight + float(arrays["out_bias"][0])
    words: dict[str, float] = {}
    spans: dict[int, list[int]] = {}
    by_word: dict[int, float] = {}
    for token, (word, (begin, end)) in enumerate(zip(encoding.word_ids[:80], encoding.offsets[:80], strict=True)):
        if word is not None:
            spans.setdefault(word, [begin, end])[1] = end
            by_word[word] = by_word.get(word, 0.0) + shares[token]
    for word, share in by_word.items():
        key = text[spans[word][0] : spans[word][1]].lower()
        if cw._shown(key):  # the words a reason may name
            words[key] = words.get(key, 0.0) + share
    return 1.0 / (1.0 + np.exp(-logit)), words, logit


def _check_network(texts: list[str]) -> None:
    scores = cw.score_sentences(texts)
    m = cw.model()
    for text, score in zip(texts, scores, strict=True):
        p, words, logit = reference_network(text[:2000])
        sentence = cw.ParsedSentence(text[:2000])
        if m.head is not None:  # a news head over the student (scripts/train_checkworthiness_news.py)
            p = float(m.head.probability(m.head.logits(np.array([logit]), [sentence]))[0])
            words = {w: m.head.logit_weight * v + m.head.ngram_weight.get(w, 0.0) for w, v in words.items()}
        assert abs(score.score - p) < 1e-5, text
        expected = cw._reason_of(sentence, score.score, m.threshold, words)
        # A word weighed at about nothing may land on either side of zero: the batched network spreads tied filter
        # maxima over their places (within _TIE), the reference takes them exactly; the scores agree, whether such
        # a word is named may not ("statedled’warned." named 'warned' in one of them).
        assert score.reason == expected or any(abs(v) < 0.01 for v in words.values()), text


@pytest.mark.slow
def test_batched_network_and_reasons_equal_the_plain_reference():
    _check_network(
        [
            *TRICKY,
            *_sample_sentences(),
            "What do you think?",
            "I love this country.",
            "x" * 3000,
            "word " * 300,
            "the the the the the the",
            "2,000 2,000 2,000",
        ]
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(sentences(), st.text(max_size=60)), min_size=1, max_size=6))
def test_batched_network_equals_the_plain_reference_on_random_batches(texts):
    _check_network(texts)


def test_transcripts_are_scored_by_the_debate_student_through_its_calibration():
    """Transcripts never read the news student or the news head: the debate student's logit,
    Platt-calibrated on the debates it held out."""
    texts = [*TRICKY[:6], "Unemployment fell to 3.5 percent last year.", "What do you think?"]
    m = cw.model()
    a, b = m.transcript_calibration
    for text, score in zip(texts, cw.score_sentences(texts, genre="transcript"), strict=True):
        logit = reference_network(text, genre="transcript")[2]
        assert abs(score.score - 1 / (1 + np.exp(-(a * logit + b)))) < 1e-5, text


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(sentences(), st.text(max_size=120)), min_size=1, max_size=5))
def test_tokenizing_chunk_by_chunk_gives_what_the_whole_text_gives(texts):
    m = cw.model()
    m._pieces.clear()  # half of the chunks known before, half new
    m.encode(texts[: len(texts) // 2])
    for text, chunks in zip(texts, m.encode(texts), strict=True):
        whole = m.tokenizer.encode(text, add_special_tokens=False)
        assert m.token_ids(chunks) == (whole.ids[:80] or [100]), text
        assert chunks == cw._CHUNK.findall(text), text  # str.split() where it gives the same
        assert m.words(chunks) == cw.ParsedSentence(text).tokens, text


def test_tokenizing_by_chunks_on_tricky_whitespace():
    m = cw.model()
    for text in [
        "a\u00a0b",
        "a\u2009b\u3000c",
        "a\x0bb",
        "a\x1cb\x85c",
        "x\u2028y",
        "tab\there\r\nnew",
        "\u0301e",
        "e\u0301 \u0301",
        "中文字",
        "don't stop-me now!",
        "İstanbul",
        "ﬁne",
        "a\x00b",
        "\ufffd!",
    ]:
        whole = m.tokenizer.encode(text, add_special_tokens=False).ids[:80] or [100]
        assert m.token_ids(m.encode([text])[0]) == whole, repr(text)


def test_a_full_chunk_cache_starts_afresh_with_every_chunk_of_the_batch(monkeypatch):
    m = cw.model()
    expected = [score.score for score in cw.score_sentences(["alpha beta gamma", "alpha beta delta epsilon zeta"])]
    m._pieces.clear()
    monkeypatch.setattr(cw, "_PIECES_KEPT", 4)
    # (Equal but for the last bits: alone or in a batch, BLAS may sum float32s in another order, a
    # relative 1e-8 apart; a cache that mixed up chunks would be off in the second digit.)
    assert [s.score for s in cw.score_sentences(["alpha beta gamma"])] == pytest.approx(expected[:1], rel=1e-6)
    # Known chunks (alpha, beta) and new ones overflow the cache: all of them are tokenized again.
    assert [s.score for s in cw.score_sentences(["alpha beta delta epsilon zeta"])] == pytest.approx(
        expected[1:], rel=1e-6
    )
    assert set(m._pieces) == {"alpha", "beta", "delta", "epsilon", "zeta"}


def test_reasons_read_the_same_words_from_the_chunk_cache():
    texts = [*TRICKY, *_sample_sentences(), "a\x0bb 2,000\u2028x", "ΟΔΟΣ ΟΔΟΣ. İstanbul 1999"]
    m = cw.model()
    for text, chunks in zip(texts, m.encode(texts), strict=True):
        assert chunks == cw._CHUNK.findall(text), repr(text)
        assert m.words(chunks) == cw.ParsedSentence(text).tokens, repr(text)


def test_the_news_heads_structural_features_are_numbers_in_0_1_but_the_length():
    for text in [*TRICKY, *_sample_sentences(), "Trump said 2,000 “troops” left?", "Follow us on Facebook"]:
        row = cw.structure(cw.ParsedSentence(text))
        assert len(row) == len(cw.STRUCTURE)
        named = dict(zip(cw.STRUCTURE, row, strict=True))
        assert named.pop("log_words") == pytest.approx(np.log1p(max(len(text.split()), 1)) / 4)
        assert all(0.0 <= v <= 1.0 for v in named.values()), text
    row = dict(
        zip(cw.STRUCTURE, cw.structure(cw.ParsedSentence("Trump said unemployment fell to 3.5 percent.")), strict=True)
    )
    assert row["number"] == 1.0 and row["reporting_named"] == 0.0 and row["reporting"] == 1.0
    row = dict(zip(cw.STRUCTURE, cw.structure(cw.ParsedSentence("Donald Trump said it.")), strict=True))
    assert row["reporting_named"] == 1.0
    assert cw.ngrams(["a", "b", "c"]) == ["a", "b", "c", "a b", "b c"]


def test_a_news_student_scores_news_and_leaves_transcripts_to_the_debate_student(tmp_path):
    """An artifact with a news student (scripts/distill_news_student.py writes its arrays with the
    ``news_`` prefix): news is scored by it, transcripts by the debate student, as before."""
    import json
    import shutil

    with np.load(cw.MODEL_PATH, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if not k.startswith("news_")}
    meta = json.loads(str(arrays["meta"]))
    meta.pop("head", None)
    arrays = {k: v for k, v in arrays.items() if not k.startswith("head_")}
    meta["news_student"] = {"test": True}
    for key in [k for k in arrays if k != "meta"]:
        arrays["news_" + key] = arrays[key]
    arrays["news_out_bias"] = arrays["out_bias"] + 2.0  # a news student that leans towards "yes"
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(tmp_path / "checkworthiness.npz", **arrays)
    shutil.copyfile(cw.MODEL_PATH.with_name("wordpiece.json"), tmp_path / "wordpiece.json")
    two = cw.Model(tmp_path / "checkworthiness.npz")
    assert two.news_student is not None and two.networks["transcript"] is two.student
    texts = ["Unemployment fell to 3.5 percent last year.", "Follow us on Twitter.", ""]
    debate_logits = two.logits(texts, "transcript")
    assert two.logits(texts, "news") == pytest.approx(debate_logits + 2.0)
    news, _ = two._run(texts, genre="news")
    transcript, _ = two._run(texts, genre="transcript")
    assert news == pytest.approx(1 / (1 + np.exp(-(debate_logits + 2.0))))
    a, b = two.transcript_calibration
    assert transcript == pytest.approx(1 / (1 + np.exp(-(a * debate_logits + b))))


def test_a_news_head_scores_and_chooses_the_threshold(tmp_path):
    """A head in the artifact (scripts/train_checkworthiness_news.py writes one): its calibrated
    probability is the score, its threshold the default, its n-grams binary."""
    import json
    import shutil

    with np.load(cw.MODEL_PATH, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if not k.startswith("head_")}
    meta = json.loads(str(arrays["meta"]))
    meta["head"] = {"variant": "test", "threshold": 0.4, "structure": list(cw.STRUCTURE)}
    arrays["meta"] = np.array(json.dumps(meta))
    structure_weight = np.zeros(len(cw.STRUCTURE), dtype=np.float32)
    structure_weight[cw.STRUCTURE.index("question")] = -4.0
    arrays.update(
        head_logit_weight=np.array([0.5]),
        head_structure_weight=structure_weight,
        head_bias=np.array([0.25]),
        head_ngrams=np.array("unemployment\nfollow us"),
        head_ngram_weight=np.array([2.0, -3.0], dtype=np.float32),
        head_calibration=np.array([1.5, -1.0]),
    )
    path = tmp_path / "checkworthiness.npz"
    np.savez_compressed(path, **arrays)
    shutil.copyfile(cw.MODEL_PATH.with_name("wordpiece.json"), tmp_path / "wordpiece.json")
    head_model, student = cw.Model(path), cw.model()
    assert head_model.threshold == 0.4 and head_model.head is not None
    texts = ["Unemployment fell to 3.5 percent, unemployment said.", "Follow us on Twitter.", "Is it true?", ""]
    logits = student.logits(texts, "news")
    lexical = np.array([2.0, -3.0, 0.0, 0.0])  # "unemployment" twice counts once
    question = np.array([0.0, 0.0, -4.0, 0.0])
    expected = 1 / (1 + np.exp(-(1.5 * (0.5 * logits + lexical + question + 0.25) - 1.0)))
    got, _ = head_model._run(texts)
    assert got == pytest.approx(expected)
    # Reasons agree with the label at the head's threshold, through score_sentences.
    cw.model.cache_clear()
    try:
        cw.MODEL_PATH, original = path, cw.MODEL_PATH
        assert cw.DEFAULT_THRESHOLD == 0.4
        for text, score in zip(texts, cw.score_sentences(texts), strict=True):
            assert score.score == pytest.approx(expected[texts.index(text)])
            assert score.reason.startswith("check-worthy" if score.score >= 0.4 else "not check-worthy")
    finally:
        cw.MODEL_PATH = original
        cw.model.cache_clear()
