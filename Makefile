# Verify — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint train eval bench clean

$(STAMP): pyproject.toml
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(STAMP)

## make run: install, migrate, load the demo newsroom, start web + worker.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 scripts/run-dev

## make test: the whole suite (SQLite and the filesystem broker unless
## DATABASE_URL / REDIS_URL say otherwise), real worker included.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=verify.test_settings

train: install
	$(PY) scripts/train_checkworthiness.py

eval: install
	@for f in evaluation/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || \
	  echo "wrk could not be installed: bench/api_claims_list.py uses its Python load client"
	@for f in bench/[a-z]*.py; do case $$f in *bench_*) continue;; esac; echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf var/test var/broker .pytest_cache
