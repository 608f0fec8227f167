"""Benchmark: the whole extraction pipeline against trafilatura.extract alone.

On one core, for the sample article wrapped as HTML and for 200 varied
articles (the real pages in ../shared/data/articles/extraction_benchmark when
present, topped up with variations of the sample), measures per article:

    baseline  trafilatura.extract(html)               (text only, same HTML)
    pipeline  parse → clean → segment → claims → score → dedup

and prints the ratio pipeline / baseline, measured in the same run.
Targets (issue 22, whose parser and claimant work may spend more than issue 4's 2.0×): ≤ 5× on the
sample page, ≤ 4× over the 200 pages.

Run: python bench/pipeline.py   (or `make bench`)
"""

from __future__ import annotations

import gzip
import html as html_lib
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import SAMPLE, SHARED, pin_one_core  # noqa: E402

pin_one_core()
TARGET = 5.0  # the sample page
TARGET_PAGES = 4.0  # the 200 pages, in total
SAMPLE_ROUNDS = 15

import trafilatura  # noqa: E402

from claims.extraction import pipeline  # noqa: E402


def sample_page(text: str, *, title: str = "NATO says there's no real sign of de-escalation") -> str:
    """The sample text inside the structure of a real news page.

    Like the MailOnline page it came from: a large navigation, the article
    with photo captions in <figure>, share buttons, a "most read" column,
    related-article teasers, a comment thread, a footer of links and
    scripts. trafilatura has to dig the article out of all that, as it does
    on real pages (about 40 ms on the real sample page, per the issue).
    """
    rng = random.Random(1)
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 3]

    def phrase(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = []
    for i, p in enumerate(paragraphs[1:]):
        if len(p) < 300 and i % 3 == 0:
            body.append(f'<figure><img src="/i/{i}.jpg" alt=""><figcaption>{html_lib.escape(p)}</figcaption></figure>')
        else:
            body.append(f"<p>{html_lib.escape(p)}</p>")
    nav = "".join(f'<li><a href="/section/{i}">{phrase(2).title()}</a></li>' for i in range(180))
    teasers = "".join(
        f'<li class="teaser"><a href="/news/{i}.html"><img src="/t/{i}.jpg" alt=""><h3>{phrase(9)}</h3></a>'
        f"<p>{phrase(25)}</p><span class='comments'>{rng.randint(1, 900)} comments</span></li>"
        for i in range(60)
    )
    comments = "".join(
        f'<div class="comment"><span class="user">{phrase(1)}{i}</span><p>{phrase(rng.randint(8, 40))}</p>'
        f'<button>Reply</button><span class="votes">{rng.randint(0, 300)}</span></div>'
        for i in range(80)
    )
    footer = "".join(f'<a href="/f/{i}">{phrase(2)}</a>' for i in range(150))
    script = "var config = {" + ",".join(f'"k{i}": "{phrase(3)}"' for i in range(200)) + "};"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html_lib.escape(title)} | Daily Mail Online</title>
<meta property="og:site_name" content="Mail Online">
<meta name="author" content="David Averre">
<meta property="article:published_time" content="2022-02-16T10:12:00Z">
<link rel="canonical" href="https://www.dailymail.co.uk/news/article-1/nato.html">
<script>{script}</script>
</head><body>
<header><nav><ul>{nav}</ul></nav><div class="weather">London 7C</div></header>
<div class="page"><div class="main">
<article><h1>{html_lib.escape(paragraphs[0])}</h1>
<div class="byline">ByDavid Averre For Mailonline</div>
<div class="share"><a>Share</a> <a>Facebook</a> <a>Twitter</a> <a>Email</a></div>
{"".join(body)}
</article>
<section class="related"><h2>Related Articles</h2><ul>{teasers[: len(teasers) // 2]}</ul></section>
<section class="comments"><h2>Comments</h2>{comments}</section>
</div>
<aside class="most-read"><h2>Most Read</h2><ul>{teasers}</ul></aside></div>
<footer>{footer}<p>Published by Associated Newspapers Ltd</p></footer>
<script>{script}</script>
</body></html>"""


def corpus(n: int = 200) -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []
    folder = SHARED / "articles" / "extraction_benchmark"
    if folder.is_dir():
        for path in sorted(folder.glob("*.html.gz"))[:n]:
            pages.append((path.name[:12], gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))
    else:
        print(f"note: {folder} not found; using variations of the sample article only")
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rng = random.Random(7)
    while len(pages) < n:
        chosen = paragraphs[:1] + rng.sample(paragraphs[1:], k=min(len(paragraphs) - 1, rng.randint(8, 30)))
        pages.append((f"variant-{len(pages)}", sample_page("\n\n".join(chosen))))
    return pages


def timed(fn, *args, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def run_pipeline(page: str) -> int:
    try:
        article = pipeline.parse(html_text=page)
    except Exception:  # noqa: BLE001 - a page that is not an article still costs its parse
        return 0
    return len(pipeline.extract(article, default_claimant="the outlet").claims)


def main() -> int:
    sample = sample_page(SAMPLE.read_text(encoding="utf-8"))
    run_pipeline(sample)  # load the model, warm caches
    # Interleaved (baseline, pipeline) rounds: a slow spell of the machine hits both alike,
    # where timing all of one and then all of the other let it land on either (best-of-5 in a
    # row gave 1.84-2.10x for the same code within an hour).
    rounds = [
        (timed(trafilatura.extract, sample, repeat=1), timed(run_pipeline, sample, repeat=1))
        for _ in range(SAMPLE_ROUNDS)
    ]
    base, full = min(b for b, _ in rounds), min(f for _, f in rounds)
    claims = run_pipeline(sample)
    print(f"Sample article (MailOnline, wrapped as HTML), one core, best of {SAMPLE_ROUNDS} interleaved rounds:")
    print(f"  trafilatura.extract  {base * 1000:8.1f} ms")
    print(f"  whole pipeline       {full * 1000:8.1f} ms   ({claims} candidate claims)")
    print(
        f"  ratio                {full / base:8.2f}x   (target <= {TARGET:.1f}x; "
        f"median of the rounds' ratios {statistics.median(f / b for b, f in rounds):.2f}x)"
    )

    pages = corpus()
    bases, fulls, ratios = [], [], []
    for _name, page in pages:
        b = timed(trafilatura.extract, page, repeat=1)
        f = timed(run_pipeline, page, repeat=1)
        bases.append(b)
        fulls.append(f)
        if b > 0:
            ratios.append(f / b)
    total_ratio = sum(fulls) / sum(bases)
    print(f"\n{len(pages)} varied articles, one core:")
    print(
        f"  trafilatura.extract  mean {statistics.mean(bases) * 1000:6.1f} ms"
        f"  median {statistics.median(bases) * 1000:6.1f} ms"
    )
    print(
        f"  whole pipeline       mean {statistics.mean(fulls) * 1000:6.1f} ms"
        f"  median {statistics.median(fulls) * 1000:6.1f} ms"
    )
    print(
        f"  ratio (total time)   {total_ratio:6.2f}x   median per article {statistics.median(ratios):.2f}x"
        f"   (target <= {TARGET_PAGES:.1f}x)"
    )
    worst = max(ratios)
    print(f"  worst article ratio  {worst:6.2f}x")
    ok = full / base <= TARGET and total_ratio <= TARGET_PAGES
    print("\nRESULT:", "meets the target" if ok else "ABOVE the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
