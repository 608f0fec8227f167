"""How much of the article body survives cleaning, and how much furniture does not.

On the real pages of ../shared/data/articles/extraction_benchmark (181 news and
blog pages), for each page:

- trafilatura's text (the same ``bare_extraction`` the pipeline parses with)
  is split into its lines;
- **body**: the lines that are prose by a definition independent of our rules
  — at least 15 words and ending in terminal punctuation (or a closing quote);
- **retention**: the share of the body's characters whose line is still in the
  cleaned text (compared folded: quotes, dashes, spaces and case);
- **short lines removed**: of the other lines (captions, subheads, credits,
  teasers, but also short paragraphs of the story), how many cleaning removed:
  a count of what cleaning does, not a quality figure.

Prints the pages read, body retention (characters, pooled over pages, and the
worst page), short lines removed, and the time cleaning took. The body
retention must not fall when cleaning learns new furniture.

Run: python evaluation/body_retention.py [--pages N]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
PAGES = SHARED / "articles" / "extraction_benchmark"

from claims.extraction import cleaning, html  # noqa: E402
from claims.extraction.errors import ExtractionError  # noqa: E402

_PROSE_END = re.compile(r"[.!?…\"'’”)]$")
_PROSE_WORDS = 15


def is_body(line: str) -> bool:
    """Prose by a rule none of the cleaning rules uses: long, and a sentence's end."""
    line = line.strip()
    return len(line.split()) >= _PROSE_WORDS and bool(_PROSE_END.search(line))


def measure(pages: list[Path]) -> dict:
    body_chars = kept_chars = short_lines = short_removed = read = 0
    worst = (1.0, "")
    seconds = 0.0
    for path in pages:
        try:
            article = html.parse_html(gzip.decompress(path.read_bytes()))
        except ExtractionError:
            continue
        read += 1
        start = time.perf_counter()
        cleaned = cleaning.clean(article)
        seconds += time.perf_counter() - start
        kept = {cleaning.fold(p.strip()) for p in cleaned.text.split("\n") if p.strip()}
        page_body = page_kept = 0
        for line in article.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            present = cleaning.fold(line) in kept
            if is_body(line):
                page_body += len(line)
                page_kept += len(line) if present else 0
            else:
                short_lines += 1
                short_removed += not present
        body_chars += page_body
        kept_chars += page_kept
        if page_body and page_kept / page_body < worst[0]:
            worst = (page_kept / page_body, path.name[:12])
    return {
        "pages": read,
        "body_chars": body_chars,
        "retention": kept_chars / body_chars if body_chars else 1.0,
        "worst": worst,
        "short_lines": short_lines,
        "short_removed": short_removed,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="Only the first N pages (by name)")
    args = parser.parse_args()
    if not PAGES.is_dir():
        sys.exit(f"No pages at {PAGES}: set VERIFY_SHARED_DATA to the shared data folder.")
    pages = sorted(PAGES.glob("*.html.gz"))
    if args.pages:
        pages = pages[: args.pages]
    r = measure(pages)
    print(f"pages read: {r['pages']}")
    print(
        f"body retention: {r['retention']:.4f} of {r['body_chars']:,} body characters "
        f"(worst page {r['worst'][0]:.3f}, {r['worst'][1]})"
    )
    print(
        f"short lines removed: {r['short_removed']} of {r['short_lines']} "
        f"({r['short_removed'] / max(1, r['short_lines']):.1%})"
    )
    print(f"cleaning time: {r['seconds'] * 1000:.0f} ms for {r['pages']} pages")


if __name__ == "__main__":
    main()
