# The README's commands. Every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/jkp)
TEST_REDIS_URL    ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
PYTEST_ARGS       ?=

.PHONY: install run test lint format messages bench clean demo-reset

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@echo "[make install] creating .venv and installing the pinned packages (about a minute, once)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --progress-bar off -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

## make run: embedded PostgreSQL + Redis unless DATABASE_URL / REDIS_URL are set,
## migrations, demo data, then web + Celery worker + beat on http://127.0.0.1:8000
run: install
	$(PY) -m jkp_portal.demo.devstack run

## make test: lint, then the whole suite on the real PostgreSQL and Redis, in parallel
test: install lint
	DJANGO_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

## make messages: refresh the English catalogue from the source and compile it
messages: install
	DJANGO_ENV=development $(PY) manage.py makemessages -l en --no-obsolete -i '.venv/*' -i 'var/*' -i 'bench/*' -i 'tests/*'
	DJANGO_ENV=development $(PY) manage.py compilemessages -l en -i '.venv/*'

bench: install
	@echo "See bench/README.md: each benchmark is run on its own (they need minutes and data)."

## make demo-reset: forget the demo (embedded database and Redis, mail, SMS, uploads, logins);
## the next make run loads the demo afresh. Stop make run first.
demo-reset:
	@if pgrep -f "jkp_portal.demo.devstack run" >/dev/null; then echo "make run is still running: stop it (Ctrl-C) first"; exit 1; fi
	rm -rf var/pgdata var/redis.rdb* var/mail var/sms.log var/media var/demo-logins.txt var/celerybeat-schedule* var/log
	@echo "demo reset: make run loads it afresh"

clean:
	rm -rf var/static var/mail .pytest_cache
