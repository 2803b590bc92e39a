#!/usr/bin/env bash
# A private PostgreSQL for the peer benchmarks: its own cluster under /tmp (initdb), loopback only, its own port and
# socket dir, never the system service; database ordo_bench owned by role ordo (password ordo, trust on 127.0.0.1;
# superuser of this throwaway cluster so that the driver can CHECKPOINT between runs).
# Installs postgresql with apt-get when missing (as root; otherwise says how and exits 2). As root the server runs as
# the postgres user, as anyone else as that user.
#   benchmarks/scripts/peers/postgres.sh start PORT
#   benchmarks/scripts/peers/postgres.sh stop  PORT
set -euo pipefail
usage() { echo "usage: $0 start|stop PORT" >&2; exit 64; }
[ $# -ge 2 ] || usage
action="$1"; port="$2"
dir="/tmp/ordo-bench-pg-$port"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_installed() {
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed; as root run: apt-get update && apt-get install -y postgresql" >&2
    exit 2
  fi
  echo "postgres.sh: installing postgresql (apt-get)…" >&2
  # run.sh starts the peers in parallel and apt-get takes one install at a time: queue on a lock.
  (
    flock 9
    [ -n "$(pg_bin)" ] && exit 0
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  ) 9>/tmp/ordo-bench-apt.lock
  [ -n "$(pg_bin)" ] || { echo "postgres.sh: apt-get install postgresql failed" >&2; exit 2; }
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    ensure_installed
    bin="$(pg_bin)"
    "$0" stop "$port" 2>/dev/null || true
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Defaults except what a benchmark box needs: enough connections for the harness, buffers that hold the tables,
    # and WAL room so that no checkpoint storm lands inside a short run. fsync stays on; synchronous_commit is set
    # per session by the driver.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 512MB
max_wal_size = 4GB
checkpoint_timeout = 30min
logging_collector = off
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE ordo LOGIN SUPERUSER PASSWORD 'ordo'" -c "CREATE DATABASE ordo_bench OWNER ordo" >/dev/null
    echo "postgres on 127.0.0.1:$port, database ordo_bench, user ordo" >&2
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    bin="$(pg_bin)"
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
        || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
