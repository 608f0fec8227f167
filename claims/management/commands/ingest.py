from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.selectors import job_get
from claims.services import ingest
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Ingest articles: each PATH_OR_URL (an http(s) URL, an .html/.htm file, or a text file; "
        "either may be gzipped, .gz) "
        "becomes an extraction job. With --wait the jobs run here and their outcome is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--wait", action="store_true", help="Run the jobs here, not on a worker")

    def handle(self, *args, inputs, wait=False, **options):
        failed = 0
        for item in inputs:
            try:
                job = ingest.article_ingest(**_input_of(item))
                if wait:
                    ingest.job_run(job_id=job.pk)
                    job = job_get(pk=job.pk)
            except ApplicationError as exc:
                failed += 1
                self.stderr.write(f"{item}: {exc}")
                continue
            line = f"{item}: job {job.pk} {job.status}"
            if job.status == "succeeded":
                line += f", article {job.article_id}, {job.claims_created} new claims"
            elif job.status == "failed":
                failed += 1
                line += f" at {job.error_step}: {job.error}"
            self.stdout.write(line)
        if failed:
            raise CommandError(f"{failed} of {len(inputs)} inputs failed.")


def _input_of(item: str) -> dict:
    if item.startswith(("http://", "https://")):
        return {"url": item}
    path = Path(item)
    if not path.is_file():
        raise CommandError(f"{item}: no such file (and not an http(s) URL).")
    return ingest.file_input(path.read_bytes(), name=path.name, what=f"file {item}")
