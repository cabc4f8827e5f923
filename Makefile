# civicgrid — the README's commands. Everything runs from .venv, created with the system python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
PYTEST_WORKERS ?= 2
VAR_DIR := $(abspath $(or $(CIVICGRID_VAR_DIR),var))
# Each server its own control socket: gunicorn's default (~/.gunicorn/gunicorn.ctl) is shared by
# every gunicorn of the user, and stopping one server removed another's.
GUNICORN = $(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
	--control-socket $(VAR_DIR)/gunicorn-$(PORT).ctl
# Without a broker, beat's schedule (the sweep that announces cards and fires escalations, the
# figures, the retries) runs in `civicgrid scheduler` beside gunicorn and stops with it (Ctrl-C
# stops both); with CELERY_BROKER_URL set, `make worker` runs it instead.
WITH_SCHEDULER = if [ -z "$$CELERY_BROKER_URL" ]; then $(BIN)/civicgrid scheduler --exit-with-parent & \
	scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' INT TERM EXIT; fi;

.PHONY: demo test lint format bench install install-test messages serve worker clock-worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/civicgrid migrate --no-input -v 0
	$(BIN)/civicgrid demo --scale small --if-empty
	$(BIN)/civicgrid collectstatic --no-input -v 0
	$(BIN)/civicgrid demo_accounts
	$(WITH_SCHEDULER) $(GUNICORN) --access-logfile - --timeout 120

serve: install
	$(WITH_SCHEDULER) $(GUNICORN)

# A Celery worker with beat (the sweep every minute) against CELERY_BROKER_URL, e.g.
#   CELERY_BROKER_URL=redis://127.0.0.1:6379/0 make worker
worker: install
	@test -n "$$CELERY_BROKER_URL" || (echo "set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"; exit 1)
	$(BIN)/celery -A config worker --beat --loglevel INFO --schedule $(VAR_DIR)/celerybeat-schedule \
		--queues celery

# With CIVICGRID_CLOCK_QUEUE set (e.g. clock), the sweep and the figures on a worker of their own
# (one process: they run one at a time anyway); `make worker` then serves only the default queue,
# so a backlog there never holds a sweep back. Run both.
clock-worker: install
	@test -n "$$CELERY_BROKER_URL" || (echo "set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"; exit 1)
	@test -n "$$CIVICGRID_CLOCK_QUEUE" || (echo "set CIVICGRID_CLOCK_QUEUE (e.g. clock)"; exit 1)
	$(BIN)/celery -A config worker --loglevel INFO --concurrency 1 --hostname clock@%h \
		--queues $$CIVICGRID_CLOCK_QUEUE

test: install-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/civicgrid makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@if command -v xgettext >/dev/null; then $(MAKE) --no-print-directory messages || exit 1; \
		git diff --quiet -I'POT-Creation-Date' -- civicgrid/locale || \
		{ echo "translations are out of date: run make messages and commit"; exit 1; }; \
	else echo "gettext not installed: translation check skipped"; fi

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Extract strings, fill Chinese from scripts/zh_hans.tsv, compile; fails on an untranslated string.
messages: install-test
	$(BIN)/civicgrid makemessages -l zh_Hans -l en --no-obsolete --no-location --ignore=.venv --ignore=var \
		--ignore=benchmarks --ignore='*/tests/*' -v 0
	$(BIN)/python scripts/apply_translations.py

clean:
	rm -rf $(VENV) var/static
