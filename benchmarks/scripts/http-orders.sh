#!/usr/bin/env bash
# HTTP order capture over loopback with wrk (closed loop, keep-alive, no pipelining): every request is a 3-line
# order sourced over 10 warehouses and stores in Singapore and Johor. Starts its own Ordo on a temp data dir,
# loads 200 SKUs with ample stock at every node, runs wrk, prints one order's sourcing, stops everything.
#   benchmarks/scripts/http-orders.sh [connections=50] [seconds=15] [durability=process]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${1:-50}"; seconds="${2:-15}"; durability="${3:-process}"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "wrk is missing; as root run: apt-get update && apt-get install -y wrk" >&2; exit 2; fi
  echo "installing wrk (apt-get)…" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
port=18182
. "$root/benchmarks/scripts/bench-server.sh"
start_bench_server "$port" "$durability"
admin=("${bench_admin[@]}")
nodes=(wh-tuas:1.3294:103.6367:WAREHOUSE wh-changi:1.3644:103.9915:WAREHOUSE dc-jurong:1.3329:103.7436:DC
       wh-woodlands:1.4360:103.7865:WAREHOUSE dc-johor:1.4927:103.7414:DC st-orchard:1.3048:103.8318:STORE
       st-tampines:1.3526:103.9447:STORE st-bishan:1.3508:103.8485:STORE st-harbourfront:1.2653:103.8220:STORE
       st-jb-city:1.4625:103.7640:STORE)
for n in "${nodes[@]}"; do
  IFS=: read -r id lat lon type <<<"$n"
  caps='["SHIP"]'; [ "$type" = STORE ] && caps='["SHIP_FROM_STORE","PICKUP"]'
  curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/locations/$id" -d "{\"type\":\"$type\",\"name\":\"$id\",\
\"lat\":$lat,\"lon\":$lon,\"capabilities\":$caps,\"handlingCost\":{\"amountMinor\":$((150 + ${#id} * 20)),\"currency\":\"SGD\"}}"
done
for i in $(seq 0 199); do
  sku=$(printf 'SKU-%04d' "$i")
  curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/skus/$sku" -d "{\"name\":\"$sku\"}"
  for n in "${nodes[@]}"; do
    curl "${admin[@]}" -X PUT "http://127.0.0.1:$port/v1/inventory/$sku/${n%%:*}" -d '{"onHand":100000000,"safetyStock":2}'
  done
done
echo "warm-up 5 s…" >&2
wrk -t1 -c"$connections" -d5s -s "$root/benchmarks/scripts/orders.lua" "http://127.0.0.1:$port" >/dev/null
echo "measuring: $connections connections, ${seconds}s, durability $durability" >&2
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$root/benchmarks/scripts/orders.lua" "http://127.0.0.1:$port"
first=$(curl -s -H 'Authorization: Bearer bench-admin' "http://127.0.0.1:$port/v1/orders?limit=1" | \
  sed -n 's/.*"orderId":"\(ord_[0-9a-f]*\)".*/\1/p')
[ -n "$first" ] && curl -s -H 'Authorization: Bearer bench-admin' "http://127.0.0.1:$port/v1/orders/$first/sourcing" | head -c 600
echo
