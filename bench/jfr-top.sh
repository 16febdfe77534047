#!/usr/bin/env bash
# jfr-top.sh FILE.jfr [N] [THREAD_REGEX]: where the CPU samples of a flight recording fall.
# Prints the N (20) hottest top frames (self time), the N hottest frames of our own code
# (io.osgiserve, anywhere on the stack: inclusive time) and the busiest threads.
set -euo pipefail
file="$1"; n="${2:-20}"; threads="${3:-.}"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v n="$n" -v tre="$threads" '
  function flush() {
    if (inside && thread ~ tre) {
      total++; self[top]++; byThread[thread]++
      for (f in seen) ours[f]++
    }
    delete seen; top = ""; inside = 0
  }
  /^jdk.ExecutionSample/ { flush(); inside = 1; depth = 0; next }
  /sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread); gsub(/[0-9]+$/, "#", thread) }
  /^[ \t]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(.*\)/ && inside {
    frame = $1; sub(/\(.*/, "", frame)
    if (depth == 0) top = frame
    depth++
    if (frame ~ /^io\.osgiserve\./) seen[frame] = 1
  }
  END {
    flush()
    printf "%d samples\n\n-- top frames (self)\n", total
    for (f in self) printf "%6.1f%%  %s\n", 100 * self[f] / total, f | "sort -rn | head -n " n; close("sort -rn | head -n " n)
    printf "\n-- our frames (inclusive)\n"
    for (f in ours) printf "%6.1f%%  %s\n", 100 * ours[f] / total, f | "sort -rn | head -n " n; close("sort -rn | head -n " n)
    printf "\n-- threads\n"
    for (t in byThread) printf "%6.1f%%  %s\n", 100 * byThread[t] / total, t | "sort -rn | head -n 12"; close("sort -rn | head -n 12")
  }'
