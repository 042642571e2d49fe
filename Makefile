# Everything runs from .venv in the repo root. torch is installed first, pinned, so that pip takes
# the CPU wheel instead of pulling several GB of CUDA wheels for sentence-transformers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUESTION ?= Which companies will Nakatani tour in Istanbul?

.PHONY: setup run demo test browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

run: setup
	$(BIN)/assistant serve

demo: setup
	$(BIN)/assistant ingest
	$(BIN)/assistant ask "$(QUESTION)"

# The browser test drives Debian's chromium; it is installed here (as root), never downloaded by
# playwright. Without root the browser test is skipped outside CI.
browser:
	@test -x /usr/bin/chromium || { 	  if [ "$$(id -u)" = 0 ]; then 	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; 	  else echo "note: chromium is missing (as root: apt-get install chromium); browser test skipped"; fi; }

test: setup browser
	$(BIN)/python -m pytest

clean:
	rm -rf .assistant .pytest_cache build *.egg-info
