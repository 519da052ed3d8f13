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
proxy=""

cleanup() {
  status=$?
  [ -n "$proxy" ] && nginx -c "$proxy/nginx.conf" -e "$proxy/error.log" -s stop 2>/dev/null
  [ -n "$server" ] && kill -CONT "$server" 2>/dev/null && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
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
export ANJIAN_ALLOWED_HOSTS=127.0.0.1,anjian.example.gov.cn ANJIAN_DATA_DIR="$data" ANJIAN_TRUSTED_PROXY=1 ANJIAN_LOG_LEVEL=ERROR
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

step "nginx in front of it with deploy/nginx's files (docs/deploy.md §3)"
if command -v nginx >/dev/null 2>&1; then
  # The guide's server blocks as they are, but for what a machine without root's ports and certificates changes:
  # loopback ports, a self-signed certificate, this data folder, and this server as the upstream.
  conf="$data/nginx"
  mkdir -p "$conf/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=anjian.example.gov.cn" \
    -addext "subjectAltName=DNS:anjian.example.gov.cn" \
    -keyout "$conf/site.key" -out "$conf/site.pem" 2>/dev/null
  free_port() { "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  http_port=$(free_port)
  https_port=$(free_port)
  sed -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|listen 443 ssl|listen 127.0.0.1:$https_port ssl|" \
    -e "s|/etc/nginx/tls/anjian.example.gov.cn.fullchain.pem|$conf/site.pem|" \
    -e "s|/etc/nginx/tls/anjian.example.gov.cn.key|$conf/site.key|" -e "s|/srv/anjian/var/|$data/|" \
    deploy/nginx/anjian.conf >"$conf/anjian.conf"
  sed -e "s|127.0.0.1:8001|127.0.0.1:$port|" deploy/nginx/upstream.conf >"$conf/upstream.conf"
  grep -q "127.0.0.1:$port" "$conf/upstream.conf" || { echo "upstream.conf names no 127.0.0.1:8001" >&2; exit 1; }
  cat >"$conf/nginx.conf" <<NGINX
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $conf/nginx.pid;
error_log $conf/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $conf/tmp/body;
  proxy_temp_path $conf/tmp/proxy;
  fastcgi_temp_path $conf/tmp/fastcgi;
  uwsgi_temp_path $conf/tmp/uwsgi;
  scgi_temp_path $conf/tmp/scgi;
  include $conf/upstream.conf;
  include $conf/anjian.conf;
}
NGINX
  nginx -t -q -c "$conf/nginx.conf" -e "$conf/error.log"
  nginx -c "$conf/nginx.conf" -e "$conf/error.log"
  proxy="$conf"
  site="anjian.example.gov.cn"
  https=(curl -fsS --cacert "$conf/site.pem" --resolve "$site:$https_port:127.0.0.1")
  # HTTP answers with a redirect to HTTPS; over HTTPS the sign-in page comes from gunicorn, which believes nginx's
  # X-Forwarded-Proto (else it would redirect to HTTPS again).
  moved=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "$site:$http_port:127.0.0.1" \
    "http://$site:$http_port/login/")
  [[ "$moved" == "301 https://$site/login/" ]] || { echo "HTTP answered $moved, not a redirect to HTTPS" >&2; exit 1; }
  page=$("${https[@]}" "https://$site:$https_port/login/")
  grep -q 'name="username"' <<<"$page" || { echo "no sign-in form through nginx" >&2; exit 1; }
  css=$(grep -oE '/static/[^"]+\.css' <<<"$page" | head -1)
  headers=$("${https[@]}" -D - -o /dev/null "https://$site:$https_port$css")
  grep -qi "cache-control: .*immutable" <<<"$headers" || { echo "nginx does not cache $css for good" >&2; exit 1; }
  # /static/ is nginx's own (alias): the same file answers with gunicorn stopped; /media/ is never aliased.
  kill -STOP "$server"
  "${https[@]}" -o /dev/null "https://$site:$https_port$css" || { kill -CONT "$server"; echo "nginx did not serve $css" >&2; exit 1; }
  kill -CONT "$server"
  echo "   HTTP redirected, the sign-in page through the proxy, $css from nginx itself"
else
  echo "   skipped: nginx is not installed (apt-get install nginx-light)"
fi

step "the systemd units (docs/deploy.md §3, §4, §6)"
if command -v systemd-analyze >/dev/null 2>&1; then
  # Checked where they would be installed from: /srv/anjian is this checkout, and the environment file this one.
  units="$data/systemd"
  mkdir -p "$units"
  printf 'DATABASE_URL=%s\nANJIAN_DATA_DIR=%s\n' "$DATABASE_URL" "$data" >"$data/anjian.env"
  for unit in deploy/systemd/*; do
    sed -e "s|/srv/anjian/.venv/bin/anjian|$(realpath "$BIN")/anjian|" -e "s|/srv/anjian/var|$data|g" \
      -e "s|/srv/anjian|$PWD|" -e "s|/etc/anjian/anjian.env|$data/anjian.env|" -e "s|^User=anjian|User=root|" \
      -e "s|^Group=anjian|Group=root|" "$unit" >"$units/$(basename "$unit")"
  done
  # Any complaint fails: systemd ignores a line it cannot parse and says so, with a zero status.
  if ! systemd-analyze verify --man=no "$units"/*.service "$units"/*.timer >"$units/verify.log" 2>&1 \
    || [ -s "$units/verify.log" ]; then
    cat "$units/verify.log" >&2
    exit 1
  fi
  echo "   $(ls deploy/systemd | wc -l) unit files verified"
else
  echo "   skipped: systemd-analyze is not installed"
fi
