#!/usr/bin/env bash
# Jakarta REST deployments (issue #15): the REST ingress against the DAGDriver path and raw Jetty, and the
# heap of an idle REST replica. Cases, all through the node's ingress, one worker replica each, wrk
# alternating with a raw Jetty 12 core handler (the baseline) in every round:
#   dag        POST / ["MANGO", 2]: DAGDriver -> Noop.quote (the graph path a user writes without REST)
#   rest_quote POST /quote {"fruit": "MANGO", "amount": 2}: NoopRest.quote, a JSON body to a record
#   noop       GET /: the plain no-op deployment (call(HttpRequest)), answering ok
#   rest_get   GET /: NoopRest's @GET, answering ok
# Heap per idle replica: heap after a full GC with 1 and then 101 replicas of NoopRest (and of Noop, for
# comparison); the difference over 100 (the Jersey application, one per version, is in both figures).
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-3}"
SECS="${BENCH_WRK_SECONDS:-4}"
LAT_SECS="${BENCH_LAT_SECONDS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
WARM="${BENCH_WARMUP_SECONDS:-3}"

need_wrk
need_jdk_tools
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

for app in single rest dag; do
  for n in 1 101; do driver gen-noop "$app" 1 "$n" "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/rest-$app-$n.json"; done
done
cat > "$WORK/dag.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '["MANGO", 2]'
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$WORK/rest-quote.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"fruit": "MANGO", "amount": 2}'
wrk.headers["Content-Type"] = "application/json"
LUA

DAT="$WORK/rest.dat"
: > "$DAT"
: > "$WORK/wrk.log"
# measure LABEL URL [LUA]: alternating rounds of raw Jetty and URL; lines "LABEL round kind rps p50 p99 non2xx errors"
measure() {
  local label="$1" url="$2" lua="${3:-}" r
  wrk_run "$RAW" "$WARM" "$CONNS" 2 > /dev/null
  wrk_run "$url" "$(( WARM * 2 ))" "$CONNS" 2 "$lua" > /dev/null
  for r in $(seq "$ROUNDS"); do
    echo "raw-$label $r sat $(wrk_run "$RAW" "$SECS" "$CONNS" 2)" >> "$DAT"
    echo "$label $r sat $(wrk_run "$url" "$SECS" "$CONNS" 2 "$lua")" >> "$DAT"
    echo "raw-$label $r one $(wrk_run "$RAW" "$LAT_SECS" 1 1)" >> "$DAT"
    echo "$label $r one $(wrk_run "$url" "$LAT_SECS" 1 1 "$lua")" >> "$DAT"
    log "$(tail -n 4 "$DAT" | tr '\n' ';')"
  done
}
expect() { # expect WHAT ANSWER CURL-ARGS...
  local what="$1" want="$2"; shift 2
  local got; got=$(curl -s "$@")
  [ "$got" = "$want" ] || die "$what answered '$got', not '$want'"
}
# heap_per_replica APP: KB of heap per replica beyond the first, from 1 and 101 idle replicas
heap_per_replica() {
  app_delete
  driver deploy-wait "$AGENT" "$WORK/rest-$1-1.json" 60 >&2
  local one; one=$(heap_used_kb "$NODE_PID")
  driver deploy-wait "$AGENT" "$WORK/rest-$1-101.json" 120 >&2
  local many; many=$(heap_used_kb "$NODE_PID")
  log "$1: heap ${one}K with 1 replica, ${many}K with 101"
  echo $(( (many - one) / 100 ))
}

log "load average before: $(load_avg)"
driver deploy-wait "$AGENT" "$WORK/rest-dag-1.json" 60 >&2
expect "the DAGDriver path" 6 -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/"
measure dag "$INGRESS/" "$WORK/dag.lua"

driver deploy-wait "$AGENT" "$WORK/rest-rest-1.json" 60 >&2
expect "NoopRest's quote" 6 -X POST -H 'Content-Type: application/json' -d '{"fruit": "MANGO", "amount": 2}' "$INGRESS/quote"
expect "NoopRest's GET" ok "$INGRESS/"
measure rest_quote "$INGRESS/quote" "$WORK/rest-quote.lua"
measure rest_get "$INGRESS/"

driver deploy-wait "$AGENT" "$WORK/rest-single-1.json" 60 >&2
expect "the no-op deployment" ok "$INGRESS/"
measure noop "$INGRESS/"
log "load average after the throughput rounds: $(load_avg)"

rest_heap=$(heap_per_replica rest)
noop_heap=$(heap_per_replica single)

col() { awk -v l="$1" -v k="$2" -v c="$3" '$1 == l && $3 == k { print $c }' "$DAT"; }
ratio() { paste <(col "$1" "$2" "$3") <(col "raw-$1" "$2" "$3") | awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' | median; }
sum_col() { col "$1" "$2" "$3" | awk '{ s += $1 } END { print s + 0 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "nan" }'; }

out="RESULT"
for l in dag rest_quote noop rest_get; do
  out+=" ${l}_rps=$(col "$l" sat 4 | median) raw_${l}_rps=$(col "raw-$l" sat 4 | median) ${l}_raw_ratio=$(ratio "$l" sat 4)"
  out+=" ${l}_p50_ms=$(col "$l" sat 5 | median) ${l}_p99_ms=$(col "$l" sat 6 | median)"
  out+=" ${l}_c1_p50_ms=$(col "$l" one 5 | median) raw_${l}_c1_p50_ms=$(col "raw-$l" one 5 | median)"
  out+=" ${l}_non2xx=$(sum_col "$l" sat 7)"
done
# the REST path against its non-REST counterpart, each as its share of raw Jetty in the same rounds
out+=" rest_quote_vs_dag=$(div "$(ratio rest_quote sat 4)" "$(ratio dag sat 4)")"
out+=" rest_get_vs_noop=$(div "$(ratio rest_get sat 4)" "$(ratio noop sat 4)")"
out+=" rest_heap_kb_per_replica=$rest_heap noop_heap_kb_per_replica=$noop_heap"
out+=" rounds=$ROUNDS wrk_seconds=$SECS connections=$CONNS load_end=$(load_avg | tr ' ' '/')"
echo "$out"
