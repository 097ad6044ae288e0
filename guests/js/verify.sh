#!/usr/bin/env bash
# Checks a fixture against the route contract (guests/README.md) on the reference peer,
# `jco serve --isolate-requests instance`, listening on 127.0.0.1 only, and prints one line per
# check. The servers it starts (and the child node process jco serve leaves behind) are stopped
# by pid. Usage:
#   js/verify.sh fixtures/js-0.2.10.wasm [PORT] [--hog]     (JS expectations: README.md here)
#   js/verify.sh fixtures/rust.wasm      [PORT] [--hog]     (Rust: rust/README.md)
# --hog also runs /hog, which takes minutes on jco serve (it grows memory to 4 GiB).
# Needs curl and python3 (for the streaming-echo check and an outbound target).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
guests="$(dirname "$here")"
jco="$guests/node_modules/.bin/jco"
fixture="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
port="${2:-18250}"
hog=no; [ "${3:-}" = "--hog" ] && hog=yes
name="$(basename "$fixture" .wasm)"
work="$guests/build/js/verify/$name"
mkdir -p "$work"
B="http://127.0.0.1:$port"
case "$name" in js-*) kind=js ;; *) kind=native ;; esac
fails=0

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; fails=$((fails + 1)); }
note() { echo "NOTE  $*"; }

listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | sed -n '1s/pid=//p'; }

start() {
  "$jco" serve --port "$port" --host 127.0.0.1 --isolate-requests instance --jco-dir "$work/jco" "$fixture" \
    >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    child=$(listener_pid "$port")
    [ -n "$child" ] && grep -q listening "$work/serve.log" && return 0
    sleep 0.5
  done
  echo "jco serve did not start:"; cat "$work/serve.log"; exit 1
}
stop() {
  local c; c=$(listener_pid "$port")
  for p in ${child:-} $c ${server:-}; do kill "$p" 2>/dev/null; done
  wait "${server:-}" 2>/dev/null; sleep 0.5
}
restart() { stop; start; }

# outbound target: a static file served by python on the next port
target_port=$((port + 1))
mkdir -p "$work/www"; printf 'from python' >"$work/www/t.txt"
(cd "$work/www" && exec python3 -m http.server "$target_port" --bind 127.0.0.1 >/dev/null 2>&1) &
target=$!
trap 'stop; kill $target 2>/dev/null' EXIT

start
echo "== $name on jco serve ($("$jco" --version))"

# status code, then body, of one request; extra curl args after the path
req() { local p=$1; shift; curl -s -m 20 -o "$work/body" -D "$work/head" -w '%{http_code}' "$@" "$B$p"; }
header() { tr -d '\r' <"$work/head" | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }

for p in / /hello; do
  st=$(req "$p")
  [ "$st" = 200 ] && [ "$(cat "$work/body")" = "Hello, WASI!" ] && [ "$(header content-type)" = text/plain ] \
    && pass "$p: 200 text/plain Hello, WASI!" || fail "$p: $st $(header content-type) $(head -c 80 "$work/body")"
done

st=$(req '/echo?a=1&b=2' -X POST -H 'x-foo: bar' --data-binary 'hello body')
if [ "$st" = 200 ] && [ "$(cat "$work/body")" = 'hello body' ] && [ "$(header x-method)" = POST ] \
   && [ "$(header x-path-with-query)" = '/echo?a=1&b=2' ] && [ "$(header x-authority)" = "127.0.0.1:$port" ] \
   && [ "$(header x-scheme)" = http ] && [ "$(header x-echo-x-foo)" = bar ]; then
  pass "/echo: body and x-method/x-path-with-query/x-authority/x-scheme/x-echo-* headers"
else fail "/echo: $st $(tr -d '\r' <"$work/head" | grep -i '^x-' | tr '\n' ' ')"; fi
python3 - "$port" >"$work/echo-stream" <<'EOF'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); s.settimeout(10)
s.sendall(b'POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n')
buf = b''
try:
    while b'first' not in buf:
        d = s.recv(65536)
        if not d: break
        buf += d
    early = b'first' in buf
except socket.timeout:
    early = False
s.sendall(b'6\r\nsecond\r\n0\r\n\r\n')
try:
    while b'second' not in buf:
        d = s.recv(65536)
        if not d: break
        buf += d
except socket.timeout: pass
print('streamed' if early and b'second' in buf else 'not-streamed')
EOF
[ "$(cat "$work/echo-stream")" = streamed ] && pass "/echo: first chunk echoed while the request body was still open" \
  || fail "/echo: not streamed"

for code in 201 404 503; do
  st=$(req "/status/$code")
  [ "$st" = "$code" ] && [ ! -s "$work/body" ] && pass "/status/$code: empty body" || fail "/status/$code: got $st"
done

want=$(python3 -c "import hashlib;print(hashlib.md5(bytes(97+i%26 for i in range(1048576))).hexdigest())")
got=$(curl -s -m 60 "$B/stream" | md5sum | cut -d' ' -f1)
[ "$got" = "$want" ] && pass "/stream: 1048576 bytes a..z" || fail "/stream: md5 $got"
st=$(req '/stream?n=30&chunk=7')
[ "$st" = 200 ] && [ "$(cat "$work/body")" = abcdefghijklmnopqrstuvwxyzabcd ] && pass "/stream?n=30&chunk=7" || fail "/stream?n=30&chunk=7: $st"

before=$(wc -c <"$work/serve.log")
st=$(req /print); sleep 0.5
out=$(tail -c +$((before + 1)) "$work/serve.log")
[ "$st" = 200 ] && [ "$(cat "$work/body")" = printed ] && [ "$out" = $'line one\n\nline three\nerror line' ] \
  && pass "/print: 200 printed; stdout+stderr: 'line one','','line three','error line'" || fail "/print: $st [$out]"

start_ms=$(date +%s%3N); st=$(req '/sleep?ms=1200'); took=$(( $(date +%s%3N) - start_ms ))
[ "$st" = 200 ] && [ "$(cat "$work/body")" = slept ] && [ "$took" -ge 1200 ] && pass "/sleep?ms=1200: slept (${took} ms)" || fail "/sleep: $st ${took} ms"

st=$(req "/outbound?url=http%3A%2F%2F127.0.0.1%3A$target_port%2Ft.txt")
[ "$st" = 200 ] && [ "$(cat "$work/body")" = '200 from python' ] && pass "/outbound: 200 '200 from python'" || fail "/outbound: $st $(cat "$work/body")"
st=$(req "/outbound?url=http://127.0.0.1:1/x")
[ "$st" = 502 ] && pass "/outbound to a closed port: 502 $(cat "$work/body")" || fail "/outbound to a closed port: $st"

st=$(req /no-such-route)
[ "$st" = 404 ] && pass "/no-such-route: 404" || fail "/no-such-route: $st"

if [ "$kind" = js ]; then
  for p in /trailers /request-trailers /noset /env /instance-id /status/101; do
    st=$(req "$p"); [ "$st" = 404 ] && pass "$p: 404 (not expressible in fetch-event JS)" || fail "$p: $st"
  done
else
  st=$(req /trailers)
  [ "$st" = 200 ] && [ "$(cat "$work/body")" = trailers ] && pass "/trailers: 200 trailers" || fail "/trailers: $st"
  note "/trailers: the x-trailer trailer is not checked: jco serve's shim rejects outgoing-body.finish with trailers"
  st=$(req /request-trailers -X POST -H 'Transfer-Encoding: chunked' --data-binary abc)
  [ "$st" = 200 ] && pass "/request-trailers: 200 (jco serve never delivers request trailers: empty body)" || fail "/request-trailers: $st"
  st=$(req /env -H 'env: HOME'); body=$(cat "$work/body")
  [ "$st" = 200 ] && [ "$body" = "env: $HOME" ] && pass "/env (env: HOME): 200 $body (jco serve passes its own environment)" || fail "/env: $st $body"
  st=$(req /env -H 'env: WASMLET_SURELY_UNSET')
  [ "$st" = 404 ] && [ "$(cat "$work/body")" = 'env: unset' ] && pass "/env (unset): 404 env: unset" || fail "/env unset: $st"
  st=$(req /instance-id)
  [ "$st" = 200 ] && pass "/instance-id: 200 '$(cat "$work/body")' (jco serve sets no INSTANCE_ID)" || fail "/instance-id: $st"
  st=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$B/noset")
  [ "$st" = 000 ] && pass "/noset: no response within 5 s (jco serve waits forever; wasmtime answers 500)" || fail "/noset: $st"
  restart
fi

# these end (or wedge) the jco serve process: a fresh server for each
st=$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$B/trap"); sleep 0.5
grep -qE 'unreachable|wasi-io trap' "$work/serve.log" && [ "$st" = 000 ] \
  && pass "/trap: no response; jco serve died with: $(grep -m1 -oE 'RuntimeError: wasm trap: .*|Error: wasi-io trap: .*' "$work/serve.log")" \
  || fail "/trap: $st"
restart
curl -s -m 6 -o "$work/busy" -w '%{http_code}' "$B/busy" >"$work/busy.status" &
busy_curl=$!
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pid=$(listener_pid "$port"); t0=$(ticks "$pid"); sleep 2; t1=$(ticks "$pid")
wait "$busy_curl"
st=$(cat "$work/busy.status"); cpu=$(( (t1 - t0) * 100 / (2 * $(getconf CLK_TCK)) ))
[ "$st" = 000 ] && [ "$cpu" -ge 20 ] && pass "/busy: no response within 6 s; jco serve used ${cpu}% of a core meanwhile" || fail "/busy: $st, ${cpu}% CPU"
if [ "$hog" = yes ]; then
  restart
  start_s=$(date +%s)
  st=$(curl -s -m 1500 -o /dev/null -w '%{http_code}' "$B/hog"); sleep 0.5
  grep -qE 'unreachable|wasi-io trap' "$work/serve.log" && [ "$st" = 000 ] \
    && pass "/hog: trapped after $(( $(date +%s) - start_s )) s: $(grep -m1 -oE 'hog: .*|RuntimeError: .*|Error: wasi-io trap: .*' "$work/serve.log")" || fail "/hog: $st"
else
  note "/hog not run (pass --hog; it takes minutes on jco serve)"
fi

echo "== $name: $fails failed"
exit $((fails > 0))
