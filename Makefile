# Two commands on a fresh machine: `make book` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
# test processes for `make test` (pytest-xdist; "auto" = one per core); whole files
# per process, in conftest.LONGEST_FIRST's order (not xdist's most-tests-first)
TEST_JOBS ?= auto

.DEFAULT_GOAL := help
.PHONY: help setup validate book test student grade bench linkcheck serve clean distclean lint lock contract

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(READY): requirements/dev.txt pyproject.toml
	@echo "==> setting up $(VENV) (Python packages pinned in requirements/dev.txt)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

setup: $(READY) ## create .venv and install the pinned packages (only when needed)

validate: setup ## check data/ against every rule
	@$(BIN)/python -m book validate

book: validate ## validate the data and build the HTML book into _build/html
	@echo "==> building the book (warnings are errors)"
	$(BIN)/python -m book build
	@echo "==> done: open _build/html/index.html, or run 'make serve'"

test: setup ## run the whole test suite (data rules, charts, chapters, build, browser)
	@bash .ci/system-deps
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder

student: setup ## write the student notebooks and package (zip) to _build/student/
	$(BIN)/python -m book student

# e.g. make grade SUBMISSIONS=~/Downloads/week3 CHAPTER=platforms
grade: student ## grade a folder of submitted notebooks: make grade SUBMISSIONS=dir CHAPTER=name
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder [CHAPTER=platforms]"; exit 2; }
	$(BIN)/python -m book grade "$(SUBMISSIONS)" $(if $(CHAPTER),--chapter $(CHAPTER)) --reference _build/student --out "$(or $(OUT),.)"

bench: setup ## measure builds, page weight, drawing and widget times; write docs/benchmarks.md
# (the test suite's time: python tools/testbench.py, see docs/benchmarks.md)
	@bash .ci/system-deps
	$(BIN)/python tools/bench.py

linkcheck: setup ## check the external links of the book (needs the network)
	$(BIN)/python -m book build --builder linkcheck

serve: book ## serve the built book on http://127.0.0.1:8000
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

contract: setup ## record what the code reads from data/ in book/contract.json
	$(BIN)/python tools/contract.py

lint: setup ## ruff over the code, and the chapters' code cells (79 wide)
	$(BIN)/ruff check book tests tools
	$(BIN)/ruff format --check book tests tools
	$(BIN)/python tools/format_chapters.py --check

lock: setup ## re-pin requirements/dev.txt, student.txt and binder/requirements.txt (needs PyPI)
	$(BIN)/python -m pip install --quiet pip-tools
	: > requirements/dev.txt
	cd requirements && ../$(BIN)/pip-compile -q --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o dev.txt dev.in
	cd requirements && ../$(BIN)/pip-compile -q --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o ../binder/requirements.txt binder.in
	cd requirements && ../$(BIN)/pip-compile -q --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o student.txt student.in

clean: ## remove the built book and the execution cache
	rm -rf _build

distclean: clean ## also remove .venv, .venv-reader, student/ and the downloaded Vega files
	rm -rf $(VENV) .venv-reader student .cache
