# Billetnet — the two commands: `make run` and `make test`.
# Each target is idempotent: running it twice changes nothing the second time.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast serve lint format install db browser clean

## run: install, set up PostgreSQL, migrate, load the demo data, serve on http://127.0.0.1:8000
run: db
	$(MANAGE) seed_demo
	$(MANAGE) refresh_showtimes -v0
	$(MANAGE) booking_clicks_rollup --days 90 -v0
	@echo ""
	@echo "  Billetnet: http://$(HOST):$(PORT)/"
	@echo "  Demo member:    membre@billetnet.test / billetnet-demo"
	@echo "  Demo moderator: moderateur@billetnet.test / billetnet-demo  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Emails (verification, password reset) are printed in this console."
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

## test: the same set-up, then the whole test suite (browser tests included)
test: db browser
	$(BIN)/pytest; status=$$?; if [ $$status -eq 5 ]; then echo "pytest: no tests collected"; status=0; fi; exit $$status

## test-fast: everything but the browser tests
test-fast: db
	$(BIN)/pytest -m "not browser"

## serve: the site under gunicorn with production settings and whitenoise (for benchmarks)
serve: db
	DJANGO_SETTINGS_MODULE=billetnet.settings.production $(SERVE_ENV) $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=billetnet.settings.production $(SERVE_ENV) \
		$(BIN)/gunicorn billetnet.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --timeout 30

# Production-like settings on a local machine: plain HTTP, local database, console mail.
SERVE_ENV = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-local-serve-$$(hostname)-not-a-production-secret-0123456789abcdef}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/billetnet}" \
	DJANGO_EMAIL_HOST="$${DJANGO_EMAIL_HOST:-localhost}" \
	DJANGO_EMAIL_BACKEND="$${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-false}"

## lint: ruff (lint with Django rules, and format check) and djLint
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint

## format: apply ruff's and djLint's formatting
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

## db: PostgreSQL reachable (started if need be), database created, migrations applied
db: install
	$(MANAGE) ensure_database
	$(MANAGE) migrate --noinput -v0

## browser: Debian's Chromium for the Playwright tests (never a downloaded browser)
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's chromium: run 'apt-get install chromium' as root."; exit 1; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
