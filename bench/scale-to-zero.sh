#!/usr/bin/env bash
# Scale to zero: a no-op deployment with autoscaling min_replicas 0 (downscale_to_zero_delay_s 1) is left
# idle until it has no replica; then one request is timed from zero replicas (the cold request: it wakes the
# autoscaler, waits in the router's queue while a replica starts, and is answered by it), and right after it
# one request to the replica now running (the warm request, the baseline of the same round).
# BENCH_ZERO_ROUNDS (5) rounds; the medians and their ratio. Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_ZERO_ROUNDS:-5}"

command -v python3 > /dev/null || die "python3 is needed to read the agent's JSON"
if [ ! -f "$NOOP_JAR" ]; then
  log "building the no-op bundle (mvn package)"
  mvn -B -q -f "$BENCH_DIR/pom.xml" -pl noop-app package > "$WORK/build-noop.log" 2>&1 \
    || die "the no-op bundle does not build (see $WORK/build-noop.log)"
fi
build_dist
trap node_stop EXIT
trap 'exit 130' INT TERM

node_start
log "node pid $NODE_PID, agent $AGENT, ingress $INGRESS"
cat > "$WORK/zero.json" <<EOF
{"http_options": {"host": "127.0.0.1", "port": $HTTP_PORT},
 "applications": [{"name": "zero", "route_prefix": "/", "import_path": "noop:single",
   "runtime_env": {"working_dir": "$NOOP_URI"},
   "deployments": [{"name": "Noop", "user_config": {"price": 3},
     "autoscaling_config": {"min_replicas": 0, "initial_replicas": 1, "max_replicas": 1,
       "metrics_interval_s": 0.1, "look_back_period_s": 0.3, "downscale_to_zero_delay_s": 1}}]}]}
EOF
auth=(-H "Authorization: Bearer $SERVE_AGENT_TOKEN")
code=$(curl -s -o "$WORK/zero-put.txt" -w '%{http_code}' "${auth[@]}" -X PUT -H 'Content-Type: application/json' \
  --data-binary @"$WORK/zero.json" "$AGENT/api/serve/applications/")
[ "$code" = 200 ] || die "the deploy was refused ($code): $(cat "$WORK/zero-put.txt")"

# "RUNNING_REPLICAS LIVE_REPLICAS" of Noop (live: not stopping), or "none" before the application is RUNNING
replicas() {
  curl -s "${auth[@]}" "$AGENT/api/serve/applications/" | python3 -c '
import json, sys
app = json.load(sys.stdin).get("applications", {}).get("zero", {})
d = app.get("deployments", {}).get("Noop")
if d is None or app.get("status") != "RUNNING":
    print("none")
else:
    states = [r["state"] for r in d["replicas"]]
    print(states.count("RUNNING"), sum(1 for s in states if s != "STOPPING"))'
}

# waits (at most 60 s) until the deployment runs N replicas and has no other
await_replicas() {
  local want="$1"
  for _ in $(seq 600); do
    [ "$(replicas)" = "$want $want" ] && return 0
    sleep 0.1
  done
  die "the deployment did not reach $want replica(s) within 60 s (now: $(replicas))"
}

# one POST, its wall time in ms; anything but 200 fails the run
timed_request() {
  local out status ms
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -d '"x"' "$INGRESS/")
  status=${out%% *}
  [ "$status" = 200 ] || die "the request answered $status"
  ms=$(awk -v s="${out##* }" 'BEGIN { printf "%.1f", s * 1000 }')
  echo "$ms"
}

await_replicas 1
timed_request > /dev/null   # the first request of the node's life: class loading, not what is measured
log "load average before: $(load_avg)"
: > "$WORK/zero-cold.txt"; : > "$WORK/zero-warm.txt"
for round in $(seq "$ROUNDS"); do
  await_replicas 0
  cold=$(timed_request)
  warm=$(timed_request)
  echo "$cold" >> "$WORK/zero-cold.txt"; echo "$warm" >> "$WORK/zero-warm.txt"
  log "round $round: cold ${cold} ms (from zero replicas), warm ${warm} ms"
done
log "load average after: $(load_avg)"
cold_p50=$(median < "$WORK/zero-cold.txt")
warm_p50=$(median < "$WORK/zero-warm.txt")
ratio=$(awk -v c="$cold_p50" -v w="$warm_p50" 'BEGIN { printf "%.1f", c / w }')
echo "RESULT zero_rounds=$ROUNDS cold_p50_ms=$cold_p50 warm_p50_ms=$warm_p50 cold_over_warm=$ratio cold_ms=$(paste -sd, "$WORK/zero-cold.txt") warm_ms=$(paste -sd, "$WORK/zero-warm.txt")"
