#!/usr/bin/env bash
# JMH benchmarks, bounded for a 2-core machine. Builds the benchmarks jar, runs with the Chronicle JVM flags (forks
# inherit them), writes JSON next to the jar.  benchmarks/scripts/jmh.sh [regex] [extra JMH args…]
# ORDO_JMH_CPU=N runs JMH and its forks on CPU N alone (taskset), for comparing two builds of a single-threaded
# engine benchmark (not PipelineBenchmark or JournalAppendBenchmark, whose threads would share the one CPU): on the
# 2-vCPU VM, unpinned, such a benchmark alternates between two speeds ~35 % apart from one iteration to another;
# pinned, the slow one was rarer (docs/BENCHMARKS.md, twenty-second round).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
pattern="${1:-.*}"; shift || true
pin=()
if [[ -n "${ORDO_JMH_CPU:-}" ]]; then
  pin=(taskset -c "$ORDO_JMH_CPU")
fi
exec "${pin[@]}" java @"$root/etc/jvm.options" -jar "$root/benchmarks/target/ordo-benchmarks.jar" "$pattern" \
  -rf json -rff "$root/benchmarks/target/jmh-result.json" "$@"
