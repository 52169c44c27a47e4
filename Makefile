# kabar — every target sets up .venv from requirements.lock by itself when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KABAR := $(BIN)/kabar
STAMP := $(VENV)/.installed
DEMO_DB := sqlite:///$(CURDIR)/var/demo.sqlite3

.PHONY: install run demo test lint bench bench-extract messages clean help

help:
	@echo "make run      start kabar at http://127.0.0.1:8000 (SQLite under var/)"
	@echo "make demo     the same with the demo corpus, no network"
	@echo "make test     lint and the whole test suite (SQLite; PostgreSQL too if KABAR_TEST_DATABASE_URL is set)"
	@echo "make install  only create .venv with the locked dependencies"
	@echo "make bench    benchmarks (search at 1M, ~45 min; BENCH_ARGS=--quick for 200k); see docs/benchmarks.md"

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# The venv's own pip is too old for some wheels' metadata (trafilatura's extras).
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	$(KABAR) migrate --noinput -v 0
	$(KABAR) sources load --if-empty kabar/sources/data/japan.toml
	@# One crawler worker, the search indexer and the story clusterer beside the web server; Ctrl-C
	@# (or any exit) stops all.
	$(KABAR) crawl & crawler=$$!; $(KABAR) index --follow & indexer=$$!; $(KABAR) cluster --follow & clusterer=$$!; \
		trap 'kill -TERM $$crawler $$indexer $$clusterer 2>/dev/null; wait $$crawler $$indexer $$clusterer' EXIT INT TERM; \
		$(KABAR) serve

# The demo keeps its own data folder (index, secret) and database. The corpus is dated relative to
# today, so a database made on an earlier day is rebuilt rather than piled onto.
DEMO_ENV := KABAR_DATA_DIR=$(CURDIR)/var/demo KABAR_DATABASE_URL=$(DEMO_DB)

demo: $(STAMP)
	@mkdir -p var/demo
	@today=$$(date -u +%F); if [ "$$(cat var/demo/day 2>/dev/null)" != "$$today" ]; then \
		rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm; echo "$$today" > var/demo/day; fi
	env $(DEMO_ENV) $(KABAR) migrate --noinput -v 0
	env $(DEMO_ENV) $(KABAR) sources load kabar/sources/data/japan.toml
	env $(DEMO_ENV) $(KABAR) demo-data
	env $(DEMO_ENV) $(KABAR) index --follow & indexer=$$!; env $(DEMO_ENV) $(KABAR) cluster --follow & clusterer=$$!; \
		trap 'kill -TERM $$indexer $$clusterer 2>/dev/null; wait $$indexer $$clusterer' EXIT INT TERM; \
		env $(DEMO_ENV) $(KABAR) serve

lint: $(STAMP)
	$(BIN)/ruff check kabar tests
	$(BIN)/ruff format --check kabar tests

# Tests keep their data (secret key, screenshots aside) under var/test, never in var/.
TEST_ENV := KABAR_DATA_DIR=$(CURDIR)/var/test KABAR_DATABASE_URL= DJANGO_ALLOW_ASYNC_UNSAFE=true

test: lint
	@echo "== SQLite pass"
	env $(TEST_ENV) $(BIN)/python -m pytest -p no:cacheprovider -q
	@if [ -n "$$KABAR_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL pass"; \
		env $(TEST_ENV) KABAR_DATABASE_URL="$$KABAR_TEST_DATABASE_URL" \
			$(BIN)/python -m pytest -p no:cacheprovider -q -m "not browser"; \
	fi

# Benchmarks: search at 1M articles (about 45 min here; BENCH_ARGS=--quick for 200k), view counting,
# story clustering. Tables go to docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Body extraction on the 181 labelled pages of ../shared/testdata (precision, recall, F1, time).
bench-extract: $(STAMP)
	$(BIN)/python bench/extract_bench.py

messages: $(STAMP)
	$(KABAR) makemessages -l id --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(KABAR) compilemessages -l id --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
