#!/usr/bin/env bash
# One honest HTTP figure: reservations over loopback with wrk (closed loop, keep-alive, no pipelining).
# Starts its own Ordo on a temp data dir, loads 1 000 SKUs with ample stock, runs wrk, stops everything.
#   benchmarks/scripts/http-reserve.sh [connections=50] [seconds=15] [durability=process]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${1:-50}"; seconds="${2:-15}"; durability="${3:-process}"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "wrk is missing; as root run: apt-get update && apt-get install -y wrk" >&2; exit 2; fi
  echo "installing wrk (apt-get)…" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
port=18181
. "$root/benchmarks/scripts/bench-server.sh"
start_bench_server "$port" "$durability"
admin=("${bench_admin[@]}")
curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/locations/wh-1" \
  -d '{"type":"WAREHOUSE","name":"Bench DC","lat":1.3294,"lon":103.6367,"capabilities":["SHIP"]}'
for i in $(seq 0 999); do
  sku=$(printf 'SKU-%04d' "$i")
  curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/skus/$sku" -d "{\"name\":\"$sku\"}"
  curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/inventory/$sku/wh-1" -d '{"onHand":100000000}'
done
echo "warm-up 5 s…" >&2
wrk -t1 -c"$connections" -d5s -s "$root/benchmarks/scripts/reserve.lua" "http://127.0.0.1:$port" >/dev/null
echo "measuring: $connections connections, ${seconds}s, durability $durability" >&2
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$root/benchmarks/scripts/reserve.lua" "http://127.0.0.1:$port"
curl -s -H 'Authorization: Bearer bench-admin' "http://127.0.0.1:$port/v1/inventory/SKU-0001"; echo
