"""What the two tiers (suggest, auto) give on the desk's own stored decisions (checkers'
confirmations and rejections): precision and recall at a threshold. The labelled pair sets'
figures are evaluation/pairsets.py's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TierFigure:
    tier: str
    threshold: float
    shown: int
    precision: float
    recall: float


def decision_figures(decisions: list[tuple[float, bool]], *, suggest: float, auto: float) -> list[TierFigure]:
    """From stored decisions (score, confirmed): what each threshold would have shown."""
    confirmed = sum(1 for _s, ok in decisions if ok)
    out = []
    for tier, threshold in (("suggest", suggest), ("auto", auto)):
        kept = [ok for score, ok in decisions if score >= threshold]
        right = sum(kept)
        out.append(
            TierFigure(
                tier, threshold, len(kept), right / len(kept) if kept else 0.0, right / confirmed if confirmed else 0.0
            )
        )
    return out
