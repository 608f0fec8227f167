"""Shared by the benchmark scripts: paths, and running on one core."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLE = ROOT / "claims" / "fixtures" / "nato-no-signs-of-deescalation.txt"


def pin_one_core() -> None:
    """One core and one BLAS thread; call before numpy is imported."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
