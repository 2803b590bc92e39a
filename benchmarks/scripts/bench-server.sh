# Sourced by the wrk scripts: starts a private Ordo for a benchmark and stops it (and removes its data) on exit.
#   start_bench_server <port> <durability>  → sets $bench_data; the server answers /ready when it returns; on exit it
#     stops the server and removes $bench_data and the files in $bench_extra_cleanup
#   bench_admin=(curl args for admin JSON calls)
# Ordo runs with `stages: fused` (the layout for a 2-core machine); ORDO_STAGES=parallel for the default layout.
# bench_full_server_opts: the JVM flags run.sh's full run gives each Ordo server (the scripts that reproduce one of its
# scenarios alone use them too): a fixed 8 GB heap with a 2 GB young generation, ParallelGC, touched at start-up.
# BENCH_TRANSPORT (io_uring|epoll|nio) sets http.transport; BENCH_EXTRA_YAML adds top-level lines to its ordo.yaml.
# bench_ordo_yaml <port> <durability> <transport or ''> <extra top-level lines or ''>: the ordo.yaml of every private
# benchmark Ordo (these scripts' and run.sh's), on stdout: loopback, one I/O thread, the benchmark's two keys.
bench_ordo_yaml() {
  cat <<YAML
http: {port: $1, bind: 127.0.0.1, ioThreads: 1${3:+, transport: $3}}
durability: $2
stages: ${ORDO_STAGES:-fused}
${4:-}
apiKeys:
  - {key: bench-admin, role: admin}
  - {key: bench-web, role: storefront, channels: [web]}
YAML
}
start_bench_server() {
  local port="$1" durability="$2"
  bench_data="$(mktemp -d)"
  bench_ordo_yaml "$port" "$durability" "${BENCH_TRANSPORT:-}" "${BENCH_EXTRA_YAML:-}" > "$bench_data/ordo.yaml"
  ORDO_JAVA_OPTS="${ORDO_JAVA_OPTS:--Xmx4g -XX:+UseParallelGC}" "$root/bin/ordo" serve --config "$bench_data/ordo.yaml" \
    --data "$bench_data/d" > "$bench_data/server.log" 2>&1 &
  bench_server=$!
  # shellcheck disable=SC2086 # bench_extra_cleanup: files of the calling script (mktemp paths), removed with the data
  trap 'kill $bench_server 2>/dev/null; wait $bench_server 2>/dev/null || true; rm -rf "$bench_data" ${bench_extra_cleanup:-}' EXIT
  bench_wait_ready "$port" "$bench_server" && return 0
  echo "Ordo did not become ready; its log:" >&2; cat "$bench_data/server.log" >&2; return 1
}
# bench_wait_ready <port> <pid>: until the server answers /ready (0), or exits or takes longer than
# ORDO_READY_SECONDS (default 300: a pre-touched 8 GB heap and millions of holds and orders made ahead, twice with the
# shadow snapshotter, took 65 s on a busy 2-core host, and the 30 s once allowed refused the run; QA) (1).
bench_wait_ready() {
  local wait="${ORDO_READY_SECONDS:-300}"
  [[ "$wait" =~ ^[0-9]+$ ]] || { echo "ORDO_READY_SECONDS must be a number of seconds, not '$wait'" >&2; return 1; }
  local deadline=$((SECONDS + wait))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -sf -m 2 "http://127.0.0.1:$1/ready" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
# bench_prepare <script name>: what a script that drives a private Ordo with the load harness needs first — the jars
# (built if missing), curl — and sets $jar and $transport (ORDO_TRANSPORT, else what this machine allows).
bench_prepare() {
  jar="$root/benchmarks/target/ordo-benchmarks.jar"
  [ -f "$jar" ] && [ -f "$root/gateway/target/ordo.jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
  command -v curl >/dev/null || { echo "$1: curl is needed" >&2; exit 2; }
  transport="${ORDO_TRANSPORT:-$(java -cp "$jar" ordo.bench.load.ClientTransport)}"
}
bench_full_server_opts="-Xms8g -Xmx8g -Xmn2g -XX:+UseParallelGC -XX:+AlwaysPreTouch"
bench_admin=(-sf -o /dev/null -H 'Authorization: Bearer bench-admin' -H 'Content-Type: application/json')
