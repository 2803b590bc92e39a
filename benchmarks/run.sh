#!/usr/bin/env bash
# The peer comparison in one command: Ordo (process and sync durability), Redis + Lua (AOF off, AOF everysec) and
# PostgreSQL (synchronous_commit on, off), each measured by the same harness with the same scenarios, connections
# and durations, one system at a time: flash sale, spread, constant rate at half each system's maximum, spread
# pipelined 16 deep on 16 connections (not PostgreSQL: JDBC has no pipelining of transactions; the report says n/a),
# and (Ordo only: no peer models it) order capture sourced over 50 nodes. Then, with every server stopped, a bounded JMH run
# (engine reservations and orders, journal append, in-process pipeline; --quick: one short iteration of the engine
# benchmark, to check the path). Builds what it needs, installs and starts the peers on loopback when missing
# (apt-get as root), stops everything it started, and writes benchmarks/results/<date>.json, <date>.md and PNG charts
# (<date>-quick… for --quick). Bounded for 2 cores: full run < 10 min, --quick < 60 s (once built and installed).
# Exits 1 when a correctness check failed or a system's run crashed (the results are written all the same).
# Ordo runs with `stages: fused` (journal, engine and replies on one thread: less CPU per request on 2 cores; see
# docs/BENCHMARKS.md); ORDO_STAGES=parallel measures the default layout instead. The Netty load clients (HTTP to Ordo,
# RESP to Redis; PostgreSQL's JDBC driver has its own sockets) and Ordo's server use one socket transport: io_uring
# where the kernel allows it (less CPU per request; opt-in for a server, see docs/ordo.example.yaml), else epoll;
# ORDO_TRANSPORT=epoll (or nio) measures another. The report states which.
#   benchmarks/run.sh [--quick]          PEER_ARGS=--harness-sizes uses the load harness's own sizes (unbounded)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/benchmarks/scripts/peers"
quick=""
case "${1:-}" in
  "") ;;
  --quick) quick="--quick" ;;
  *) echo "usage: benchmarks/run.sh [--quick]" >&2; exit 64 ;;
esac

# Ports on 127.0.0.1, away from the services' defaults so that a system Redis or PostgreSQL is never touched.
ordo_process_port=18281; ordo_sync_port=18282; redis_off_port=16379; redis_everysec_port=16380; pg_port=15432
jar="$root/benchmarks/target/ordo-benchmarks.jar"
# shellcheck source=scripts/bench-server.sh
. "$root/benchmarks/scripts/bench-server.sh" # bench_full_server_opts: the Ordo servers' JVM flags
run_dir="$root/benchmarks/target/peer-run"
ordo_dir="/tmp/ordo-bench-ordo"
date="$(date -u +%F)"
started=$SECONDS
log() { printf '[%3ds] %s\n' $((SECONDS - started)) "$*" >&2; }

# --- build once: the benchmarks jar (and with -am the server jar bin/ordo runs) when any source is newer ---------------
needs_build() {
  [ -f "$jar" ] && [ -f "$root/gateway/target/ordo.jar" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/etc" "$root/engine" "$root/journal" "$root/gateway" "$root/benchmarks" \
      \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.options' \
      -o -path '*/src/main/resources/*' \) -newer "$jar" -print \) 2>/dev/null | head -n 1)" ]
}
command -v java >/dev/null || { echo "run.sh: a JDK 17+ is needed" >&2; exit 2; }
if needs_build; then
  command -v mvn >/dev/null || { echo "run.sh: Maven (mvn) is needed to build the benchmarks once" >&2; exit 2; }
  log "building (mvn -pl benchmarks -am package)…"
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
fi
# curl polls Ordo's /ready; JFreeChart draws text with the system's fonts. A bare machine may have neither.
apt_install() { # what-for package…
  local why="$1"; shift
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: $why is missing; as root run: apt-get update && apt-get install -y $*" >&2; exit 2
  fi
  log "installing $* (apt-get)…"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v curl >/dev/null || apt_install curl curl
fc-list 2>/dev/null | grep -q . || apt_install "a font for the charts" fontconfig fonts-dejavu-core

# --- everything started below is stopped on any exit ------------------------------------------------------------------
ordo_pids=(); starters=(); stoppers=()
stop_ordo() { # pid: TERM (graceful drain), then KILL after 10 s
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${starters[@]}" "${stoppers[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${ordo_pids[@]}"; do stop_ordo "$pid"; done
  "$peers/redis.sh" stop "$redis_off_port" || true
  "$peers/redis.sh" stop "$redis_everysec_port" || true
  "$peers/postgres.sh" stop "$pg_port" || true
  rm -rf "$ordo_dir"
  log "stopped everything started here"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ordo sized for the run, as an operator sizes it for a sale: the objects of 4 M holds made at start-up (the spread,
# flash-sale and constant-rate scenarios take ~2.7 M, the pipelined one more; the shadow snapshot engine gets as many)
# and of 600 000 orders (order capture places ~450 000: none of them then allocates, nor is copied by the collector),
# and a fixed heap with a 2 GB young generation. With ~400 bytes of garbage per answer that leaves those scenarios
# without a collection; ParallelGC for throughput. The heap is pre-touched (-XX:+AlwaysPreTouch): order capture keeps
# every order, each young collection promotes ~65 MB into old-generation memory never touched before, and those page
# faults were most of its pauses (~180 ms → ~70 ms with it; docs/BENCHMARKS.md, thirteenth round). Pre-touched heaps
# are resident from the start, so the two Ordo servers do not run at once (the sync one starts when the process one
# has stopped). ORDO_PREALLOCATE_HOLDS, ORDO_PREALLOCATE_ORDERS and ORDO_JAVA_OPTS override; --quick keeps start-up
# short.
# The load client likewise, for every system: it makes ~1.4 KB of garbage per request and is collected (System.gc())
# before each run, so with a 4 GB young generation (3.2 GB eden) no collection of its own falls inside a run — its
# pauses would count as the server's latency (see LoadRun.settleClientHeap). CLIENT_JAVA_OPTS overrides.
if [ -n "$quick" ]; then
  ordo_preallocate="${ORDO_PREALLOCATE_HOLDS:-0}"; ordo_preallocate_orders="${ORDO_PREALLOCATE_ORDERS:-0}"
  ordo_java_opts="-Xmx2g -XX:+UseParallelGC"
  client_java_opts="-Xmx2g -XX:+UseParallelGC"
else
  ordo_preallocate="${ORDO_PREALLOCATE_HOLDS:-4000000}"; ordo_preallocate_orders="${ORDO_PREALLOCATE_ORDERS:-600000}"
  ordo_java_opts="$bench_full_server_opts"
  client_java_opts="-Xms5g -Xmx5g -Xmn4g -XX:+AlwaysPreTouch -XX:+UseParallelGC"
fi
client_java_opts="${CLIENT_JAVA_OPTS:-$client_java_opts}"
# One socket transport for the Netty load clients (Ordo's and Redis's) and Ordo's server.
transport="${ORDO_TRANSPORT:-$(java -cp "$jar" ordo.bench.load.ClientTransport)}"
case "$transport" in io_uring|epoll|nio) ;; *) echo "run.sh: ORDO_TRANSPORT must be io_uring, epoll or nio" >&2; exit 64 ;; esac
log "socket transport: $transport"
# --- start the servers (start-up overlaps; idle servers take no CPU; Ordo sync after Ordo process), each stopped after its run
start_ordo() { # durability port: a private Ordo with the benchmark's keys
  local durability="$1" port="$2" dir="$ordo_dir/$1"
  mkdir -p "$dir"
  bench_ordo_yaml "$port" "$durability" "$transport" "preallocateHolds: $ordo_preallocate
preallocateOrders: $ordo_preallocate_orders" >"$dir/ordo.yaml"
  ORDO_JAVA_OPTS="${ORDO_JAVA_OPTS:-$ordo_java_opts}" \
    "$root/bin/ordo" serve --config "$dir/ordo.yaml" --data "$dir/data" >"$dir/server.log" 2>&1 &
  ordo_pids+=($!)
}
wait_ordo() { # port pid
  bench_wait_ready "$1" "$2" && return 0
  echo "run.sh: Ordo on port $1 did not become ready; its log:" >&2
  tail -n 30 "$ordo_dir"/*/server.log >&2 || true
  return 1
}

rm -rf "$ordo_dir" "$run_dir"; mkdir -p "$run_dir"
log "starting Ordo (process), Redis (AOF off, everysec), PostgreSQL on 127.0.0.1…"
start_ordo process "$ordo_process_port"
"$peers/redis.sh" start "$redis_off_port" off & starters+=($!)
"$peers/redis.sh" start "$redis_everysec_port" everysec & starters+=($!)
"$peers/postgres.sh" start "$pg_port" & starters+=($!)
start_failed=0
for pid in "${starters[@]}"; do wait "$pid" || start_failed=1; done
starters=()
[ "$start_failed" -eq 0 ] || { echo "run.sh: a peer did not start (see above)" >&2; exit 1; }
wait_ordo "$ordo_process_port" "${ordo_pids[0]}"
log "all up"

# --- one system at a time: same harness, scenarios, connections and durations -----------------------------------------
crashed=()
measure() { # system port: a run that crashes is reported and the comparison goes on
  log "measuring $1"
  # shellcheck disable=SC2086 # client_java_opts is a list of flags
  java @"$root/etc/jvm.options" $client_java_opts -Dordo.bench.transport="$transport" -cp "$jar" \
    ordo.bench.load.peers.PeerMain run "$1" "$2" "$run_dir" $quick ${PEER_ARGS:-} || crashed+=("$1")
}
# Ordo is stopped before the next run (it writes its shutdown snapshot: CPU that must not land in another system's
# run); Redis stops while the next one starts (shutdown nosave: it only exits), PostgreSQL is the last.
stop_later() { "$@" & stoppers+=($!); }
measure ordo-process "$ordo_process_port";                stop_ordo "${ordo_pids[0]}"
log "starting Ordo (sync)…"
start_ordo sync "$ordo_sync_port"; wait_ordo "$ordo_sync_port" "${ordo_pids[1]}"
measure ordo-sync "$ordo_sync_port";                      stop_ordo "${ordo_pids[1]}"
measure redis-lua-aof-off "$redis_off_port";              stop_later "$peers/redis.sh" stop "$redis_off_port"
measure redis-lua-aof-everysec "$redis_everysec_port";    stop_later "$peers/redis.sh" stop "$redis_everysec_port"
measure postgres-sync-on "$pg_port"
measure postgres-sync-off "$pg_port";                     stop_later "$peers/postgres.sh" stop "$pg_port"
for pid in "${stoppers[@]}"; do wait "$pid" 2>/dev/null || true; done
stoppers=()

# --- JMH, on a machine with no server left: short, so that the whole suite stays within its budget --------------------
# Parameters pinned where a benchmark has a "long" variant the report does not need (retention of 864 k ended holds,
# 5 nodes); every other declared parameter runs. JMH forks inherit etc/jvm.options (Chronicle's flags).
jmh_dir="$run_dir/jmh"; mkdir -p "$jmh_dir"
if [ -n "$quick" ]; then
  jmh_args=(EngineReserveBenchmark -p engineMillisPerReserve=10000 -f 1 -wi 0 -i 1 -r 1s -prof gc)
else
  jmh_args=('EngineReserveBenchmark|OrderPlacementBenchmark|JournalAppendBenchmark|PipelineBenchmark'
            -p engineMillisPerReserve=10000 -p nodes=50 -f 1 -wi 2 -w 2s -i 2 -r 2s -prof gc)
fi
log "JMH: ${jmh_args[*]}"
jmh_failed=0
java @"$root/etc/jvm.options" -jar "$jar" "${jmh_args[@]}" -rf json -rff "$jmh_dir/jmh.json" \
  >"$jmh_dir/jmh.log" 2>&1 || jmh_failed=1
grep -E '^Benchmark|thrpt|avgt' "$jmh_dir/jmh.log" | grep -v 'gc\.' >&2 || true
if [ "$jmh_failed" -ne 0 ] || grep -q '<failure>' "$jmh_dir/jmh.log"; then
  echo "run.sh: JMH failed or a benchmark failed its own check; the end of its log ($jmh_dir/jmh.log):" >&2
  tail -n 40 "$jmh_dir/jmh.log" >&2
  jmh_failed=1
fi

log "writing results and charts"
status=0
java -Xmx1g -Djava.awt.headless=true -cp "$jar" ordo.bench.load.peers.PeerMain report \
  "$run_dir" "$root/benchmarks/results" "$date" $quick --jmh "$jmh_dir/jmh.json" || status=$?
if [ "$jmh_failed" -ne 0 ]; then
  status=1
fi
if [ ${#crashed[@]} -gt 0 ]; then
  echo "run.sh: the run of ${crashed[*]} crashed (see above); the results leave it out" >&2
  status=1
fi
log "done"
exit "$status"
