import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import POOL


def _write_pool(path, docs, gz=False):
    lines = "".join(json.dumps({"vclaim_id": d.id, "vclaim": d.text, "title": d.title}) + "\n" for d in docs)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


def test_writes_a_trec_run_from_gz_pool_and_headed_queries(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    pool = _write_pool(tmp_path / "pool.jsonl.gz", POOL, gz=True)
    queries = tmp_path / "q.tsv"
    queries.write_text(
        "iclaim_id\ticlaim\nt1\t5G towers are spreading covid!! https://t.co/x\nt2\t\n", encoding="utf-8"
    )
    out = tmp_path / "run.txt"
    for _ in range(2):  # the second run loads the cached index
        call_command("rank_claims", pool=str(pool), queries=str(queries), top=3, output=str(out))
        rows = [line.split() for line in out.read_text().splitlines()]
        assert [r[0] for r in rows] == ["t1", "t1", "t1"]  # the empty query has no line
        assert rows[0][1:4] == ["Q0", "v-5g", "1"] and rows[0][5] == "verify"
        assert float(rows[0][4]) >= float(rows[1][4])


def test_duplicate_ids_keep_the_last(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path / "var"
    docs = list(POOL) + [type(POOL[0])("v-5g", "Drinking bleach cures COVID-19.", "Bleach")]
    pool = _write_pool(tmp_path / "pool.jsonl", docs)
    queries = tmp_path / "q.tsv"
    queries.write_text("t1\tbleach cures covid\n", encoding="utf-8")
    call_command("rank_claims", pool=str(pool), queries=str(queries), top=5, output=str(tmp_path / "r"), no_cache=True)
    assert "1 duplicate" in capsys.readouterr().err
    ids = [line.split()[2] for line in (tmp_path / "r").read_text().splitlines()]
    assert ids[0] == "v-5g" and len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("pool_text", "message"),
    [(None, "cannot read"), ("", "no claims"), ("{not json\n", "not JSON"), ('{"vclaim": "x"}\n', "vclaim_id")],
)
def test_bad_pools_fail_with_a_message(tmp_path, pool_text, message):
    pool = tmp_path / "pool.jsonl"
    if pool_text is not None:
        pool.write_text(pool_text, encoding="utf-8")
    queries = tmp_path / "q.tsv"
    queries.write_text("t1\tx\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("rank_claims", pool=str(pool), queries=str(queries), output=str(tmp_path / "r"), no_cache=True)


def test_bad_queries_and_output_fail_with_a_message(tmp_path):
    pool = _write_pool(tmp_path / "pool.jsonl", POOL)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("rank_claims", pool=str(pool), queries=str(tmp_path / "nope.tsv"), output="-", no_cache=True)
    queries = tmp_path / "q.tsv"
    queries.write_text("no tab on this line\n", encoding="utf-8")
    with pytest.raises(CommandError, match="iclaim_id<TAB>iclaim"):
        call_command("rank_claims", pool=str(pool), queries=str(queries), output="-", no_cache=True)
    queries.write_text("t1\tmoon landing\n", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot write"):
        call_command(
            "rank_claims",
            pool=str(pool),
            queries=str(queries),
            output=str(tmp_path / "no" / "dir" / "r"),
            no_cache=True,
        )


@pytest.mark.slow
def test_runs_without_a_database(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pool = _write_pool(tmp_path / "pool.jsonl", POOL)
    queries = tmp_path / "q.tsv"
    queries.write_text("t1\tLady Gaga Oreo cookies\n", encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "VERIFY_VAR_DIR": str(tmp_path / "v"),
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "DEBUG": "1",
    }
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rank_claims",
            "--pool",
            str(pool),
            "--queries",
            str(queries),
            "--top",
            "1",
            "--output",
            "-",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[2] == "v-oreo"
