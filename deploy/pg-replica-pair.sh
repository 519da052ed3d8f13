#!/usr/bin/env bash
# A PostgreSQL 15 primary and its streaming replica on this machine, for the tests (anjian/core/tests/test_replica.py,
# `make test-replica`) and as a worked example of docs/deploy.md's replica commands.
#
#   deploy/pg-replica-pair.sh start DIR [PRIMARY_PORT] [REPLICA_PORT]   (default 55432 and 55433, on 127.0.0.1)
#   deploy/pg-replica-pair.sh stop DIR                                  (stops both and deletes their clusters)
#
# The clusters live in DIR/primary and DIR/replica (logs beside them); trust authentication on loopback only, so
# never on a shared host. Run as root, the server programs run as the `postgres` user (initdb refuses root).
# PG_BIN chooses the programs (default Debian's /usr/lib/postgresql/15/bin); PAIR_FAST=1 turns fsync off (tests).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:-}
dir=${2:-}
primary_port=${3:-55432}
replica_port=${4:-55433}

usage() {
  echo "usage: $0 start DIR [PRIMARY_PORT] [REPLICA_PORT] | stop DIR" >&2
  exit 2
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  [ -x "$PG_BIN/initdb" ] || { echo "$PG_BIN/initdb not found (apt-get install postgresql-15)" >&2; exit 1; }
  mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres: "$dir"
  as_postgres test -w "$dir" || { echo "$dir is not writable by the PostgreSQL user" >&2; exit 1; }

  # The primary: a new cluster that accepts replication connections from loopback (initdb's pg_hba.conf does).
  as_postgres "$PG_BIN/initdb" -D "$dir/primary" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log"
  as_postgres tee -a "$dir/primary/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 5
hot_standby = on
EOF
  if [ "${PAIR_FAST:-0}" = "1" ]; then
    echo "fsync = off" | as_postgres tee -a "$dir/primary/postgresql.conf" >/dev/null
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null

  # The replica: a base backup of the running primary; -R writes primary_conninfo and standby.signal.
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/replica" \
    -R -X stream -c fast
  echo "port = $replica_port" | as_postgres tee -a "$dir/replica/postgresql.conf" >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 60 start >/dev/null

  # Ready when the primary sees its replica streaming.
  for _ in $(seq 1 60); do
    state=$("$PG_BIN/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atc \
      "SELECT state FROM pg_stat_replication LIMIT 1" 2>/dev/null || true)
    if [ "$state" = "streaming" ]; then
      echo "primary 127.0.0.1:$primary_port, replica 127.0.0.1:$replica_port (streaming)"
      return 0
    fi
    sleep 0.5
  done
  echo "the replica did not start streaming: see $dir/replica.log" >&2
  exit 1
}

stop() {
  for cluster in replica primary; do
    if [ -f "$dir/$cluster/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$dir/$cluster" -m fast -w stop >/dev/null || true
    fi
  done
  rm -rf "$dir/primary" "$dir/replica" "$dir/primary.log" "$dir/replica.log" "$dir/initdb.log"
}

[ -n "$dir" ] || usage
case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
