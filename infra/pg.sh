#!/usr/bin/env bash
# Project-local PostgreSQL for development and tests.
#   infra/pg.sh start   install Debian's postgresql if missing, create the cluster under .pgdata/, start it
#   infra/pg.sh stop    stop it
#   infra/pg.sh status  exit 0 when it answers
#   infra/pg.sh url     print the connection string the portal and tests use
# Safe to run twice. PostgreSQL refuses to run as root, so as root the cluster belongs to the
# 'postgres' system user; otherwise to the current user. It listens on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGPORT="${HIDAMARI_PG_PORT:-54329}"
PGDATA="${HIDAMARI_PG_DATA:-$ROOT/.pgdata/$PGPORT}"
PGUSER_DB="hidamari"
LOG="$PGDATA.log"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_postgres() {
  if [ -z "$(pg_bin)" ]; then
    echo "pg: installing Debian's postgresql..." >&2
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  fi
  # Debian starts a system cluster on 5432 after install; we do not use it.
}

is_up() {
  "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null
}

start() {
  install_postgres
  local bin; bin="$(pg_bin)"
  if is_up; then return 0; fi
  if [ "$(id -u)" = "0" ] && [ -z "${HIDAMARI_PG_DATA:-}" ] && ! runuser -u postgres -- test -x "$ROOT"; then
    # The postgres user cannot reach the checkout (e.g. under /root): keep the cluster outside it.
    PGDATA="/var/tmp/hidamari-pgdata/$PGPORT"; LOG="$PGDATA.log"
  fi
  mkdir -p "$(dirname "$PGDATA")"
  if [ "$(id -u)" = "0" ]; then
    chmod o+x "$(dirname "$PGDATA")" 2>/dev/null || true
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA" "$(dirname "$PGDATA")"
    # Local development cluster on loopback only: trust authentication, no password to keep.
    as_owner "$bin/initdb" -D "$PGDATA" -U "$PGUSER_DB" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGDATA'
max_connections = 400
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
  fi
  touch "$LOG"; [ "$(id -u)" = "0" ] && chown postgres:postgres "$LOG"
  as_owner "$bin/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 60 start >/dev/null
  for _ in $(seq 1 60); do is_up && break; sleep 0.5; done
  is_up || { echo "pg: did not start; see $LOG" >&2; exit 1; }
}

stop() {
  local bin; bin="$(pg_bin)" || exit 0
  [ -s "$PGDATA/PG_VERSION" ] || return 0
  as_owner "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
}

url() {
  echo "Host=127.0.0.1;Port=$PGPORT;Username=$PGUSER_DB;Database=hidamari"
}

case "${1:-start}" in
  start) start; url ;;
  stop) stop ;;
  restart) stop; start; url ;;
  status) is_up ;;
  url) url ;;
  *) echo "usage: $0 start|stop|restart|status|url" >&2; exit 2 ;;
esac
