"""What the two tiers (suggest, auto) give: precision and recall at a threshold.

Only the top result of each query is considered, as that is what a desk sees
first: *shown* = queries whose top score reaches the threshold, *precision* =
share of those whose top result is relevant, *recall* = share of all queries
(with a known match) whose top result is relevant and shown.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SUGGEST = 0.5
DEFAULT_AUTO = 0.9


@dataclass(frozen=True)
class TierFigure:
    tier: str
    threshold: float
    shown: int
    precision: float
    recall: float


def tier_figures(run: dict[str, list[str]], scores: dict[str, list[float]], qrels: dict[str, set[str]],
                 *, suggest: float, auto: float) -> list[TierFigure]:
    out = []
    for tier, threshold in (("suggest", suggest), ("auto", auto)):
        shown = right = 0
        for qid, relevant in qrels.items():
            docs, doc_scores = run.get(qid, []), scores.get(qid, [])
            if docs and doc_scores and doc_scores[0] >= threshold:
                shown += 1
                right += docs[0] in relevant
        out.append(TierFigure(tier, threshold, shown, right / shown if shown else 0.0,
                              right / len(qrels) if qrels else 0.0))
    return out


def decision_figures(decisions: list[tuple[float, bool]], *, suggest: float, auto: float) -> list[TierFigure]:
    """From stored decisions (score, confirmed): what each threshold would have shown."""
    confirmed = sum(1 for _s, ok in decisions if ok)
    out = []
    for tier, threshold in (("suggest", suggest), ("auto", auto)):
        kept = [ok for score, ok in decisions if score >= threshold]
        right = sum(kept)
        out.append(TierFigure(tier, threshold, len(kept), right / len(kept) if kept else 0.0,
                              right / confirmed if confirmed else 0.0))
    return out
