"""Back up the newsroom's data (claims, verdicts, evidence with its archived copies, users…)."""

import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What a backup holds: the users and their roles, and every table of the domain.
# Sessions, sign-in lockouts and content types are rebuilt, not restored.
BACKUP_LABELS = ["auth.group", "auth.user", "claims"]


class Command(BaseCommand):
    help = (
        "Write every user, role and domain row (articles, claims, evidence with archived copies, "
        "verdicts and their versions, audit events, jobs, tokens, webhooks) to an XML file "
        "(Django's XML keeps timestamps to the microsecond; its JSON would round them); "
        "FILE.xml.gz, .xml.bz2, .xml.xz are compressed. Works on SQLite and PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="File to write, e.g. verify-2026-11-25.xml.gz")

    def handle(self, *args, output, **options):
        if not re.search(r"\.xml(\.(gz|bz2|xz|lzma|zip))?$", output):
            raise CommandError(f"name the backup file .xml or .xml.gz (got {output})")
        try:
            call_command(
                "dumpdata",
                *BACKUP_LABELS,
                natural_foreign=True,
                natural_primary=False,
                format="xml",
                output=output,
                verbosity=0,
            )
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(f"Backed up to {output}")
