# SchoolPlan: `make demo` runs the application on the bundled demo county, `make test` passes
# the tests. Both build their own virtual environment from the pinned requirements first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-installed-stamp

.PHONY: demo test bench lint data translations clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# First a province of 12 generated counties (one broken on purpose) on this computer's Dask
# workers, then the window on the demo county.
demo: $(STAMP)
	$(BIN)/schoolplan demo-province --counties 12 --out out/province/counties --quiet
	$(BIN)/schoolplan province out/province/counties --out out/province
	$(BIN)/schoolplan demo --gui --out out/demo

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The benchmarks' references (spopt, PuLP), pinned on top of requirements.lock.
$(BENCH_STAMP): $(STAMP) requirements-bench.lock
	$(BIN)/python -m pip install --quiet -r requirements-bench.lock -c requirements.lock
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run

# Updates the Chinese translation source from the code (every module of app/), then compiles it
# (the .qm is committed). The core's messages have their own pair: the catalogue of every template
# of gis/ (python -m app.core_text --write), then core_zh_CN.ts from it alone, compiled alike.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(sort $(wildcard app/*.py)) -source-language en -target-language zh_CN -no-obsolete \
		-locations none -ts app/i18n/schoolplan_zh_CN.ts
	$(BIN)/pyside6-lrelease app/i18n/schoolplan_zh_CN.ts -qm app/i18n/schoolplan_zh_CN.qm
	$(BIN)/python -m app.core_text --write
	$(BIN)/pyside6-lupdate app/i18n/core_catalogue.py -source-language en -target-language zh_CN -no-obsolete \
		-locations none -ts app/i18n/core_zh_CN.ts
	$(BIN)/pyside6-lrelease app/i18n/core_zh_CN.ts -qm app/i18n/core_zh_CN.qm

# Regenerates data/bancang.gpkg from the deterministic generator, with the QGIS styles of its layers,
# its history for the forecast (data/bancang-births.csv, data/bancang-enrolment.csv) and its
# left-behind children by village for the plan (data/bancang-left-behind.csv).
data: $(STAMP)
	$(BIN)/python -m demo data/bancang.gpkg
	$(BIN)/schoolplan styles data/bancang.gpkg
	$(BIN)/python -m demo.history data/bancang.gpkg
	$(BIN)/python -m demo.left_behind data/bancang.gpkg

clean:
	rm -rf $(VENV) out
