/*
 * Wasmlet test guest in C on wasi-libc: a reactor core module built by clang 19 for wasm32-wasi
 * (Debian's wasi-libc, -mexec-model=reactor), wrapped by `jco new --wasi-reactor` with the preview1
 * reactor adapter. The wasi:http imports are declared by hand (no wit-bindgen); everything else
 * goes through libc and wasi_snapshot_preview1, which the adapter maps onto wasi:cli, wasi:io and
 * wasi:clocks 0.2: printf/fputs/fprintf (fd_write), getenv (environ_get), nanosleep (poll_oneoff),
 * malloc (memory.grow). Routes follow guests/README.md; libc/README.md lists which.
 *
 * Canonical ABI reminders: resource handles are i32; strings and lists are (ptr, len); a function
 * with more than one flat result takes a trailing return pointer. Lists the host returns are
 * allocated through cabi_realloc (here: libc realloc) and are freed with free().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))
#define HTTP "wasi:http/types@0.2.0"
#define STREAMS "wasi:io/streams@0.2.0"

IMPORT(HTTP, "[constructor]fields") int32_t fields_new(void);
IMPORT(HTTP, "[method]fields.append") void fields_append(int32_t f, const char *n, size_t nl, const void *v, size_t vl, void *ret);
IMPORT(HTTP, "[method]fields.get") void fields_get(int32_t f, const char *n, size_t nl, void *ret);
IMPORT(HTTP, "[method]fields.entries") void fields_entries(int32_t f, void *ret);
IMPORT(HTTP, "[resource-drop]fields") void fields_drop(int32_t f);

IMPORT(HTTP, "[method]incoming-request.method") void request_method(int32_t r, void *ret);
IMPORT(HTTP, "[method]incoming-request.path-with-query") void request_path_with_query(int32_t r, void *ret);
IMPORT(HTTP, "[method]incoming-request.scheme") void request_scheme(int32_t r, void *ret);
IMPORT(HTTP, "[method]incoming-request.authority") void request_authority(int32_t r, void *ret);
IMPORT(HTTP, "[method]incoming-request.headers") int32_t request_headers(int32_t r);
IMPORT(HTTP, "[method]incoming-request.consume") void request_consume(int32_t r, void *ret);
IMPORT(HTTP, "[resource-drop]incoming-request") void request_drop(int32_t r);

IMPORT(HTTP, "[constructor]outgoing-response") int32_t response_new(int32_t headers);
IMPORT(HTTP, "[method]outgoing-response.set-status-code") int32_t response_set_status_code(int32_t r, int32_t status);
IMPORT(HTTP, "[method]outgoing-response.body") void response_body(int32_t r, void *ret);
IMPORT(HTTP, "[method]outgoing-body.write") void outgoing_body_write(int32_t b, void *ret);
IMPORT(HTTP, "[static]outgoing-body.finish") void outgoing_body_finish(int32_t b, int32_t trailers_is_some, int32_t trailers, void *ret);

/* param, then result<own<outgoing-response>, error-code> flattened (see freestanding/guest.c) */
IMPORT(HTTP, "[static]response-outparam.set")
void outparam_set(int32_t param, int32_t is_err, int32_t p0, int32_t p1, int64_t p2, int32_t p3, int32_t p4, int32_t p5, int32_t p6);
IMPORT(HTTP, "[resource-drop]response-outparam") void outparam_drop(int32_t param);

IMPORT(HTTP, "[method]incoming-body.stream") void incoming_body_stream(int32_t b, void *ret);
IMPORT(HTTP, "[static]incoming-body.finish") int32_t incoming_body_finish(int32_t b);
IMPORT(HTTP, "[resource-drop]incoming-body") void incoming_body_drop(int32_t b);

IMPORT(HTTP, "[method]future-trailers.subscribe") int32_t future_trailers_subscribe(int32_t f);
IMPORT(HTTP, "[method]future-trailers.get") void future_trailers_get(int32_t f, void *ret);
IMPORT(HTTP, "[resource-drop]future-trailers") void future_trailers_drop(int32_t f);

IMPORT(HTTP, "[constructor]outgoing-request") int32_t outgoing_request_new(int32_t headers);
IMPORT(HTTP, "[method]outgoing-request.body") void outgoing_request_body(int32_t r, void *ret);
IMPORT(HTTP, "[method]outgoing-request.set-method") int32_t outgoing_request_set_method(int32_t r, int32_t disc, const char *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-scheme") int32_t outgoing_request_set_scheme(int32_t r, int32_t is_some, int32_t disc, const char *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-authority") int32_t outgoing_request_set_authority(int32_t r, int32_t is_some, const char *p, size_t l);
IMPORT(HTTP, "[method]outgoing-request.set-path-with-query") int32_t outgoing_request_set_path_with_query(int32_t r, int32_t is_some, const char *p, size_t l);

IMPORT(HTTP, "[method]future-incoming-response.subscribe") int32_t future_response_subscribe(int32_t f);
IMPORT(HTTP, "[method]future-incoming-response.get") void future_response_get(int32_t f, void *ret);
IMPORT(HTTP, "[resource-drop]future-incoming-response") void future_response_drop(int32_t f);

IMPORT(HTTP, "[method]incoming-response.status") int32_t incoming_response_status(int32_t r);
IMPORT(HTTP, "[method]incoming-response.consume") void incoming_response_consume(int32_t r, void *ret);
IMPORT(HTTP, "[resource-drop]incoming-response") void incoming_response_drop(int32_t r);

IMPORT("wasi:http/outgoing-handler@0.2.0", "handle")
void outgoing_handle(int32_t request, int32_t options_is_some, int32_t options, void *ret);

IMPORT(STREAMS, "[method]input-stream.blocking-read") void input_stream_blocking_read(int32_t s, int64_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_stream_drop(int32_t s);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_stream_blocking_write_and_flush(int32_t s, const void *p, size_t l, void *ret);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_stream_drop(int32_t s);
IMPORT("wasi:io/error@0.2.0", "[resource-drop]error") void io_error_drop(int32_t e);

/* the pollables of the http futures are wasi:io/poll@0.2.0 pollables; the adapter imports
 * wasi:io/poll@0.2.12, and the component has one instance of it for both */
IMPORT("wasi:io/poll@0.2.0", "[method]pollable.block") void pollable_block(int32_t p);
IMPORT("wasi:io/poll@0.2.0", "[resource-drop]pollable") void pollable_drop(int32_t p);

EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (new_size == 0) return (void *)align; /* never dereferenced */
  void *p = realloc(old, new_size);        /* malloc aligns to 16, the ABI asks for at most 8 */
  if (!p) __builtin_trap();
  return p;
}

/* return area: big and aligned enough for every result used here */
/* (the largest is option<result<result<_, error-code>>>: 40 bytes, align 8) */
typedef struct { _Alignas(8) uint8_t b[64]; } ret_t;
static uint8_t r8(const ret_t *r, int off) { return r->b[off]; }
static int32_t r32(const ret_t *r, int off) { int32_t v; memcpy(&v, r->b + off, 4); return v; }

/* result<own<T>>: discriminant at 0, handle at 4; -1 on error */
static int32_t result_handle(const ret_t *r) { return r8(r, 0) == 0 ? r32(r, 4) : -1; }

static void append(int32_t f, const char *name, const void *value, size_t len) {
  ret_t r;
  fields_append(f, name, strlen(name), value, len, &r); /* a header-error just leaves it out */
}

/* option<string> as a NUL-terminated malloc'd string, or NULL */
static char *option_string(const ret_t *r) {
  if (r8(r, 0) == 0) return NULL;
  size_t len = (size_t)r32(r, 8);
  char *s = malloc(len + 1);
  memcpy(s, (void *)r32(r, 4), len);
  s[len] = 0;
  if (len) free((void *)r32(r, 4));
  return s;
}

/* A response being written: the outparam is already set, the body is open. */
typedef struct { int32_t body, stream; } out_t;

static out_t start_response_fields(int32_t outparam, int status, int32_t fields) {
  int32_t resp = response_new(fields);
  if (response_set_status_code(resp, status) != 0) response_set_status_code(resp, 400);
  ret_t r;
  out_t out;
  response_body(resp, &r);
  if ((out.body = result_handle(&r)) < 0) __builtin_trap();
  outgoing_body_write(out.body, &r);
  if ((out.stream = result_handle(&r)) < 0) __builtin_trap();
  outparam_set(outparam, 0, resp, 0, 0, 0, 0, 0, 0);
  return out;
}

static out_t start_response(int32_t outparam, int status, const char *content_type) {
  int32_t f = fields_new();
  if (content_type) append(f, "content-type", content_type, strlen(content_type));
  return start_response_fields(outparam, status, f);
}

/* blocking-write-and-flush, at most 4096 bytes a call; 0 when the stream failed or closed */
static int write_all(int32_t stream, const void *data, size_t n) {
  const char *p = data;
  while (n) {
    size_t piece = n < 4096 ? n : 4096;
    ret_t r;
    output_stream_blocking_write_and_flush(stream, p, piece, &r);
    if (r8(&r, 0) != 0) {
      if (r8(&r, 4) == 0) io_error_drop(r32(&r, 8)); /* last-operation-failed(error) */
      return 0;
    }
    p += piece;
    n -= piece;
  }
  return 1;
}

static void finish_with(out_t out, int32_t trailers) {
  ret_t r;
  output_stream_drop(out.stream);
  if (trailers >= 0) outgoing_body_finish(out.body, 1, trailers, &r);
  else outgoing_body_finish(out.body, 0, 0, &r);
}

static void finish(out_t out) { finish_with(out, -1); }

static void respond_text(int32_t outparam, int status, const char *text) {
  out_t out = start_response(outparam, status, "text/plain");
  write_all(out.stream, text, strlen(text));
  finish(out);
}

static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

static void echo(int32_t request, int32_t outparam, const char *pq) {
  ret_t r;
  int32_t fields = fields_new();

  request_method(request, &r); /* method: discriminant at 0, other(string) at 4 */
  if (r8(&r, 0) < 9) {
    append(fields, "x-method", METHODS[r8(&r, 0)], strlen(METHODS[r8(&r, 0)]));
  } else {
    append(fields, "x-method", (void *)r32(&r, 4), (size_t)r32(&r, 8));
    if (r32(&r, 8)) free((void *)r32(&r, 4));
  }
  append(fields, "x-path-with-query", pq, strlen(pq));
  request_authority(request, &r);
  char *authority = option_string(&r);
  if (authority) { append(fields, "x-authority", authority, strlen(authority)); free(authority); }
  request_scheme(request, &r); /* option<scheme>: some at 0, scheme discriminant at 4, other at 8 */
  if (r8(&r, 0)) {
    if (r8(&r, 4) == 0) append(fields, "x-scheme", "http", 4);
    else if (r8(&r, 4) == 1) append(fields, "x-scheme", "https", 5);
    else { append(fields, "x-scheme", (void *)r32(&r, 8), (size_t)r32(&r, 12)); if (r32(&r, 12)) free((void *)r32(&r, 8)); }
  }

  int32_t headers = request_headers(request);
  fields_entries(headers, &r); /* list<tuple<string, list<u8>>>: 16 bytes per entry */
  uint32_t *e = (uint32_t *)r32(&r, 0);
  size_t n = (size_t)r32(&r, 4);
  for (size_t i = 0; i < n; i++) {
    uint32_t *entry = e + 4 * i;
    char name[300];
    int len = snprintf(name, sizeof name, "x-echo-%.*s", (int)entry[1], (char *)entry[0]);
    if (len > 0 && (size_t)len < sizeof name) append(fields, name, (void *)entry[2], entry[3]);
    if (entry[1]) free((void *)entry[0]);
    if (entry[3]) free((void *)entry[2]);
  }
  if (n) free(e);
  fields_drop(headers);

  request_consume(request, &r);
  int32_t body = result_handle(&r);
  out_t out = start_response_fields(outparam, 200, fields);
  if (body >= 0) {
    incoming_body_stream(body, &r);
    int32_t in = result_handle(&r);
    if (in >= 0) {
      for (;;) { /* each chunk is written back as soon as it is read */
        input_stream_blocking_read(in, 65536, &r); /* result<list<u8>, stream-error> */
        if (r8(&r, 0) != 0) {
          if (r8(&r, 4) == 0) io_error_drop(r32(&r, 8));
          break;
        }
        void *p = (void *)r32(&r, 4);
        size_t len = (size_t)r32(&r, 8);
        int ok = write_all(out.stream, p, len);
        if (len) free(p);
        if (!ok) break;
      }
      input_stream_drop(in);
    }
    incoming_body_drop(body);
  }
  finish(out);
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* value of name in the query, percent-decoded (malloc'd), or NULL */
static char *query_param(const char *query, const char *name) {
  size_t nl = strlen(name);
  for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
    if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
      const char *v = p + nl + 1;
      size_t len = strcspn(v, "&");
      char *out = malloc(len + 1), *o = out;
      for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (v[i] == '%' && i + 2 < len && (hi = hex(v[i + 1])) >= 0 && (lo = hex(v[i + 2])) >= 0) { *o++ = (char)(hi * 16 + lo); i += 2; }
        else *o++ = v[i];
      }
      *o = 0;
      return out;
    }
  }
  return NULL;
}

static unsigned long long num_param(const char *query, const char *name, unsigned long long dflt) {
  char *v = query_param(query, name), *end;
  unsigned long long n = dflt;
  if (v && *v) {
    n = strtoull(v, &end, 10);
    if (*end) n = dflt;
  }
  free(v);
  return n;
}

static void stream(int32_t outparam, unsigned long long n, unsigned long long chunk) {
  if (chunk == 0) chunk = 1;
  if (chunk > (1u << 20)) chunk = 1u << 20;
  out_t out = start_response(outparam, 200, "application/octet-stream");
  char *b = malloc((size_t)chunk);
  for (unsigned long long off = 0; off < n; off += chunk) {
    size_t len = (size_t)(chunk < n - off ? chunk : n - off);
    for (size_t k = 0; k < len; k++) b[k] = (char)('a' + (off + k) % 26);
    if (!write_all(out.stream, b, len)) break;
  }
  free(b);
  finish(out);
}

static void print(int32_t outparam) {
  /* four writes to stdout (fd_write on fd 1 through the adapter), one to stderr. stdout is made
   * fully buffered first: line-buffered, musl hands fd_write the buffer and the rest of the line
   * as two iovecs, and the adapter writes one iovec per call, which splits "line one\n" in two. */
  static int buffered;
  if (!buffered) {
    setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
    buffered = 1;
  }
  printf("line one\n");
  fflush(stdout);
  fputs("\n", stdout);
  fflush(stdout);
  printf("line ");
  fflush(stdout);
  fputs("three\n", stdout);
  fflush(stdout);
  fprintf(stderr, "error line\n");
  respond_text(outparam, 200, "printed");
}

static void env(int32_t request, int32_t outparam) {
  int32_t headers = request_headers(request);
  ret_t r;
  fields_get(headers, "env", 3, &r); /* list<list<u8>>: 8 bytes per entry */
  uint32_t *e = (uint32_t *)r32(&r, 0);
  size_t n = (size_t)r32(&r, 4);
  char *name = calloc(1, n ? e[1] + 1 : 1);
  if (n) memcpy(name, (void *)e[0], e[1]);
  for (size_t i = 0; i < n; i++)
    if (e[2 * i + 1]) free((void *)e[2 * i]);
  if (n) free(e);
  fields_drop(headers);
  const char *value = getenv(name);
  if (value) {
    char *text = malloc(strlen(value) + 6);
    sprintf(text, "env: %s", value);
    respond_text(outparam, 200, text);
    free(text);
  } else {
    respond_text(outparam, 404, "env: unset");
  }
  free(name);
}

static volatile unsigned long long spins;

static __attribute__((noreturn)) void busy(void) {
  for (;;) spins++; /* CPU-bound, never calls the host */
}

static __attribute__((noreturn)) void hog(void) {
  /* malloc grows linear memory (sbrk -> memory.grow) until it cannot; each block is touched */
  for (;;) {
    volatile char *p = malloc(60000);
    if (!p) __builtin_trap();
    p[0] = 1;
    p[59999] = 1;
  }
}

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

static const char *error_code_name(uint8_t disc) {
  return disc < sizeof ERROR_CODES / sizeof ERROR_CODES[0] ? ERROR_CODES[disc] : "unknown-error-code";
}

/* a growable byte string */
typedef struct { char *p; size_t len; } str_t;

static void str_add(str_t *s, const void *p, size_t n) {
  s->p = realloc(s->p, s->len + n + 1);
  memcpy(s->p + s->len, p, n);
  s->len += n;
  s->p[s->len] = 0;
}

static void str_cat(str_t *s, const char *text) { str_add(s, text, strlen(text)); }

/* Reads an incoming-body's stream to its end (blocking-read) and drops the stream. */
static void read_body(int32_t body, str_t *out) {
  ret_t r;
  incoming_body_stream(body, &r);
  int32_t in = result_handle(&r);
  if (in < 0) return;
  for (;;) {
    input_stream_blocking_read(in, 65536, &r);
    if (r8(&r, 0) != 0) {
      if (r8(&r, 4) == 0) io_error_drop(r32(&r, 8));
      break;
    }
    size_t len = (size_t)r32(&r, 8);
    if (len) {
      str_add(out, (void *)r32(&r, 4), len);
      free((void *)r32(&r, 4));
    }
  }
  input_stream_drop(in);
}

static void respond_str(int32_t outparam, int status, const str_t *s) {
  out_t out = start_response(outparam, status, "text/plain");
  write_all(out.stream, s->p, s->len);
  finish(out);
}

static void request_trailers(int32_t request, int32_t outparam) {
  ret_t r;
  request_consume(request, &r);
  int32_t body = result_handle(&r);
  str_t text = {0};
  int status = 200;
  if (body >= 0) {
    str_t ignored = {0};
    read_body(body, &ignored);
    free(ignored.p);
    int32_t future = incoming_body_finish(body);
    int32_t p = future_trailers_subscribe(future);
    pollable_block(p);
    pollable_drop(p);
    /* option<result<result<option<own<trailers>>, error-code>>>:
     * option at 0, outer result at 8, inner result at 16, payload at 24 */
    future_trailers_get(future, &r);
    if (r8(&r, 0) == 1 && r8(&r, 8) == 0) {
      if (r8(&r, 16) == 0) {
        if (r8(&r, 24) == 1) {
          int32_t trailers = r32(&r, 28);
          ret_t l;
          fields_entries(trailers, &l); /* list<tuple<string, list<u8>>>: 16 bytes per entry */
          uint32_t *e = (uint32_t *)r32(&l, 0);
          size_t n = (size_t)r32(&l, 4);
          for (size_t i = 0; i < n; i++) {
            uint32_t *entry = e + 4 * i;
            str_add(&text, (void *)entry[0], entry[1]);
            str_cat(&text, ": ");
            str_add(&text, (void *)entry[2], entry[3]);
            str_cat(&text, "\n");
            if (entry[1]) free((void *)entry[0]);
            if (entry[3]) free((void *)entry[2]);
          }
          if (n) free(e);
          fields_drop(trailers);
        }
      } else {
        status = 502;
        str_cat(&text, "error: ");
        str_cat(&text, error_code_name(r8(&r, 24)));
        str_cat(&text, "\n");
      }
    }
    future_trailers_drop(future);
  }
  respond_str(outparam, status, &text);
  free(text.p);
}

static void outbound(int32_t outparam, const char *url) {
  const char *sep = url ? strstr(url, "://") : NULL;
  if (!sep) {
    respond_text(outparam, 400, "outbound: url must be scheme://authority/path");
    return;
  }
  const char *authority = sep + 3;
  size_t authority_len = strcspn(authority, "/");
  const char *path = authority[authority_len] ? authority + authority_len : "/";

  int32_t request = outgoing_request_new(fields_new());
  outgoing_request_set_method(request, 0, NULL, 0); /* GET */
  if ((size_t)(sep - url) == 4 && !strncmp(url, "http", 4)) outgoing_request_set_scheme(request, 1, 0, NULL, 0);
  else if ((size_t)(sep - url) == 5 && !strncmp(url, "https", 5)) outgoing_request_set_scheme(request, 1, 1, NULL, 0);
  else outgoing_request_set_scheme(request, 1, 2, url, (size_t)(sep - url));
  outgoing_request_set_authority(request, 1, authority, authority_len);
  outgoing_request_set_path_with_query(request, 1, path, strlen(path));

  /* an empty body, finished before the request is sent */
  ret_t r;
  outgoing_request_body(request, &r);
  int32_t body = result_handle(&r);
  if (body >= 0) outgoing_body_finish(body, 0, 0, &r);

  /* result<own<future-incoming-response>, error-code>: discriminant at 0, payload at 8 */
  outgoing_handle(request, 0, 0, &r);
  if (r8(&r, 0) != 0) {
    respond_text(outparam, 502, error_code_name(r8(&r, 8)));
    return;
  }
  int32_t future = r32(&r, 8);
  int32_t p = future_response_subscribe(future);
  pollable_block(p);
  pollable_drop(p);
  /* option<result<result<own<incoming-response>, error-code>>>: as for future-trailers.get */
  future_response_get(future, &r);
  future_response_drop(future);
  if (r8(&r, 0) != 1 || r8(&r, 8) != 0) {
    respond_text(outparam, 502, "internal-error");
    return;
  }
  if (r8(&r, 16) != 0) {
    respond_text(outparam, 502, error_code_name(r8(&r, 24)));
    return;
  }
  int32_t response = r32(&r, 24);
  char status[8];
  snprintf(status, sizeof status, "%d ", incoming_response_status(response));
  str_t text = {0};
  str_cat(&text, status);
  incoming_response_consume(response, &r);
  int32_t rbody = result_handle(&r);
  if (rbody >= 0) {
    read_body(rbody, &text);
    incoming_body_drop(rbody);
  }
  incoming_response_drop(response);
  respond_str(outparam, 200, &text);
  free(text.p);
}

EXPORT("wasi:http/incoming-handler@0.2.0#handle")
void handle(int32_t request, int32_t outparam) {
  ret_t r;
  request_path_with_query(request, &r);
  char *pq = option_string(&r);
  if (!pq) pq = strdup("/");
  char *path = strdup(pq), *query = strchr(path, '?');
  if (query) *query++ = 0;
  else query = "";

  if (!strcmp(path, "/") || !strcmp(path, "/hello")) {
    respond_text(outparam, 200, "Hello, WASI!");
  } else if (!strcmp(path, "/echo")) {
    echo(request, outparam, pq);
  } else if (!strcmp(path, "/stream")) {
    stream(outparam, num_param(query, "n", 1048576), num_param(query, "chunk", 1000));
  } else if (!strncmp(path, "/status/", 8)) {
    char *end;
    unsigned long status = strtoul(path + 8, &end, 10);
    if (*end || !path[8] || status > 65535) status = 0;
    finish(start_response(outparam, (int)status, NULL));
  } else if (!strcmp(path, "/trailers")) {
    out_t out = start_response(outparam, 200, "text/plain");
    write_all(out.stream, "trailers", 8);
    int32_t trailers = fields_new();
    append(trailers, "x-trailer", "done", 4);
    finish_with(out, trailers);
  } else if (!strcmp(path, "/request-trailers")) {
    request_trailers(request, outparam);
  } else if (!strcmp(path, "/outbound")) {
    char *url = query_param(query, "url");
    outbound(outparam, url);
    free(url);
  } else if (!strcmp(path, "/trap")) {
    __builtin_trap();
  } else if (!strcmp(path, "/noset")) {
    outparam_drop(outparam); /* return without setting a response */
  } else if (!strcmp(path, "/print")) {
    print(outparam);
  } else if (!strcmp(path, "/env")) {
    env(request, outparam);
  } else if (!strcmp(path, "/instance-id")) {
    const char *id = getenv("INSTANCE_ID");
    respond_text(outparam, 200, id ? id : "");
  } else if (!strcmp(path, "/busy")) {
    busy();
  } else if (!strcmp(path, "/sleep")) {
    unsigned long long ms = num_param(query, "ms", 1000);
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL); /* clock_nanosleep -> poll_oneoff -> the adapter's wasi:io/poll */
    respond_text(outparam, 200, "slept");
  } else if (!strcmp(path, "/hog")) {
    hog();
  } else {
    respond_text(outparam, 404, "not found");
  }
  free(path);
  free(pq);
  request_drop(request);
}
