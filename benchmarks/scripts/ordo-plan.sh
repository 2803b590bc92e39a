#!/usr/bin/env bash
# run.sh's plan for Ordo alone, for A/B experiments on the peer comparison's Ordo rows (docs/BENCHMARKS.md,
# seventeenth round): a private Ordo started as run.sh starts its `process` server (fused stages, 4 M preallocated
# holds, 600 000 preallocated orders, the full run's JVM flags, the run's socket transport), then PeerMain's plan
# against it with run.sh's client flags — spread, flash sale (256 connections), constant rate at half the spread,
# spread pipelined, order capture — and the server stopped. ROUNDS times, a fresh server each. Prints each scenario's
# row and the server's CPU seconds over the plan. To compare two builds, alternate this script of one clone with the
# other's (each runs its own build).
#   benchmarks/scripts/ordo-plan.sh [rounds=1]
#   ORDO_EXTRA_OPTS=…    JVM flags added to the server's;  ORDO_EXTRA_YAML=…  lines added to its ordo.yaml
#   CLIENT_JAVA_OPTS=…   the load client's heap (default run.sh's full run's)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-1}"
port=18293
# shellcheck source=bench-server.sh
. "$root/benchmarks/scripts/bench-server.sh"
bench_prepare "ordo-plan.sh"
client_opts="${CLIENT_JAVA_OPTS:--Xms5g -Xmx5g -Xmn4g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"
for round in $(seq 1 "$rounds"); do
  (
    BENCH_TRANSPORT="$transport" BENCH_EXTRA_YAML="preallocateHolds: 4000000
preallocateOrders: 600000
${ORDO_EXTRA_YAML:-}" ORDO_JAVA_OPTS="$bench_full_server_opts ${ORDO_EXTRA_OPTS:-}" \
      start_bench_server "$port" process
    # bin/ordo execs the JVM: start_bench_server's $bench_server is the server's own pid.
    ticks() { awk '{print $14 + $15}' "/proc/$bench_server/stat"; }
    before="$(ticks)"
    run_dir="$(mktemp -d)"; bench_extra_cleanup="$run_dir"
    # shellcheck disable=SC2086 # client_opts is a list of flags
    java @"$root/etc/jvm.options" $client_opts -Dordo.bench.transport="$transport" -cp "$jar" \
      ordo.bench.load.peers.PeerMain run ordo-process "$port" "$run_dir" 2>&1 | grep -E 'answers/s' || true
    after="$(ticks)"
    echo "round $round: server CPU over the plan $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.1f", t / hz }') s (transport $transport)"
  )
done
