#!/usr/bin/env bash
# Update latency on a running FruitStand: BENCH_USER_UPDATES (50) user_config deploys of MangoStand's
# price, each timed from the PUT until every MangoStand replica reports the new version in
# GET /api/serve/applications/; then BENCH_REPLACE_UPDATES (10) code updates (a changed
# max_concurrent_queries: MangoStand's replicas are replaced) timed until every live replica is a new
# one on the new version. Meanwhile a steady load (BENCH_LOAD_RPS requests/s of POST ["MANGO", 2] from
# 4 callers) counts the requests that fail (no answer, or not 200).
# user_config_vs_put_p50 is issue 10's ratio: the user_config p50 over the PUT's own p50, same run.
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

USER_UPDATES="${BENCH_USER_UPDATES:-50}"
REPLACE_UPDATES="${BENCH_REPLACE_UPDATES:-10}"
RPS="${BENCH_LOAD_RPS:-200}"

build_bench
build_dist
trap node_stop EXIT
trap 'exit 130' INT TERM

node_start
log "node pid $NODE_PID, agent $AGENT, ingress $INGRESS"
driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
[ "$(curl -s -X POST -H 'Content-Type: application/json' -d '["MANGO", 2]' "$INGRESS/")" = 6 ] \
  || die "FruitStand does not answer 6 to [\"MANGO\", 2]"

log "load average before: $(load_avg)"
result=$(driver update-latency "$AGENT" "$WORK/fruit.json" "$INGRESS/" "$USER_UPDATES" "$REPLACE_UPDATES" "$RPS" \
  | tee -a "$WORK/update-latency.log" | tail -n 1)
log "load average after: $(load_avg)"
grep '^failed request' "$WORK/update-latency.log" >&2 || true
echo "RESULT $result"
