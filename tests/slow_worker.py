"""`celery -A verify worker ARGS`, with a cleaning step that can be made slow (fault tests only).

VERIFY_TEST_SLOW_CLEAN=seconds makes every cleaning step sleep that long, so a
test can kill the worker or restart the database while a job is mid-extraction;
VERIFY_TEST_MARKER names a file that gets a line each time that step starts.
VERIFY_TEST_SLOW_JOURNAL=seconds makes the matching journal's append wait that long inside its
transaction (its rows written, not committed) whenever the file VERIFY_TEST_SLOW_JOURNAL_ARM
names exists, and writes a line to that file first: a test kills the worker mid-update.
Nothing else differs from the production worker.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    delay = float(os.environ.get("VERIFY_TEST_SLOW_CLEAN") or 0)
    if delay:
        from claims.extraction import cleaning

        original = cleaning.clean
        marker = os.environ.get("VERIFY_TEST_MARKER")

        def slow_clean(article):
            if marker:
                with open(marker, "a") as f:
                    f.write(f"{os.getpid()} {time.time()}\n")
            time.sleep(delay)
            return original(article)

        cleaning.clean = slow_clean
    journal_delay = float(os.environ.get("VERIFY_TEST_SLOW_JOURNAL") or 0)
    if journal_delay:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")
        django.setup()
        from django.db import transaction

        from claims.services import match_index

        original_journal = match_index.journal_append
        arm = Path(os.environ["VERIFY_TEST_SLOW_JOURNAL_ARM"])

        def slow_journal(documents, vec_text, vec_title):
            with transaction.atomic():
                original_journal(documents, vec_text, vec_title)
                if arm.exists():
                    with arm.open("a") as f:
                        f.write(f"{os.getpid()} journaling {len(documents)}\n")
                    time.sleep(journal_delay)

        match_index.journal_append = slow_journal
    from celery.__main__ import main as celery_main

    sys.argv = ["celery", "-A", "verify", "worker", *sys.argv[1:]]
    celery_main()


if __name__ == "__main__":
    main()
