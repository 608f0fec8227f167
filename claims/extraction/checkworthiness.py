"""Check-worthiness: a calibrated score in 0..1 and a reason a checker can read.

A sentence is check-worthy when it states a fact the public would want
checked (ClaimBuster's CFS class). The model (trained by
scripts/train_checkworthiness.py, card in docs/models/checkworthiness.md) is a
small convolutional network over WordPiece tokens, distilled from two MiniLM-L6
transformers fine-tuned on the task: token embeddings (32-d), three stacked
convolution layers of 48 filters (width 3, then width 3 dilated 2 and 4: a
filter of the third layer sees fifteen tokens), each max-pooled over the
sentence, and a linear output whose sigmoid is the score. It runs here in numpy (no torch),
a whole batch of sentences in a matrix product a layer; the tokenizer is the
teacher's own (``tokenizers``, the file ships beside the weights). Loaded once
per process.

The reason names what makes the sentence checkable (a statistic, an
attribution, a comparison, a prediction...) or not (a question, an opinion),
and the words that weighed most: each filter's strongest place passes its
share of the score to the tokens it reads.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .types import Score

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
_DIGITS = re.compile(r"\d")

# A quantity the reason names: a number (ending in a digit: "14,000", not "14,000,"), its
# scale, and the word it counts ("2,000 NLAW"). Not a time or a rank ("3am", "10th").
_NUMBER = re.compile(
    r"(?<![\w.,-])(?:[$£€]\s?)?(?P<number>\d(?:[\d,.]*\d)?)(?![\d,.]*\d|(?:am|pm|a\.m|p\.m|st|nd|rd|th)\b)"
    r"(?P<scale>\s?(?:%|(?:percent|per cent|million|billion|trillion|thousand)\b)|(?:m|bn|k)\b)?"
    r"(?:\s+(?!(?:and|or|the|of|in|to|a|since|from|per)\b)(?P<word>[A-Za-z][\w-]*))?"
)
_MONTH = (
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_AFTER_MONTH = re.compile(_MONTH + r"\s+$")  # "February 10, 2022": a date
_MONTH_WORD = re.compile(_MONTH + "$")  # "10 February 2022"
_YEAR = re.compile(r"(?:18|19|20)\d\d")
# A whole date, its day and year included: "November 18, 2019", "Nov. 18 2019", "18 November 2019",
# "November 2019". Nothing in it is a statistic, whatever word follows ("2019 prosecutors").
_WHOLE_MONTH = _MONTH + r"(?![A-Za-z])"  # "May", not "Mayors"
_DATE = re.compile(
    r"(?:" + _WHOLE_MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:18|19|20)\d\d)?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _WHOLE_MONTH + r"(?:,?\s+(?:18|19|20)\d\d)?"
    r"|" + _WHOLE_MONTH + r",?\s+(?:18|19|20)\d\d)(?!\d)"
)


def _statistics(text: str) -> list[str]:
    """The quantities a sentence states, as a reason names them; dates and years are not
    quantities ("since 2014", "a 2016 agreement", "February 10, 2022")."""
    out = []
    dates = [m.span() for m in _DATE.finditer(text)]
    for match in _NUMBER.finditer(text):
        number, word = match["number"], match["word"] or ""
        if any(start <= match.start("number") < end for start, end in dates):
            continue
        if match["scale"] is None and (
            # a year, unless it counts something ("2000 troops", not "a 2016 agreement")
            (_YEAR.fullmatch(number) and not (word.endswith("s") and word[:1].islower()))
            or _MONTH_WORD.match(word)
            or _AFTER_MONTH.search(text, max(0, match.start() - 12), match.start())
        ):
            continue
        out.append(match.group(0).strip())
    return out


def quantities(text: str) -> list[str]:
    """The quantities a sentence states (numbers that parse as amounts: not dates, years, times
    or ranks), as a reason names them: "2,000 NLAW", "14,000", "$3.5 billion"."""
    return _statistics(text) if _DIGITS.search(text) else []


# These two are written first letter first, so that re jumps to the candidates: the same
# matches as \b[A-Z][a-z]+\s+[A-Z][a-z]+ and, as a yes/no search, as
# \b(?:I|me|my|mine|I'm|I've|I'd|I'll)\b.
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+\s+[A-Z][a-z]+")
_FIRST_SINGULAR = re.compile(r"(?:I(?<!\wI)|m(?<!\wm)(?:e|y|ine))(?!\w)")
_STOP = frozenset(
    "the a an and or of to in on at for with by from that this these those is are was were be been "
    "it its as but not no so if then than there their they he she his her we our you your i me my "
    "have has had do does did will would can could should may might must about into over under "
    "just also very more most some any all what which who whom when where why how".split()
)


# The lowercase word features: regular expressions define them (the reference patterns, in
# tests/extraction/test_checkworthiness_features.py); here each is a set of words (what its
# pattern matches as whole words) and, for a few, phrases.
# One set intersection over a sentence's words finds them, several times faster
# than scanning the sentence with one big alternation, and gives what that scan
# gave (``{m.lastgroup for m in re.finditer("(?P<number_words>...)|(?P<cue>...)|...", low)}``,
# tested in tests/extraction/test_checkworthiness_features.py): the scan names a
# word after the first feature listing it, and its phrases' second words ("to",
# "than") name no feature. These are the features the reasons read.
_LOW_FEATURES = ("number_words", "cue", "opinion", "comparison", "prediction", "causal")
_FEATURE_WORDS: dict[str, str] = {}
for _feature, _words in zip(
    _LOW_FEATURES,
    (
        "hundred hundreds thousand thousands million millions billion billions trillion trillions "
        "percent half twice double",
        "said says told claimed claims stated announced insisted warned denied admitted reported confirmed revealed",
        "think believe feel hope wish want love hate great wonderful terrible good bad",
        "highest lowest largest biggest most least record",
        "will forecast",
        "because caused",
    ),
    strict=True,
):
    for _word in _words.split():
        _FEATURE_WORDS.setdefault(_word, _feature)  # the first feature listing a word names it
_FEATURE_WORD_SET = frozenset(_FEATURE_WORDS)
# Phrases: (gate, feature, pattern), the pattern searched only when its gate (a
# substring that every match of it contains) is in the sentence.
_PHRASE_PATTERNS = {
    "cue": re.compile(r"\baccording to\b"),
    "comparison": re.compile(r"\b(?:more|less|fewer|higher|lower|larger|bigger|greater|better|worse) than\b"),
    "prediction": re.compile(r"\b(?:going to|expected to)\b"),
    "causal": re.compile(r"\b(?:led to|due to|result(?:ed)? in)\b"),
}
_FEATURE_PHRASES = tuple(
    (gate, feature, _PHRASE_PATTERNS[feature])
    for gate, feature in (
        ("according to", "cue"),
        (" than", "comparison"),
        ("going to", "prediction"),
        ("expected to", "prediction"),
        ("led to", "causal"),
        ("due to", "causal"),
        ("result", "causal"),
    )
)
_WORD = re.compile(r"\w+")  # a word: a maximal run of word characters


def _word_features(low: str, tokens: list[str]) -> set[str]:
    """The lowercase word features of a sentence: ``low`` lowercased, ``tokens`` its words with digits as 0."""
    present = {_FEATURE_WORDS[w] for w in _FEATURE_WORD_SET.intersection(tokens)}
    if "predict" in low and any(t.startswith("predict") for t in tokens):  # predict\w*
        present.add("prediction")
    for gate, feature, pattern in _FEATURE_PHRASES:
        if gate in low and feature not in present and pattern.search(low):
            present.add(feature)
    return present


def _words_of(low: str) -> list[str]:
    """The words of lowercased text, digits as 0: what the word features look up."""
    return _WORD.findall(_DIGITS.sub("0", low))


# Cheap structural features the news head reads (scripts/train_checkworthiness_news.py), each
# a number in 0..1 (but log_words, log(1 + words) / 4) from the sentence's surface: a number that
# parses, a reporting verb with a named speaker, quotes, questions, persons, length, page furniture.
_QUOTE = re.compile(r"[\"“”«»]|''|(?:^|\s)'")
_FURNITURE = re.compile(
    r"\b(?:click|subscribe|newsletter|sign up|follow us|follow|facebook|twitter|instagram|getty|"
    r"ap photo|photo|image|copyright|all rights reserved|read more|related|advertisement|cookie|"
    r"privacy|email|share this|watch|video|listen|podcast|download|app)\b"
)
_URL = re.compile(r"https?://|www\.|@\w|\.com\b")
_TIMESTAMP = re.compile(r"\b\d{1,2}:\d\d\b|\b(?:updated|published|posted)\b")  # on lowercased text
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us|ours)\b")
_SECOND = re.compile(r"\b(?:you|your|yours)\b")
_PUBLIC = re.compile(
    r"\b(?:president|senator|sen\.|governor|gov\.|minister|congress|government|officials?|"
    r"spokes(?:man|woman|person)|campaign|administration|democrats?|republicans?|gop|party|police|"
    r"court|judge|agency|department|ministry|federal|state|law|bill|vote[sd]?|election|tax(?:es)?|"
    r"billion|million|percent|%)"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|claimed|claims|stated|announced|insisted|warned|according to|denied|denies|"
    r"admitted|reported|confirmed|revealed|argued|alleged|accused|added|noted|wrote|tweeted)\b"
)
_MODAL = re.compile(r"\b(?:should|must|need to|let's|let us|please)\b")
_HEDGE = re.compile(r"\b(?:may|might|could|perhaps|maybe|seems?|appears?)\b")
_PRONOUN_START = re.compile(r"(?:he|she|they|it|this|that)\b")
_GERMAN = re.compile(r"[äöüß]|\b(?:und|der|die|das|nicht|ist)\b")
STRUCTURE = (
    "number",
    "number_words",
    "numbers",
    "cue",
    "reporting",
    "reporting_named",
    "named",
    "quote",
    "question",
    "exclamation",
    "first_singular",
    "first_plural",
    "second_person",
    "opinion",
    "comparison",
    "prediction",
    "causal",
    "modal",
    "hedge",
    "public",
    "furniture",
    "url",
    "timestamp",
    "short",
    "log_words",
    "long",
    "no_final_punctuation",
    "title_case",
    "upper_share",
    "digit_share",
    "german",
    "colon",
    "parenthesis",
    "starts_with_pronoun",
)


def structure(sentence: ParsedSentence) -> list[float]:
    """The structural features of a sentence, in STRUCTURE's order."""
    text = sentence.text.strip()
    low, present = sentence.low.strip(), sentence.features
    words = text.split()
    n = max(len(words), 1)
    quantities = _statistics(text) if sentence.has_digit else []
    named = sentence.names
    reporting = _REPORTING.search(low) is not None
    capitalised = sum(1 for w in words if w[:1].isupper())
    return [
        float(bool(quantities)),
        float("number_words" in present),
        min(len(quantities), 3) / 3,
        float("cue" in present),
        float(reporting),
        float(reporting and named),
        float(named),
        float(_QUOTE.search(text) is not None),
        float(text.endswith("?")),
        float(text.endswith("!")),
        float(sentence.first_singular),
        float(_FIRST_PLURAL.search(low) is not None),
        float(_SECOND.search(low) is not None),
        float("opinion" in present),
        float("comparison" in present),
        float("prediction" in present),
        float("causal" in present),
        float(_MODAL.search(low) is not None),
        float(_HEDGE.search(low) is not None),
        min(len(_PUBLIC.findall(low)), 3) / 3,
        float(_FURNITURE.search(low) is not None),
        float(_URL.search(low) is not None),
        float(_TIMESTAMP.search(low) is not None),
        float(n < 6),
        float(np.log1p(n) / 4),
        float(n > 40),
        float(not text or text[-1] not in ".!?\"”'’)"),
        float(capitalised / n > 0.6 and n >= 3),
        sum(map(str.isupper, text)) / max(len(text), 1),
        sum(map(str.isdigit, text)) / max(len(text), 1),
        float(_GERMAN.search(low) is not None),
        float(":" in text),
        float("(" in text),
        float(_PRONOUN_START.match(low) is not None),
    ]


def ngrams(words: Sequence[str]) -> list[str]:
    """A sentence's word unigrams and bigrams (its words as ``_words_of`` gives them): what the
    news head's lexical weights are keyed by."""
    return list(words) + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class ParsedSentence:
    """What scoring reads of one sentence, each found once: its words, features, names."""

    __slots__ = ("text", "low", "tokens", "features", "has_digit")

    def __init__(self, text: str, tokens: list[str] | None = None) -> None:
        """``tokens``, when the caller has them: the sentence's words as below (the scorer
        keeps each whitespace-separated chunk's words, and a word never spans whitespace)."""
        self.text = text
        self.low = low = text.lower()
        self.has_digit = _DIGITS.search(text) is not None
        # Its words, lowercased, digits as 0: what the word features look up.
        if tokens is None:
            tokens = _words_of(low)
        self.tokens = tokens
        self.features = _word_features(low, tokens)

    # Read by few reasons (attributed statements, opinions): searched only then.
    @property
    def names(self) -> bool:
        """Whether it holds a name (two capitalised words in a row)."""
        return _NAME.search(self.text) is not None

    @property
    def first_singular(self) -> bool:
        return _FIRST_SINGULAR.search(self.text) is not None


class Head:
    """The news head (scripts/train_checkworthiness_news.py): a logistic regression over the
    student's logit, the structural features and word n-grams, trained on the debates and the
    team's labelled news, and a calibration of its logit on news (Platt: a monotone map, so
    the queue's order is the head's), and the default threshold chosen on the news (grouped
    cross-validation over the training articles)."""

    def __init__(self, data, meta: dict) -> None:
        self.meta = meta
        self.logit_weight = float(data["head_logit_weight"][0])
        self.structure_weight = data["head_structure_weight"].astype(np.float64)
        self.bias = float(data["head_bias"][0])
        joined = str(data["head_ngrams"])
        grams = joined.split("\n") if joined else []
        self.ngram_weight = dict(zip(grams, data["head_ngram_weight"].astype(np.float64).tolist(), strict=True))
        self.calibration = tuple(float(v) for v in data["head_calibration"])  # Platt: a, b
        self.threshold = float(meta["threshold"])
        if tuple(meta["structure"]) != STRUCTURE:
            raise ValueError("the news head was trained on other structural features")

    def logits(self, student_logits: np.ndarray, sentences: list[ParsedSentence]) -> np.ndarray:
        weights = self.ngram_weight
        rows = np.array([structure(s) for s in sentences], dtype=np.float64).reshape(len(sentences), len(STRUCTURE))
        # Binary features: an n-gram said twice counts once, as in training.
        lexical = np.array([sum(weights.get(g, 0.0) for g in set(ngrams(s.tokens))) for s in sentences])
        return self.logit_weight * student_logits + rows @ self.structure_weight + lexical + self.bias

    def probability(self, logits: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * logits + b)))


MAX_TOKENS = 80  # as in training: a sentence's first 80 WordPiece tokens
_UNKNOWN = 100  # [UNK]: a sentence without any token is scored as one unknown token


class Network:
    """One distilled student's arrays (the debate student's, or the news student's with the
    ``news_`` prefix: scripts/distill_news_student.py), and what its layers read."""

    def __init__(self, data, layers, prefix: str = "") -> None:
        embeddings = data[f"{prefix}embeddings"].astype(np.float32)
        # One more row, all zeros: the columns between sentences.
        self.embeddings = np.vstack([embeddings, np.zeros((1, embeddings.shape[1]), dtype=np.float32)])
        self.layers = tuple((int(w), int(d)) for w, d in layers)
        # A layer's (every offset's filters, inputs) matrix: one product a layer and batch.
        self.kernels = [
            np.ascontiguousarray(np.concatenate(list(data[f"{prefix}layer{i}_weight"]), axis=1).T)
            for i in range(len(self.layers))
        ]
        self.bias = [data[f"{prefix}layer{i}_bias"][:, None].astype(np.float32) for i in range(len(self.layers))]
        self.out_weight = data[f"{prefix}out_weight"].astype(np.float64)
        self.out_bias = float(data[f"{prefix}out_bias"][0])
        self.filters = self.bias[0].shape[0]
        # How far a layer's output at token t reads on either side: its own window (reach), and
        # through the layers below it (spread).
        self.reach = [d * (w - 1) // 2 for w, d in self.layers]
        self.spread = np.cumsum(self.reach).tolist()
        # Zero columns before, between and after the sentences: the windows of one sentence
        # read only zeros beyond it, as in training.
        self.gap = max(self.reach)


class Model:
    """The distilled networks' arrays, and the same computation as training's ``Student`` in numpy."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.meta = json.loads(str(data["meta"]))
            layers = self.meta["student"]["layers"]
            self.student = Network(data, layers)
            # The news student (distilled from teachers fine-tuned on the team's news), when the
            # artifact has one: it scores news; transcripts keep the debate student.
            self.news_student = Network(data, layers, "news_") if "news_student" in self.meta else None
            # The news head, when the artifact has one (it chooses the default threshold then).
            self.head = Head(data, self.meta["head"]) if "head" in self.meta else None
        self.networks = {"news": self.news_student or self.student, "transcript": self.student}
        # Two genres (see ``genre_of``): news prose is scored by the news head when the artifact
        # has one; a transcript of speech (a debate, an interview) by the student alone, which
        # learnt from debates, Platt-calibrated on the debates it held out.
        transcript = self.meta.get("transcript") or {}
        self.transcript_calibration = tuple(float(v) for v in transcript.get("calibration", (1.0, 0.0)))
        self.thresholds = {
            "news": self.head.threshold if self.head else float(self.meta["threshold"]),
            "transcript": float(transcript.get("threshold", self.meta["threshold"])),
        }
        self.threshold = self.thresholds["news"]
        # The most claims one article puts in the queue by default (chosen with the head's
        # threshold on the training news articles); None: no cap.
        self.cap = int(self.head.meta["cap"]) if self.head and self.head.meta.get("cap") else None
        # Imported here: only processes that score load it. Its own threads are no use in a
        # prefork worker (one core a process) and warn after a fork.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # Imported on first use: processes that never score sentences (web) do not load the tokenizer.
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path.with_name("wordpiece.json")))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        # chunk -> (its token ids, its words in order: each (lowercased, how many tokens,
        # whether a reason may name it))
        self._pieces: dict[str, tuple[list[int], list[tuple[str, int, bool]]]] = {}
        # chunk -> the words the reasons' features read (_words_of), found when a reason asks
        self._words: dict[str, list[str]] = {}

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        """Each text's whitespace-separated chunks, every chunk's
        tokenization known (``self._pieces``).

        The tokenizer splits at whitespace before anything else and its normalisation works
        character by character, so tokenizing a text chunk by chunk gives what the whole text
        gives (a test holds it). Chunks recur (words, mostly), so each is tokenized once a
        process and looked up after: several times faster than tokenizing every sentence.
        """
        # str.split() splits at the tokenizer's whitespace and at a few characters more: where
        # a text has none of those, it gives the same chunks, three times faster.
        found = [_CHUNK.findall(t) if _SPLIT_ONLY.search(t) else t.split() for t in texts]
        pieces = self._pieces
        new = list({chunk for chunks in found for chunk in chunks if chunk not in pieces})
        if new:
            if len(pieces) + len(new) > _PIECES_KEPT:
                # Start afresh, with every chunk of these texts (the known ones go too).
                pieces.clear()
                self._words.clear()
                new = list({chunk for chunks in found for chunk in chunks})
            for chunk, e in zip(new, self.tokenizer.encode_batch(new, add_special_tokens=False), strict=True):
                # A word's tokens are neighbours (WordPiece splits words, it never joins them).
                words: list[tuple[str, int]] = []
                first = 0
                previous: int | None = -1  # word ids count from 0 (None: a special token)
                for word, (begin, end) in zip(e.word_ids, e.offsets, strict=True):
                    if word == previous:
                        words[-1] = (chunk[first:end].lower(), words[-1][1] + 1)
                    else:
                        first, previous = begin, word
                        words.append((chunk[begin:end].lower(), 1))
                pieces[chunk] = (e.ids, [(key, n, _shown(key)) for key, n in words])
        return found

    def words(self, chunks: list[str]) -> list[str]:
        """A text's words as ``ParsedSentence`` reads them, from its chunks (a word never spans
        whitespace), each chunk's found once a process."""
        known = self._words
        out: list[str] = []
        for chunk in chunks:
            words = known.get(chunk)
            if words is None:
                words = known[chunk] = _words_of(chunk.lower())
            out += words
        return out

    def token_ids(self, chunks: list[str]) -> list[int]:
        pieces = self._pieces
        return [i for chunk in chunks for i in pieces[chunk][0]][:MAX_TOKENS] or [_UNKNOWN]

    def pooled(self, texts: Sequence[str], genre: str = "transcript") -> np.ndarray:
        """The pooled filters of ``texts`` (one row a text) of the student that scores ``genre``
        (the debate student for transcripts, the news student for news when there is one): what
        its output layer reads."""
        rows = [self._run(texts[i : i + _SLICE], pooled_only=True, genre=genre) for i in range(0, len(texts), _SLICE)]
        return np.vstack(rows) if rows else np.zeros((0, len(self.networks[genre].out_weight)))

    def logits(self, texts: Sequence[str], genre: str = "transcript") -> np.ndarray:
        """The raw logit of the student that scores ``genre`` (what the news head reads for news)."""
        network = self.networks[genre]
        return self.pooled(texts, genre) @ network.out_weight + network.out_bias

    def _run(self, texts: Sequence[str], *, keep: bool = False, pooled_only: bool = False, genre: str = "news"):
        """Scores of ``texts``; with ``keep``, also what the reasons read (chunks, token shares, starts)."""
        net = self.networks[genre]
        encoded = self.encode(texts)
        ids = [self.token_ids(chunks) for chunks in encoded]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        gap, filters = net.gap, net.filters
        # Sentence i's tokens are columns starts[i] .. starts[i] + lengths[i], with gap zero
        # columns before each sentence and after the last one.
        segments = lengths + gap  # a sentence and the gap after it: what the max per sentence runs over
        starts = gap + np.concatenate([[0], np.cumsum(segments)[:-1]])
        total = gap + int(segments.sum())
        columns = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths) + np.arange(
            int(lengths.sum())
        )  # every token's column
        flat = np.full(total, len(net.embeddings) - 1, dtype=np.int64)  # the zero row
        flat[columns] = np.concatenate(ids)
        inside = np.zeros(total, dtype=np.float32)
        inside[columns] = 1.0
        # Filters on rows and tokens on columns: the sums of offsets and the max per sentence
        # run along contiguous rows. Every layer's output is a block of rows of one array.
        x = net.embeddings[flat].T
        hidden = _workspace("hidden", (len(net.layers) * filters, total))
        for i, ((width, dilation), kernel, bias, reach) in enumerate(
            zip(net.layers, net.kernels, net.bias, net.reach, strict=True)
        ):
            products = np.matmul(kernel, x, out=_workspace("products", (width * filters, total)))
            h = hidden[i * filters : (i + 1) * filters]
            # The output at column t reads x[t - reach + k * dilation] with offset k's filters;
            # the first and last reach columns are gap.
            h[:, :reach] = 0.0
            h[:, total - reach :] = 0.0
            core = h[:, reach : total - reach]
            np.add(products[:filters, : total - 2 * reach], bias, out=core)
            for k in range(1, width):
                core += products[k * filters : (k + 1) * filters, k * dilation : total - 2 * reach + k * dilation]
            np.maximum(h, 0, out=h)
            h *= inside  # zero between sentences: what the next layer's windows read there
            x = h
        # Each layer's output is 0 or more, and 0 in the gaps: the max over a sentence and
        # the gap after it is the sentence's.
        pooled = np.maximum.reduceat(hidden, starts, axis=1)
        if pooled_only:
            return pooled.T.astype(np.float64)
        # Row by row (not a matrix product, whose order of sums depends on the batch's size):
        # a sentence's score does not depend on what it is scored with.
        logits = (pooled.T.astype(np.float64) * net.out_weight).sum(axis=1) + net.out_bias
        if self.head is not None and genre == "news":
            sentences = [ParsedSentence(text, self.words(chunks)) for text, chunks in zip(texts, encoded, strict=True)]
            p = self.head.probability(self.head.logits(logits, sentences))
        else:
            sentences = None
            a, b = self.transcript_calibration if genre == "transcript" else (1.0, 0.0)
            p = 1.0 / (1.0 + np.exp(-(a * logits + b)))
        if not keep:
            return p, None
        # Each token's share of its sentence's logit: a filter's contribution (its output weight
        # times its pooled value) goes to the place that gave the max (to each, if places tie:
        # a phrase said twice weighs in both), and evenly to the tokens that place reads
        # (t - spread .. t + spread, those of its own sentence: a spread may reach past the gap).
        # A token's share from a layer is then a sum over the places around it, in its sentence:
        # a difference of running sums. (Places that gave no max add exact zeros to the running
        # sum, so tokens that the same places reach get exactly the same share.)
        first = np.repeat(starts, lengths)  # each token's sentence: its first column, its end
        end = first + np.repeat(lengths, lengths)
        token_shares = np.zeros(len(columns))
        running = np.zeros(total + 1)
        for i, spread in enumerate(net.spread):
            h = hidden[i * filters : (i + 1) * filters]
            body = h[:, gap:]
            # (A tie is equal up to rounding: the same phrase twice gives the same value, but the
            # product's rounding may differ by a unit in the last place with the batch's size.)
            top = np.repeat(pooled[i * filters : (i + 1) * filters], segments, axis=1)
            body *= body >= top - _TIE * top
            weight = net.out_weight[i * filters : (i + 1) * filters].astype(np.float32)
            np.cumsum((weight @ h) / (2 * spread + 1), dtype=np.float64, out=running[1:])
            token_shares += (
                running[np.minimum(columns + spread + 1, end)] - running[np.maximum(columns - spread, first)]
            )
        shares = np.zeros(total)
        shares[columns] = token_shares
        return p, (encoded, shares, starts, sentences)

    def word_weights(self, chunks: list[str], shares: list[float]) -> dict[str, float]:
        """One sentence's words that a reason may name (lowercased) -> the sum of their tokens'
        shares of its logit (of its first MAX_TOKENS tokens, the ones scored; a word said twice
        adds up)."""
        out: dict[str, float] = {}
        pieces = self._pieces
        token = 0
        for chunk in chunks:
            for key, n, shown in pieces[chunk][1]:
                if token >= MAX_TOKENS:
                    return out
                if shown:
                    out[key] = out.get(key, 0.0) + (shares[token] if n == 1 else sum(shares[token : token + n]))
                token += n
        return out


_TIE = np.float32(1e-5)  # places whose value is within this share of their filter's max tie with it
_PIECES_KEPT = 200_000  # chunks whose tokenization a process keeps
# A chunk: a run of characters the tokenizer does not count as whitespace (its own
# test: space, tab, newline, carriage return and the Unicode space separators, Zs).
_CHUNK = re.compile(r"[^ \t\n\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# What str.split() takes for whitespace and the tokenizer does not.
_SPLIT_ONLY = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


@lru_cache(maxsize=1)
def model() -> Model:
    """The committed model, loaded once per process."""
    return Model(MODEL_PATH)


GENRES = ("news", "transcript")
# A transcript's turn: a speaker's name or role, then a colon ("TRUMP:", "Chris Wallace:",
# "Q:", "MODERATOR (Lester Holt):"), at the start of a line.
_TURN = re.compile(
    r"^[ \t]*(?:[A-Z][A-Za-z.'\-]*(?:[ \t]+[A-Z][A-Za-z.'\-]*){0,3}|[A-Z]{1,3})"
    r"(?:[ \t]*\([^)\n]{1,40}\))?:[ \t]+\S",
    re.M,
)


def genre_of(text: str) -> str:
    """ "transcript" when most of a text's paragraphs are speakers' turns (a debate, an
    interview, a hearing), else "news". The two are scored by different models: the news head
    learnt what a desk queues from articles; the debates' student, from speech."""
    paragraphs = [line for line in text.splitlines() if line.strip()]
    # (a speaker by the last word of their label: "SEN. BERNIE SANDERS (I-VT):" first, then "SANDERS:")
    labels = [(m.group(0).split(":", 1)[0].split("(", 1)[0].split() or [""])[-1] for m in _TURN.finditer(text)]
    turns = len(labels)
    # Speakers take turns: each label comes back (a debate's "TRUMP:", an interview's "Q:"/"A:"). A list of
    # labels each used once is no speech: charges after each arrested name ("Jo Ames: possession of …"), a box
    # score's teams ("Palm Bay (1-0): Tolivert 25 points.").
    recurring = len(set(labels)) <= turns / 2
    return "transcript" if turns >= 4 and turns >= 0.4 * len(paragraphs) and recurring else "news"


def default_threshold(genre: str = "news") -> float:
    """The model's own threshold for a genre: chosen on the training news by cross-validation
    (news), or on the debates the student held out (transcripts)."""
    return model().thresholds[genre]


def __getattr__(name: str):
    # DEFAULT_THRESHOLD comes from the artifact: the news threshold (the head's, chosen on the
    # training news articles; the student's own when there is no head).
    if name == "DEFAULT_THRESHOLD":
        return model().threshold
    if name == "DEFAULT_CAP":
        return model().cap
    raise AttributeError(name)


def _shown(word: str) -> bool:
    """Whether a reason may name a word: a real word, not a stop word, 3 to 30 characters."""
    return 2 < len(word) <= 30 and word not in _STOP and _WORD.fullmatch(word) is not None


_NEGLIGIBLE = 1e-6


def _top_words(score: float, threshold: float, weighed: dict[str, float]) -> list[str]:
    sign = 1 if score >= threshold else -1
    # (only _shown words; a weight of about nothing names nothing: batched and one-by-one scoring differ by float
    # noise there, and a reason should not hinge on it)
    shown = [(w, weight) for w, weight in weighed.items() if weight * sign > _NEGLIGIBLE]
    return [w for w, _ in sorted(shown, key=lambda kv: -abs(kv[1]))[:3]]


def _reason_of(sentence: ParsedSentence, score: float, threshold: float, weighed: dict[str, float]) -> str:
    parts: list[str] = []
    text, present = sentence.text, sentence.features
    if text.strip().endswith("?"):
        parts.append("a question")
    numbers = _statistics(text) if sentence.has_digit else []  # every quantity holds a digit
    if numbers:
        parts.append("a statistic: " + ", ".join(numbers[:2]))
    elif "number_words" in present:
        parts.append("a quantity")
    if "cue" in present:
        parts.append("a statement attributed to " + ("a named source" if sentence.names else "a source"))
    if "comparison" in present:
        parts.append("a comparison")
    if "prediction" in present:
        parts.append("a prediction")
    if "causal" in present:
        parts.append("a causal claim")
    if score < threshold:
        if sentence.first_singular and "opinion" in present:
            parts.append("reads as personal opinion")
        elif not parts:
            parts.append("no checkable fact found")
    top = _top_words(score, threshold, weighed)
    if top:
        parts.append("weighed: " + ", ".join(f"'{w}'" for w in top))
    verdict = "check-worthy" if score >= threshold else "not check-worthy"
    return f"{verdict} ({score:.2f}): " + "; ".join(parts)


def score_sentences(
    sentences: Sequence[str], *, reasons: bool = True, threshold: float | None = None, genre: str = "news"
) -> list[Score]:
    """A calibrated score and a reason for every sentence, in order; never raises on odd text.

    ``genre``: "news" (articles) or "transcript" (speech: debates, interviews), see ``genre_of``.
    ``threshold``: the one the caller labels with (the desk's), so that a reason's verdict
    agrees with the label; the model's own for the genre by default."""
    if genre not in GENRES:
        raise ValueError(f"unknown genre {genre!r}: one of {', '.join(GENRES)}")
    if not sentences:
        return []
    m = model()
    threshold = m.thresholds[genre] if threshold is None else threshold
    results = []
    # In slices: the layers the reasons read are kept for a slice at a time, and a long
    # batch of them would raise a worker's peak memory (a sentence's score does not depend on
    # the slice, but for the last bits of rounding: BLAS sums a product's columns by blocks).
    for begin in range(0, len(sentences), _SLICE):
        # Very long inputs cost time and say nothing more: score their first 2,000 characters.
        texts = [(s if isinstance(s, str) else str(s))[:2000] for s in sentences[begin : begin + _SLICE]]
        scores, kept = m._run(texts, keep=reasons, genre=genre)
        for i, (text, p) in enumerate(zip(texts, scores.tolist(), strict=True)):
            p = min(1.0, max(0.0, p))
            reason = ""
            if reasons:
                encoded, shares, starts, parsed = kept
                weighed = m.word_weights(encoded[i], shares[starts[i] : starts[i] + MAX_TOKENS].tolist())
                sentence = parsed[i] if parsed else ParsedSentence(text, m.words(encoded[i]))
                if m.head is not None and genre == "news":
                    # The head's weighing: the student's share through the head's weight on its
                    # logit, plus each word's own weight.
                    lexical = m.head.ngram_weight
                    weighed = {w: m.head.logit_weight * v + lexical.get(w, 0.0) for w, v in weighed.items()}
                reason = _reason_of(sentence, p, threshold, weighed)
                results.append(Score(score=p, reason=reason, weighed=tuple(_top_words(p, threshold, weighed))))
                continue
            results.append(Score(score=p, reason=reason))
    return results


_SLICE = 256

_local = threading.local()


def _workspace(name: str, shape: tuple[int, int]) -> np.ndarray:
    """A float32 array of ``shape`` whose memory a thread reuses from batch to batch (grown as
    needed, at most a slice of sentences): fresh pages for every batch's arrays cost more than
    the arithmetic on them."""
    buffers = _local.__dict__.setdefault("buffers", {})
    size = shape[0] * shape[1]
    buffer = buffers.get(name)
    if buffer is None or buffer.size < size:
        buffer = buffers[name] = np.empty(size, dtype=np.float32)
    return buffer[:size].reshape(shape)
