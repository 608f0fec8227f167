import time

from django.core.management.base import BaseCommand

from claims.services import matching


class Command(BaseCommand):
    help = (
        "Rebuild the desk's matching index from the database: every check-worthy claim and every imported "
        "ClaimReview. Safe while workers run (they wait for the index lock, then reload it). Prints the size."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        size = matching.index_rebuild()
        self.stdout.write(
            f"Matching index rebuilt in {matching.index_dir()}: {size} documents "
            f"in {time.perf_counter() - started:.1f}s"
        )
