#!/usr/bin/env bash
# Ingress throughput and latency: the no-op deployment (1 replica, then 2) through the node's ingress,
# against a raw Jetty 12 core handler answering the same bytes, with the same wrk settings, alternating
# the two for BENCH_ROUNDS rounds; then the FruitStand graph (DAGDriver -> FruitMarket -> a stand).
# Two loads: saturation (wrk -t2 -c64) for requests/s and p50/p99, and one connection (wrk -t1 -c1)
# for the latency a request pays when nothing queues (the "added latency").
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-3}"
SECS="${BENCH_WRK_SECONDS:-4}"
LAT_SECS="${BENCH_LAT_SECONDS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
WARM="${BENCH_WARMUP_SECONDS:-3}"

need_wrk
build_bench
build_dist

RAW_PID=
cleanup() {
  [ -n "$RAW_PID" ] && kill "$RAW_PID" 2> /dev/null || true
  node_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RAW_PORT=$(free_port)
java -Xmx256m -cp "$HCP" io.osgiserve.bench.tools.RawJettyServer "$RAW_PORT" > "$WORK/raw-jetty.log" 2>&1 &
RAW_PID=$!
RAW="http://127.0.0.1:$RAW_PORT/"
node_start
log "node pid $NODE_PID, agent $AGENT, ingress $INGRESS; raw Jetty pid $RAW_PID at $RAW"

for _ in $(seq 100); do curl -sf -o /dev/null "$RAW" && break; sleep 0.1; done
[ "$(curl -s "$RAW")" = ok ] || die "the raw Jetty server does not answer"

driver gen-noop single 1 1 "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/noop-1.json"
driver gen-noop single 1 2 "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/noop-2.json"
driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
cat > "$WORK/mango.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '["MANGO", 2]'
wrk.headers["Content-Type"] = "application/json"
EOF

# Same bytes? (the Date header aside)
same_answer() {
  diff <(curl -si "$RAW" | grep -v '^Date:') <(curl -si "$INGRESS/" | grep -v '^Date:') > /dev/null
}

# measure LABEL URL [LUA]: alternating rounds of raw Jetty and URL; appends lines to $WORK/ingress.dat:
#   LABEL round kind rps p50 p99 non2xx errors      (kind: sat = -c$CONNS, one = -c1)
measure() {
  local label="$1" url="$2" lua="${3:-}" r
  # warm both up (the JIT): a new code path in the node needs a few seconds, the first one longer
  local warm="$WARM"
  [ -s "$WORK/ingress.dat" ] || warm=$(( WARM * 2 ))
  wrk_run "$RAW" "$warm" "$CONNS" 2 > /dev/null
  wrk_run "$url" "$warm" "$CONNS" 2 "$lua" > /dev/null
  for r in $(seq "$ROUNDS"); do
    echo "raw-$label $r sat $(wrk_run "$RAW" "$SECS" "$CONNS" 2)" >> "$WORK/ingress.dat"
    echo "$label $r sat $(wrk_run "$url" "$SECS" "$CONNS" 2 "$lua")" >> "$WORK/ingress.dat"
    echo "raw-$label $r one $(wrk_run "$RAW" "$LAT_SECS" 1 1)" >> "$WORK/ingress.dat"
    echo "$label $r one $(wrk_run "$url" "$LAT_SECS" 1 1 "$lua")" >> "$WORK/ingress.dat"
    log "$(tail -n 4 "$WORK/ingress.dat" | tr '\n' ';')"
  done
}

: > "$WORK/ingress.dat"
: > "$WORK/wrk.log"
log "load average before: $(load_avg)"

driver deploy-wait "$AGENT" "$WORK/noop-1.json" 60 >&2
same_answer || { curl -si "$RAW"; curl -si "$INGRESS/"; die "the ingress and raw Jetty do not answer the same bytes"; } >&2
measure noop1 "$INGRESS/"

driver deploy-wait "$AGENT" "$WORK/noop-2.json" 60 >&2
measure noop2 "$INGRESS/"

app_delete
driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
[ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
  || die "FruitStand does not answer 6 to [\"MANGO\", 2]"
measure fruit "$INGRESS/" "$WORK/mango.lua"
log "load average after: $(load_avg)"

# column of the rows of LABEL and KIND: rps=4 p50=5 p99=6 non2xx=7 errors=8
col() { awk -v l="$1" -v k="$2" -v c="$3" '$1 == l && $3 == k { print $c }' "$WORK/ingress.dat"; }
# per-round ratio of LABEL to its raw rounds, median
ratio() {
  paste <(col "$1" "$2" "$3") <(col "raw-$1" "$2" "$3") | awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' | median
}
added() {
  paste <(col "$1" "$2" "$3") <(col "raw-$1" "$2" "$3") | awk '{ printf "%.3f\n", $1 - $2 }' | median
}
sum_col() { col "$1" "$2" "$3" | awk '{ s += $1 } END { print s + 0 }'; }

out="RESULT"
for l in noop1 noop2 fruit; do
  out+=" ${l}_rps=$(col "$l" sat 4 | median) raw_${l}_rps=$(col "raw-$l" sat 4 | median) ${l}_rps_ratio=$(ratio "$l" sat 4)"
  out+=" ${l}_p50_ms=$(col "$l" sat 5 | median) raw_${l}_p50_ms=$(col "raw-$l" sat 5 | median)"
  out+=" ${l}_p99_ms=$(col "$l" sat 6 | median) raw_${l}_p99_ms=$(col "raw-$l" sat 6 | median)"
  out+=" ${l}_c1_p50_ms=$(col "$l" one 5 | median) raw_${l}_c1_p50_ms=$(col "raw-$l" one 5 | median)"
  out+=" ${l}_c1_added_p50_ms=$(added "$l" one 5) ${l}_c1_p99_ms=$(col "$l" one 6 | median)"
  out+=" ${l}_c1_rps=$(col "$l" one 4 | median) raw_${l}_c1_rps=$(col "raw-$l" one 4 | median)"
  out+=" ${l}_non2xx=$(sum_col "$l" sat 7)"
done
out+=" rounds=$ROUNDS wrk_seconds=$SECS connections=$CONNS"
echo "$out"
