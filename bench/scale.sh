#!/usr/bin/env bash
# Scale: the no-op bundle deployed as 1 x 10, 10 x 10, 100 x 10 and 1 x 1000 (deployments x replicas) in
# one node, one after the other (the application deleted in between). For each: the deploy time from the
# PUT to RUNNING (every replica RUNNING), the heap used per replica (after a full GC, before and after the
# deploy, jcmd GC.run + GC.heap_info), and the time of one user_config change of every deployment until
# every replica applied it. BENCH_SCALE_SIZES overrides the sizes ("APP DEPLOYMENTS REPLICAS;...").
# Last line: RESULT name=value ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SIZES="${BENCH_SCALE_SIZES:-single 1 10;chain10 10 10;chain100 100 10;single 1 1000}"

need_jdk_tools
build_bench
build_dist
trap node_stop EXIT
trap 'exit 130' INT TERM

node_start
log "node pid $NODE_PID, agent $AGENT, ingress $INGRESS"
out="RESULT"
IFS=';' read -ra specs <<< "$SIZES"
for spec in "${specs[@]}"; do
  read -r app deployments replicas <<< "$spec"
  n=$(( deployments * replicas ))
  tag="d${deployments}x${replicas}"
  driver gen-noop "$app" "$deployments" "$replicas" "$NOOP_URI" 3 "$HTTP_PORT" > "$WORK/scale-$tag-a.json"
  driver gen-noop "$app" "$deployments" "$replicas" "$NOOP_URI" 4 "$HTTP_PORT" > "$WORK/scale-$tag-b.json"
  before_kb=$(heap_used_kb "$NODE_PID")
  cpu0=$(cpu_ms "$NODE_PID")
  deploy=$(driver deploy-wait "$AGENT" "$WORK/scale-$tag-a.json" 180)
  cpu1=$(cpu_ms "$NODE_PID")
  after_kb=$(heap_used_kb "$NODE_PID")
  [ "$(curl -s "$INGRESS/")" = ok ] || die "$tag: the ingress does not answer ok"
  update=$(driver update-wait "$AGENT" "$WORK/scale-$tag-b.json" 180 "$deployments")
  cpu2=$(cpu_ms "$NODE_PID")
  log "$tag: $deploy (node CPU $(( cpu1 - cpu0 )) ms); heap ${before_kb}K -> ${after_kb}K; $update (node CPU $(( cpu2 - cpu1 )) ms); load $(load_avg)"
  deploy_ms=$(echo "$deploy" | sed -n 's/.*deploy_ms=\([0-9.]*\).*/\1/p')
  running=$(echo "$deploy" | sed -n 's/.*running=\([0-9]*\).*/\1/p')
  update_ms=$(echo "$update" | sed -n 's/.*update_ms=\([0-9.]*\).*/\1/p')
  [ "$running" = "$n" ] || die "$tag: $running replicas RUNNING, expected $n"
  out+=" ${tag}_deploy_ms=$deploy_ms ${tag}_deploy_cpu_ms=$(( cpu1 - cpu0 ))"
  out+=" ${tag}_heap_kb_per_replica=$(( (after_kb - before_kb) / n ))"
  out+=" ${tag}_update_all_ms=$update_ms ${tag}_update_cpu_ms=$(( cpu2 - cpu1 ))"
  app_delete
  sleep 2
done
echo "$out"
