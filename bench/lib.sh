# Shared by the bench scripts (sourced, not run). Loopback only; every node and server a script starts
# is stopped by its EXIT trap.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(dirname "$BENCH_DIR")"
WORK="${BENCH_WORK:-$BENCH_DIR/target/work}"
mkdir -p "$WORK"
HARNESS="$BENCH_DIR/harness"
NOOP_JAR="$BENCH_DIR/noop-app/target/serve-bench-noop-0.1.0-SNAPSHOT.jar"
NOOP_URI="file://$NOOP_JAR"
FRUIT_YAML="$ROOT/examples/fruit/fruit_config.yaml"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# wrk from Debian's packages, if it is not there yet.
need_wrk() {
  command -v wrk > /dev/null && return 0
  log "installing wrk (apt-get)"
  if ! apt-get install -y -qq wrk > "$WORK/apt.log" 2>&1; then
    apt-get update -qq >> "$WORK/apt.log" 2>&1 && apt-get install -y -qq wrk >> "$WORK/apt.log" 2>&1 \
      || die "cannot install wrk (see $WORK/apt.log)"
  fi
}

need_jdk_tools() {
  command -v jcmd > /dev/null || die "jcmd is missing (a full JDK is needed, e.g. openjdk-17-jdk-headless)"
}

# A file is stale when a source under the given directories is newer than it.
stale() {
  local target="$1"; shift
  [ -e "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]
}

# The modules the JMH benchmarks load, installed if their sources changed; then bench itself.
build_bench() {
  local m2="${MAVEN_REPO:-$HOME/.m2/repository}/io/osgiserve"
  local runtime_jar="$m2/serve-runtime/0.1.0-SNAPSHOT/serve-runtime-0.1.0-SNAPSHOT.jar"
  if stale "$runtime_jar" "$ROOT/bundles/serve-config/src/main" "$ROOT/bundles/serve-api/src/main" \
      "$ROOT/bundles/serve-node-api/src/main" "$ROOT/bundles/serve-runtime/src/main" "$ROOT/pom.xml"; then
    # tests compiled, not run: the pass benchmark uses serve-runtime's test jar (ControllerFixture)
    log "installing serve-config, serve-api, serve-node-api, serve-runtime (mvn install, tests not run)"
    (cd "$ROOT" && mvn -B -q install -DskipTests -pl bundles/serve-config,bundles/serve-api,bundles/serve-node-api,bundles/serve-runtime) \
      > "$WORK/build-modules.log" 2>&1 || die "the modules do not build (see $WORK/build-modules.log)"
  fi
  if stale "$HARNESS/target/classpath.txt" "$BENCH_DIR/harness/src" "$BENCH_DIR/noop-app/src" \
      "$BENCH_DIR/pom.xml" "$BENCH_DIR/harness/pom.xml" "$BENCH_DIR/noop-app/pom.xml" "$BENCH_DIR/noop-app/bnd.bnd" \
      || stale "$HARNESS/target/classpath.txt" "$runtime_jar" || [ ! -f "$NOOP_JAR" ]; then
    log "building bench (mvn package)"
    mvn -B -q -f "$BENCH_DIR/pom.xml" package > "$WORK/build-bench.log" 2>&1 \
      || die "bench does not build (see $WORK/build-bench.log)"
    touch "$HARNESS/target/classpath.txt"
  fi
  HCP="$HARNESS/target/classes:$(cat "$HARNESS/target/classpath.txt")"
}

# The distribution (./serve builds it once when it is missing).
build_dist() {
  "$ROOT/serve" --help > "$WORK/serve-help.log" 2>&1 || die "./serve does not run (see $WORK/serve-help.log)"
  # SERVE_REBUILD=1 asks for one build, here: every later ./serve (start, stop) runs what was built
  unset SERVE_REBUILD
}

driver() { java -Xmx256m -cp "$HCP" io.osgiserve.bench.tools.BenchDriver "$@"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    && return 0
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null || { echo "$p"; return 0; }
  done
}

now_ms() { date +%s%3N; }

# The agent asks for a token: the bench's nodes, its CLI calls and its driver share this one.
export SERVE_AGENT_TOKEN="${SERVE_AGENT_TOKEN:-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

# Starts a node on free loopback ports with its own data directory; sets AGENT, INGRESS, NODE_PID.
# NODE_DATA may name the data directory to (re)use.
node_start() {
  export KARAF_DATA="${NODE_DATA:-$(mktemp -d "$WORK/node.XXXXXX")}"
  AGENT_PORT=$(free_port); HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$AGENT_PORT" ]; do HTTP_PORT=$(free_port); done
  AGENT="http://127.0.0.1:$AGENT_PORT"; INGRESS="http://127.0.0.1:$HTTP_PORT"
  "$ROOT/serve" start --agent-host 127.0.0.1 --agent-port "$AGENT_PORT" \
      --http-host 127.0.0.1 --http-port "$HTTP_PORT" > "$WORK/serve-start.log" 2>&1 \
    || { cat "$WORK/serve-start.log" >&2; die "the node did not start"; }
  NODE_PID=$(sed -n 's/^pid=//p' "$KARAF_DATA/serve-node.properties")
  NODE_RUNNING=1
}

node_stop() {
  [ -n "${NODE_RUNNING:-}" ] || return 0
  "$ROOT/serve" stop > "$WORK/serve-stop.log" 2>&1 || cat "$WORK/serve-stop.log" >&2
  NODE_RUNNING=
}

# Deletes the application and waits until the agent shows none.
app_delete() {
  curl -s -o /dev/null -H "Authorization: Bearer $SERVE_AGENT_TOKEN" -X DELETE "$AGENT/api/serve/deployments/"
  for _ in $(seq 100); do
    curl -s -H "Authorization: Bearer $SERVE_AGENT_TOKEN" "$AGENT/api/serve/deployments/status" | grep -q NOT_STARTED && return 0
    sleep 0.1
  done
}

# Heap in use (KB) after a full GC of the node's JVM.
heap_used_kb() {
  jcmd "$1" GC.run > /dev/null 2>&1
  jcmd "$1" GC.heap_info 2>/dev/null | grep -m1 -oE 'used [0-9]+K' | grep -oE '[0-9]+'
}

# wrk_run URL SECONDS CONNECTIONS THREADS [LUA] -> "rps p50_ms p99_ms non2xx socket_errors"
wrk_run() {
  local url="$1" secs="$2" conns="$3" threads="$4" lua="${5:-}" out
  out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency ${lua:+-s "$lua"} "$url" 2>&1)
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { non2xx = $NF }
    /Socket errors/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
    END { printf "%s %.3f %.3f %d %d\n", rps, p50, p99, non2xx, errs }'
}

# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit } ; if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# CPU time (user + system, ms) a process has used so far.
cpu_ms() {
  local tck; tck=$(getconf CLK_TCK)
  awk -v t="$tck" '{ sub(/^.*\) /, ""); printf "%d\n", ($12 + $13) * 1000 / t }' "/proc/$1/stat"
}

# CPU time (ms) of each thread of a process, busiest first: "ms name" lines.
thread_cpu() {
  local tck t; tck=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    awk -v n="$(cat "$t/comm" 2>/dev/null)" -v tck="$tck" '{ sub(/^.*\) /, ""); printf "%d %s\n", ($12 + $13) * 1000 / tck, n }' \
      "$t/stat" 2>/dev/null || true   # a thread may end meanwhile
  done | sort -rn
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
