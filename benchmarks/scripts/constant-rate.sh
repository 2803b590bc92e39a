#!/usr/bin/env bash
# The constant-rate scenario alone, for A/B experiments on the tail (docs/BENCHMARKS.md, ninth round): a private Ordo
# sized as run.sh sizes it (fused stages, process durability, 4 M preallocated holds, 8 GB heap, the run's socket
# transport), an 8-s closed-loop spread on 64 connections to warm it, then ROUNDS open-loop rounds of 10 s at RATE
# requests/s over 64 connections (latency from the due time), one after the other in one client JVM (LoadMain
# --rounds: the rounds after the first meet a client whose compilers are done). Prints one Markdown row per round
# (answers/s, p50, p90, p99, p99.9, max in ms) and stops the server.
#   benchmarks/scripts/constant-rate.sh [rate=40000] [rounds=3]
#   ORDO_EXTRA_OPTS='-Dordo.journal.prefetch=false' …   JVM flags added to the server's
#   ORDO_EXTRA_YAML='waitStrategy: sleeping' …          lines added to the server's ordo.yaml
#   CLIENT_JAVA_OPTS=…                                  the load client's heap (default as run.sh's full run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rate="${1:-40000}"; rounds="${2:-3}"
port=18291
# shellcheck source=bench-server.sh
. "$root/benchmarks/scripts/bench-server.sh"
bench_prepare "constant-rate.sh"
BENCH_TRANSPORT="$transport" BENCH_EXTRA_YAML="preallocateHolds: 4000000
${ORDO_EXTRA_YAML:-}" ORDO_JAVA_OPTS="$bench_full_server_opts ${ORDO_EXTRA_OPTS:-}" \
  start_bench_server "$port" process
client_opts="${CLIENT_JAVA_OPTS:--Xms5g -Xmx5g -Xmn4g -XX:+AlwaysPreTouch -XX:+UseParallelGC}"
load() {
  # shellcheck disable=SC2086 # client_opts is a list of flags
  java @"$root/etc/jvm.options" $client_opts -Dordo.bench.transport="$transport" -cp "$jar" \
    ordo.bench.load.LoadMain --target ordo --url "http://127.0.0.1:$port" --admin-key bench-admin \
    --storefront-key bench-web --out "$bench_data" --connections 64 "$@"
}
echo "warm-up: spread, 64 connections, 8 s (transport $transport)" >&2
load --scenario spread --seconds 8 --name warm-up --sku-prefix W- >/dev/null
echo "| round | loop | answers/s | p50 | p90 | p99 | p99.9 | max |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
load --scenario rate --rate "$rate" --seconds 10 --rounds "$rounds" --name rounds --sku-prefix R- \
  | awk -F'|' '$2 ~ /constant-rate/ { printf "| %d |%s|%s|%s|%s|%s|%s|%s|\n", ++r, $4, $10, $11, $12, $13, $14, $15 }'
