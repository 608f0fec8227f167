"""Validate ClaimReview JSON-LD against the schema.org vocabulary and Google's fact-check rules."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.exports.datafeed import datafeed_chunks
from claims.exports.validation import Vocabulary, VocabularyError, validate


class Command(BaseCommand):
    help = (
        "Validate a JSON-LD file (a ClaimReview, a list, an @graph or a DataFeed; '-' for stdin) "
        "or, without FILE, this desk's own DataFeed of published verdicts. Exits 1 if invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="JSON-LD file to check (default: our DataFeed)")
        parser.add_argument(
            "--vocabulary",
            default=None,
            help="schema.org release file, .jsonld or .jsonld.gz (default: VERIFY_SCHEMAORG_VOCABULARY)",
        )

    def handle(self, *args, file=None, vocabulary=None, **options):
        try:
            vocab = Vocabulary.load(vocabulary or settings.VERIFY_SCHEMAORG_VOCABULARY)
        except VocabularyError as exc:
            raise CommandError(f"{exc} (set --vocabulary or VERIFY_SCHEMAORG_VOCABULARY)") from exc
        try:
            if file is None:
                document = json.loads("".join(datafeed_chunks()))
            elif file == "-":
                document = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    document = json.load(handle)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(f"{file or 'the DataFeed'} is not JSON: {exc}") from exc
        if not isinstance(document, dict | list):
            raise CommandError("not a JSON-LD document: expected an object or a list")
        problems = validate(document, vocab)
        for problem in problems:
            self.stdout.write(problem)
        count = len(document.get("dataFeedElement", [])) if isinstance(document, dict) else len(document)
        if problems:
            raise CommandError(f"invalid: {len(problems)} problem(s)")
        self.stdout.write(f"valid: {count} element(s) checked against schema.org and the fact-check rules")
