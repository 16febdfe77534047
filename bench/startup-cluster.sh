#!/usr/bin/env bash
# What the cluster bundle costs a single node's start-up, side by side in one run (issue #13: at most
# 0.5 s). Three variants of the distribution as built, each with its own data directory:
#   without  a copy whose etc/startup.properties and boot features leave out serve-cluster and Hazelcast
#   plain    the distribution as built: the bundle is there, no member starts (the quick start, serve start)
#   head     the distribution with serve.cluster.enabled=true: a one-node cluster (serve start --head),
#            its Hazelcast member on a free loopback port
# Ready: the agent answers GET /api/ray/version (one warmed-up poller, as bench/startup.sh); for head,
# then also GET /api/serve/nodes names a leader (the member has formed the cluster and leads it).
# Each variant is started twice first (the second start checks the class data archive the first stop
# wrote; the second also deploys FruitStand and checks it answers 6), then BENCH_STARTUP_ROUNDS (5)
# alternating starts, bin/serve-node launched directly, with the node's CPU time until ready.
# Last line: RESULT name=value ... (medians; *_delta_ms against without)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_STARTUP_ROUNDS:-5}"
build_bench
build_dist

DIST="$ROOT/assembly/target/assembly"
BARE="$WORK/dist-without-cluster"
STACK='serve-cluster|com\.hazelcast'
rm -rf "$BARE"
cp -a "$DIST" "$BARE"
grep -vE "$STACK" "$DIST/etc/startup.properties" > "$BARE/etc/startup.properties"
# the features service checks featuresBoot at boot: serve-cluster leaves it
python3 - "$DIST/etc/org.apache.karaf.features.cfg" "$BARE/etc/org.apache.karaf.features.cfg" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# featuresBoot is a comma-separated list over continuation lines: drop the serve-cluster item
m = re.search(r"featuresBoot\s*=\s*((?:.*\\\n)*.*)", text)
items = [i.strip() for i in m.group(1).replace("\\\n", "").split(",") if i.strip()]
kept = [i for i in items if not i.startswith("serve-cluster")]
assert len(kept) == len(items) - 1, items
text = text[:m.start(1)] + ", \\\n    ".join(kept) + text[m.end(1):]
open(sys.argv[2], "w").write(text)
PY
removed=$(( $(grep -c '^mvn' "$DIST/etc/startup.properties") - $(grep -c '^mvn' "$BARE/etc/startup.properties") ))
[ "$removed" = 2 ] || die "expected serve-cluster and Hazelcast in etc/startup.properties, found $removed"
log "without the cluster: serve-cluster and Hazelcast left out of $(grep -c '^mvn' "$DIST/etc/startup.properties") startup bundles"

PID=
poller_pid=
stop_node() {
  [ -n "$PID" ] || return 0
  kill "$PID" 2> /dev/null || true
  for _ in $(seq 600); do kill -0 "$PID" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2> /dev/null || true
  PID=
}
trap 'stop_node; [ -z "$poller_pid" ] || kill "$poller_pid" 2> /dev/null || true' EXIT
trap 'exit 130' INT TERM

# the member's port stays the same across restarts, as serve start --head's (5701 unless told)
CLUSTER_PORT=$(free_port)
declare -A DATA=([without]="$(mktemp -d "$WORK/node.XXXXXX")" [plain]="$(mktemp -d "$WORK/node.XXXXXX")" [head]="$(mktemp -d "$WORK/node.XXXXXX")")
declare -A HOME_OF=([without]="$BARE" [plain]="$DIST" [head]="$DIST")

# start VARIANT: sets RES to "ready_ms cpu_ms" and leaves the node running (PID)
start() {
  local v="$1"
  AGENT_PORT=$(free_port); HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$AGENT_PORT" ]; do HTTP_PORT=$(free_port); done
  AGENT="http://127.0.0.1:$AGENT_PORT"; INGRESS="http://127.0.0.1:$HTTP_PORT"
  local options="-Dserve.agent.host=127.0.0.1 -Dserve.agent.port=$AGENT_PORT -Dserve.http.host=127.0.0.1 -Dserve.http.port=$HTTP_PORT"
  [ "$v" != head ] || options+=" -Dserve.cluster.enabled=true -Dserve.cluster.host=127.0.0.1 -Dserve.cluster.port=$CLUSTER_PORT"
  coproc POLLER { driver await-agent "$AGENT_PORT" 120; }
  exec {poll_fd}<&"${POLLER[0]}"
  poller_pid=$POLLER_PID
  read -r line <&"$poll_fd"
  [ "$line" = polling ] || die "the poller did not start: $line"
  local t0; t0=$(now_ms)
  KARAF_DATA="${DATA[$v]}" EXTRA_JAVA_OPTS="$options" \
    KARAF_EXEC=exec setsid "${HOME_OF[$v]}/bin/serve-node" < /dev/null > "$WORK/node-$v.out" 2>&1 &
  PID=$!
  read -r line <&"$poll_fd" || line=
  case "$line" in ready_epoch_ms=*) ;; *) die "the agent did not answer within 120 s ($v)" ;; esac
  wait "$poller_pid" 2> /dev/null || true
  poller_pid=
  exec {poll_fd}<&-
  local ready=${line#ready_epoch_ms=}
  if [ "$v" = head ]; then
    local deadline=$(( $(now_ms) + 120000 ))
    until curl -s -H "Authorization: Bearer $SERVE_AGENT_TOKEN" "$AGENT/api/serve/nodes" | grep -Eq '"leader" *: *true'; do
      [ "$(now_ms)" -lt "$deadline" ] || die "the one-node cluster named no leader within 120 s"
      sleep 0.01
    done
    ready=$(now_ms)
  fi
  RES="$(( ready - t0 )) $(cpu_ms "$PID")"
}

for v in without plain head; do
  for i in 1 2; do
    start "$v"; r=$RES
    log "$v: warm-up start $i: $r (ms to ready, node CPU ms)"
    if [ "$i" = 2 ]; then
      driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
      driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
      [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
        || die "FruitStand does not answer 6 in the $v node"
      app_delete
    fi
    stop_node
  done
done

: > "$WORK/startup-cluster.dat"
for r in $(seq "$ROUNDS"); do
  for v in without plain head; do
    start "$v"; res=$RES
    stop_node
    echo "$v $r $res" >> "$WORK/startup-cluster.dat"
    log "round $r, $v: $res; load $(load_avg)"
  done
done

col() { awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$WORK/startup-cluster.dat"; }
wo=$(col without 3 | median); pl=$(col plain 3 | median); hd=$(col head 3 | median)
woc=$(col without 4 | median); plc=$(col plain 4 | median); hdc=$(col head 4 | median)
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a - b }'; }
echo "RESULT without_cluster_ready_ms=$wo plain_ready_ms=$pl head_ready_ms=$hd plain_delta_ms=$(delta "$pl" "$wo") head_delta_ms=$(delta "$hd" "$wo") without_cluster_cpu_ms=$woc plain_cpu_ms=$plc head_cpu_ms=$hdc head_cpu_delta_ms=$(delta "$hdc" "$woc") rounds=$ROUNDS load_end=$(load_avg | tr ' ' '/')"
