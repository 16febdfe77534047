#!/usr/bin/env bash
# Runs every benchmark (JMH, ingress, update latency, start-up, scale) within BENCH_BUDGET_S seconds
# (600), loopback only, and writes bench/RESULTS.md: the machine, the commands, the numbers, the
# ratios to the baselines measured in this run, and each number against the issue's target.
# Last line: RESULT name=value ... (every script's results, prefixed with its name)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

BUDGET="${BENCH_BUDGET_S:-600}"
START=$(date +%s)
DEADLINE=$(( START + BUDGET ))
RESULTS="${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}"
LOGS="$WORK/run-all"
rm -rf "$LOGS"; mkdir -p "$LOGS"
LOAD_START=$(load_avg)

need_wrk
need_jdk_tools
build_bench
build_dist

# run NAME SECONDS CMD...: at most SECONDS, and never past the deadline (keeping 20 s for the rest)
declare -A RESULT_OF STATUS_OF ELAPSED_OF
run() {
  local name="$1" want="$2"; shift 2
  local left=$(( DEADLINE - $(date +%s) - 20 ))
  local limit=$(( want < left ? want : left ))
  if [ "$limit" -lt 30 ]; then
    STATUS_OF[$name]="skipped: the 10-minute budget was spent"; RESULT_OF[$name]=""; ELAPSED_OF[$name]=0
    log "$name: skipped (budget)"; return
  fi
  log "$name: up to ${limit}s: $*"
  local t0; t0=$(date +%s)
  timeout -k 20 "$limit" "$@" > "$LOGS/$name.out" 2> "$LOGS/$name.err"
  local rc=$?
  ELAPSED_OF[$name]=$(( $(date +%s) - t0 ))
  RESULT_OF[$name]=$(grep '^RESULT ' "$LOGS/$name.out" | tail -n 1 | sed 's/^RESULT //')
  case $rc in
    0) STATUS_OF[$name]="ok" ;;
    124|137) STATUS_OF[$name]="timed out after ${limit}s" ;;
    *) STATUS_OF[$name]="failed (exit $rc): $(tail -n 1 "$LOGS/$name.err")" ;;
  esac
  log "$name: ${STATUS_OF[$name]} in ${ELAPSED_OF[$name]}s"
}

run jmh 130 "$BENCH_DIR/jmh.sh"
run ingress 210 "$BENCH_DIR/ingress.sh"
run update-latency 110 "$BENCH_DIR/update-latency.sh"
run startup 130 "$BENCH_DIR/startup.sh"
run scale 150 "$BENCH_DIR/scale.sh"
LOAD_END=$(load_avg)
TOTAL=$(( $(date +%s) - START ))

# v SCRIPT KEY: a value from a script's RESULT line ("n/a" when missing)
v() { echo " ${RESULT_OF[$1]:-} " | grep -oE " $2=[^ ]+" | head -n 1 | cut -d= -f2 | grep . || echo "n/a"; }
# check VALUE OP LIMIT -> met / MISSED / n/a
check() {
  [ "$1" = n/a ] && { echo "n/a"; return; }
  awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? a <= b : (op == ">=") ? a >= b : a == b; print ok ? "met" : "**MISSED**" }'
}

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run-all.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') in ${TOTAL}s (budget ${BUDGET}s). Every number below"
  echo "comes from this one run; the baselines (raw Jetty, the bare executor hop) ran in the same run,"
  echo "alternating with what they are compared to."
  echo
  echo "## Machine"
  echo
  echo '```'
  echo "nproc: $(nproc)"
  echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MB total, " $7 " MB available" }')"
  echo "kernel: $(uname -sr)"
  java -version 2>&1
  echo "load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $LOAD_END"
  echo "code: commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); distribution built $(date -u -r "$ROOT/assembly/target/assembly/lib/cli" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
  echo "wrk: $(wrk -v 2>&1 | head -n 1)"
  echo '```'
  echo
  echo "The load average is the number of runnable processes: above 2 on this 2-core machine, other work"
  echo "(other builds, other tests) competed with the benchmark for the CPU, and wall-clock figures are"
  echo "inflated by about that factor. Where it matters, the CPU time the node itself used is given too."
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "bench/run-all.sh        # all of the below, bounded to ${BUDGET}s; writes this file"
  echo "bench/jmh.sh            # JMH 1.37: router and planner"
  echo "bench/ingress.sh        # wrk against the ingress and against raw Jetty, alternating"
  echo "bench/update-latency.sh # 50 user_config deploys + 10 replaces on FruitStand under a steady load"
  echo "bench/startup.sh        # serve start to agent ready (and three launchers compared); FruitStand deploy to RUNNING"
  echo "bench/scale.sh          # 10, 100, 1,000 replicas of the no-op class"
  echo '```'
  echo
  echo "| script | status | seconds |"
  echo "|---|---|---|"
  for s in jmh ingress update-latency startup scale; do
    echo "| $s | ${STATUS_OF[$s]} | ${ELAPSED_OF[$s]} |"
  done
  echo
  echo "## Against the issue's targets"
  echo
  echo "| target | measured | baseline in the same run | verdict |"
  echo "|---|---|---|---|"
  r1=$(v ingress noop1_rps_ratio)
  echo "| ingress no-op (1 replica) throughput >= 60% of raw Jetty | $(v ingress noop1_rps) req/s | raw Jetty $(v ingress raw_noop1_rps) req/s; ratio $r1 | $(check "$r1" '>=' 0.60) |"
  r2=$(v ingress noop2_rps_ratio)
  echo "| same, 2 replicas | $(v ingress noop2_rps) req/s | raw Jetty $(v ingress raw_noop2_rps) req/s; ratio $r2 | $(check "$r2" '>=' 0.60) |"
  a1=$(v ingress noop1_c1_added_p50_ms)
  echo "| added p50 latency <= 0.2 ms (one connection, nothing queued) | p50 $(v ingress noop1_c1_p50_ms) ms | raw Jetty p50 $(v ingress raw_noop1_c1_p50_ms) ms; added $a1 ms | $(check "$a1" '<=' 0.2) |"
  echo "| (the reference's published figures: 3-4k req/s on 8 cores with 8 no-op replicas, 1-2 ms overhead) | $(v ingress noop1_rps) req/s on 2 cores with 1 replica, wrk on the same cores; added p50 $a1 ms | | |"
  echo "| (same at 64 connections, for reference) | p50 $(v ingress noop1_p50_ms) ms, p99 $(v ingress noop1_p99_ms) ms | raw Jetty p50 $(v ingress raw_noop1_p50_ms) ms, p99 $(v ingress raw_noop1_p99_ms) ms | |"
  u=$(v update-latency user_config_p50_ms)
  echo "| user_config applied on every replica: p50 <= 50 ms | p50 $u ms, p99 $(v update-latency user_config_p99_ms) ms ($(v update-latency user_config_n) deploys; the PUT alone: p50 $(v update-latency user_config_put_p50_ms) ms) | | $(check "$u" '<=' 50) |"
  echo "| (code update: replace of MangoStand, for reference) | p50 $(v update-latency replace_p50_ms) ms, p99 $(v update-latency replace_p99_ms) ms ($(v update-latency replace_n) deploys) | | |"
  f=$(v update-latency failed_requests)
  echo "| 0 failed requests during updates | $f failed of $(v update-latency load_requests) (steady $(v update-latency load_rps) req/s) | | $(check "$f" '==' 0) |"
  c=$(v startup cold_agent_ready_ms); w=$(v startup warm_agent_ready_ms)
  echo "| \`serve start\` to agent ready <= 5 s (cold: new data directory) | $c ms (node CPU $(v startup cold_node_cpu_to_ready_ms) ms, of which JIT $(v startup cold_jit_cpu_ms) ms) | | $(check "$c" '<=' 5000) |"
  echo "| \`serve start\` to agent ready <= 5 s (warm: restart) | $w ms (node CPU $(v startup warm_node_cpu_to_ready_ms) ms, of which JIT $(v startup warm_jit_cpu_ms) ms) | | $(check "$w" '<=' 5000) |"
  kn=$(v startup node_agent_ready_ms); kk=$(v startup karaf_agent_ready_ms)
  echo "| (the node's JVM launched directly, restart: bin/serve-node) | $kn ms (node CPU $(v startup node_node_cpu_to_ready_ms) ms); without its class data archive $(v startup nocds_agent_ready_ms) ms (CPU $(v startup nocds_node_cpu_to_ready_ms) ms) | Karaf's bin/karaf server $kk ms (CPU $(v startup karaf_node_cpu_to_ready_ms) ms); ratio $(awk -v a="$kn" -v b="$kk" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }') | |"
  fd=$(v startup cold_fruit_deploy_ms)
  echo "| FruitStand deploy to RUNNING <= 1 s | $fd ms (first deploy after a cold start); $(v startup warm_fruit_deploy_ms) ms (warm) | | $(check "$fd" '<=' 1000) |"
  d=$(v scale d100x10_deploy_ms)
  echo "| 1,000 replicas (100 deployments x 10) deploy <= 10 s | $d ms (node CPU $(v scale d100x10_deploy_cpu_ms) ms) | | $(check "$d" '<=' 10000) |"
  h=$(v scale d100x10_heap_kb_per_replica)
  echo "| heap per idle replica <= 50 KB | $h KB (100 x 10); $(v scale d1x1000_heap_kb_per_replica) KB (1 x 1000) | | $(check "$h" '<=' 50) |"
  echo "| (one user_config update across all 1,000 replicas) | $(v scale d100x10_update_all_ms) ms (100 x 10); $(v scale d1x1000_update_all_ms) ms (1 x 1000) | | |"
  echo
  echo "## Ingress (bench/ingress.sh)"
  echo
  echo "wrk, same settings for both servers, medians over $(v ingress rounds) alternating rounds of $(v ingress wrk_seconds) s;"
  echo "saturation: \`wrk -t2 -c$(v ingress connections)\`; one connection: \`wrk -t1 -c1\`. wrk runs on the same 2 cores."
  echo
  echo "| case | req/s | raw Jetty req/s | ratio | p50 ms | raw p50 | p99 ms | raw p99 | c1 p50 ms | raw c1 p50 | c1 added p50 ms | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for l in noop1 noop2 fruit; do
    echo "| $l | $(v ingress ${l}_rps) | $(v ingress raw_${l}_rps) | $(v ingress ${l}_rps_ratio) | $(v ingress ${l}_p50_ms) | $(v ingress raw_${l}_p50_ms) | $(v ingress ${l}_p99_ms) | $(v ingress raw_${l}_p99_ms) | $(v ingress ${l}_c1_p50_ms) | $(v ingress raw_${l}_c1_p50_ms) | $(v ingress ${l}_c1_added_p50_ms) | $(v ingress ${l}_non2xx) |"
  done
  echo
  echo "noop1/noop2: the no-op deployment with 1 and 2 replicas, GET /. fruit: FruitStand, POST / [\"MANGO\", 2]"
  echo "(DAGDriver -> FruitMarket -> MangoStand), against raw Jetty's GET / in the same rounds."
  echo
  echo "## JMH (bench/jmh.sh)"
  echo
  echo "Microseconds per operation (lower is better); 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement. The table is"
  echo "JMH's (mean of the iterations, with its error); the figures under it are the median iteration."
  echo
  echo '```'
  sed -n '/^Benchmark /,/^$/p' "$WORK/jmh.log" 2>/dev/null | grep -v '^$' || echo "(no JMH output)"
  echo '```'
  echo
  echo "Router over the bare executor hop (same pool size, same no-op method): one caller"
  echo "1 replica $(v jmh router_call_1r_vs_hop)x, 2 replicas $(v jmh router_call_2r_vs_hop)x, 10 replicas $(v jmh router_call_10r_vs_hop)x;"
  echo "four callers 1 replica $(v jmh router_callFourCallers_1r_vs_hop)x, 10 replicas $(v jmh router_callFourCallers_10r_vs_hop)x."
  echo "Planner on 100 deployments: identical $(v jmh planner_planIdentical_us) us, one user_config changed"
  echo "$(v jmh planner_planOneUserConfigChanged_us) us; parse and validation of that config $(v jmh planner_parseAndValidate_us) us."
  echo
  echo "## Raw results"
  echo
  echo '```'
  for s in jmh ingress update-latency startup scale; do
    echo "$s: ${RESULT_OF[$s]:-(none)}"
  done
  echo '```'
  echo
  echo "Logs of this run: bench/target/work/run-all/ (not committed)."
  if [ -f "$BENCH_DIR/findings.md" ]; then
    echo
    cat "$BENCH_DIR/findings.md"
  fi
} > "$RESULTS"

log "wrote $RESULTS in ${TOTAL}s"
line="RESULT total_s=$TOTAL"
for s in jmh ingress update-latency startup scale; do
  for kv in ${RESULT_OF[$s]:-}; do line+=" ${s//-/_}.$kv"; done
done
echo "$line"
