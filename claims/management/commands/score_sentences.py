import sys

from django.core.management.base import BaseCommand

from claims.extraction import checkworthiness
from claims.selectors import checkworthy_threshold_setting


class Command(BaseCommand):
    help = (
        "Score sentences for check-worthiness: one sentence per line on stdin, "
        "'score<TAB>label' per line on stdout (label 1 at or above the threshold, else 0)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2048, help="Sentences scored at once")
        parser.add_argument("--threshold", type=float, default=None, help="Override the desk's threshold")
        parser.add_argument(
            "--genre",
            choices=checkworthiness.GENRES,
            default="news",
            help="news (article sentences; the default) or transcript (speech: debates, interviews)",
        )

    def handle(self, *args, batch=2048, threshold=None, genre="news", **options):
        if threshold is None:
            threshold = checkworthy_threshold_setting()
        if threshold is None:
            threshold = checkworthiness.default_threshold(genre)
        self.genre = genre
        out = self.stdout
        lines: list[str] = []
        for raw in sys.stdin:
            lines.append(raw.rstrip("\r\n"))
            if len(lines) >= batch:
                self._emit(lines, threshold, out)
                lines = []
        if lines:
            self._emit(lines, threshold, out)

    def _emit(self, lines, threshold, out):
        for score in checkworthiness.score_sentences(lines, reasons=False, genre=self.genre):
            out.write(f"{score.score:.6f}\t{1 if score.score >= threshold else 0}")
