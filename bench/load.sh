#!/usr/bin/env bash
# bench/load.sh: loopback load benchmark of `wasmlet serve` against a plain Jetty servlet (the ceiling).
#
#   bench/load.sh [FIXTURE ...]      (default: c-freestanding c-libc rust js-0.2.10)
#
# For the ceiling, then each fixture on each engine (ENGINES, default "endive wasmtime") in reuse
# mode (--max-instance-reuse-count 1000000) and in
# fresh-instance mode (the default, reuse 1, with --warm-instances 4): start the server, wait for
# its first 200 on /, warm it up 3 s, run `wrk -t1 -c1` and `wrk -t1 -c16 --latency` for 10 s
# each (DURATION=10s), then stop it. Prints a markdown table. Every server it starts is killed on
# exit. Needs wrk (apt-get install -y wrk), curl, Java 17 and the jars (built with Maven when missing).
# The compile cache (bench/target/load-cache) is shared by the runs; delete it for a cold start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
read -r -a engines <<<"${ENGINES:-endive wasmtime}"
fixtures=("$@")
[ ${#fixtures[@]} -eq 0 ] && fixtures=(c-freestanding c-libc rust js-0.2.10)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bench_jar="$root/bench/target/benchmarks.jar"
cache="$root/bench/target/load-cache"
logs="$root/bench/target/load-logs"
mkdir -p "$cache" "$logs"

command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
if [ ! -f "$bench_jar" ]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests install -pl jetty-embedded -am && cd bench && mvn -B -q -ntp package) >&2
fi

pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

# start NAME CMD...: starts a server, sets $pid, $url, $first_ms (process start to first 200 on /).
start() {
  local name="$1"; shift
  local log="$logs/$name.log"
  local t0; t0=$(now_ms)
  "$@" >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 1800); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "load.sh: $name exited; see $log" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "load.sh: $name did not start; see $log" >&2; return 1; }
  local body=""
  for _ in $(seq 1 600); do
    body=$(curl -s --max-time 10 "$url" || true)
    [ "$body" = "Hello, WASI!" ] && break
    sleep 0.05
  done
  [ "$body" = "Hello, WASI!" ] || { echo "load.sh: $name answers '$body'" >&2; return 1; }
  first_ms=$(( $(now_ms) - t0 ))
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# wrk latency to ms ("123.45us", "1.23ms", "1.02s", "2.00m")
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.3f", n }'
}

# measure CONNS: runs wrk, sets $rps $p50 $p99 $errors
measure() {
  local out
  out=$(wrk -t1 -c"$1" -d"$DURATION" --latency "$url")
  echo "$out" >>"$logs/$current.wrk"
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  errors=$(echo "$out" | awk '/Non-2xx/ {printf "non-2xx %s ", $NF} /Socket errors/ {sub(/^[^:]*: */, ""); printf "socket %s ", $0}')
}

rows=()
ceiling_c1=""; ceiling_c16=""
# run NAME CMD...
run() {
  current="$1"
  : >"$logs/$current.wrk"
  echo "load.sh: $current ..." >&2
  if ! start "$@"; then
    rows+=("| $current | failed to start | | | | | | | | | |")
    stop; return 0
  fi
  wrk -t1 -c16 -d"$WARMUP" "$url" >/dev/null
  measure 1;  local r1=$rps a1=$p50 b1=$p99 e1=$errors
  measure 16; local r16=$rps a16=$p50 b16=$p99 e16=$errors
  local rss; rss=$(awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
  stop
  if [ -z "$ceiling_c1" ]; then ceiling_c1=$r1; ceiling_c16=$r16; fi
  local q1 q16
  q1=$(awk -v a="$r1" -v b="$ceiling_c1" 'BEGIN {printf "%.2f", a / b}')
  q16=$(awk -v a="$r16" -v b="$ceiling_c16" 'BEGIN {printf "%.2f", a / b}')
  rows+=("| $current | $r1 | $a1 | $b1 | $q1 | $r16 | $a16 | $b16 | $q16 | $rss | $first_ms |${e1:+ c1: $e1}${e16:+ c16: $e16}")
  echo "load.sh: $current: c1 $r1 req/s, c16 $r16 req/s" >&2
}

run ceiling "$java" -cp "$bench_jar" dev.wasmlet.bench.CeilingServer 127.0.0.1:0
for f in "${fixtures[@]}"; do
  wasm="$root/guests/fixtures/$f.wasm"
  for e in "${engines[@]}"; do
    run "$f $e reuse" "$root/wasmlet" serve --addr 127.0.0.1:0 --cache-directory "$cache" --engine "$e" \
      --max-instance-reuse-count 1000000 "$wasm"
    run "$f $e fresh+4 warm" "$root/wasmlet" serve --addr 127.0.0.1:0 --cache-directory "$cache" --engine "$e" \
      --warm-instances 4 "$wasm"
  done
done

echo
echo "wrk -t1, $DURATION per run, loopback; latencies in ms; ratio = req/s over the ceiling's at the same connections;"
echo "RSS after the runs; first = process start to the first 200 on / (compile cache warm after the first start)."
echo
echo "| server | c1 req/s | c1 p50 | c1 p99 | c1 ratio | c16 req/s | c16 p50 | c16 p99 | c16 ratio | RSS MiB | first ms | errors"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
