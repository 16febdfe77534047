#!/usr/bin/env bash
# The cost of one reconcile pass over BENCH_PASS_DEPLOYMENTS x BENCH_PASS_REPLICAS (100 x 10) running
# replicas: the controller without a framework runs noop:chain with that many replicas, then times 2,000
# passes on its loop thread (p50, p99), and gives the share of the loop's time they take at the 10
# passes a second it runs at the least. Also: the time from the deploy to RUNNING in that setting.
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEPLOYMENTS="${BENCH_PASS_DEPLOYMENTS:-100}"
REPLICAS="${BENCH_PASS_REPLICAS:-10}"

build_bench
log "load average before: $(load_avg)"
java -Xmx512m -cp "$HCP" io.osgiserve.runtime.controller.ReconcilePassTiming "$DEPLOYMENTS" "$REPLICAS" 2000 \
  2> "$WORK/reconcile-pass.log" | tail -n 1
