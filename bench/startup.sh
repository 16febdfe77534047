#!/usr/bin/env bash
# Start-up: from launching the node to its agent answering GET /api/ray/version (polled every 10 ms by
# one already-running process, so neither the CLI's poll interval nor the poller's own start counts),
# and the FruitStand deploy from the PUT to the app being RUNNING. Five starts of one data directory,
# one after the other:
#   cold   `serve start` on a new, empty data directory (the node's class data archive is written when
#          it stops); from the command to the agent, so the CLI's own JVM start counts
#   warm   `serve start` again: a restart, with the archive
# and, to compare launchers on equal terms, the node's JVM launched directly (no CLI):
#   node   bin/serve-node, as `serve start` runs it, with the archive
#   nocds  bin/serve-node with SERVE_CDS=0: without the archive (what the archive gives)
#   karaf  Karaf's own `bin/karaf server`, which `serve start` ran before bin/serve-node: patched
#          modules, so no class data sharing at all (the baseline)
# The CPU time the node's JVM used until ready is reported too: on a machine that others load, it is
# the steadier figure.
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build_bench
build_dist
trap 'node_stop; karaf_stop; [ -z "${poller_pid:-}" ] || kill "$poller_pid" 2> /dev/null || true' EXIT
trap 'exit 130' INT TERM

DIST="$ROOT/assembly/target/assembly"
KARAF_PID=
karaf_stop() {
  [ -n "$KARAF_PID" ] || return 0
  kill "$KARAF_PID" 2> /dev/null || true
  for _ in $(seq 600); do kill -0 "$KARAF_PID" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$KARAF_PID" 2> /dev/null || true
  KARAF_PID=
}

NODE_DATA="$(mktemp -d "$WORK/node.XXXXXX")"
export KARAF_DATA="$NODE_DATA"
out="RESULT"
for kind in cold warm node nocds karaf; do
  AGENT_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$AGENT_PORT" ]; do HTTP_PORT=$(free_port); done
  AGENT="http://127.0.0.1:$AGENT_PORT"; INGRESS="http://127.0.0.1:$HTTP_PORT"
  coproc POLLER { driver await-agent "$AGENT_PORT" 120; }
  exec {poll_fd}<&"${POLLER[0]}"   # the coproc's own descriptors go when it exits
  poller_pid=$POLLER_PID
  read -r line <&"$poll_fd"
  [ "$line" = polling ] || die "the poller did not start: $line"
  t0=$(now_ms)
  if [ "$kind" = nocds ]; then export SERVE_CDS=0; else unset SERVE_CDS; fi
  case "$kind" in
    karaf) launcher=("$DIST/bin/karaf" server) ;;
    node | nocds) launcher=("$DIST/bin/serve-node") ;;
    *) launcher=() ;;
  esac
  if [ ${#launcher[@]} -gt 0 ]; then
    options="-Dserve.agent.host=127.0.0.1 -Dserve.agent.port=$AGENT_PORT -Dserve.http.host=127.0.0.1 -Dserve.http.port=$HTTP_PORT"
    EXTRA_JAVA_OPTS="$options" KARAF_EXEC=exec setsid "${launcher[@]}" < /dev/null > "$WORK/node-$kind.out" 2>&1 &
    KARAF_PID=$!
    NODE_PID=$KARAF_PID
  else
    "$ROOT/serve" start --agent-host 127.0.0.1 --agent-port "$AGENT_PORT" \
        --http-host 127.0.0.1 --http-port "$HTTP_PORT" > "$WORK/serve-start.log" 2>&1 \
      || { cat "$WORK/serve-start.log" >&2; die "the node did not start"; }
    NODE_RUNNING=1
    NODE_PID=$(sed -n 's/^pid=//p' "$KARAF_DATA/serve-node.properties")
  fi
  t_cli=$(now_ms)
  read -r line <&"$poll_fd" || line=
  case "$line" in ready_epoch_ms=*) t_ready=${line#ready_epoch_ms=} ;; *) die "the agent did not answer within 120 s ($kind)" ;; esac
  wait "$poller_pid" 2> /dev/null || true
  poller_pid=
  exec {poll_fd}<&-
  cpu=$(cpu_ms "$NODE_PID")
  thread_cpu "$NODE_PID" > "$WORK/startup-threads-$kind.txt"
  jit=$(awk '/Compiler/ { s += $1 } END { print s + 0 }' "$WORK/startup-threads-$kind.txt")
  log "$kind: busiest threads until ready (CPU ms): $(head -n 6 "$WORK/startup-threads-$kind.txt" | tr '\n' ';')"
  log "$kind: agent ready after $(( t_ready - t0 )) ms; the launcher returned after $(( t_cli - t0 )) ms; node CPU $cpu ms; load $(load_avg)"
  driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
  deploy=$(driver deploy-wait "$AGENT" "$WORK/fruit.json" 60)
  log "$kind: $deploy"
  deploy_ms=$(echo "$deploy" | sed -n 's/.*deploy_ms=\([0-9.]*\).*/\1/p')
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
    || die "FruitStand does not answer 6 to [\"MANGO\", 2]"
  app_delete
  if [ ${#launcher[@]} -gt 0 ]; then karaf_stop; else node_stop; fi
  out+=" ${kind}_agent_ready_ms=$(( t_ready - t0 )) ${kind}_node_cpu_to_ready_ms=$cpu ${kind}_jit_cpu_ms=$jit ${kind}_fruit_deploy_ms=$deploy_ms"
  [ ${#launcher[@]} -gt 0 ] || out+=" ${kind}_serve_start_ms=$(( t_cli - t0 ))"
done
unset SERVE_CDS
echo "$out"
