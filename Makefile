# Two commands do all the set-up on a fresh machine:
#   make demo   ingest the example reports, show what is open, write this week's digests
#   make test   run the whole test suite
# Both create .venv and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# The distribution was called "tracker" before: an old editable install would shadow it.
	$(BIN)/pip uninstall --quiet --yes tracker 2>/dev/null || true
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

.PHONY: install demo test fuzz eval bench lint clean
install: $(STAMP)

demo: $(STAMP)
	bash contrib/demo.sh

test: $(STAMP)
	$(BIN)/python -m pytest

# The CLI fuzzer with many more examples than `make test` runs: FUZZ_EXAMPLES per command and
# database (PostgreSQL too when TRACKER_TEST_POSTGRES_URL is set).
FUZZ_EXAMPLES ?= 100
fuzz: $(STAMP)
	TRACKER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -s tests/test_cli_fuzz.py -p no:cacheprovider

# Recall, precision, deadlines and flags of the extraction over tests/eval/ (ARGS="--verbose").
eval: $(STAMP)
	$(BIN)/python tests/eval/score.py $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check tracker tests bench alembic

clean:
	rm -rf $(VENV) var build dist *.egg-info
