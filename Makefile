# The README's two commands: `make run` and `make test`. Both set everything up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-overlay-long bench-overlay bench-photos lint demo dark dark-down

$(BIN)/.installed: requirements.txt family_tools/dark/ziti_sdk.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/python -m family_tools.dark.ziti_sdk patch
	touch $@

# make run [HOST=…] [PORT=…]: the printed link and the server use that address.
run: HOST ?= 127.0.0.1
run: PORT ?= 8000
run: export DEBUG ?= 1
run: export ALLOWED_HOSTS ?= $(HOST),127.0.0.1,localhost
run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sign_in_link --base-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# make demo RESET=1 replaces everything in the database, after asking.
demo: export DEBUG ?= 1
demo: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data $(if $(RESET),--reset)

# The site served dark on a development OpenZiti network on loopback (README: "For the developer").
dark: $(BIN)/.installed
	ziti/dev-network-up.sh

dark-down:
	ziti/dev-network-down.sh

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests run with DEBUG off, as the site does in production.
test: export DEBUG = 0
test: export SECRET_KEY = tests-only-not-a-secret-key
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not endurance"

# Minutes of load and faults on the overlay (tests/overlay/test_endurance.py); .ci/run runs them.
test-overlay-long: export DEBUG = 0
test-overlay-long: export SECRET_KEY = tests-only-not-a-secret-key
test-overlay-long: $(BIN)/.installed
	$(BIN)/pytest -m endurance -s

# Overlay vs direct side by side, as ratios; the table goes to bench/overlay.md.
bench-overlay: $(BIN)/.installed
	$(BIN)/python bench/overlay.py

# Peak memory and time of phone photos posted to "new tool" (bench/photos.py makes the photos).
bench-photos: $(BIN)/.installed
	$(BIN)/python bench/photos.py
