from datetime import date
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
        parser.add_argument("--article-url", default="", help="For a file: where the article was published")
        parser.add_argument("--outlet", default="", help="The outlet: a known outlet's name or domain, or a new one")
        parser.add_argument("--published", default="", metavar="YYYY-MM-DD", help="When the article was published")

    def handle(self, *args, inputs, wait=False, article_url="", outlet="", published="", **options):
        context = {"article_url": article_url, "outlet_name": outlet, "published_at": _date(published)}
        failed = 0
        for item in inputs:
            try:
                job = ingest.article_ingest(**_input_of(item), **context)
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


def _date(value: str):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published must be a date as YYYY-MM-DD, not {value!r}.") from None


def _input_of(item: str) -> dict:
    if item.startswith(("http://", "https://")):
        return {"url": item}
    path = Path(item)
    if not path.is_file():
        raise CommandError(f"{item}: no such file (and not an http(s) URL).")
    return ingest.file_input(path.read_bytes(), name=path.name, what=f"file {item}")
