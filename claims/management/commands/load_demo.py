from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom: one user per role and the sample article's claims (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (creates users with a known password!)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with a known password while DEBUG is off; "
                "pass --force if this really is a demo installation."
            )
        outcome = load_demo()
        job = outcome.job
        if job.status != "succeeded":
            raise CommandError(f"The sample article's extraction job {job.pk} {job.status}: {job.error}")
        article = job.article
        self.stdout.write(
            f"Demo newsroom ready: article {article.pk} ({article.title[:60]!r}) with "
            f"{article.claims.count()} claims; "
            f"{len(outcome.users_created)} new users."
        )
        self.stdout.write(
            "Logins (password '{}'): {}".format(DEMO_PASSWORD, ", ".join(f"{u} ({r})" for u, r in DEMO_USERS))
        )
