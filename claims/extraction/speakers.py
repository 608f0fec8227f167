"""A learnt speaker ranker for the sentences the rules leave to the outlet.

The rules in attribution.py find reported speech by its patterns; a sentence
they cannot read ("Still, Cruz will be re-evaluating how he approaches his
colleagues, a source close to him said", "Clinton seemed to concede that ...")
stays the outlet's. For each such sentence attribution.py lists the speakers
the rules can see (the phrase before or after each cue word, the sentence's
subject, the names and pronouns in it, "he"/"she" resolved to the person the
paragraph is about) and describes each with a few numbers (how often its cue
word is a cue, where it stands from the cue, what kind of phrase it is, whether
it spoke just before ...). A logistic regression, trained on PolNeAR train
(scripts/train_speakers.py; docs/models/attribution.md), scores them; the best
one above the threshold becomes the sentence's claimant. The span stays the
whole sentence.

Served in plain Python from a small JSON file: no scikit-learn, microseconds a
sentence.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "models" / "speakers.json"

# The features, in the model's order (attribution._speaker_candidates computes them).
FEATURES = (
    "cue_ratio",
    "cue_ratio_sq",
    "cue_log_count",
    "cue_say",
    "cue_act",
    "cue_denial",
    "cue_finding",
    "before",
    "before_adjacent",
    "before_near",
    "after",
    "after_adjacent",
    "subject",
    "other",
    "name_person",
    "name_other",
    "he_she",
    "they",
    "it",
    "lower",
    "determiner",
    "possessive",
    "words",
    "np_first",
    "comma_before",
    "comma_after",
    "preposition_before",
    "by_before",
    "quote_in_sentence",
    "link_after_cue",
    "negated",
    "first_cue",
    "cues",
    "previous_speaker",
    "known_speaker",
    "outlet_like",
    "sentence_words",
    "distance",
    "cue_position",
    "after_share",
    "clause_after",
    "to_before_cue",
    "content_after",
    "content_before",
    "nearer_before",
) + tuple(
    f"cue_{w}"
    for w in (
        "said",
        "says",
        "say",
        "told",
        "according",
        "asked",
        "called",
        "saying",
        "added",
        "wrote",
        "reported",
        "seemed",
        "seems",
        "appears",
        "appeared",
        "expected",
        "believe",
        "think",
        "found",
        "shows",
        "showed",
        "declined",
        "announced",
        "argued",
        "noted",
        "tweeted",
        "suggested",
        "see",
        "sees",
        "hopes",
        "wants",
        "support",
        "supported",
        "endorsed",
        "criticized",
        "accused",
        "described",
        "insisted",
        "warned",
        "know",
    )
)


class SpeakerModel:
    """Weights of the ranker and its cue words, as scripts/train_speakers.py writes them."""

    def __init__(self, data: dict) -> None:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("speakers.json was trained on other features: retrain it (scripts/train_speakers.py)")
        self.cues: dict[str, tuple[float, float]] = {w: (r, c) for w, (r, c) in data["cues"].items()}
        self.weights = data["weights"]
        self.mean = data["mean"]
        self.scale = data["scale"]
        self.bias = data["bias"]
        self.threshold = data["threshold"]
        self.min_cue = data["min_cue"]

    def score(self, features: dict[str, float]) -> float:
        total = self.bias
        for name, weight, mean, scale in zip(FEATURES, self.weights, self.mean, self.scale, strict=True):
            total += weight * (features.get(name, 0.0) - mean) / scale
        return 1.0 / (1.0 + math.exp(-total)) if total > -60 else 0.0


@lru_cache(maxsize=1)
def model() -> SpeakerModel | None:
    """The shipped model, or None when there is none (the rules alone then)."""
    if not MODEL_PATH.is_file():
        return None
    return SpeakerModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
