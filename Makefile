# Everything runs from .venv in the repo root. torch is installed first, pinned, from PyTorch's
# CPU index beside pip's own sources: on a laptop whose pip sees only PyPI, PyPI's torch 2.13.0
# pulls the CUDA 13 toolkit (gigabytes), while the CPU index's 2.13.0+cpu sorts above it and
# needs none; where pip is configured with a local CPU wheel (find-links, a mirror) that one is
# found too, and an unreachable CPU index costs one failed lookup (`make torch`; tested in
# tests/test_install.py). Every package is installed at the exact version of constraints.txt
# (`make lock` writes it): an unpinned install resolves whatever was released last and can move
# the evaluation's figures.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP ?= $(BIN)/python -m pip
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_ARGS ?=
PIP_VERSION := 26.3
LOCK := constraints.txt
QUESTION ?= What is the latest on the Garonne flood?

.PHONY: setup torch dev llm run demo test lint browser eval bench lock clean

# What serving needs, and nothing else: `make run` must not wait minutes for llama-cpp-python
# to compile for an opt-in backend. `dev` adds the test tools and the LLM extra (tests and CI
# cover in-process GGUF models); `llm` adds the LLM extra alone.
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(MAKE) --no-print-directory torch
	$(BIN)/python -m pip install -c $(LOCK) -e .
	touch $@

# TORCH_ARGS: more pip options (the tests add --dry-run --report FILE and their own indexes).
torch:
	$(PIP) install -c $(LOCK) --extra-index-url $(TORCH_INDEX) --retries 1 --timeout 20 \
		$(TORCH_ARGS) torch==2.13.0

dev: $(VENV)/.dev-installed

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -c $(LOCK) -e '.[dev,llm]'
	touch $@

llm: $(VENV)/.llm-installed

$(VENV)/.llm-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -c $(LOCK) -e '.[llm]'
	touch $@

# Re-resolve every dependency (all extras) to the newest versions that pyproject.toml's ranges
# allow, in a throw-away venv, and write them to constraints.txt. Then run `make test eval` and
# commit the lock only if both pass (see docs/development.md).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip==$(PIP_VERSION)
	$(MAKE) --no-print-directory torch PIP=".venv-lock/bin/python -m pip" TORCH_ARGS=--quiet
	.venv-lock/bin/python -m pip install --quiet -e '.[dev,llm,bench]'
	{ echo "# Exact versions for every install of this repo (pip install -c $(LOCK) ...)."; \
	  echo "# Written by \`make lock\` from pyproject.toml's ranges; do not edit by hand."; \
	  echo "# torch is the CPU build (2.13.0+cpu here) where pip can find it, else PyPI's 2.13.0."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/'; \
	} > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf .venv-lock

# The first run shows the demo corpus (demo/: dated sample news from several outlets, a story
# followed over days, a disagreement, a wire copy, speakers) in a store of its own, so that the
# evaluation corpus (corpus/) and its index are left as they are. Your own folder:
# `.venv/bin/assistant --corpus DIR serve`.
DEMO_ARGS := --corpus demo --store .assistant-demo

run: setup
	$(BIN)/assistant $(DEMO_ARGS) serve

demo: setup
	$(BIN)/assistant $(DEMO_ARGS) ingest
	$(BIN)/assistant $(DEMO_ARGS) ask "$(QUESTION)"

# The browser test drives Debian's chromium; it is installed here (as root), never downloaded by
# playwright. Without root the browser test is skipped outside CI.
browser:
	@test -x /usr/bin/chromium || { 	  if [ "$$(id -u)" = 0 ]; then 	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; 	  else echo "note: chromium is missing (as root: apt-get install chromium); browser test skipped"; fi; }

test: dev browser
	$(BIN)/python -m pytest

# The style CI holds the code to (settings in pyproject.toml, [tool.ruff]); `ruff format .` fixes
# the layout, `ruff check --fix .` most of the rest.
lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Both question sets over the shipped corpus with the bundled model, then the news-dynamics set
# over its own corpus (dated follow-ups, wire copies, outlets that disagree; and its questions
# asked on given days, eval/news-dynamics-asked.jsonl), then the
# stand-alone set over its own (do answers name who and where?); exits 1, naming the metric,
# when one falls below its floor in eval/thresholds.toml, eval/news-dynamics/thresholds.toml or
# eval/news-qa/thresholds.toml. The indexes are kept in eval/runs/store(-news).
# --cv: the shipped answerability model was fitted on these questions, so each is judged by one
# fitted without its article instead.
EVAL_OUT ?= eval/runs/latest
EVAL_STORE ?= eval/runs/store
eval: setup
	$(BIN)/assistant --corpus corpus --store $(EVAL_STORE) eval --cv --qa eval/qa.jsonl \
		--qa eval/onestopqa-dev.jsonl --out $(EVAL_OUT) --thresholds eval/thresholds.toml
	$(BIN)/assistant --corpus eval/news-dynamics/corpus --store $(EVAL_STORE)-news eval \
		--qa eval/news-dynamics.jsonl --qa eval/news-dynamics-asked.jsonl --out $(EVAL_OUT)-news \
		--thresholds eval/news-dynamics/thresholds.toml
	$(BIN)/assistant --corpus eval/news-qa/corpus --store $(EVAL_STORE)-news-qa eval \
		--qa eval/news-qa.jsonl --out $(EVAL_OUT)-news-qa --thresholds eval/news-qa/thresholds.toml
	$(BIN)/assistant --corpus eval/attribution/corpus --store $(EVAL_STORE)-attribution eval \
		--attribution eval/attribution-a.jsonl --attribution eval/attribution-b.jsonl \
		--qa eval/attribution-qa-a.jsonl --qa eval/attribution-qa-b.jsonl \
		--out $(EVAL_OUT)-attribution --thresholds eval/attribution/thresholds.toml
	$(BIN)/assistant --corpus eval/briefing/corpus --store $(EVAL_STORE)-briefing eval \
		--stories eval/briefing.jsonl --stories eval/briefing-questions.jsonl \
		--out $(EVAL_OUT)-briefing \
		--thresholds eval/briefing/thresholds.toml

# The project against the textbook LangChain pipeline on generated corpora of SIZES articles
# (100 and 1,000 take about 10 minutes on 2 cores; add 10000 for the scale figures, ~1 hour).
# Prints a table; figures in eval/runs/bench.json, growth with size in eval/runs/bench-growth.png.
SIZES ?= 100,1000
bench: setup $(VENV)/.bench-installed
	$(BIN)/python -m bench.bench --sizes $(SIZES)

$(VENV)/.bench-installed: pyproject.toml $(LOCK)
	$(BIN)/python -m pip install -c $(LOCK) -e '.[bench]'
	touch $@

clean:
	rm -rf .assistant .pytest_cache build *.egg-info .venv-lock $(LOCK).tmp
