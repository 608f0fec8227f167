from django.core.management.base import BaseCommand, CommandError

from claims.services import ingest
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Put a failed extraction job back in the queue."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id, **options):
        try:
            job = ingest.job_retry(job_id=job_id)
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Job {job.pk} queued again.")
