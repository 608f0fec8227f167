"""Settings for benchmarks: the production settings with the bench URLs."""

from verify.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
