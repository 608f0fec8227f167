import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services.imports import claimreview_import, claimreview_import_url, import_max_bytes
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' ClaimReview from FILE_OR_URL ('-' for stdin): a JSON-LD document "
        "(a ClaimReview, a list, an @graph), an HTML page with ld+json blocks, a DataFeed, or JSON Lines; "
        "gzip-compressed or not. Prints one line per rejected record, then "
        "'imported N, updated M, rejected K' as the last line. Importing again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="FILE_OR_URL")
        parser.add_argument(
            "--base-url", help="Resolve relative URLs against this (default: the URL fetched; none for files)"
        )

    def handle(self, *args, source: str, base_url: str | None = None, **options):
        try:
            if source.startswith(("http://", "https://")):
                report = claimreview_import_url(url=source)
            else:
                report = claimreview_import(payload=_read(source), source=source, base_url=base_url)
        except ApplicationError as exc:
            message = str(exc)
            raise CommandError(message if source in message else f"{source}: {message}") from exc
        for rejection in report.rejected:
            self.stdout.write(f"rejected record {rejection.index} ({rejection.where}): {rejection.reason}")
        self.stdout.write(f"{source}: {report.kind}, unchanged {report.unchanged}")
        self.stdout.write(report.summary)


def _read(source: str) -> bytes:
    limit = import_max_bytes()
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"{source}: no such file (and not an http(s) URL).")
        try:
            if path.stat().st_size > limit:
                raise CommandError(f"{source} is larger than the import limit of {limit:,} bytes.")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{source}: cannot read it ({exc.strerror or exc}).") from exc
    if len(data) > limit:
        raise CommandError(f"{source} is larger than the import limit of {limit:,} bytes.")
    return data
