#!/usr/bin/env bash
# bench/load.sh: loopback load benchmark of `wasmlet serve` against a plain Jetty servlet (the
# ceiling) and against `jco serve` (the peer), in one run on one machine.
#
#   bench/load.sh [FIXTURE ...]      (default: c-freestanding c-libc rust js-0.2.10)
#
# Rows: the ceiling, the async ceiling (a plain servlet that answers from a worker thread through
# startAsync and a WriteListener, as WasmProxyServlet does: what the servlet API's hand-offs cost),
# then for each fixture, each mode and each server:
#   reuse       one instance serves every request. Wasmlet --max-instance-reuse-count 1000000;
#               jco serve with no option (it makes one instance at start).
#   fresh       a new instance per request, made on the request's path. Wasmlet reuse count 1
#               with --warm-instances 0; jco serve --isolate-requests instance.
#   fresh-warm  a new instance per request, $WARM of them made ahead. Wasmlet --warm-instances
#               $WARM; jco serve --isolate-requests worker --isolate-worker-pool-size $WARM (a
#               fresh worker thread, with its own instance, per request).
# Each row starts its server twice: cold (empty compile cache; for jco an empty --jco-dir, as
# jco serve keeps no compile cache and transpiles at every start) and warm (the cache the cold
# start filled), timing process start to the first 200 on / each time. On the warm server: a
# `wrk -c16` warm-up of $WARMUP, then `wrk -t1 -c1` and `wrk -t1 -c16 --latency` for $DURATION
# each, then VmRSS and VmHWM of the listening process. Prints a markdown table with req/s ratios
# to the ceiling and, on Wasmlet rows, to jco serve (same fixture, same mode).
#
# Environment: ENGINE (endive; wasmtime for the native engine: run twice to compare), DURATION
# (10s), WARMUP (40s: on a slow 2-core machine C2 compiles guest and host code for 30-35 s of
# load, the fresh-instance path longest), WARM (4),
# MODES ("reuse fresh fresh-warm"), SERVERS ("wasmlet jco"), START_TIMEOUT (300, seconds to the
# first response), QUICK=1 (a smoke run: DURATION 3s, WARMUP 1s unless set). Every server is
# started in its own process group and that group is killed on exit. Needs wrk (apt-get install -y
# wrk), curl, ss, python3, Java 17, and node/npm for jco (installed into guests/node_modules with
# `npm ci` when missing). Logs and raw wrk output: bench/target/load-logs/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${QUICK:-0}" = 1 ]; then
  DURATION="${DURATION:-3s}"; WARMUP="${WARMUP:-1s}"
fi
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-40s}"
ENGINE="${ENGINE:-endive}"
WARM="${WARM:-4}"
read -r -a modes <<<"${MODES:-reuse fresh fresh-warm}"
read -r -a servers <<<"${SERVERS:-wasmlet jco}"
START_TIMEOUT="${START_TIMEOUT:-300}"
fixtures=("$@")
[ ${#fixtures[@]} -eq 0 ] && fixtures=(c-freestanding c-libc rust js-0.2.10)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bench_jar="$root/bench/target/benchmarks.jar"
jco="$root/guests/node_modules/.bin/jco"
work="$root/bench/target/load"
logs="$root/bench/target/load-logs"
mkdir -p "$work" "$logs"

for m in "${modes[@]}"; do
  case "$m" in reuse|fresh|fresh-warm) ;; *) echo "load.sh: unknown mode '$m' in MODES (reuse fresh fresh-warm)" >&2; exit 2 ;; esac
done
for s in "${servers[@]}"; do
  case "$s" in wasmlet|jco) ;; *) echo "load.sh: unknown server '$s' in SERVERS (wasmlet jco)" >&2; exit 2 ;; esac
done
for f in "${fixtures[@]}"; do
  [ -f "$root/guests/fixtures/$f.wasm" ] || { echo "load.sh: no fixture guests/fixtures/$f.wasm" >&2; exit 2; }
done
for tool in wrk curl ss python3 setsid; do
  command -v "$tool" >/dev/null || { echo "load.sh: $tool is missing (wrk: apt-get install -y wrk)" >&2; exit 1; }
done
if [ ! -f "$bench_jar" ]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl bench -am) >&2
fi
"$root/wasmlet" serve --help >/dev/null # builds wasmlet.jar now if stale, not inside a timed start
if [[ " ${servers[*]} " == *" jco "* ]] && [ ! -x "$jco" ]; then
  echo "load.sh: installing jco into guests/node_modules (npm ci) ..." >&2
  (cd "$root/guests" && npm ci --no-audit --no-fund) >&2
fi

groups=()
cleanup() {
  for g in "${groups[@]:-}"; do
    [ -n "$g" ] && kill -- "-$g" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME CMD...: starts CMD (with {PORT} replaced by a free port) in a process group of its
# own; sets $pgid, $url, $first_ms (start to the first 200 on /) and $spid (the listening process).
start() {
  local name="$1"; shift
  local port; port=$(free_port)
  local args=() a
  for a in "$@"; do args+=("${a//\{PORT\}/$port}"); done
  url="http://127.0.0.1:$port/"
  local log="$logs/$name.log"
  local t0; t0=$(now_ms)
  setsid "${args[@]}" >"$log" 2>&1 &
  pgid=$!
  groups+=("$pgid")
  local body="" deadline=$(( t0 + START_TIMEOUT * 1000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    body=$(curl -s --max-time 10 "$url" || true)
    [ "$body" = "Hello, WASI!" ] && break
    kill -0 "$pgid" 2>/dev/null || { echo "load.sh: $name exited; see $log" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.02
  done
  [ "$body" = "Hello, WASI!" ] || { echo "load.sh: $name answered '$body' for ${START_TIMEOUT}s; see $log" >&2; return 1; }
  first_ms=$(( $(now_ms) - t0 ))
  spid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | sed -n '1s/pid=//p')
}

# stop: TERM to the process group, KILL after 10 s (a server may wait for requests that hang).
stop() {
  kill -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 -- "-$pgid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
}

mib() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$2/status" 2>/dev/null || echo "?"; }

# The resident memory of the other processes of the group (jco serve's CLI parent), in MiB.
others_mib() {
  local total=0 p
  [ -n "$spid" ] || { echo 0; return; }
  for p in $(ps -eo pid=,pgid= | awk -v g="$pgid" -v s="$spid" '$2 == g && $1 != s {print $1}'); do
    total=$(( total + $(awk '$1 == "VmRSS:" {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) ))
  done
  echo $(( total / 1024 ))
}

# wrk latency to ms ("123.45us", "1.23ms", "1.02s", "2.00m")
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

# measure CONNS: runs wrk, sets $rps $p50 $p99 $errors
measure() {
  local out
  out=$(wrk -t1 -c"$1" -d"$DURATION" --latency "$url")
  echo "$out" >>"$logs/$current.wrk"
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf ($2 < 100 ? "%.1f" : "%.0f"), $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {printf "non-2xx %s ", $NF} /Socket errors/ {sub(/^[^:]*: */, ""); printf "socket %s ", $0}')
  if grep -q '^ *0 requests in' <<<"$out"; then
    p50="-"; p99="-"; errors+="no response in $DURATION "
  else
    p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  fi
}

# Results by key "FIXTURE|MODE|SERVER" (the ceiling is "ceiling||ceiling").
declare -A c1 c16 cells
keys=()

# run KEY LABEL COLD_SETUP CMD...: cold start after COLD_SETUP (a command), warm start, load.
run() {
  local key="$1" label="$2" setup="$3"; shift 3
  current="${key//|/_}"
  : >"$logs/$current.wrk"
  keys+=("$key")
  echo "load.sh: $label ..." >&2
  local cold
  $setup
  if ! start "$current-cold" "$@"; then
    cells[$key]="| $label | failed to start (cold) | | | | | | | | | | | | | | |"; stop; return 0
  fi
  cold=$first_ms; stop
  if ! start "$current" "$@"; then
    cells[$key]="| $label | failed to start (warm) | | | | | | | | | | | | $cold | | |"; stop; return 0
  fi
  wrk -t1 -c16 -d"$WARMUP" "$url" >/dev/null
  measure 1;  local r1=$rps a1=$p50 b1=$p99 e1=$errors
  measure 16; local r16=$rps a16=$p50 b16=$p99 e16=$errors
  local rss peak others note=""
  rss=$(mib VmRSS "$spid"); peak=$(mib VmHWM "$spid"); others=$(others_mib)
  stop
  [ "$others" -gt 0 ] && note="other processes of the server: +$others MiB RSS"
  [ -n "$e1" ] && note+="${note:+; }c1: ${e1% }"
  [ -n "$e16" ] && note+="${note:+; }c16: ${e16% }"
  c1[$key]=$r1; c16[$key]=$r16
  # @RATIOS@ is filled in when the table is printed, once every row is in.
  cells[$key]="| $label | $r1 | $a1 | $b1 | $r16 | $a16 | $b16 | @RATIOS@ | $rss | $peak | $cold | $first_ms | $note |"
  echo "load.sh: $label: c1 $r1 req/s, c16 $r16 req/s, first response $cold ms cold, $first_ms ms warm" >&2
}

ratio() {
  if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then
    awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3g", a / b}'
  fi
}

none() { :; }
wasmlet_cache=""
clear_wasmlet_cache() { rm -rf "$wasmlet_cache"; mkdir -p "$wasmlet_cache"; }
jco_dir=""
clear_jco_dir() { rm -rf "$jco_dir"; }

started="$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
run "ceiling||ceiling" "ceiling (plain servlet, no Wasm)" none \
  "$java" -cp "$bench_jar" dev.wasmlet.bench.CeilingServer "127.0.0.1:{PORT}"
run "ceiling-async||ceiling-async" "ceiling, async hand-off (plain async servlet, no Wasm)" none \
  "$java" -cp "$bench_jar" dev.wasmlet.bench.CeilingServer "127.0.0.1:{PORT}" --async
for f in "${fixtures[@]}"; do
  wasm="$root/guests/fixtures/$f.wasm"
  wasmlet_cache="$work/cache/$ENGINE/$f"
  jco_dir="$work/jco/$f"
  for m in "${modes[@]}"; do
    case "$m" in
      reuse) wasmlet_opts=(--max-instance-reuse-count 1000000); jco_opts=() ;;
      fresh) wasmlet_opts=(--warm-instances 0); jco_opts=(--isolate-requests instance) ;;
      fresh-warm) wasmlet_opts=(--warm-instances "$WARM")
        jco_opts=(--isolate-requests worker --isolate-worker-pool-size "$WARM") ;;
    esac
    for s in "${servers[@]}"; do
      case "$s" in
        wasmlet) run "$f|$m|wasmlet" "$f $m wasmlet" clear_wasmlet_cache \
          "$root/wasmlet" serve --addr "127.0.0.1:{PORT}" --cache-directory "$wasmlet_cache" --engine "$ENGINE" "${wasmlet_opts[@]}" "$wasm" ;;
        jco) run "$f|$m|jco" "$f $m jco" clear_jco_dir \
          "$jco" serve --host 127.0.0.1 --port "{PORT}" --jco-dir "$jco_dir" "${jco_opts[@]}" "$wasm" ;;
      esac
    done
  done
done

echo
echo "Started $started; ended $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo "$(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $("$java" -version 2>&1 | head -1);" \
  "node $(node --version 2>/dev/null || echo '-'); jco $("$jco" --version 2>/dev/null || echo '-'); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)."
echo "wrk -t1 -c1 and -c16 --latency, $DURATION each after a $WARMUP warm-up, loopback, GET / (Hello, WASI!); warm instances: $WARM."
echo "Latencies in ms. ÷ ceiling = req/s over the ceiling's at the same connections; Wasmlet ÷ jco = over jco serve's row"
echo "of the same fixture and mode. RSS and peak (VmRSS, VmHWM) of the listening process after the load, MiB."
echo "First = process start to the first 200 on /, ms: cold with an empty compile cache, warm with the cache filled."
echo
echo "| server | c1 req/s | c1 p50 | c1 p99 | c16 req/s | c16 p50 | c16 p99 | ÷ ceiling c1 | ÷ ceiling c16 | Wasmlet ÷ jco c1 | Wasmlet ÷ jco c16 | RSS | peak | first cold | first warm | notes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for key in "${keys[@]}"; do
  IFS='|' read -r f m s <<<"$key"
  j1="" j16=""
  if [ "$s" = wasmlet ]; then
    j1=$(ratio "${c1[$key]:-}" "${c1[$f|$m|jco]:-}"); j16=$(ratio "${c16[$key]:-}" "${c16[$f|$m|jco]:-}")
  fi
  ratios="$(ratio "${c1[$key]:-}" "${c1[ceiling||ceiling]:-}") | $(ratio "${c16[$key]:-}" "${c16[ceiling||ceiling]:-}") | $j1 | $j16"
  echo "${cells[$key]/@RATIOS@/$ratios}"
done
