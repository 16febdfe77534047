#!/usr/bin/env bash
# profile.sh startup|ingress|update|scale: runs one benchmark's workload on a node that records a
# flight recording (JFR, profile settings), then prints where the CPU samples fall (jfr-top.sh).
# The recordings stay in bench/target/work/*.jfr for `jfr print` or JDK Mission Control.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
what="${1:?usage: profile.sh startup|ingress|update|scale}"

need_wrk
need_jdk_tools
build_bench
build_dist
trap node_stop EXIT
trap 'exit 130' INT TERM

jfr="$WORK/$what.jfr"
rm -f "$jfr"
if [ "$what" = startup ]; then
  export EXTRA_JAVA_OPTS="-XX:StartFlightRecording=name=bench,settings=profile"
fi
node_start
log "node pid $NODE_PID, agent $AGENT, ingress $INGRESS"
start_recording() { jcmd "$NODE_PID" JFR.start name=bench settings=profile > /dev/null; }
case "$what" in
  startup)
    driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
    driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
    ;;
  ingress)
    driver gen-noop single 1 1 "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/noop-1.json"
    driver deploy-wait "$AGENT" "$WORK/noop-1.json" 60 >&2
    wrk -t2 -c64 -d5s "$INGRESS/" > /dev/null
    start_recording
    wrk -t2 -c64 -d10s --latency "$INGRESS/" >&2
    ;;
  update)
    driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
    driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
    start_recording
    driver update-latency "$AGENT" "$WORK/fruit.json" "$INGRESS/" 50 0 200 >&2
    ;;
  scale)
    driver gen-noop chain100 100 10 "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/scale-a.json"
    driver gen-noop chain100 100 10 "$NOOP_URI" 4 "$HTTP_PORT" > "$WORK/scale-b.json"
    start_recording
    driver deploy-wait "$AGENT" "$WORK/scale-a.json" 180 >&2
    driver update-wait "$AGENT" "$WORK/scale-b.json" 180 100 >&2
    ;;
  *) die "unknown workload $what" ;;
esac
jcmd "$NODE_PID" JFR.dump name=bench filename="$jfr" > /dev/null
log "recording: $jfr"
"$BENCH_DIR/jfr-top.sh" "$jfr" 25
