#!/usr/bin/env bash
# JMH benchmarks, bounded for a 2-core machine. Builds the benchmarks jar, runs with the Chronicle JVM flags (forks
# inherit them), writes JSON next to the jar.  benchmarks/scripts/jmh.sh [regex] [extra JMH args…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
pattern="${1:-.*}"; shift || true
exec java @"$root/etc/jvm.options" -jar "$root/benchmarks/target/ordo-benchmarks.jar" "$pattern" \
  -rf json -rff "$root/benchmarks/target/jmh-result.json" "$@"
