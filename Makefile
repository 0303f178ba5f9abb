# csrplan: `make run` serves the product, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PORT ?= 8000

.PHONY: run test lint format messages compilemessages bench audit clean

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
run: $(VENV)/.run-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages
	$(PY) manage.py seed_demo
	./scripts/serve.sh

test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages
	$(VENV)/bin/pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract strings into every catalogue (needs GNU gettext), then translate the `id` ones.
messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages

compilemessages: $(VENV)/.run-installed
	$(PY) manage.py compilemessages

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3*
