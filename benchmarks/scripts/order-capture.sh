#!/usr/bin/env bash
# The order-capture scenario alone, for A/B experiments on its throughput and tail (docs/BENCHMARKS.md, thirteenth
# round): a private Ordo sized as run.sh sizes it (fused stages, process durability, 4 M preallocated holds, 600 000
# preallocated orders, the full run's JVM flags, the run's socket transport), then LoadMain's order capture — 3-line orders
# sourced over 50 nodes that all stock all 200 SKUs, 30 s measured after 5 s of warm-up (LoadMain's own sizes) — on
# CONNECTIONS connections.
# Prints the result row, then the server's collections while the client ran (count, median, largest pause); stops it.
#   benchmarks/scripts/order-capture.sh [connections=64]
#   ORDO_PREALLOCATE_ORDERS=N   the server's preallocateOrders (default 600000, as run.sh; 0 for none). It was
#                        1.4 M, every order of a run at ~40 k/s; but each order made ahead keeps ~0.9 KB on the heap
#                        in each of the two engines (the live one and the shadow snapshotter's), and with the 4 M
#                        holds 4.9 GiB of the 6 GiB old generation were live before the run: its first young
#                        collection became a full one of 3 s (docs/BENCHMARKS.md, thirty-second round)
#   ORDO_SERVER_OPTS=…   replaces the server's sizing flags (default: bench_full_server_opts of bench-server.sh)
#   ORDO_EXTRA_OPTS=…    JVM flags added to the server's;  ORDO_EXTRA_YAML=…  lines added to its ordo.yaml
#   CLIENT_JAVA_OPTS=…   the load client's heap
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${1:-64}"
port=18292
# shellcheck source=bench-server.sh
. "$root/benchmarks/scripts/bench-server.sh"
bench_prepare "order-capture.sh"
# filecount=0: no rotation, so the JVM writes this very file (rotating, it renamed it to $gc_log.0 and left that).
gc_log="$(mktemp)"; bench_extra_cleanup="$gc_log"
BENCH_TRANSPORT="$transport" BENCH_EXTRA_YAML="preallocateHolds: 4000000
preallocateOrders: ${ORDO_PREALLOCATE_ORDERS:-600000}
${ORDO_EXTRA_YAML:-}" ORDO_JAVA_OPTS="${ORDO_SERVER_OPTS:-$bench_full_server_opts} -Xlog:gc:file=$gc_log:utctime:filecount=0 \
${ORDO_EXTRA_OPTS:-}" start_bench_server "$port" process
client_opts="${CLIENT_JAVA_OPTS:--Xms3g -Xmx3g -XX:+UseParallelGC}"
started="$(date -u +%FT%T.%3N)"
# shellcheck disable=SC2086 # client_opts is a list of flags
java @"$root/etc/jvm.options" $client_opts -Dordo.bench.transport="$transport" -cp "$jar" \
  ordo.bench.load.LoadMain --target ordo --url "http://127.0.0.1:$port" --admin-key bench-admin \
  --storefront-key bench-web --out "$bench_data" --scenario orders --connections "$connections" --name orders \
  | grep -E '^\| (scenario|---|order-capture)'
ended="$(date -u +%FT%T.999)"
# The pauses logged while the load client ran: its warm-up, the measured run and its wind-down (the server's set-up
# and start-up are not the run's, nor what the heap needs once the client has gone). The window starts to the
# millisecond: to the second, it took in the end of start-up's System.gc() (~3 s, logged in the second the server
# became ready), reported as the run's largest pause until the sixteenth round.
awk -v from="[$started" -v to="[$ended" '$1 >= from && $1 <= to && /Pause/ { sub(/ms$/, "", $NF); print $NF }' \
  "$gc_log" | sort -n |
  awk '{ p[NR] = $1 } END { if (NR) printf "server collections while the load client ran: %d, median pause %s ms, largest %s ms\n", NR, p[int((NR + 1) / 2)], p[NR]; else print "server collections while the load client ran: none" }'
