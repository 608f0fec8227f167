import hashlib
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.matching import trec
from claims.matching.index import IndexFormatError, MatchIndex
from claims.matching.pool import PoolError, read_pool, read_queries


class Command(BaseCommand):
    help = (
        "Rank the claims of POOL (JSON Lines, optionally .gz: vclaim_id, vclaim, title) for each "
        "query of QUERIES (TSV iclaim_id<TAB>iclaim) and write a TREC run. Needs no database."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--pool", required=True, help="JSON Lines (.gz allowed) of claims to find")
        parser.add_argument("--queries", required=True, help="TSV: iclaim_id<TAB>iclaim, header optional")
        parser.add_argument("--top", type=int, default=5, help="results per query (default 5)")
        parser.add_argument("--output", required=True, help="TREC run file to write ('-' for stdout)")
        parser.add_argument("--tag", default="verify", help="run tag (last column)")
        parser.add_argument(
            "--no-cache",
            action="store_true",
            help="build the pool's index in memory only (default: kept under VERIFY_VAR_DIR/matching/pools)",
        )

    def handle(self, *args, pool, queries, top, output, tag="verify", no_cache=False, **options):
        if not 1 <= top <= 1000:
            raise CommandError("--top must be between 1 and 1000")
        try:
            questions = read_queries(queries)
            index, duplicates = self._index(Path(pool), use_cache=not no_cache)
        except PoolError as exc:
            raise CommandError(str(exc)) from exc
        if duplicates:
            self.stderr.write(f"{pool}: {duplicates} duplicate vclaim_id(s); the last of each is used")
        started = time.perf_counter()
        results = index.search_many([text for _qid, text in questions], k=top)
        elapsed = time.perf_counter() - started
        lines = [
            trec.RunLine(qid, match.id, match.rank, match.score, tag).format()
            for (qid, _text), matches in zip(questions, results, strict=True)
            for match in matches
        ]
        empty = sum(1 for matches in results if not matches)
        body = "\n".join(lines) + ("\n" if lines else "")
        if output == "-":
            sys.stdout.write(body)
        else:
            try:
                Path(output).write_text(body, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from exc
        note = f", {empty} without any match (empty or no shared words)" if empty else ""
        self.stderr.write(f"{len(questions)} queries ranked against {len(index)} claims in {elapsed:.1f} s{note}")

    def _index(self, pool: Path, *, use_cache: bool) -> tuple[MatchIndex, int]:
        cache = None
        if use_cache:
            try:
                digest = hashlib.sha256(pool.read_bytes()).hexdigest()[:24]
            except OSError as exc:
                raise PoolError(f"{pool}: cannot read ({exc.strerror or exc})") from exc
            cache = Path(settings.VAR_DIR) / "matching" / "pools" / digest
            if (cache / "meta.json").is_file():
                try:
                    index = MatchIndex.load(cache)
                    duplicates = int((cache / "duplicates").read_text() or 0)
                    return index, duplicates
                except (IndexFormatError, OSError, ValueError):
                    pass  # stale or damaged: rebuilt below
        loaded = read_pool(pool)
        started = time.perf_counter()
        index = MatchIndex.rebuild(loaded.documents)
        self.stderr.write(f"indexed {len(index)} claims in {time.perf_counter() - started:.0f} s")
        if cache is not None:
            index.save(cache)
            (cache / "duplicates").write_text(str(loaded.duplicates))
        return index, loaded.duplicates
