#!/usr/bin/env bash
# Ingress throughput and latency: the no-op deployment (1 replica, then 2) through the node's ingress,
# against a raw Jetty 12 core handler answering the same bytes, with the same wrk settings, alternating
# the two for BENCH_ROUNDS rounds; then the FruitStand graph (DAGDriver -> FruitMarket -> a stand).
# Two loads: saturation (wrk -t2 -c64) for requests/s and p50/p99, and one connection (wrk -t1 -c1)
# for the latency a request pays when nothing queues (the "added latency").
# Besides the node as it ships (metrics on, access log off), the same run measures node variants
# (BENCH_INGRESS_VARIANTS, default "nometrics accesslog"): one node with serve.metrics.enabled=false and
# one with serve.access.log=true, each alternating with the others within every round, so that
# metrics_keep = rps with metrics / rps without (issue #14: at least 0.95) and accesslog_keep = rps with
# the access log / rps without come from the same minutes of the same machine: every node warmed until its
# own req/s is steady, the same wrk, connections and duration for each, the order flipped every round, and
# the median of the per-round ratios reported (the rounds' ratios are logged too).
# Only the metrics question: BENCH_INGRESS_VARIANTS=nometrics bench/ingress.sh
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-3}"
SECS="${BENCH_WRK_SECONDS:-4}"
LAT_SECS="${BENCH_LAT_SECONDS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
WARM="${BENCH_WARMUP_SECONDS:-3}"
VARIANTS="${BENCH_INGRESS_VARIANTS-nometrics accesslog}"

need_wrk
build_bench
build_dist

RAW_PID=
# the node variants: name -> extra node settings; each gets its own data directory and ports
declare -A V_OPTS=([node]="" [nometrics]="-Dserve.metrics.enabled=false" [accesslog]="-Dserve.access.log=true")
declare -A V_AGENT V_INGRESS V_PORT V_DATA
NODES=(node)
for v in $VARIANTS; do
  [ -n "${V_OPTS[$v]+x}" ] || die "unknown variant $v (nometrics, accesslog)"
  NODES+=("$v")
done
cleanup() {
  [ -n "$RAW_PID" ] && kill "$RAW_PID" 2> /dev/null || true
  local v
  for v in "${NODES[@]}"; do
    [ -n "${V_DATA[$v]:-}" ] && KARAF_DATA="${V_DATA[$v]}" "$ROOT/serve" stop > /dev/null 2>&1 || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RAW_PORT=$(free_port)
java -Xmx256m -cp "$HCP" io.osgiserve.bench.tools.RawJettyServer "$RAW_PORT" > "$WORK/raw-jetty.log" 2>&1 &
RAW_PID=$!
RAW="http://127.0.0.1:$RAW_PORT/"
for v in "${NODES[@]}"; do
  NODE_DATA= EXTRA_JAVA_OPTS="${V_OPTS[$v]}" node_start
  NODE_RUNNING= # stopped by cleanup, each with its own data directory
  V_AGENT[$v]=$AGENT; V_INGRESS[$v]=$INGRESS; V_PORT[$v]=$HTTP_PORT; V_DATA[$v]=$KARAF_DATA
  log "node '$v' (${V_OPTS[$v]:-as shipped}): pid $NODE_PID, agent $AGENT, ingress $INGRESS"
done
AGENT=${V_AGENT[node]}; INGRESS=${V_INGRESS[node]}
log "raw Jetty pid $RAW_PID at $RAW"

for _ in $(seq 100); do curl -sf -o /dev/null "$RAW" && break; sleep 0.1; done
[ "$(curl -s "$RAW")" = ok ] || die "the raw Jetty server does not answer"

for v in "${NODES[@]}"; do
  driver gen-noop single 1 1 "$NOOP_URI" 3 "${V_PORT[$v]}" > "$WORK/noop-1-$v.json"
  driver gen-noop single 1 2 "$NOOP_URI" 3 "${V_PORT[$v]}" > "$WORK/noop-2-$v.json"
  driver gen-fruit "$FRUIT_YAML" "${V_PORT[$v]}" > "$WORK/fruit-$v.json"
done
cat > "$WORK/mango.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '["MANGO", 2]'
wrk.headers["Content-Type"] = "application/json"
EOF

# Same bytes? (the Date header aside)
same_answer() {
  diff <(curl -si "$RAW" | grep -v '^Date:') <(curl -si "$INGRESS/" | grep -v '^Date:') > /dev/null
}

# measure LABEL [LUA]: rounds of raw Jetty then each node's ingress (variants labelled LABEL-VARIANT);
# appends lines to $WORK/ingress.dat:
#   LABEL round kind rps p50 p99 non2xx errors      (kind: sat = -c$CONNS, one = -c1)
# The nodes take turns in an order that flips every round (node, variants...; then ...variants, node), so
# that neither side of a ratio is always the one measured first or on a machine that got busier.
measure() {
  local label="$1" lua="${2:-}" r v order
  # warm every server up (the JIT): a new code path in the node needs a few seconds, the first one longer
  local warm="$WARM"
  [ -s "$WORK/ingress.dat" ] || warm=$(( WARM * 2 ))
  wrk_run "$RAW" "$warm" "$CONNS" 2 > /dev/null
  warm_until_steady "$warm" "$lua"
  for r in $(seq "$ROUNDS"); do
    order=("${NODES[@]}")
    (( r % 2 )) || order=($(printf '%s\n' "${NODES[@]}" | tac))
    echo "raw-$label $r sat $(wrk_run "$RAW" "$SECS" "$CONNS" 2)" >> "$WORK/ingress.dat"
    for v in "${order[@]}"; do
      echo "$(name "$label" "$v") $r sat $(wrk_run "${V_INGRESS[$v]}/" "$SECS" "$CONNS" 2 "$lua")" >> "$WORK/ingress.dat"
    done
    echo "raw-$label $r one $(wrk_run "$RAW" "$LAT_SECS" 1 1)" >> "$WORK/ingress.dat"
    for v in "${order[@]}"; do
      echo "$(name "$label" "$v") $r one $(wrk_run "${V_INGRESS[$v]}/" "$LAT_SECS" 1 1 "$lua")" >> "$WORK/ingress.dat"
    done
    log "$(tail -n $(( 2 + 2 * ${#NODES[@]} )) "$WORK/ingress.dat" | tr '\n' ';')"
  done
}
# warm_until_steady SECONDS [LUA]: loads the nodes in turn, SECONDS each, until each one's req/s has stopped
# climbing (its last two runs within BENCH_WARMUP_TOLERANCE, 3%, of each other; at most BENCH_WARMUP_RUNS
# turns). The node's JIT (whose C2 thresholds bin/setenv raises for a quicker start) keeps compiling a new
# path for many seconds, longer with several nodes sharing the cores; a node measured before it is done
# says more about warm-up than about the ingress (a metrics-off node still speeding up over the rounds
# read as a cost of the metrics). Taking turns gives every node the same warm-up on the same machine.
warm_until_steady() {
  local secs="$1" lua="${2:-}" tol="${BENCH_WARMUP_TOLERANCE:-0.03}" i v now
  declare -A prev=() steady=()
  for i in $(seq "${BENCH_WARMUP_RUNS:-12}"); do
    for v in "${NODES[@]}"; do
      [ -n "${steady[$v]:-}" ] && continue
      now=$(wrk_run "${V_INGRESS[$v]}/" "$secs" "$CONNS" 2 "$lua" | cut -d' ' -f1)
      if awk -v a="${prev[$v]:-0}" -v b="$now" -v t="$tol" 'BEGIN { exit !(a > 0 && b < a * (1 + t) && b > a * (1 - t)) }'; then
        steady[$v]=$i
        log "warm: node '$v' steady at $now req/s after $i runs"
      fi
      prev[$v]=$now
    done
    [ "${#steady[@]}" -eq "${#NODES[@]}" ] && return 0
  done
  for v in "${NODES[@]}"; do
    [ -n "${steady[$v]:-}" ] || log "warm: node '$v' still moving after $i runs (${prev[$v]} req/s)"
  done
}

# the label of a case on a node: the node as shipped keeps the bare label
name() { if [ "$2" = node ]; then echo "$1"; else echo "$1-$2"; fi; }

# deploy_all CASE: the same application on every node
deploy_all() {
  local v
  for v in "${NODES[@]}"; do driver deploy-wait "${V_AGENT[$v]}" "$WORK/$1-$v.json" 60 >&2; done
}

: > "$WORK/ingress.dat"
: > "$WORK/wrk.log"
log "load average before: $(load_avg)"

deploy_all noop-1
same_answer || { curl -si "$RAW"; curl -si "$INGRESS/"; die "the ingress and raw Jetty do not answer the same bytes"; } >&2
measure noop1

deploy_all noop-2
measure noop2

for v in "${NODES[@]}"; do AGENT=${V_AGENT[$v]} app_delete; done
AGENT=${V_AGENT[node]}
deploy_all fruit
for v in "${NODES[@]}"; do
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "${V_INGRESS[$v]}/")" = 6 ] \
    || die "FruitStand on node '$v' does not answer 6 to [\"MANGO\", 2]"
done
measure fruit "$WORK/mango.lua"
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

# per-round ratio of label A's rps to label B's, median
keep() {
  paste <(col "$1" sat 4) <(col "$2" sat 4) | awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' > "$WORK/keep"
  log "$1 / $2 by round: $(tr '\n' ' ' < "$WORK/keep")"
  median < "$WORK/keep"
}

out="RESULT"
for l in noop1 noop2 fruit; do
  out+=" ${l}_rps=$(col "$l" sat 4 | median) raw_${l}_rps=$(col "raw-$l" sat 4 | median) ${l}_rps_ratio=$(ratio "$l" sat 4)"
  out+=" ${l}_p50_ms=$(col "$l" sat 5 | median) raw_${l}_p50_ms=$(col "raw-$l" sat 5 | median)"
  out+=" ${l}_p99_ms=$(col "$l" sat 6 | median) raw_${l}_p99_ms=$(col "raw-$l" sat 6 | median)"
  out+=" ${l}_c1_p50_ms=$(col "$l" one 5 | median) raw_${l}_c1_p50_ms=$(col "raw-$l" one 5 | median)"
  out+=" ${l}_c1_added_p50_ms=$(added "$l" one 5) ${l}_c1_p99_ms=$(col "$l" one 6 | median)"
  out+=" ${l}_c1_rps=$(col "$l" one 4 | median) raw_${l}_c1_rps=$(col "raw-$l" one 4 | median)"
  out+=" ${l}_non2xx=$(sum_col "$l" sat 7)"
  for v in $VARIANTS; do
    paste <(col "$l-$v" sat 4) <(col "raw-$l" sat 4) | awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' | median > "$WORK/r"
    out+=" ${l}_${v}_rps=$(col "$l-$v" sat 4 | median) ${l}_${v}_rps_ratio=$(cat "$WORK/r")"
    out+=" ${l}_${v}_c1_p50_ms=$(col "$l-$v" one 5 | median) ${l}_${v}_non2xx=$(sum_col "$l-$v" sat 7)"
  done
  case " $VARIANTS " in *" nometrics "*) out+=" ${l}_metrics_keep=$(keep "$l" "$l-nometrics")" ;; esac
  case " $VARIANTS " in *" accesslog "*) out+=" ${l}_accesslog_keep=$(keep "$l-accesslog" "$l")" ;; esac
done
out+=" rounds=$ROUNDS wrk_seconds=$SECS connections=$CONNS variants=${VARIANTS// /,}"
echo "$out"
