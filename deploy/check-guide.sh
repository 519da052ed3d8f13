#!/usr/bin/env bash
# Runs the commands of docs/deploy.md that can run on this machine, against its PostgreSQL (127.0.0.1:5432, user
# postgres) and Redis (127.0.0.1:6379): a new database, migrate, a small demo county, `anjian check --deploy`,
# the job worker on Redis, a pg_dump backup restored into a fresh database with the same row counts, and
# `anjian serve` answering its login page and a static file. Exits non-zero at the first failure; leaves nothing
# behind (both databases dropped, the data folder deleted). `make check-guide`; `make test` (and so
# CI) runs it after the PostgreSQL run.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${ANJIAN_BIN:-.venv/bin}
PG="-h 127.0.0.1 -p 5432 -U postgres"
db="anjian_guide_$$"
restored="${db}_restored"
data=$(mktemp -d /tmp/anjian-guide.XXXXXX)
server=""

cleanup() {
  status=$?
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  dropdb $PG --if-exists "$db" 2>/dev/null || true
  dropdb $PG --if-exists "$restored" 2>/dev/null || true
  rm -rf "$data"
  [ "$status" = 0 ] && echo "check-guide: every step passed" || echo "check-guide: FAILED (exit $status)" >&2
}
trap cleanup EXIT

step() { echo "== $*"; }

# The environment file of the guide, with this machine's values (outside pytest: nothing of the tests leaks in).
for name in $(env | grep -oE '^(ANJIAN_[A-Z0-9_]+|PYTEST_[A-Z0-9_]+|DJANGO_[A-Z0-9_]+)'); do unset "$name"; done
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export ANJIAN_SECRET_KEY
ANJIAN_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ANJIAN_ALLOWED_HOSTS=127.0.0.1 ANJIAN_DATA_DIR="$data" ANJIAN_TRUSTED_PROXY=1 ANJIAN_LOG_LEVEL=ERROR
export ANJIAN_REDIS_URL=${ANJIAN_GUIDE_REDIS_URL:-redis://127.0.0.1:6379/13}
export ANJIAN_WORKERS=2 ANJIAN_THREADS=2

step "database and schema (docs/deploy.md §2)"
createdb $PG "$db"
"$BIN/anjian" migrate --verbosity 0
"$BIN/anjian" check --deploy --fail-level WARNING

step "a small demo county"
ANJIAN_DEMO=1 "$BIN/anjian" load_demo --enterprises 100 --no-campaigns >/dev/null

step "the job worker on Redis, once (docs/deploy.md §4)"
redis-cli -u "$ANJIAN_REDIS_URL" ping | grep -q PONG
"$BIN/anjian" worker --batch --verbosity 0

step "backup with pg_dump, restore into a fresh database (docs/deploy.md §6)"
pg_dump $PG --format=custom --file="$data/anjian.dump" "$db"
createdb $PG "$restored"
pg_restore $PG --no-owner --exit-on-error --dbname="$restored" "$data/anjian.dump"
count() {
  psql $PG -d "$1" -Atc "SELECT '$2', count(*) FROM $2"
}
for table in org_region org_user registry_enterprise hazards_hazard hazards_hazardevent risk_riskpoint \
  inspections_inspection core_attachment django_migrations; do
  before=$(count "$db" "$table")
  after=$(count "$restored" "$table")
  echo "   $before | restored $after"
  [ "$before" = "$after" ] || { echo "row counts differ: $before / $after" >&2; exit 1; }
  [ "${before##*|}" != "0" ] || [ "$table" = core_attachment ] || { echo "$table is empty" >&2; exit 1; }
done

step "anjian serve on a loopback port, on the restored database (docs/deploy.md §3)"
port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$restored" "$BIN/anjian" serve "127.0.0.1:$port" \
  >"$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/login/" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$data/serve.log" >&2; exit 1; }
  sleep 1
done
page=$(curl -fsS -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/login/")
grep -q 'name="username"' <<<"$page" || { echo "the login page has no sign-in form" >&2; exit 1; }
css=$(grep -oE '/static/[^"]+\.css' <<<"$page" | head -1)
headers=$(curl -fsS -D - -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port$css")
grep -qi "cache-control: .*immutable" <<<"$headers" || { echo "$css is not cached for good" >&2; exit 1; }
echo "   login page and $css answered"
