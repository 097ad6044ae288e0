// Wasmlet test guest, JavaScript (StarlingMonkey, fetch-event style).
// Follows the route contract in guests/README.md; see README.md here for what JS cannot express.
// The WASI version in the import specifiers below is rewritten by build.sh for each target
// (0.2.10 and 0.2.3); keep it written as @0.2.10 here.
import { getStdout } from 'wasi:cli/stdout@0.2.10';
import { getStderr } from 'wasi:cli/stderr@0.2.10';
import { poll } from 'wasi:io/poll@0.2.10';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.10';

const HELLO = 'Hello, WASI!';
const encoder = new TextEncoder();

function text(body, status = 200) {
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
}

// Traps: wasi:io/poll.poll "traps if the list is empty" (its WIT contract). StarlingMonkey turns
// every JS error, stack overflow and out-of-memory into a 500 response, so this is the only way
// for fetch-event JS to make the instance trap.
function trap() {
  poll([]);
  throw new Error('poll([]) returned instead of trapping');
}

function echo(request, url) {
  const headers = new Headers({
    'x-method': request.method,
    'x-path-with-query': url.pathname + url.search,
    'x-authority': url.host,
    'x-scheme': url.protocol.replace(/:$/, ''),
  });
  for (const [name, value] of request.headers) headers.append('x-echo-' + name, value);
  // The request body stream is handed straight to the response: StarlingMonkey pipes it through
  // chunk by chunk as it is read.
  return new Response(request.body, { status: 200, headers });
}

function stream(url) {
  const n = intParam(url, 'n', 1048576);
  const chunk = Math.max(1, intParam(url, 'chunk', 1000));
  let offset = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (offset >= n) { controller.close(); return; }
      const len = Math.min(chunk, n - offset);
      const bytes = new Uint8Array(len);
      for (let k = 0; k < len; k++) bytes[k] = 97 + ((offset + k) % 26);
      offset += len;
      controller.enqueue(bytes);
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
}

function intParam(url, name, dflt) {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return dflt;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

function print(url) {
  if (url.searchParams.get('via') === 'console') {
    // console.log / console.error: StarlingMonkey adds the newline itself, so a partial line
    // cannot be written this way.
    console.log('line one');
    console.log('');
    console.log('line three');
    console.error('error line');
    return text('printed');
  }
  // Exactly the four stdout writes of the contract, then one stderr write.
  const out = getStdout();
  for (const s of ['line one\n', '\n', 'line ', 'three\n']) out.blockingWriteAndFlush(encoder.encode(s));
  getStderr().blockingWriteAndFlush(encoder.encode('error line\n'));
  return text('printed');
}

async function sleep(url) {
  const ms = intParam(url, 'ms', 1000);
  if (url.searchParams.get('via') === 'pollable') {
    // blocks inside this call on a monotonic-clock duration pollable
    subscribeDuration(BigInt(ms) * 1000000n).block();
  } else {
    // StarlingMonkey's event loop waits for the timer through wasi:io/poll
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
  return text('slept');
}

function hog() {
  const keep = [];
  try {
    // 1 MiB at a time: SpiderMonkey reports a failed ArrayBuffer allocation as a catchable
    // "out of memory" error (smaller objects make an uncatchable one, answered 500 by StarlingMonkey)
    for (;;) {
      const a = new Uint8Array(1 << 20);
      a.fill(1);
      keep.push(a);
    }
  } catch (e) {
    console.error('hog: ' + e + ' after ' + keep.length + ' MiB');
  }
  trap();
}

async function outbound(url) {
  const target = url.searchParams.get('url');
  if (!target) return text('outbound: missing url parameter', 400);
  try {
    const res = await fetch(target);
    const body = await res.text();
    return text(res.status + ' ' + body);
  } catch (e) {
    return text(String(e && e.message ? e.message : e), 502);
  }
}

async function handle(request) {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === '/' || path === '/hello') return text(HELLO);
  if (path === '/echo') return echo(request, url);
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) {
    const code = Number(status[1]);
    // the Response constructor only accepts 200..599
    if (code < 200 || code > 599) return text('status ' + code + ' cannot be expressed by a JS Response', 404);
    // 204, 205 and 304 are null-body statuses: StarlingMonkey then sets the response without ever
    // calling outgoing-response.body (jco serve's shim crashes on that; a host must send an empty
    // body). Any other status gets an empty body that is opened and finished.
    const nullBody = code === 204 || code === 205 || code === 304;
    return new Response(nullBody ? null : new Uint8Array(0), { status: code });
  }
  if (path === '/stream') return stream(url);
  if (path === '/print') return print(url);
  if (path === '/trap') trap();
  if (path === '/busy') { for (;;) { /* CPU-bound, never calls the host */ } }
  if (path === '/sleep') return sleep(url);
  if (path === '/hog') hog();
  if (path === '/outbound') return outbound(url);
  // /trailers, /request-trailers, /noset, /env, /instance-id: not expressible, see README.md
  return text('not found', 404);
}

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
