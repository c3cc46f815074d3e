# The two commands a newcomer needs: `make run` and `make test`. Everything else is their plumbing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= $(shell command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
GOVUK_FRONTEND_VERSION := 5.8.0
HTMX_VERSION := 2.0.8
AUTOCOMPLETE_VERSION := 3.0.1

# Tests run against the real PostgreSQL and Redis on this machine, with production-like settings.
TEST_ENV := DEBUG=False SECRET_KEY=tests-only-not-a-secret \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bexley_qa \
	REDIS_URL=redis://127.0.0.1:6379/15 \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver \
	SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False \
	DJANGO_ALLOW_ASYNC_UNSAFE=true PLAYWRIGHT_BROWSERS_PATH=0

.PHONY: help run test lint benchmark loadtest system-deps services vendor-frontend clean

help:
	@echo "make run   - set up on first use, then run the web app, Celery worker and beat"
	@echo "make test  - set up and run every check and test against PostgreSQL and Redis"

$(BIN)/python:
	@echo "Creating the virtual environment in $(VENV)"
	@$(PYTHON) -m venv $(VENV)

# The dependencies pyproject.toml pins (and the extras named), then the project's folder on the
# venv's path: what an editable install does, without building a wheel (and its setuptools
# warnings on the console) each first start.
REQUIREMENTS = $(BIN)/python -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + [d for e in sys.argv[1:] for d in p["optional-dependencies"][e]]))'
ON_PATH = $(BIN)/python -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "bexley_qa_project.pth").write_text(str(pathlib.Path.cwd()) + "\n")'

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@echo "Installing the Python packages (once)"
	@$(REQUIREMENTS) embedded > $(VENV)/requirements-run.txt
	@$(BIN)/pip install --quiet --disable-pip-version-check -r $(VENV)/requirements-run.txt
	@$(ON_PATH)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installing the Python packages (once)"
	@$(REQUIREMENTS) test embedded > $(VENV)/requirements-test.txt
	@$(BIN)/pip install --quiet --disable-pip-version-check -r $(VENV)/requirements-test.txt
	@$(ON_PATH)
	@touch $@ $(VENV)/.installed-run

# Links in emails point at the port the app runs on (unless SITE_URL says otherwise).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
# The database is an embedded PostgreSQL (data in .state/postgres) unless DATABASE_URL names one; it
# starts before the app and stops with it.
run: $(VENV)/.installed-run
	@mkdir -p .state/broker
	@if [ -z "$$DATABASE_URL" ]; then echo "Starting the embedded PostgreSQL"; $(BIN)/python -m bexley_qa.embedded_db start >/dev/null; fi
	@export DEBUG=$${DEBUG:-True}; trap '[ -n "$$DATABASE_URL" ] || $(BIN)/python -m bexley_qa.embedded_db stop >/dev/null' EXIT; \
	echo "Bringing the database up to date" && \
	$(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	$(BIN)/python manage.py seed_demo --if-empty --with-audits && \
	echo && \
	echo "  Collaborative Case Audit is starting on http://127.0.0.1:$(PORT)/" && \
	echo "  Sign in as practitioner, st.worker, team.manager, alice.mills (an auditor)," && \
	echo "  service.manager, head.of.service, assistant.director, deputy.director," && \
	echo "  business.support, psqa, moderator, principal.social.worker or director;" && \
	echo "  password: collaborative-audit-demo" && \
	echo "  Press Ctrl-C to stop the web server, the worker, the scheduler and the database." && \
	echo && \
	{ trap 'kill $$(jobs -p) 2>/dev/null; wait; exit 0' INT TERM; \
	$(BIN)/celery -A bexley_qa --quiet worker --beat --pool=solo --loglevel=INFO \
		--without-mingle --without-gossip & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	wait; }

# System packages the browser, PDF and Compose tests need; installed only when missing (the PDF
# is set in Liberation Sans, as in the production image).
LIBERATION := /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e $(LIBERATION) ] || ! { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }; then \
		echo "Installing chromium, fonts-liberation and docker-compose from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium docker-compose fonts-liberation >/dev/null; \
	fi

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bexley_qa'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres bexley_qa

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: $(VENV)/.installed-test system-deps services lint
	$(TEST_ENV) $(BIN)/pytest --numprocesses=2 $(ARGS)

# Time every page type at a large county's ten years, at two scales (not part of `make test`):
# `make benchmark` or `make benchmark SCALES=4,40 YEARS=10`; the table is in .state/benchmark.txt.
# PROFILE=1 adds where each page's time goes; BENCHMARK_DATABASE=name times one already seeded.
benchmark: $(VENV)/.installed-test services
	$(TEST_ENV) $(BIN)/python tests/perf/benchmark.py --scales $${SCALES:-4,40} --years $${YEARS:-10}

# The service under load: nginx (the compose file's template) in front of gunicorn, PostgreSQL and
# Redis on this machine, steps of 20 to 200 users (not part of `make test`): `make loadtest` or
# `make loadtest STEPS=20,50 STEP_SECONDS=60`; the table is in .state/loadtest.txt.
loadtest: $(VENV)/.installed-test services
	@command -v nginx >/dev/null || { echo "Installing nginx from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
	$(TEST_ENV) $(BIN)/python tests/perf/loadtest.py

# Refresh the vendored front-end libraries from the npm registry (commit the result).
vendor-frontend:
	rm -rf .state/vendor && mkdir -p .state/vendor
	cd .state/vendor && npm pack --silent govuk-frontend@$(GOVUK_FRONTEND_VERSION) htmx.org@$(HTMX_VERSION) \
		accessible-autocomplete@$(AUTOCOMPLETE_VERSION) >/dev/null
	cd .state/vendor && mkdir govuk htmx autocomplete && tar xzf govuk-frontend-*.tgz -C govuk && \
		tar xzf htmx.org-*.tgz -C htmx && tar xzf accessible-autocomplete-*.tgz -C autocomplete
	rm -rf static/govuk-frontend static/htmx static/accessible-autocomplete
	mkdir -p static/govuk-frontend static/htmx static/accessible-autocomplete
	cp .state/vendor/govuk/package/dist/govuk/govuk-frontend.min.js* static/govuk-frontend/
	# The source maps come too: hashed static storage follows their sourceMappingURL.
	cp .state/vendor/govuk/package/dist/govuk/govuk-frontend.min.css.map static/govuk-frontend/
	cp -r .state/vendor/govuk/package/dist/govuk/assets static/govuk-frontend/
	# The GOV.UK typeface (GDS Transport) is for services on GOV.UK only; a council's service
	# uses the fallback, Arial. Dropping it also stops the text jumping when the font arrives.
	rm -rf static/govuk-frontend/assets/fonts
	# The dist CSS points at /assets/; make it relative so it works under /static/.
	sed -e 's#url(/assets/#url(assets/#g' -e 's/@font-face{[^}]*}//g' -e 's/GDS Transport,//g' \
		.state/vendor/govuk/package/dist/govuk/govuk-frontend.min.css > static/govuk-frontend/govuk-frontend.min.css
	cp .state/vendor/htmx/package/dist/htmx.min.js .state/vendor/htmx/package/LICENSE static/htmx/
	# GOV.UK's autocomplete for the people pickers, with its source maps (as above).
	cp .state/vendor/autocomplete/package/dist/accessible-autocomplete.min.* \
		.state/vendor/autocomplete/package/LICENSE.txt static/accessible-autocomplete/

clean:
	rm -rf $(VENV) .state staticfiles
