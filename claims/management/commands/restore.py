"""Restore a backup written by `manage.py backup` into an empty, migrated database."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Article, Claim


class Command(BaseCommand):
    help = (
        "Load a backup file into this database. The database must be migrated and hold no "
        "articles or claims (run `migrate` on a new database first); --force loads anyway, "
        "overwriting rows with the same ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="Load into a database that already has data")

    def handle(self, *args, file, force=False, **options):
        if not Path(file).is_file():
            raise CommandError(f"no backup file at {file}")
        if not force and (Article.objects.exists() or Claim.objects.exists()):
            raise CommandError(
                "this database already holds articles or claims; restore into an empty one or pass --force"
            )
        try:
            with transaction.atomic():
                call_command("loaddata", file, verbosity=0)
        except Exception as exc:  # a bad file leaves the database as it was
            raise CommandError(f"could not restore {file}: {exc}") from exc
        self.stdout.write(f"Restored {file}: {Article.objects.count()} articles, {Claim.objects.count()} claims")
