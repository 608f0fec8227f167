"""Web and worker processes never import scikit-learn (about 64 MB of resident memory each).

Training and evaluation scripts use it; the serving path hashes in numpy
(claims/matching/hashing.py). A fresh interpreter sets Django up, imports what a web or
worker process imports, extracts the claims of an article (scoring its
sentences, with reasons) and matches a claim (the re-ranker's char n-gram
vectors), and must not have loaded sklearn.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys

import django

django.setup()

import claims.extraction.pipeline
import claims.matching.index
import claims.matching.rerank
import claims.services.matching
import claims.tasks
from claims.extraction import checkworthiness, pipeline
from claims.matching import chargrams
from claims.matching.index import Document, MatchIndex

scores = checkworthiness.score_sentences(["NATO said 2,000 troops moved last year, more than in 2019."])
assert 0.0 <= scores[0].score <= 1.0 and scores[0].reason
assert chargrams.vectors(["a claim", "another claim"]).shape[0] == 2
article = pipeline.parse(text=open("claims/fixtures/nato-no-signs-of-deescalation.txt", encoding="utf-8").read())
assert pipeline.extract(article, default_claimant="the author").claims
index = MatchIndex.rebuild([
    Document("v-5g", "5G mobile networks spread the coronavirus.", "Does 5G spread COVID-19?"),
    Document("v-moon", "The Apollo moon landing was filmed in a studio.", "Moon landing hoax"),
])
assert index.search("5G masts spread covid", k=2)[0].id == "v-5g"
loaded = sorted(name for name in sys.modules if name == "sklearn" or name.startswith("sklearn."))
print(" ".join(loaded) or "none")
"""


@pytest.mark.slow
def test_serving_processes_do_not_import_sklearn():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "verify.test_settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "none"
