# Station Desk — `make run` starts the app, `make test` runs every test.
# Both install what they need first (system packages on Debian/Ubuntu, then a virtualenv).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test setup system-deps lint bench translations clean

run: setup
	$(BIN)/python main.py

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

setup: system-deps $(VENV)/.installed

system-deps:
	@bash scripts/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# After changing a string in ui/: refresh the .ts (then translate the new entries) and the .qm.
translations: setup
	$(BIN)/pyside6-lupdate ui/*.py ui/pages/*.py -no-obsolete -ts resources/translations/station_desk_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/translations/station_desk_zh_CN.ts \
		-qm resources/translations/station_desk_zh_CN.qm

bench: setup
	$(BIN)/python benchmarks/checkin_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
