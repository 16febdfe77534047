#!/usr/bin/env bash
# Start-up: from launching `serve start` to the agent answering GET /api/ray/version (polled every
# 20 ms, so the CLI's own poll interval does not count), and the FruitStand deploy from the PUT to the
# app being RUNNING. Twice: a cold start (a new, empty data directory: Karaf resolves its features) and
# a warm start (the same data directory again, after the application was deleted). The CPU time the
# node's JVM used until then is reported too: on a machine that others load, it is the steadier figure.
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build_bench
build_dist
trap node_stop EXIT
trap 'exit 130' INT TERM

NODE_DATA="$(mktemp -d "$WORK/node.XXXXXX")"
out="RESULT"
for kind in cold warm; do
  # the ports are chosen first, so the poll below knows where to look
  AGENT_PORT=$(free_port)
  t0=$(now_ms)
  (
    while :; do
      curl -sf -o /dev/null "http://127.0.0.1:$AGENT_PORT/api/ray/version" && { now_ms > "$WORK/agent-ready"; exit 0; }
      [ $(( $(now_ms) - t0 )) -gt 120000 ] && exit 1
      sleep 0.02
    done
  ) &
  poll=$!
  export KARAF_DATA="$NODE_DATA"
  HTTP_PORT=$(free_port)
  AGENT="http://127.0.0.1:$AGENT_PORT"; INGRESS="http://127.0.0.1:$HTTP_PORT"
  "$ROOT/serve" start --agent-host 127.0.0.1 --agent-port "$AGENT_PORT" \
      --http-host 127.0.0.1 --http-port "$HTTP_PORT" > "$WORK/serve-start.log" 2>&1 \
    || { cat "$WORK/serve-start.log" >&2; die "the node did not start"; }
  NODE_RUNNING=1
  t_cli=$(now_ms)
  wait "$poll" || die "the agent did not answer within 120 s"
  t_ready=$(cat "$WORK/agent-ready")
  NODE_PID=$(sed -n 's/^pid=//p' "$KARAF_DATA/serve-node.properties")
  cpu=$(cpu_ms "$NODE_PID")
  thread_cpu "$NODE_PID" > "$WORK/startup-threads-$kind.txt"
  jit=$(awk '/Compiler/ { s += $1 } END { print s + 0 }' "$WORK/startup-threads-$kind.txt")
  log "$kind: busiest threads until ready (CPU ms): $(head -n 6 "$WORK/startup-threads-$kind.txt" | tr '\n' ';')"
  log "$kind: agent ready after $(( t_ready - t0 )) ms; serve start returned after $(( t_cli - t0 )) ms; node CPU $cpu ms; load $(load_avg)"
  driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
  deploy=$(driver deploy-wait "$AGENT" "$WORK/fruit.json" 60)
  log "$kind: $deploy"
  deploy_ms=$(echo "$deploy" | sed -n 's/.*deploy_ms=\([0-9.]*\).*/\1/p')
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
    || die "FruitStand does not answer 6 to [\"MANGO\", 2]"
  app_delete
  node_stop
  out+=" ${kind}_agent_ready_ms=$(( t_ready - t0 )) ${kind}_serve_start_ms=$(( t_cli - t0 )) ${kind}_node_cpu_to_ready_ms=$cpu ${kind}_jit_cpu_ms=$jit ${kind}_fruit_deploy_ms=$deploy_ms"
done
echo "$out"
