#!/usr/bin/env bash
# JMH (1.37): the router's replica choice (DeploymentRouter.call on 1, 2, 10 replicas of the no-op
# deployment, one caller and four) against the same hop on an executor without the router, and the
# update planner (UpdatePlanner.plan on a 100-deployment config: identical, one user_config changed)
# with the parse that precedes it, and what metrics cost a request (MetricsBenchmark: the recording of
# one no-op request alone, on one thread and two, and a routed call to a no-op replica, each with the
# node's metrics on and off in the same run; 'Metrics' runs only those). Each benchmark: 1 fork, 2 x 1 s
# warm-up, 3 x 1 s measurement (MetricsBenchmark: 3 x 1 s, 5 x 1 s).
# Extra JMH options may follow (e.g. 'Planner' to run only those, or '-prof gc').
# Last line: RESULT name=value ... (microseconds per call, the median iteration; *_vs_hop: router over
# the bare executor hop; metrics_*_added_ns and *_on_vs_off: metrics on against off)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build_bench
log "load average before: $(load_avg)"
java -cp "$HCP" org.openjdk.jmh.Main -rf json -rff "$WORK/jmh.json" "$@" > "$WORK/jmh.log" 2>&1 \
  || { tail -n 30 "$WORK/jmh.log" >&2; die "JMH failed (see $WORK/jmh.log)"; }
log "load average after: $(load_avg)"
sed -n '/^Benchmark /,$p' "$WORK/jmh.log" >&2
echo "RESULT $(driver jmh-summary "$WORK/jmh.json")"
