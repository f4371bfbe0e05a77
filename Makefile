# rashomon: `make demo` runs the bundled fictional corpus, `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup demo test lint typecheck eval eval-stories bench lock clean train-attribution

setup: $(STAMP)

# Rebuilt when the dependencies change; requirements.lock holds exact pins (dev tools too).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: $(STAMP)
	$(BIN)/rashomon analyze examples/ostravia-herald-velmar.txt --format text
	$(BIN)/rashomon analyze examples/*.txt examples/*.html examples/corpus.jsonl \
		--format html --out out/demo/report.html
	$(BIN)/rashomon analyze examples/*.txt examples/*.html examples/corpus.jsonl \
		--format json --out out/demo/results.jsonl
	rm -f out/demo/news.db
	$(BIN)/rashomon ingest examples/ --db sqlite:///out/demo/news.db
	$(BIN)/rashomon incidents --db sqlite:///out/demo/news.db
	$(BIN)/rashomon incidents --db sqlite:///out/demo/news.db --format json \
		--out out/demo/incidents.json
	$(BIN)/rashomon compare \
		"$$($(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' \
		< out/demo/incidents.json)" \
		--db sqlite:///out/demo/news.db --format html --out out/demo/comparison.html
	@echo "Demo reports: out/demo/report.html (open in a browser), out/demo/results.jsonl,"
	@echo "out/demo/comparison.html (the ledger of the first incident in out/demo/news.db)"

test: lint typecheck
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/rashomon eval polnear --split-dir $(SHARED)/data/polnear/dev \
		--out out/eval/dev.jsonl --scorer $(SHARED)/eval/polnear/score.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/figures_stories.py --shared $(SHARED)

# Rebuild the shipped attribution tagger (src/rashomon/attribution/tagger/model/) from
# PolNeAR train, seed 13, 8 epochs (the shipped run). Training needs PyTorch, kept out of
# the project's venv: a separate .venv-train gets the CPU wheel torch==2.13.0.
TRAIN_VENV := .venv-train
$(TRAIN_VENV)/.installed: pyproject.toml requirements.lock
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r requirements.lock torch==2.13.0
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

train-attribution: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python tools/train_tagger.py --train $(SHARED)/data/polnear/train \
		--seed 13 --epochs 8

# issue 10's figures per story: stories.sh, and the ledgers built from the gold grouping
eval-stories: $(STAMP)
	$(BIN)/python bench/stories.py --shared $(SHARED)

bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/throughput.py
	$(BIN)/python bench/linking.py

# Re-pin requirements.lock from the current venv (every installed package but rashomon).
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^rashomon' > requirements.lock

clean:
	rm -rf out build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
