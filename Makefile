# csrplan: `make run` serves the product, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PORT ?= 8000

.PHONY: run test lint format messages compilemessages icons bench audit parity chaos scaleout clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

run: export DEBUG ?= true
# The web process and the worker share one cache (files): a version token that the worker replaces
# after a background write (core.fragments) must reach the pages' cached sections.
run: export CACHE_URL ?= filecache://$(CURDIR)/var/cache
run: $(VENV)/.run-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages
	$(PY) manage.py seed_demo
	./scripts/serve.sh

test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages
	$(VENV)/bin/pytest

# lint-imports: the floors of the house (pyproject.toml, CONTRIBUTING.md "Where things live").
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/djlint templates --lint

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract strings into every catalogue (needs GNU gettext), then translate the `id` ones.
messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages

# The icon font cut to the icons the code uses (commit the result; a test checks it is current).
icons: $(VENV)/.run-installed
	$(PY) manage.py subset_icons

compilemessages: $(VENV)/.run-installed
	$(PY) manage.py compilemessages

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3*

# --- Benchmark and audits (bench/) ------------------------------------------------------
# `make bench`: data at scale in a scratch database (var/bench/ or "<name>_bench" on PostgreSQL
# when DATABASE_URL points there), measured through gunicorn; table + var/bench/results.json.
# BENCH_QUICK=1 for a short try-out.
bench: $(VENV)/.run-installed
	$(PY) manage.py compilemessages >/dev/null
	$(PY) -m bench.run $(if $(PART),--only $(PART))

# `make audit`: check --deploy, security headers, axe-core and the W3C Nu checker on the demo
# site under gunicorn, then the hostile-input tests with more examples.
AUDIT_NODE := var/audit/node_modules
AUDIT_EXAMPLES ?= 200
$(AUDIT_NODE)/.installed:
	mkdir -p var/audit
	npm install --prefix var/audit --no-audit --no-fund --loglevel=error axe-core@4.14.1 vnu-jar@26.9.27
	touch $@

audit: $(VENV)/.dev-installed $(AUDIT_NODE)/.installed
	$(PY) manage.py compilemessages >/dev/null
	$(PY) -m bench.audit.run
	AUDIT_EXAMPLES=$(AUDIT_EXAMPLES) $(VENV)/bin/pytest -q -p no:randomly csrplan/tests/test_audit_hostile_input.py

# `make audit-scan`: wapiti 3 and sqlmap (own virtualenv in var/audit/scanners) against the
# public form and the tracking page on a throwaway database. Slow; not part of CI.
.PHONY: audit-scan
audit-scan: $(VENV)/.dev-installed
	test -x var/audit/scanners/bin/wapiti || ($(PYTHON) -m venv var/audit/scanners && \
	  var/audit/scanners/bin/pip install --quiet wapiti3==3.2.3 sqlmap==1.10.10)
	$(PY) -m bench.audit.scan

# `make parity`: the production configuration end to end (DEBUG off, collected static files,
# gunicorn, a celery worker, its own Redis as broker and cache, a scratch PostgreSQL database):
# plan and FGD-minutes PDFs through the web keep their stylesheet; /healthz/ sees the cache.
parity: $(VENV)/.dev-installed
	$(PY) manage.py compilemessages >/dev/null
	$(PY) -m bench.parity

# `make chaos`: the same stack with faults injected (workers killed, broker/cache/database taken
# away, oversized and hostile uploads); prints fault | tries | got through | lost | stuck.
chaos: $(VENV)/.dev-installed
	$(PY) manage.py compilemessages >/dev/null
	$(PY) -m bench.chaos

# `make scaleout`: web A + web B and worker A + worker B with separate local directories, files in
# S3 (django-storages against moto's S3 server on 127.0.0.1): a PDF rendered by worker B downloads
# from web A, an upload made on web A is read on web B and by worker B's configuration.
scaleout: $(VENV)/.dev-installed
	$(PY) manage.py compilemessages >/dev/null
	$(PY) -m bench.scaleout
