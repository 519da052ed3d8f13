# Two commands matter: `make demo` (run the platform with the demo county) and `make test` (every test).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/anjian
# The domain rules are type-checked; the rest of the tree joins as it is cleaned up.
TYPED := anjian/core/validators.py anjian/core/audit.py anjian/org/models.py anjian/org/jurisdiction.py \
	anjian/org/services.py anjian/registry/models.py anjian/registry/services.py anjian/registry/signboard.py

.PHONY: demo serve test test-sqlite test-pg test-replica check-guide lint install clean

$(BIN)/anjian: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	mkdir -p var
	touch $(BIN)/anjian

install: $(BIN)/anjian

demo: install
	$(BIN)/anjian demo

serve: install
	$(BIN)/anjian serve

lint: install
	$(BIN)/ruff check anjian tests bench conftest.py
	$(BIN)/ruff format --check anjian tests bench conftest.py
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy --no-incremental $(TYPED)  # as CI sees it: a kept cache once hid an error

# SQLite always; PostgreSQL too when one answers on 127.0.0.1:5432 (CI requires it).
test: lint
	$(MAKE) test-sqlite
	@if $(BIN)/python -m anjian.core.pgcheck "$(PG_URL)"; then $(MAKE) test-pg check-guide; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is required in CI but does not answer" >&2; exit 1; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped"; fi

test-sqlite: install
	$(BIN)/pytest -n 2 --dist loadgroup

test-pg: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadgroup

# A PostgreSQL 15 primary and streaming replica on loopback ports (deploy/pg-replica-pair.sh): the replica's own
# tests, then the hazards and registry API and view tests with DATABASE_REPLICA_URL set. Not part of `make test`
# (which runs the replica's own tests once, in its PostgreSQL run): see docs/deploy.md for its time.
REPLICA_SUITE ?= tests/test_api_hazards.py tests/test_api_enterprises.py anjian/hazards/tests/test_views.py \
	anjian/registry/tests/test_views.py
test-replica: install
	DATABASE_URL=$(PG_URL) ANJIAN_REPLICA_SUITE="$(REPLICA_SUITE)" $(BIN)/pytest -s -p no:xdist anjian/core/tests/test_replica.py

# The deployment guide's commands against the PostgreSQL and Redis of this machine (docs/deploy.md); `make test`
# runs them after the PostgreSQL run.
check-guide: install
	deploy/check-guide.sh

clean:
	rm -rf $(VENV) var
