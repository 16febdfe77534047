#!/usr/bin/env bash
# What the Jakarta REST stack (Jersey, HK2, swagger and their ~30 bundles, all in the serve feature)
# costs a node's start-up: the distribution as built, against a copy of it whose etc/startup.properties
# leaves those bundles out (serve-rest imports Jersey and swagger optionally, so the node still runs:
# only REST deployments would fail there). The API bundles the lifecycle annotations and the examples
# import (jakarta.ws.rs-api, jakarta.inject-api, jakarta.annotation-api) stay in both.
# Each variant has its own data directory; both are started twice first (the second start checks the
# class data archive the first stop wrote), then BENCH_STARTUP_ROUNDS (5) alternating restarts of each,
# bin/serve-node launched directly, timed to the agent answering (one warmed-up poller), with the node's
# CPU time until then. A FruitStand deploy in each variant checks that the node works.
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS="${BENCH_STARTUP_ROUNDS:-5}"
build_bench
build_dist

DIST="$ROOT/assembly/target/assembly"
BARE="$WORK/dist-without-rest"
# the REST stack's bundles, by their coordinates in etc/startup.properties
STACK='org\.glassfish\.|org\.javassist|io\.swagger\.|io\.github\.classgraph|commons-lang3|jakarta\.xml\.bind|jakarta\.activation|jakarta\.validation|jakarta\.servlet|jackson-datatype-jsr310|jackson-module-jakarta-xmlbind|org\.webjars'
rm -rf "$BARE"
cp -a "$DIST" "$BARE"
grep -vE "$STACK" "$DIST/etc/startup.properties" > "$BARE/etc/startup.properties"
# and from the serve feature, which the features service checks at boot (featuresBoot)
FEATURES=$(find "$BARE/system/io/osgiserve/serve-features" -name '*features.xml' | head -n 1)
[ -n "$FEATURES" ] || die "no serve-features XML in $BARE/system"
grep -vE "<bundle[^>]*>mvn:($STACK)" "$FEATURES" > "$FEATURES.new" && mv "$FEATURES.new" "$FEATURES"
# serve-rest imports Jersey and swagger; in this copy only, those imports become optional so that it
# (and the runtime, which imports serve-rest) resolve without them
REST_JAR=$(find "$BARE/system/io/osgiserve/serve-rest" -name 'serve-rest-*.jar' | head -n 1)
[ -n "$REST_JAR" ] || die "no serve-rest jar in $BARE/system"
python3 - "$REST_JAR" <<'PY'
import re, sys, zipfile, shutil
jar = sys.argv[1]
with zipfile.ZipFile(jar) as z:
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
out = jar + ".new"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in entries:
        if info.filename == "META-INF/MANIFEST.MF":
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\n ", "")
            lines = []
            for line in text.split("\n"):
                if line.startswith("Import-Package: "):
                    clauses = re.split(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", line[len("Import-Package: "):])
                    clauses = [c + ";resolution:=optional" if c.startswith(("org.glassfish.", "io.swagger.")) else c
                               for c in clauses]
                    line = "Import-Package: " + ",".join(clauses)
                while len(line.encode("utf-8")) > 70:
                    lines.append(line[:70]); line = " " + line[70:]
                lines.append(line)
            data = ("\r\n".join(lines).rstrip("\r\n") + "\r\n").encode("utf-8")
        z.writestr(info, data)
shutil.move(out, jar)
PY
removed=$(( $(grep -c '^mvn' "$DIST/etc/startup.properties") - $(grep -c '^mvn' "$BARE/etc/startup.properties") ))
log "without the REST stack: $removed of $(grep -c '^mvn' "$DIST/etc/startup.properties") startup bundles left out"
[ "$removed" -ge 20 ] || die "expected the REST stack's ~30 bundles in etc/startup.properties, found $removed"

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

declare -A DATA=([with]="$(mktemp -d "$WORK/node.XXXXXX")" [without]="$(mktemp -d "$WORK/node.XXXXXX")")
declare -A HOME_OF=([with]="$DIST" [without]="$BARE")

# start VARIANT: sets RES to "ready_ms cpu_ms" and leaves the node running (PID)
start() {
  local v="$1"
  AGENT_PORT=$(free_port); HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$AGENT_PORT" ]; do HTTP_PORT=$(free_port); done
  AGENT="http://127.0.0.1:$AGENT_PORT"; INGRESS="http://127.0.0.1:$HTTP_PORT"
  coproc POLLER { driver await-agent "$AGENT_PORT" 120; }
  exec {poll_fd}<&"${POLLER[0]}"
  poller_pid=$POLLER_PID
  read -r line <&"$poll_fd"
  [ "$line" = polling ] || die "the poller did not start: $line"
  local t0; t0=$(now_ms)
  KARAF_DATA="${DATA[$v]}" EXTRA_JAVA_OPTS="-Dserve.agent.host=127.0.0.1 -Dserve.agent.port=$AGENT_PORT -Dserve.http.host=127.0.0.1 -Dserve.http.port=$HTTP_PORT" \
    KARAF_EXEC=exec setsid "${HOME_OF[$v]}/bin/serve-node" < /dev/null > "$WORK/node-$v.out" 2>&1 &
  PID=$!
  read -r line <&"$poll_fd" || line=
  case "$line" in ready_epoch_ms=*) ;; *) die "the agent did not answer within 120 s ($v)" ;; esac
  wait "$poller_pid" 2> /dev/null || true
  poller_pid=
  exec {poll_fd}<&-
  RES="$(( ${line#ready_epoch_ms=} - t0 )) $(cpu_ms "$PID")"
}

for v in with without; do
  for i in 1 2; do
    start "$v"; r=$RES
    log "$v: warm-up start $i: $r (ms to ready, node CPU ms)"
    if [ "$i" = 2 ]; then
      driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
      driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
      [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
        || die "FruitStand does not answer 6 in the node $v the REST stack"
      app_delete
    fi
    stop_node
  done
done

: > "$WORK/startup-rest.dat"
for r in $(seq "$ROUNDS"); do
  for v in with without; do
    start "$v"; res=$RES
    stop_node
    echo "$v $r $res" >> "$WORK/startup-rest.dat"
    log "round $r, $v the REST stack: $res; load $(load_avg)"
  done
done

col() { awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$WORK/startup-rest.dat"; }
w=$(col with 3 | median); wo=$(col without 3 | median)
wc=$(col with 4 | median); woc=$(col without 4 | median)
ratio=$(awk -v a="$w" -v b="$wo" 'BEGIN { printf "%.3f", a / b }')
cratio=$(awk -v a="$wc" -v b="$woc" 'BEGIN { printf "%.3f", a / b }')
echo "RESULT with_rest_ready_ms=$w without_rest_ready_ms=$wo ready_ratio=$ratio with_rest_cpu_ms=$wc without_rest_cpu_ms=$woc cpu_ratio=$cratio bundles_left_out=$removed rounds=$ROUNDS load_end=$(load_avg | tr ' ' '/')"
