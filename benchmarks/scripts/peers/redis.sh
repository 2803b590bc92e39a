#!/usr/bin/env bash
# A private Redis for the peer benchmarks: loopback only, its own port and data dir under /tmp, never the system
# service. Installs redis-server with apt-get when missing (as root; otherwise says how and exits 2).
#   benchmarks/scripts/peers/redis.sh start PORT off|everysec    # AOF off (and no RDB), or AOF with fsync every second
#   benchmarks/scripts/peers/redis.sh stop  PORT
set -euo pipefail
usage() { echo "usage: $0 start PORT off|everysec | stop PORT" >&2; exit 64; }
[ $# -ge 2 ] || usage
action="$1"; port="$2"; aof="${3:-off}"
dir="/tmp/ordo-bench-redis-$port"

ensure_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis.sh: redis-server is not installed; as root run: apt-get update && apt-get install -y redis-server" >&2
    exit 2
  fi
  echo "redis.sh: installing redis-server (apt-get)…" >&2
  # run.sh starts the peers in parallel and apt-get takes one install at a time: queue on a lock.
  (
    flock 9
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && exit 0
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  ) 9>/tmp/ordo-bench-apt.lock
  command -v redis-server >/dev/null || { echo "redis.sh: apt-get install redis-server failed" >&2; exit 2; }
}

case "$action" in
  start)
    case "$aof" in
      off) persistence=(--appendonly no) ;;
      everysec) persistence=(--appendonly yes --appendfsync everysec) ;;
      *) usage ;;
    esac
    ensure_installed
    "$0" stop "$port" 2>/dev/null || true
    mkdir -p "$dir"
    # save "" turns RDB snapshots off in both modes: a fork mid-run would measure the snapshot, not the store.
    redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --daemonize yes \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save '' "${persistence[@]}"
    for _ in $(seq 1 100); do
      [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] && { echo "redis on 127.0.0.1:$port, aof $aof" >&2; exit 0; }
      sleep 0.1
    done
    echo "redis.sh: redis did not answer on 127.0.0.1:$port within 10 s; log:" >&2
    tail -n 20 "$dir/redis.log" >&2 || true
    exit 1
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    if [ -f "$dir/redis.pid" ]; then
      pid="$(cat "$dir/redis.pid")"
      if kill -0 "$pid" 2>/dev/null; then
        redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
