# Verify — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: what the app needs to run (`make run`), and that plus the test and lint tools
# (`make test`, `make lint`, CI: the "dev" extra in pyproject.toml).
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install install-runtime migrate demo lint format typecheck train eval bench clean

# The runtime: the dependencies listed in pyproject.toml, nothing built. `make run` runs from this
# checkout, which a .pth file puts on the path (what an editable install does, minus the build);
# --no-compile: Python compiles what it imports on first use, not every module of every package now.
$(RUNTIME_STAMP): pyproject.toml
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
	  > $(VENV)/requirements-runtime.txt
	$(PY) -m pip install --quiet --no-compile -r $(VENV)/requirements-runtime.txt
	$(PY) -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "verify-checkout.pth").write_text("$(CURDIR)\n")'
	@touch $@

$(STAMP): $(RUNTIME_STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install-runtime: $(RUNTIME_STAMP)

install: $(STAMP)

## make run: install what the app needs (not the test tools), migrate, load the demo newsroom,
## start web + workers (Ctrl-C or SIGTERM stops them all within 10 s). `exec`: make's child is the
## launcher itself, so a SIGTERM to make, which make passes on to its child, reaches it whatever the shell.
run: install-runtime
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 exec scripts/run-dev

## make test: the whole suite (SQLite and the filesystem broker unless
## DATABASE_URL / REDIS_URL say otherwise), real worker included.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## make test-fast: the edit loop — no Celery worker, no browser, no `slow` test (fuzzers, subprocesses,
## migrations, tests/stack/), on every core (pytest-xdist), the test databases kept between runs
## (--reuse-db; add --create-db after a new migration) and the bytecode cached (an environment that
## sets PYTHONDONTWRITEBYTECODE would compile every module in every worker; PYTEST_ARGS="-n0 --pdb" to debug
## in one process). `make test` (CI) still
## runs everything.
test-fast: install
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -m "not worker and not browser and not slow" --reuse-db -n auto -q $(PYTEST_ARGS)

## make lint: ruff (lint and format), every model change has its migration, and mypy (django-stubs) over the
## services, the selectors and extraction.
lint: install typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=verify.test_settings

## make format: apply ruff's formatter (what `make lint` checks).
format: install
	$(VENV)/bin/ruff format .

typecheck: install
	$(VENV)/bin/mypy

## make train: retrain the check-worthiness model in its own environment (.venv-train:
## Python 3.11, torch's CPU build from this machine's disk): the debate student (about an hour
## on 2 cores, a few minutes once the teachers' logits are cached in .venv-train/cache), the news
## student distilled from five fold teachers fine-tuned on the team's labelled news (about 40
## minutes on 2 cores; a teacher trained on today's labels is kept), then its news head (the
## team's labelled news; scikit-learn in .venv, about 5 minutes). DESK_LABELS=FILE adds a
## desk's own decisions (manage.py export_labels --output FILE) to the news the head trains on.
TRAIN_VENV := .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed
$(TRAIN_STAMP): scripts/train-requirements.txt
	@python=$${TRAIN_PYTHON:-python3.11}; command -v $$python >/dev/null || { \
	  echo "make train needs Python 3.11 (the CPU build of torch 2.13.0 is for 3.11): set TRAIN_PYTHON" >&2; exit 1; }; \
	  [ -x $(TRAIN_VENV)/bin/python ] || $$python -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r scripts/train-requirements.txt
	@touch $@

train: install $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python scripts/train_checkworthiness.py
	$(PY) scripts/news_teacher_cv.py prepare
	@pids=; for k in 0 1 2 3 4; do \
	  $(TRAIN_VENV)/bin/python scripts/news_teacher_cv.py teacher --fold $$k --if-stale > .venv-train/cache/teacher-$$k.log 2>&1 & \
	  pids="$$pids $$!"; done; \
	  for p in $$pids; do wait $$p || { echo "a news teacher failed: see .venv-train/cache/teacher-*.log" >&2; exit 1; }; done
	@for k in 0 1 2 3 4; do $(TRAIN_VENV)/bin/python scripts/distill_news_student.py label --fold $$k --if-stale || exit 1; done
	$(TRAIN_VENV)/bin/python scripts/distill_news_student.py train
	$(PY) scripts/train_checkworthiness_news.py $(if $(DESK_LABELS),--desk-labels $(DESK_LABELS))

eval: install
	@for f in evaluation/[a-z]*.py; do case $$f in *pairsets*|*newsset*) continue;; esac; echo "== $$f"; $(PY) $$f || exit 1; done

## make bench: the speed figures (docs/figures.md). bench/api_claims_list.py uses `wrk` when it is
## installed (Debian: `apt-get install wrk`) and its own Python load client otherwise.
bench: install
	@command -v wrk >/dev/null || echo "wrk is not installed (Debian package: wrk): bench/api_claims_list.py uses its Python load client"
	@for f in bench/[a-z]*.py; do case $$f in *bench_*) continue;; esac; echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf var/test var/broker .pytest_cache
