# Everything runs from .venv in the repo root. torch is installed first, pinned, so that pip takes
# the CPU wheel instead of pulling several GB of CUDA wheels for sentence-transformers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUESTION ?= Which companies will Nakatani tour in Istanbul?

.PHONY: setup demo test clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/assistant ingest
	$(BIN)/assistant ask "$(QUESTION)"

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf .assistant .pytest_cache build *.egg-info
