#!/usr/bin/env bash
# profile.sh startup|ingress|fruit|update|latency|scale: runs one benchmark's workload on a node that records
# a flight recording (JFR, profile settings), then prints where the CPU samples fall (jfr-top.sh).
# latency: 30 user_config updates without load, recorded with 1-2 ms thresholds for parks, monitor
# waits and sleeps (where a latency is spent waiting), then the waits of the controller thread.
# The recordings stay in bench/target/work/*.jfr for `jfr print` or JDK Mission Control.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
what="${1:?usage: profile.sh startup|ingress|fruit|update|latency|scale}"

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
settings=profile
if [ "$what" = latency ]; then
  settings="$WORK/latency.jfc"
  python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$settings" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
for event, key, value in [("jdk.ThreadPark", "threshold", "2 ms"), ("jdk.ThreadSleep", "threshold", "1 ms"),
                          ("jdk.JavaMonitorEnter", "threshold", "1 ms"), ("jdk.JavaMonitorWait", "threshold", "1 ms"),
                          ("jdk.ExecutionSample", "period", "1 ms")]:
    s = re.sub(r'(<event name="%s">.*?<setting name="%s"[^>]*>)[^<]*' % (re.escape(event), key),
               lambda m: m.group(1) + value, s, count=1, flags=re.S)
open(sys.argv[2], "w").write(s)
PY
fi
start_recording() { jcmd "$NODE_PID" JFR.start name=bench settings="$settings" > /dev/null; }
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
    wrk -t2 -c64 -d10s --latency "$INGRESS/" | tee "$WORK/profile-wrk.txt" >&2
    ;;
  fruit)
    # FruitStand's three hops under saturation: where the CPU goes and what each request allocates
    driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
    driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
    cat > "$WORK/mango.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '["MANGO", 2]'
wrk.headers["Content-Type"] = "application/json"
LUA
    wrk -t2 -c64 -d5s -s "$WORK/mango.lua" "$INGRESS/" > /dev/null
    start_recording
    wrk -t2 -c64 -d10s --latency -s "$WORK/mango.lua" "$INGRESS/" | tee "$WORK/profile-wrk.txt" >&2
    ;;
  update)
    driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
    driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
    start_recording
    driver update-latency "$AGENT" "$WORK/fruit.json" "$INGRESS/" 50 0 200 >&2
    ;;
  latency)
    driver gen-fruit "$FRUIT_YAML" "$HTTP_PORT" > "$WORK/fruit.json"
    driver deploy-wait "$AGENT" "$WORK/fruit.json" 60 >&2
    start_recording
    driver update-latency "$AGENT" "$WORK/fruit.json" "$INGRESS/" 30 0 1 >&2
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
if [ "$what" = ingress ] || [ "$what" = fruit ]; then
  # what the request path's threads (ingress and replicas) allocated while wrk ran (each thread's growth,
  # summed), per request: unlike the requests/s, it does not depend on how busy the machine is
  requests=$(awk '/requests in/ { print $1 }' "$WORK/profile-wrk.txt")
  jfr print --events jdk.ThreadAllocationStatistics "$jfr" | awk -v n="$requests" '
    /allocated = / { v = $3; u = $4; if (u == "kB") v *= 1024; else if (u == "MB") v *= 1048576; else if (u == "GB") v *= 1073741824 }
    /thread = / { t = $0; if (t !~ /"serve-(ingress|replica)/) next   # the request path only
                  if (!(t in lo) || v < lo[t]) lo[t] = v; if (v > hi[t]) hi[t] = v }
    END { for (t in hi) sum += hi[t] - lo[t]; printf "\nRESULT requests=%d allocated_mb=%.1f bytes_per_request=%.0f\n", n, sum / 1048576, n ? sum / n : 0 }'
  echo; echo "-- allocation samples by the first frame of our code or Jetty's (weight in MB)"
  jfr print --events jdk.ObjectAllocationSample --stack-depth 24 "$jfr" | awk '
    /^jdk.ObjectAllocationSample/ { if (w) tally(); w = 0; where = ""; cls = "" }
    /objectClass = / { cls = $3 }
    /weight = / { w = $3; if ($4 == "kB") w /= 1024; else if ($4 == "bytes") w /= 1048576; else if ($4 == "GB") w *= 1024 }
    /^[ \t]+(io\.osgiserve|org\.eclipse\.jetty)\./ && where == "" { where = $1; sub(/\(.*/, "", where) }
    function tally() { total += w; at[where " " cls] += w }
    END { if (w) tally(); printf "%.0f MB sampled\n", total
          for (k in at) printf "%8.1f  %s\n", at[k], k | "sort -rn | head -n 30" }'
fi
if [ "$what" = latency ]; then
  echo; echo "-- the controller thread waiting for the replicas' acknowledgements (Controller.await), ms"
  jfr print --events jdk.ThreadPark --stack-depth 20 "$jfr" \
    | awk '/^jdk.ThreadPark/ { blk = "" } { blk = blk "\n" $0 } /^}/ { if (blk ~ /Controller.await/) print blk }' \
    | awk '/duration =/ { v = $3; if ($4 == "s") v *= 1000; print v }' | sort -g \
    | awk '{ a[NR] = $1 } END { if (NR) printf "n=%d p50=%s p90=%s max=%s\n", NR, a[int((NR + 1) / 2)], a[int(NR * 0.9)], a[NR] }'
fi
