import json
import sys
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from claims import desk_labels


class Command(BaseCommand):
    help = (
        "Write the desk's triage decisions as check-worthiness labels (JSON Lines, the format of "
        "evaluation/data/news_checkworthiness plus each sentence's text): for `make train` and the "
        "threshold figures. Dismissed as not checkable = 0, not important = 1, taken up = 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="-", help="File to write (default: stdout)")
        parser.add_argument("--since", help="Only decisions from this date on (YYYY-MM-DD)")

    def handle(self, *args, output="-", since=None, **options):
        start = None
        if since:
            try:
                start = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=UTC)
            except ValueError:
                raise CommandError(f"--since must be a date as YYYY-MM-DD, not {since!r}.") from None
        try:
            handle = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        count = 0
        try:
            for label in desk_labels.labels(since=start):
                handle.write(json.dumps(label.as_row(), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        finally:
            if handle is not sys.stdout:
                handle.close()
        self.stderr.write(f"{count} labels" + (f" written to {output}" if output != "-" else ""))
