#!/usr/bin/env bash
# JMH (1.37): the router's replica choice (DeploymentRouter.call on 1, 2, 10 replicas of the no-op
# deployment, one caller and four) against the same hop on an executor without the router, and the
# update planner (UpdatePlanner.plan on a 100-deployment config: identical, one user_config changed)
# with the parse that precedes it. Each benchmark: 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement.
# Extra JMH options may follow (e.g. 'Planner' to run only those, or '-prof gc').
# Last line: RESULT name=value ... (microseconds per call, the median iteration; *_vs_hop: router over
# the bare executor hop)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build_bench
log "load average before: $(load_avg)"
java -cp "$HCP" org.openjdk.jmh.Main -rf json -rff "$WORK/jmh.json" "$@" > "$WORK/jmh.log" 2>&1 \
  || { tail -n 30 "$WORK/jmh.log" >&2; die "JMH failed (see $WORK/jmh.log)"; }
log "load average after: $(load_avg)"
sed -n '/^Benchmark /,$p' "$WORK/jmh.log" >&2
echo "RESULT $(driver jmh-summary "$WORK/jmh.json")"
