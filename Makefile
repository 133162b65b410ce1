# One obvious way to run each thing. `make run` and `make test` are the two set-up commands.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
SHARED_DATA ?= ../shared/data/retail-demo-store

.PHONY: run test test-postgres lint format bench bench-scale screenshots evaluate clean venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.runtime: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.testing: pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[test,eval,postgres]"
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py bootstrap_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.testing
	$(PY) -m pytest $(PYTEST_ARGS)

# The tests that need PostgreSQL row locks (concurrent outbox drains), against the local server.
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(VENV)/.testing
	DATABASE_URL=$(PG_URL) $(PY) -m pytest tests/recommendations/test_outbox_concurrency.py tests/recommendations/test_outbox.py

lint: $(VENV)/.testing
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

format: $(VENV)/.testing
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

evaluate: $(VENV)/.testing
	$(PY) manage.py evaluate_recommendations --data $(SHARED_DATA) --json var/evaluation.json

bench: $(VENV)/.testing
	$(PY) -m benchmarks.bench --data $(SHARED_DATA)

bench-scale: $(VENV)/.testing
	$(PY) -m benchmarks.bench_scale

screenshots: $(VENV)/.testing
	$(PY) -m tests.browser.screenshots

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
