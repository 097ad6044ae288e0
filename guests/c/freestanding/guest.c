/*
 * Wasmlet test guest in C with no libc and no adapter: a core module built by clang 19 for
 * wasm32-unknown-unknown (-nostdlib), exporting wasi:http/incoming-handler@0.2.0#handle,
 * cabi_realloc and memory. Every canonical-ABI import is declared by hand below (no
 * wit-bindgen); `jco embed` + `jco new` check each signature against world.wit.
 * Routes follow guests/README.md.
 *
 * Canonical ABI reminders: resource handles are i32; strings and lists are (ptr, len); a function
 * with more than one flat result takes a trailing return pointer; a variant's payload starts at
 * the maximum alignment of its cases (8 for anything that holds error-code, which has a u64).
 * Lists the host returns are allocated through cabi_realloc and belong to the guest.
 *
 * Compared with the Rust guest, this one deliberately uses other parts of wasi:io: /stream writes
 * with check-write + write + subscribe + blocking-flush, /echo reads with the non-blocking read +
 * subscribe, /sleep waits with poll(list) instead of pollable.block, /print writes through
 * wasi:cli/stdout and wasi:cli/stderr directly.
 */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;
typedef unsigned long size_t;

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))
#define HTTP "wasi:http/types@0.2.0"
#define STREAMS "wasi:io/streams@0.2.0"

/* ---------------------------------------------------------------------------------------------
 * Imports
 * ------------------------------------------------------------------------------------------- */

IMPORT(HTTP, "[constructor]fields") i32 fields_new(void);
IMPORT(HTTP, "[method]fields.append") void fields_append(i32 f, const u8 *n, size_t nl, const u8 *v, size_t vl, void *ret);
IMPORT(HTTP, "[method]fields.get") void fields_get(i32 f, const u8 *n, size_t nl, void *ret);
IMPORT(HTTP, "[method]fields.entries") void fields_entries(i32 f, void *ret);
IMPORT(HTTP, "[resource-drop]fields") void fields_drop(i32 f);

IMPORT(HTTP, "[method]incoming-request.method") void request_method(i32 r, void *ret);
IMPORT(HTTP, "[method]incoming-request.path-with-query") void request_path_with_query(i32 r, void *ret);
IMPORT(HTTP, "[method]incoming-request.scheme") void request_scheme(i32 r, void *ret);
IMPORT(HTTP, "[method]incoming-request.authority") void request_authority(i32 r, void *ret);
IMPORT(HTTP, "[method]incoming-request.headers") i32 request_headers(i32 r);
IMPORT(HTTP, "[method]incoming-request.consume") void request_consume(i32 r, void *ret);
IMPORT(HTTP, "[resource-drop]incoming-request") void request_drop(i32 r);

IMPORT(HTTP, "[constructor]outgoing-response") i32 response_new(i32 headers);
IMPORT(HTTP, "[method]outgoing-response.set-status-code") i32 response_set_status_code(i32 r, i32 status);
IMPORT(HTTP, "[method]outgoing-response.body") void response_body(i32 r, void *ret);

IMPORT(HTTP, "[method]outgoing-body.write") void outgoing_body_write(i32 b, void *ret);
IMPORT(HTTP, "[static]outgoing-body.finish") void outgoing_body_finish(i32 b, i32 trailers_is_some, i32 trailers, void *ret);

/* param, then result<own<outgoing-response>, error-code> flattened: discriminant, then the joined
 * flattening of own<outgoing-response> and error-code (i32 | i32, i64, i32, i32, i32, i32) */
IMPORT(HTTP, "[static]response-outparam.set")
void outparam_set(i32 param, i32 is_err, i32 p0, i32 p1, i64 p2, i32 p3, i32 p4, i32 p5, i32 p6);
IMPORT(HTTP, "[resource-drop]response-outparam") void outparam_drop(i32 param);

IMPORT(HTTP, "[method]incoming-body.stream") void incoming_body_stream(i32 b, void *ret);
IMPORT(HTTP, "[static]incoming-body.finish") i32 incoming_body_finish(i32 b);
IMPORT(HTTP, "[resource-drop]incoming-body") void incoming_body_drop(i32 b);

IMPORT(HTTP, "[method]future-trailers.subscribe") i32 future_trailers_subscribe(i32 f);
IMPORT(HTTP, "[method]future-trailers.get") void future_trailers_get(i32 f, void *ret);
IMPORT(HTTP, "[resource-drop]future-trailers") void future_trailers_drop(i32 f);

IMPORT(HTTP, "[constructor]outgoing-request") i32 outgoing_request_new(i32 headers);
IMPORT(HTTP, "[method]outgoing-request.body") void outgoing_request_body(i32 r, void *ret);
IMPORT(HTTP, "[method]outgoing-request.set-method") i32 outgoing_request_set_method(i32 r, i32 disc, const u8 *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-scheme") i32 outgoing_request_set_scheme(i32 r, i32 is_some, i32 disc, const u8 *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-authority") i32 outgoing_request_set_authority(i32 r, i32 is_some, const u8 *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-path-with-query") i32 outgoing_request_set_path_with_query(i32 r, i32 is_some, const u8 *p, size_t l);

IMPORT(HTTP, "[method]future-incoming-response.subscribe") i32 future_response_subscribe(i32 f);
IMPORT(HTTP, "[method]future-incoming-response.get") void future_response_get(i32 f, void *ret);
IMPORT(HTTP, "[resource-drop]future-incoming-response") void future_response_drop(i32 f);

IMPORT(HTTP, "[method]incoming-response.status") i32 incoming_response_status(i32 r);
IMPORT(HTTP, "[method]incoming-response.consume") void incoming_response_consume(i32 r, void *ret);
IMPORT(HTTP, "[resource-drop]incoming-response") void incoming_response_drop(i32 r);

IMPORT("wasi:http/outgoing-handler@0.2.0", "handle")
void outgoing_handle(i32 request, i32 options_is_some, i32 options, void *ret);

IMPORT(STREAMS, "[method]input-stream.read") void input_stream_read(i32 s, i64 len, void *ret);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void input_stream_blocking_read(i32 s, i64 len, void *ret);
IMPORT(STREAMS, "[method]input-stream.subscribe") i32 input_stream_subscribe(i32 s);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_stream_drop(i32 s);
IMPORT(STREAMS, "[method]output-stream.check-write") void output_stream_check_write(i32 s, void *ret);
IMPORT(STREAMS, "[method]output-stream.write") void output_stream_write(i32 s, const u8 *p, size_t l, void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_stream_blocking_write_and_flush(i32 s, const u8 *p, size_t l, void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-flush") void output_stream_blocking_flush(i32 s, void *ret);
IMPORT(STREAMS, "[method]output-stream.subscribe") i32 output_stream_subscribe(i32 s);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_stream_drop(i32 s);

IMPORT("wasi:io/error@0.2.0", "[resource-drop]error") void io_error_drop(i32 e);

IMPORT("wasi:io/poll@0.2.0", "[method]pollable.block") void pollable_block(i32 p);
IMPORT("wasi:io/poll@0.2.0", "poll") void poll_list(const i32 *pollables, size_t n, void *ret);
IMPORT("wasi:io/poll@0.2.0", "[resource-drop]pollable") void pollable_drop(i32 p);

IMPORT("wasi:clocks/monotonic-clock@0.2.0", "subscribe-duration") i32 subscribe_duration(i64 nanos);

IMPORT("wasi:cli/environment@0.2.0", "get-environment") void get_environment(void *ret);
IMPORT("wasi:cli/stdout@0.2.0", "get-stdout") i32 get_stdout(void);
IMPORT("wasi:cli/stderr@0.2.0", "get-stderr") i32 get_stderr(void);

/* ---------------------------------------------------------------------------------------------
 * Memory: a bump allocator with one free list per power-of-two size class
 * ------------------------------------------------------------------------------------------- */

extern u8 __heap_base;

#define PAGE 65536u
#define HEADER 8u        /* each block starts with its size class; payloads are 8-aligned */
#define MIN_SHIFT 4      /* smallest block: 16 bytes (8 of header, 8 of payload) */
#define NCLASS 28        /* largest block: 2 GiB */

static u8 *heap_top;     /* next unused byte */
static u8 *heap_end;     /* end of linear memory */
static void *free_list[NCLASS];

void *memcpy(void *dst, const void *src, size_t n) {
  __builtin_memcpy(dst, src, n); /* memory.copy (bulk memory) */
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  __builtin_memset(dst, c, n); /* memory.fill */
  return dst;
}

static u8 *bump(size_t size) {
  if (!heap_top) {
    heap_top = (u8 *)(((size_t)&__heap_base + 7) & ~(size_t)7);
    heap_end = (u8 *)(__builtin_wasm_memory_size(0) * PAGE);
  }
  if ((size_t)(heap_end - heap_top) < size) {
    size_t missing = size - (size_t)(heap_end - heap_top);
    size_t pages = (missing + PAGE - 1) / PAGE;
    size_t old = __builtin_wasm_memory_grow(0, pages);
    if (old == (size_t)-1) return 0;
    /* something else (the /hog route) may have grown memory meanwhile: start afresh at old end */
    if ((u8 *)(old * PAGE) != heap_end) heap_top = (u8 *)(old * PAGE);
    heap_end = (u8 *)((old + pages) * PAGE);
    if ((size_t)(heap_end - heap_top) < size) return bump(size);
  }
  u8 *p = heap_top;
  heap_top += size;
  return p;
}

static int size_class(size_t size) {
  size_t need = size + HEADER;
  int k = 0;
  while (((size_t)1 << (k + MIN_SHIFT)) < need) {
    if (++k >= NCLASS) return -1;
  }
  return k;
}

static void *alloc(size_t size) {
  int k = size_class(size);
  if (k < 0) return 0;
  u8 *block;
  if (free_list[k]) {
    block = (u8 *)free_list[k] - HEADER;
    free_list[k] = *(void **)free_list[k];
  } else {
    block = bump((size_t)1 << (k + MIN_SHIFT));
    if (!block) return 0;
  }
  *(u32 *)block = (u32)k;
  return block + HEADER;
}

static void release(void *p) {
  /* ignore what this allocator did not hand out (e.g. the dangling pointer of an empty list) */
  if ((u8 *)p < &__heap_base + HEADER || (u8 *)p >= heap_top || ((size_t)p & 7)) return;
  u32 k = *(u32 *)((u8 *)p - HEADER);
  *(void **)p = free_list[k];
  free_list[k] = p;
}

static size_t capacity(void *p) {
  return ((size_t)1 << (*(u32 *)((u8 *)p - HEADER) + MIN_SHIFT)) - HEADER;
}

static void *xalloc(size_t size) {
  void *p = alloc(size);
  if (!p) __builtin_trap();
  return p;
}

EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (align > 8) __builtin_trap(); /* the canonical ABI never asks for more */
  if (old && new_size <= capacity(old)) return old;
  void *p = xalloc(new_size);
  if (old) {
    memcpy(p, old, old_size < new_size ? old_size : new_size);
    release(old);
  }
  return p;
}

/* ---------------------------------------------------------------------------------------------
 * Bytes and strings
 * ------------------------------------------------------------------------------------------- */

typedef struct { u8 *p; size_t len, cap; } buf;

static size_t cstrlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

static int bytes_eq(const u8 *a, const u8 *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static int mem_eq(const u8 *a, size_t al, const char *b) {
  size_t bl = cstrlen(b);
  if (al != bl) return 0;
  for (size_t i = 0; i < al; i++)
    if (a[i] != (u8)b[i]) return 0;
  return 1;
}

static int starts_with(const u8 *a, size_t al, const char *prefix) {
  size_t pl = cstrlen(prefix);
  return al >= pl && mem_eq(a, pl, prefix);
}

static void buf_reserve(buf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap * 2 : 64;
  while (cap < b->len + extra) cap *= 2;
  b->p = cabi_realloc(b->p, b->len, 1, cap);
  b->cap = cap;
}

static void buf_add(buf *b, const u8 *p, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void buf_str(buf *b, const char *s) { buf_add(b, (const u8 *)s, cstrlen(s)); }

static void buf_u64(buf *b, u64 v) {
  char digits[20];
  int n = 0;
  do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) { u8 c = (u8)digits[--n]; buf_add(b, &c, 1); }
}

static void buf_free(buf *b) { release(b->p); b->p = 0; b->len = b->cap = 0; }

/* ---------------------------------------------------------------------------------------------
 * Return areas
 * ------------------------------------------------------------------------------------------- */

/* big and aligned enough for every result used here; the largest is
 * option<result<result<_, error-code>>>: 40 bytes, align 8 */
typedef struct { _Alignas(8) u8 b[64]; } ret_t;

static u8 r8(const ret_t *r, int off) { return r->b[off]; }
static i32 r32(const ret_t *r, int off) { return *(const i32 *)(r->b + off); }
static u64 r64(const ret_t *r, int off) { return *(const u64 *)(r->b + off); }

/* result<own<T>> (no error payload): discriminant at 0, handle at 4. -1 on error. */
static i32 result_handle(const ret_t *r) { return r8(r, 0) == 0 ? r32(r, 4) : -1; }

/* stream-error at off: last-operation-failed(own<error>) = 0 at off+4, closed = 1 */
static void drop_stream_error(const ret_t *r, int off) {
  if (r8(r, off) == 0) io_error_drop(r32(r, off + 4));
}

/* ---------------------------------------------------------------------------------------------
 * Small wrappers
 * ------------------------------------------------------------------------------------------- */

/* fields.append; result<_, header-error> ignored (a forbidden name is just left out) */
static void append(i32 f, const u8 *n, size_t nl, const u8 *v, size_t vl) {
  ret_t r;
  fields_append(f, n, nl, v, vl, &r);
}

static void append_str(i32 f, const char *n, const char *v) {
  append(f, (const u8 *)n, cstrlen(n), (const u8 *)v, cstrlen(v));
}

/* option<string> in a return area: discriminant at 0, (ptr, len) at 4. */
static int option_string(const ret_t *r, buf *out) {
  if (r8(r, 0) == 0) return 0;
  out->len = out->cap = (size_t)r32(r, 8);
  out->p = out->len ? (u8 *)r32(r, 4) : 0;
  return 1;
}

static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

static const char *const ERROR_CODES[] = {
  "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable",
  "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused",
  "connection-terminated", "connection-timeout", "connection-read-timeout",
  "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
  "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied",
  "HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid",
  "HTTP-request-URI-invalid", "HTTP-request-URI-too-long", "HTTP-request-header-section-size",
  "HTTP-request-header-size", "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
  "HTTP-response-incomplete", "HTTP-response-header-section-size", "HTTP-response-header-size",
  "HTTP-response-body-size", "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
  "HTTP-response-transfer-coding", "HTTP-response-content-coding", "HTTP-response-timeout",
  "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
  "internal-error",
};

static const char *error_code_name(u8 disc) {
  return disc < sizeof ERROR_CODES / sizeof ERROR_CODES[0] ? ERROR_CODES[disc] : "unknown-error-code";
}

/* Writes all of p[0..n) with blocking-write-and-flush, at most 4096 bytes a call (its limit).
 * Returns 0 when the stream failed or closed. */
static int write_all(i32 stream, const u8 *p, size_t n) {
  while (n) {
    size_t piece = n < 4096 ? n : 4096;
    ret_t r;
    output_stream_blocking_write_and_flush(stream, p, piece, &r);
    if (r8(&r, 0) != 0) { drop_stream_error(&r, 4); return 0; }
    p += piece;
    n -= piece;
  }
  return 1;
}

/* Writes p[0..n) with the non-blocking protocol: check-write, wait on subscribe while it permits
 * nothing, write what it permits. Returns 0 when the stream failed or closed. */
static int write_nonblocking(i32 stream, const u8 *p, size_t n) {
  while (n) {
    ret_t r;
    output_stream_check_write(stream, &r); /* result<u64, stream-error>: payload at 8 */
    if (r8(&r, 0) != 0) { drop_stream_error(&r, 8); return 0; }
    u64 permit = r64(&r, 8);
    if (permit == 0) {
      i32 pollable = output_stream_subscribe(stream);
      pollable_block(pollable);
      pollable_drop(pollable);
      continue;
    }
    size_t piece = permit < n ? (size_t)permit : n;
    output_stream_write(stream, p, piece, &r); /* result<_, stream-error>: payload at 4 */
    if (r8(&r, 0) != 0) { drop_stream_error(&r, 4); return 0; }
    p += piece;
    n -= piece;
  }
  return 1;
}

/* Reads an input-stream to its end (blocking-read), appending to out. */
static void read_all(i32 stream, buf *out) {
  for (;;) {
    ret_t r;
    input_stream_blocking_read(stream, 65536, &r); /* result<list<u8>, stream-error> */
    if (r8(&r, 0) != 0) { drop_stream_error(&r, 4); return; }
    u8 *p = (u8 *)r32(&r, 4);
    size_t n = (size_t)r32(&r, 8);
    buf_add(out, p, n);
    if (p) release(p);
  }
}

/* Reads an incoming-body's stream to its end and drops the stream. */
static void read_body(i32 body, buf *out) {
  ret_t r;
  incoming_body_stream(body, &r);
  i32 stream = result_handle(&r);
  if (stream < 0) return;
  read_all(stream, out);
  input_stream_drop(stream);
}

/* A response being written: the outparam is already set, the body is open. */
typedef struct { i32 body, stream; } out_t;

static out_t start_response_fields(i32 outparam, u32 status, i32 fields) {
  i32 resp = response_new(fields);
  if (response_set_status_code(resp, (i32)status) != 0) response_set_status_code(resp, 400);
  ret_t r;
  response_body(resp, &r);
  out_t out;
  out.body = result_handle(&r);
  if (out.body < 0) __builtin_trap();
  outgoing_body_write(out.body, &r);
  out.stream = result_handle(&r);
  if (out.stream < 0) __builtin_trap();
  outparam_set(outparam, 0, resp, 0, 0, 0, 0, 0, 0);
  return out;
}

static out_t start_response(i32 outparam, u32 status, const char *content_type) {
  i32 f = fields_new();
  if (content_type) append_str(f, "content-type", content_type);
  return start_response_fields(outparam, status, f);
}

/* Drops the stream, then finishes the body (with trailers when trailers >= 0). */
static void finish(out_t out, i32 trailers) {
  output_stream_drop(out.stream);
  ret_t r;
  if (trailers >= 0) outgoing_body_finish(out.body, 1, trailers, &r);
  else outgoing_body_finish(out.body, 0, 0, &r);
}

static void respond(i32 outparam, u32 status, const u8 *p, size_t n) {
  out_t out = start_response(outparam, status, "text/plain");
  write_all(out.stream, p, n);
  finish(out, -1);
}

static void respond_text(i32 outparam, u32 status, const char *text) {
  respond(outparam, status, (const u8 *)text, cstrlen(text));
}

/* ---------------------------------------------------------------------------------------------
 * Query strings
 * ------------------------------------------------------------------------------------------- */

static int hex(u8 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* value of name in query (percent-decoded into out); 0 when absent */
static int query_param(const u8 *q, size_t ql, const char *name, buf *out) {
  size_t nl = cstrlen(name), i = 0;
  while (i <= ql) {
    size_t end = i;
    while (end < ql && q[end] != '&') end++;
    if (end - i > nl && q[i + nl] == '=' && mem_eq(q + i, nl, name)) {
      for (size_t k = i + nl + 1; k < end; k++) {
        u8 c = q[k];
        if (c == '%' && k + 2 < end && hex(q[k + 1]) >= 0 && hex(q[k + 2]) >= 0) {
          c = (u8)(hex(q[k + 1]) * 16 + hex(q[k + 2]));
          k += 2;
        }
        buf_add(out, &c, 1);
      }
      return 1;
    }
    i = end + 1;
  }
  return 0;
}

static int parse_u64(const u8 *p, size_t n, u64 *v) {
  if (n == 0 || n > 19) return 0;
  u64 x = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    x = x * 10 + (p[i] - '0');
  }
  *v = x;
  return 1;
}

static u64 num_param(const u8 *q, size_t ql, const char *name, u64 dflt) {
  buf b = {0};
  u64 v = dflt;
  if (query_param(q, ql, name, &b) && !parse_u64(b.p, b.len, &v)) v = dflt;
  buf_free(&b);
  return v;
}

/* ---------------------------------------------------------------------------------------------
 * Routes
 * ------------------------------------------------------------------------------------------- */

static void echo(i32 request, i32 outparam, const buf *pq) {
  ret_t r;
  i32 fields = fields_new();

  request_method(request, &r); /* method: discriminant at 0, other(string) at 4 */
  u8 m = r8(&r, 0);
  if (m < 9) append_str(fields, "x-method", METHODS[m]);
  else { append(fields, (const u8 *)"x-method", 8, (u8 *)r32(&r, 4), (size_t)r32(&r, 8)); release((void *)r32(&r, 4)); }

  append(fields, (const u8 *)"x-path-with-query", 17, pq->p, pq->len);

  buf s = {0};
  request_authority(request, &r);
  if (option_string(&r, &s)) { append(fields, (const u8 *)"x-authority", 11, s.p, s.len); buf_free(&s); }

  request_scheme(request, &r); /* option<scheme>: some at 0, scheme discriminant at 4, other at 8 */
  if (r8(&r, 0)) {
    if (r8(&r, 4) == 0) append_str(fields, "x-scheme", "http");
    else if (r8(&r, 4) == 1) append_str(fields, "x-scheme", "https");
    else { append(fields, (const u8 *)"x-scheme", 8, (u8 *)r32(&r, 8), (size_t)r32(&r, 12)); release((void *)r32(&r, 8)); }
  }

  /* list<tuple<string, list<u8>>>: 16 bytes per entry */
  i32 headers = request_headers(request);
  fields_entries(headers, &r);
  u32 *e = (u32 *)r32(&r, 0);
  size_t n = (size_t)r32(&r, 4);
  for (size_t i = 0; i < n; i++, e += 4) {
    buf name = {0};
    buf_str(&name, "x-echo-");
    buf_add(&name, (u8 *)e[0], e[1]);
    append(fields, name.p, name.len, (u8 *)e[2], e[3]);
    buf_free(&name);
    release((void *)e[0]);
    release((void *)e[2]);
  }
  release((void *)r32(&r, 0));
  fields_drop(headers);

  request_consume(request, &r);
  i32 body = result_handle(&r);
  out_t out = start_response_fields(outparam, 200, fields);
  if (body >= 0) {
    incoming_body_stream(body, &r);
    i32 in = result_handle(&r);
    if (in >= 0) {
      /* streamed: the non-blocking read, waiting on subscribe when nothing is there yet */
      for (;;) {
        input_stream_read(in, 65536, &r);
        if (r8(&r, 0) != 0) { drop_stream_error(&r, 4); break; }
        u8 *p = (u8 *)r32(&r, 4);
        size_t len = (size_t)r32(&r, 8);
        if (len == 0) {
          if (p) release(p);
          i32 pollable = input_stream_subscribe(in);
          pollable_block(pollable);
          pollable_drop(pollable);
          continue;
        }
        int ok = write_all(out.stream, p, len);
        release(p);
        if (!ok) break;
      }
      input_stream_drop(in);
    }
    incoming_body_drop(body);
  }
  finish(out, -1);
}

static void stream(i32 outparam, u64 n, u64 chunk) {
  if (chunk == 0) chunk = 1;
  out_t out = start_response(outparam, 200, "application/octet-stream");
  size_t cap = chunk < n ? (size_t)chunk : (size_t)n;
  if (cap > (1u << 20)) cap = 1u << 20;
  u8 *b = xalloc(cap ? cap : 1);
  int ok = 1;
  for (u64 off = 0; ok && off < n;) {
    u64 len = chunk < n - off ? chunk : n - off;
    for (u64 done = 0; ok && done < len;) {
      size_t piece = len - done < cap ? (size_t)(len - done) : cap;
      for (size_t k = 0; k < piece; k++) b[k] = (u8)('a' + (off + done + k) % 26);
      ok = write_nonblocking(out.stream, b, piece);
      done += piece;
    }
    off += len;
  }
  release(b);
  if (ok) {
    ret_t r;
    output_stream_blocking_flush(out.stream, &r);
    if (r8(&r, 0) != 0) drop_stream_error(&r, 4);
  }
  finish(out, -1);
}

static void request_trailers(i32 request, i32 outparam) {
  ret_t r;
  request_consume(request, &r);
  i32 body = result_handle(&r);
  buf text = {0};
  u32 status = 200;
  if (body >= 0) {
    buf ignored = {0};
    read_body(body, &ignored);
    buf_free(&ignored);
    i32 future = incoming_body_finish(body);
    i32 p = future_trailers_subscribe(future);
    pollable_block(p);
    pollable_drop(p);
    /* option<result<result<option<own<trailers>>, error-code>>>:
     * option at 0, outer result at 8, inner result at 16, payload at 24 */
    future_trailers_get(future, &r);
    if (r8(&r, 0) == 1 && r8(&r, 8) == 0) {
      if (r8(&r, 16) == 0) {
        if (r8(&r, 24) == 1) {
          i32 trailers = r32(&r, 28);
          ret_t l;
          fields_entries(trailers, &l);
          u32 *e = (u32 *)r32(&l, 0);
          size_t n = (size_t)r32(&l, 4);
          for (size_t i = 0; i < n; i++, e += 4) {
            buf_add(&text, (u8 *)e[0], e[1]);
            buf_str(&text, ": ");
            buf_add(&text, (u8 *)e[2], e[3]);
            buf_str(&text, "\n");
            release((void *)e[0]);
            release((void *)e[2]);
          }
          release((void *)r32(&l, 0));
          fields_drop(trailers);
        }
      } else {
        status = 502;
        buf_str(&text, "error: ");
        buf_str(&text, error_code_name(r8(&r, 24)));
        buf_str(&text, "\n");
      }
    }
    future_trailers_drop(future);
  }
  respond(outparam, status, text.p, text.len);
  buf_free(&text);
}

static void print(i32 outparam) {
  i32 out = get_stdout();
  write_all(out, (const u8 *)"line one\n", 9);
  write_all(out, (const u8 *)"\n", 1);
  write_all(out, (const u8 *)"line ", 5);
  write_all(out, (const u8 *)"three\n", 6);
  output_stream_drop(out);
  i32 err = get_stderr();
  write_all(err, (const u8 *)"error line\n", 11);
  output_stream_drop(err);
  respond_text(outparam, 200, "printed");
}

/* value of environment variable name[0..nl) into value; 0 when unset */
static int getenv_into(const u8 *name, size_t nl, buf *value) {
  ret_t r;
  get_environment(&r); /* list<tuple<string, string>>: 16 bytes per entry */
  u32 *e = (u32 *)r32(&r, 0);
  size_t n = (size_t)r32(&r, 4);
  int found = 0;
  for (size_t i = 0; i < n; i++, e += 4) {
    if (!found && e[1] == nl && bytes_eq((const u8 *)e[0], name, nl)) {
      buf_add(value, (u8 *)e[2], e[3]);
      found = 1;
    }
    release((void *)e[0]);
    release((void *)e[2]);
  }
  release((void *)r32(&r, 0));
  return found;
}

static void env(i32 request, i32 outparam) {
  i32 headers = request_headers(request);
  ret_t r;
  fields_get(headers, (const u8 *)"env", 3, &r); /* list<list<u8>>: 8 bytes per entry */
  u32 *e = (u32 *)r32(&r, 0);
  size_t n = (size_t)r32(&r, 4);
  buf name = {0}, value = {0};
  if (n > 0) buf_add(&name, (u8 *)e[0], e[1]);
  for (size_t i = 0; i < n; i++) release((void *)e[2 * i]);
  release(e);
  fields_drop(headers);
  if (getenv_into(name.p, name.len, &value)) {
    buf text = {0};
    buf_str(&text, "env: ");
    buf_add(&text, value.p, value.len);
    respond(outparam, 200, text.p, text.len);
    buf_free(&text);
  } else {
    respond_text(outparam, 404, "env: unset");
  }
  buf_free(&name);
  buf_free(&value);
}

static void instance_id(i32 outparam) {
  buf value = {0};
  getenv_into((const u8 *)"INSTANCE_ID", 11, &value);
  respond(outparam, 200, value.p, value.len);
  buf_free(&value);
}

static void sleep_ms(i32 outparam, u64 ms) {
  i32 p = subscribe_duration((i64)(ms * 1000000u));
  ret_t r;
  poll_list(&p, 1, &r); /* list<u32> of ready indexes; one pollable, so it returns when it is ready */
  release((void *)r32(&r, 0));
  pollable_drop(p);
  respond_text(outparam, 200, "slept");
}

static volatile u64 spins;

static __attribute__((noreturn)) void busy(void) {
  for (;;) spins++; /* CPU-bound, never calls the host */
}

static __attribute__((noreturn)) void hog(void) {
  for (;;) {
    size_t page = __builtin_wasm_memory_grow(0, 1);
    if (page == (size_t)-1) __builtin_trap();
    volatile u8 *base = (volatile u8 *)(page * PAGE);
    base[0] = 1;
    base[PAGE - 1] = 1;
  }
}

static void outbound(i32 outparam, const buf *url) {
  /* scheme://authority/path */
  size_t i = 0;
  while (i + 2 < url->len && !(url->p[i] == ':' && url->p[i + 1] == '/' && url->p[i + 2] == '/')) i++;
  if (i + 2 >= url->len) { respond_text(outparam, 400, "outbound: url must be scheme://authority/path"); return; }
  const u8 *scheme = url->p, *authority = url->p + i + 3;
  size_t scheme_len = i, rest = url->len - i - 3, authority_len = 0;
  while (authority_len < rest && authority[authority_len] != '/') authority_len++;
  const u8 *path = authority + authority_len;
  size_t path_len = rest - authority_len;

  i32 request = outgoing_request_new(fields_new());
  outgoing_request_set_method(request, 0, 0, 0); /* GET */
  if (mem_eq(scheme, scheme_len, "http")) outgoing_request_set_scheme(request, 1, 0, 0, 0);
  else if (mem_eq(scheme, scheme_len, "https")) outgoing_request_set_scheme(request, 1, 1, 0, 0);
  else outgoing_request_set_scheme(request, 1, 2, scheme, scheme_len);
  outgoing_request_set_authority(request, 1, authority, authority_len);
  if (path_len) outgoing_request_set_path_with_query(request, 1, path, path_len);
  else outgoing_request_set_path_with_query(request, 1, (const u8 *)"/", 1);

  /* an empty body, finished before the request is sent */
  ret_t r;
  outgoing_request_body(request, &r);
  i32 body = result_handle(&r);
  if (body >= 0) outgoing_body_finish(body, 0, 0, &r);

  /* result<own<future-incoming-response>, error-code>: discriminant at 0, payload at 8 */
  outgoing_handle(request, 0, 0, &r);
  if (r8(&r, 0) != 0) { respond_text(outparam, 502, error_code_name(r8(&r, 8))); return; }
  i32 future = r32(&r, 8);
  i32 p = future_response_subscribe(future);
  pollable_block(p);
  pollable_drop(p);
  /* option<result<result<own<incoming-response>, error-code>>>: as for future-trailers.get */
  future_response_get(future, &r);
  future_response_drop(future);
  if (r8(&r, 0) != 1 || r8(&r, 8) != 0) { respond_text(outparam, 502, "internal-error"); return; }
  if (r8(&r, 16) != 0) { respond_text(outparam, 502, error_code_name(r8(&r, 24))); return; }
  i32 response = r32(&r, 24);
  u32 status = (u32)incoming_response_status(response);
  buf text = {0};
  buf_u64(&text, status);
  buf_str(&text, " ");
  incoming_response_consume(response, &r);
  i32 rbody = result_handle(&r);
  if (rbody >= 0) {
    read_body(rbody, &text);
    incoming_body_drop(rbody);
  }
  incoming_response_drop(response);
  respond(outparam, 200, text.p, text.len);
  buf_free(&text);
}

/* ---------------------------------------------------------------------------------------------
 * The handler
 * ------------------------------------------------------------------------------------------- */

EXPORT("wasi:http/incoming-handler@0.2.0#handle")
void handle(i32 request, i32 outparam) {
  ret_t r;
  buf pq = {0};
  request_path_with_query(request, &r);
  if (!option_string(&r, &pq)) buf_str(&pq, "/");
  size_t path_len = 0;
  while (path_len < pq.len && pq.p[path_len] != '?') path_len++;
  const u8 *path = pq.p, *query = pq.p + path_len + (path_len < pq.len ? 1 : 0);
  size_t query_len = pq.len - path_len - (path_len < pq.len ? 1 : 0);

  if (mem_eq(path, path_len, "/") || mem_eq(path, path_len, "/hello")) {
    respond_text(outparam, 200, "Hello, WASI!");
  } else if (mem_eq(path, path_len, "/echo")) {
    echo(request, outparam, &pq);
  } else if (mem_eq(path, path_len, "/stream")) {
    stream(outparam, num_param(query, query_len, "n", 1048576), num_param(query, query_len, "chunk", 1000));
  } else if (mem_eq(path, path_len, "/trailers")) {
    out_t out = start_response(outparam, 200, "text/plain");
    write_all(out.stream, (const u8 *)"trailers", 8);
    i32 trailers = fields_new();
    append_str(trailers, "x-trailer", "done");
    finish(out, trailers);
  } else if (mem_eq(path, path_len, "/request-trailers")) {
    request_trailers(request, outparam);
  } else if (mem_eq(path, path_len, "/trap")) {
    __builtin_trap();
  } else if (mem_eq(path, path_len, "/noset")) {
    /* what a wit-bindgen guest does when it returns without setting: drop the handles */
    outparam_drop(outparam);
  } else if (mem_eq(path, path_len, "/print")) {
    print(outparam);
  } else if (mem_eq(path, path_len, "/env")) {
    env(request, outparam);
  } else if (mem_eq(path, path_len, "/instance-id")) {
    instance_id(outparam);
  } else if (mem_eq(path, path_len, "/busy")) {
    busy();
  } else if (mem_eq(path, path_len, "/sleep")) {
    sleep_ms(outparam, num_param(query, query_len, "ms", 1000));
  } else if (mem_eq(path, path_len, "/hog")) {
    hog();
  } else if (mem_eq(path, path_len, "/outbound")) {
    buf url = {0};
    query_param(query, query_len, "url", &url);
    outbound(outparam, &url);
    buf_free(&url);
  } else if (starts_with(path, path_len, "/status/")) {
    u64 status = 0;
    if (!parse_u64(path + 8, path_len - 8, &status) || status > 65535) status = 0;
    out_t out = start_response(outparam, (u32)status, 0);
    finish(out, -1);
  } else {
    respond_text(outparam, 404, "not found");
  }
  buf_free(&pq);
  request_drop(request);
}
