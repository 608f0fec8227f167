import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import pipeline
from claims.inputs.fetching import fetch_url
from claims.selectors import checkworthy_threshold_setting, claims_per_article_cap
from claims.services.ingest import file_input, parse_page
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Run the extraction pipeline on a file or URL without saving anything and print "
        "the article and every candidate claim (check-worthy or not)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument("--json", action="store_true", help="Print one JSON object (the stable format)")
        parser.add_argument("--claimant", default="", help="Claimant of unattributed statements (default: the site)")

    def handle(self, *args, source, json=False, claimant="", **options):
        try:
            article = _parse(source)
            result = pipeline.extract(
                article,
                default_claimant=claimant or article.site_name or "the outlet",
                threshold=checkworthy_threshold_setting(),
                cap=claims_per_article_cap(),
            )
        except ApplicationError as exc:  # a page we cannot fetch or read (FetchError, ExtractionError...)
            raise CommandError(f"{source}: {exc}") from exc
        if json:
            self.stdout.write(_json_dump(result))
            return
        queued = sum(c.checkworthy for c in result.claims)
        self.stdout.write(
            f"{result.article.title or '(no title)'} — {len(result.claims)} candidates, {queued} queued "
            f"(scored as {result.genre})"
        )
        for claim in sorted(result.claims, key=lambda c: -c.priority):
            mark = "*" if claim.checkworthy else " "
            self.stdout.write(f"{mark} {claim.score:.2f} [{claim.claim_type}] {claim.claimant}: {claim.text}")


def _parse(source: str):
    if source.startswith(("http://", "https://")):
        return parse_page(fetch_url(source))
    if source == "-":
        data = sys.stdin.buffer.read()
        path = None
    else:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"{source}: no such file (and not an http(s) URL).")
        data = path.read_bytes()
    given = file_input(data, name=path.name if path is not None else "", what=source)
    content = given.get("html", given.get("text", ""))
    if not content.strip():
        raise CommandError(f"{source}: the file is empty.")
    if "html" in given:
        return pipeline.parse(html_text=content, url="")
    return pipeline.parse(text=content)


def _json_dump(result) -> str:
    article = result.article
    payload = {
        "article": {
            "title": article.title,
            "authors": list(article.authors),
            "published": article.published.isoformat() if article.published else None,
            "text": article.text,
        },
        "claims": [
            {
                "text": c.text,
                "sentence": c.sentence,
                "start": c.start,
                "end": c.end,
                "claimant": c.claimant,
                "standalone": c.standalone or c.text,
                "stance": c.stance,
                "type": c.claim_type,
                "score": round(c.score, 4),
                "checkworthy": c.checkworthy,
                "reason": c.reason,
            }
            for c in result.claims
        ],
    }
    return json.dumps(payload, ensure_ascii=False)
