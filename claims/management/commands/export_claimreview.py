import sys

from django.core.management.base import BaseCommand

from claims.exports.datafeed import datafeed_chunks


class Command(BaseCommand):
    help = "Write the DataFeed of every published ClaimReview (stdout by default)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="-", help="File to write (default: stdout)")

    def handle(self, *args, output="-", **options):
        if output == "-":
            for chunk in datafeed_chunks():
                sys.stdout.write(chunk)
            sys.stdout.write("\n")
            return
        with open(output, "w", encoding="utf-8") as handle:
            for chunk in datafeed_chunks():
                handle.write(chunk)
        self.stderr.write(f"Wrote {output}")
