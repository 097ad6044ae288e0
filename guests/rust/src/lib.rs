//! Wasmlet test guest in Rust: a `wasi:http/incoming-handler@0.2.0` reactor built by Debian's
//! rustc 1.63 for wasm32-wasi, with no crates. The canonical-ABI imports are written by hand
//! below; std's println!/eprintln!/env::var go through wasi_snapshot_preview1, which the preview1
//! reactor adapter maps onto wasi:cli/wasi:io 0.2. Routes follow guests/README.md.
//!
//! Canonical ABI reminders: resource handles are i32; strings and lists are (ptr, len); a
//! function with more than one flat result takes a trailing return pointer; variant payloads
//! start at the variant's maximum case alignment (8 for anything holding `error-code`).

use std::alloc::{self, Layout};
use std::io::Write;

// ------------------------------------------------------------------------------------------------
// Imports
// ------------------------------------------------------------------------------------------------

#[link(wasm_import_module = "wasi:http/types@0.2.0")]
extern "C" {
    #[link_name = "[constructor]fields"]
    fn fields_new() -> i32;
    #[link_name = "[method]fields.append"]
    fn fields_append(f: i32, name_ptr: i32, name_len: i32, val_ptr: i32, val_len: i32, ret: i32);
    #[link_name = "[method]fields.get"]
    fn fields_get(f: i32, name_ptr: i32, name_len: i32, ret: i32);
    #[link_name = "[method]fields.entries"]
    fn fields_entries(f: i32, ret: i32);
    #[link_name = "[resource-drop]fields"]
    fn fields_drop(f: i32);

    #[link_name = "[method]incoming-request.method"]
    fn request_method(r: i32, ret: i32);
    #[link_name = "[method]incoming-request.path-with-query"]
    fn request_path_with_query(r: i32, ret: i32);
    #[link_name = "[method]incoming-request.scheme"]
    fn request_scheme(r: i32, ret: i32);
    #[link_name = "[method]incoming-request.authority"]
    fn request_authority(r: i32, ret: i32);
    #[link_name = "[method]incoming-request.headers"]
    fn request_headers(r: i32) -> i32;
    #[link_name = "[method]incoming-request.consume"]
    fn request_consume(r: i32, ret: i32);
    #[link_name = "[resource-drop]incoming-request"]
    fn request_drop(r: i32);

    #[link_name = "[constructor]outgoing-response"]
    fn response_new(headers: i32) -> i32;
    #[link_name = "[method]outgoing-response.set-status-code"]
    fn response_set_status_code(r: i32, status: i32) -> i32;
    #[link_name = "[method]outgoing-response.body"]
    fn response_body(r: i32, ret: i32);

    #[link_name = "[method]outgoing-body.write"]
    fn outgoing_body_write(b: i32, ret: i32);
    #[link_name = "[static]outgoing-body.finish"]
    fn outgoing_body_finish(b: i32, trailers_is_some: i32, trailers: i32, ret: i32);

    // param, then result<outgoing-response, error-code> flattened: discriminant, then the
    // joined flattening of own<outgoing-response> and error-code (i32, i32, i64, i32 x4)
    #[link_name = "[static]response-outparam.set"]
    fn outparam_set(param: i32, is_err: i32, p0: i32, p1: i32, p2: i64, p3: i32, p4: i32, p5: i32, p6: i32);
    #[link_name = "[resource-drop]response-outparam"]
    fn outparam_drop(param: i32);

    #[link_name = "[method]incoming-body.stream"]
    fn incoming_body_stream(b: i32, ret: i32);
    #[link_name = "[static]incoming-body.finish"]
    fn incoming_body_finish(b: i32) -> i32;
    #[link_name = "[resource-drop]incoming-body"]
    fn incoming_body_drop(b: i32);

    #[link_name = "[method]future-trailers.subscribe"]
    fn future_trailers_subscribe(f: i32) -> i32;
    #[link_name = "[method]future-trailers.get"]
    fn future_trailers_get(f: i32, ret: i32);
    #[link_name = "[resource-drop]future-trailers"]
    fn future_trailers_drop(f: i32);

    #[link_name = "[constructor]outgoing-request"]
    fn outgoing_request_new(headers: i32) -> i32;
    #[link_name = "[method]outgoing-request.body"]
    fn outgoing_request_body(r: i32, ret: i32);
    #[link_name = "[method]outgoing-request.set-method"]
    fn outgoing_request_set_method(r: i32, disc: i32, ptr: i32, len: i32) -> i32;
    #[link_name = "[method]outgoing-request.set-scheme"]
    fn outgoing_request_set_scheme(r: i32, is_some: i32, disc: i32, ptr: i32, len: i32) -> i32;
    #[link_name = "[method]outgoing-request.set-authority"]
    fn outgoing_request_set_authority(r: i32, is_some: i32, ptr: i32, len: i32) -> i32;
    #[link_name = "[method]outgoing-request.set-path-with-query"]
    fn outgoing_request_set_path_with_query(r: i32, is_some: i32, ptr: i32, len: i32) -> i32;

    #[link_name = "[method]future-incoming-response.subscribe"]
    fn future_response_subscribe(f: i32) -> i32;
    #[link_name = "[method]future-incoming-response.get"]
    fn future_response_get(f: i32, ret: i32);
    #[link_name = "[resource-drop]future-incoming-response"]
    fn future_response_drop(f: i32);

    #[link_name = "[method]incoming-response.status"]
    fn incoming_response_status(r: i32) -> i32;
    #[link_name = "[method]incoming-response.consume"]
    fn incoming_response_consume(r: i32, ret: i32);
    #[link_name = "[resource-drop]incoming-response"]
    fn incoming_response_drop(r: i32);
}

#[link(wasm_import_module = "wasi:http/outgoing-handler@0.2.0")]
extern "C" {
    #[link_name = "handle"]
    fn outgoing_handle(request: i32, options_is_some: i32, options: i32, ret: i32);
}

#[link(wasm_import_module = "wasi:io/streams@0.2.0")]
extern "C" {
    #[link_name = "[method]input-stream.blocking-read"]
    fn input_stream_blocking_read(s: i32, len: i64, ret: i32);
    #[link_name = "[resource-drop]input-stream"]
    fn input_stream_drop(s: i32);
    #[link_name = "[method]output-stream.blocking-write-and-flush"]
    fn output_stream_blocking_write_and_flush(s: i32, ptr: i32, len: i32, ret: i32);
    #[link_name = "[resource-drop]output-stream"]
    fn output_stream_drop(s: i32);
}

#[link(wasm_import_module = "wasi:io/error@0.2.0")]
extern "C" {
    #[link_name = "[resource-drop]error"]
    fn io_error_drop(e: i32);
}

#[link(wasm_import_module = "wasi:io/poll@0.2.0")]
extern "C" {
    #[link_name = "[method]pollable.block"]
    fn pollable_block(p: i32);
    #[link_name = "[resource-drop]pollable"]
    fn pollable_drop(p: i32);
}

#[link(wasm_import_module = "wasi:clocks/monotonic-clock@0.2.0")]
extern "C" {
    #[link_name = "subscribe-duration"]
    fn subscribe_duration(nanos: i64) -> i32;
}

// ------------------------------------------------------------------------------------------------
// Canonical ABI plumbing
// ------------------------------------------------------------------------------------------------

/// The realloc the host uses to hand lists and strings to this module.
#[no_mangle]
pub unsafe extern "C" fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    if new_size == 0 {
        if old_size != 0 {
            alloc::dealloc(old, Layout::from_size_align_unchecked(old_size, align));
        }
        return align as *mut u8;
    }
    let p = if old_size == 0 {
        alloc::alloc(Layout::from_size_align_unchecked(new_size, align))
    } else {
        alloc::realloc(old, Layout::from_size_align_unchecked(old_size, align), new_size)
    };
    if p.is_null() {
        core::arch::wasm32::unreachable()
    }
    p
}

/// Return area for imports with more than one flat result; big and aligned enough for every
/// result used here (the largest is option<result<result<_, error-code>>>, 40 bytes, align 8).
#[repr(C, align(8))]
struct Ret([u8; 64]);

impl Ret {
    fn new() -> Ret {
        Ret([0; 64])
    }
    fn ptr(&mut self) -> i32 {
        self.0.as_mut_ptr() as i32
    }
    fn u8(&self, off: usize) -> u8 {
        self.0[off]
    }
    fn i32(&self, off: usize) -> i32 {
        let mut b = [0u8; 4];
        b.copy_from_slice(&self.0[off..off + 4]);
        i32::from_le_bytes(b)
    }
}

/// Takes ownership of a list<u8> or string the host allocated through cabi_realloc(align 1).
unsafe fn take_bytes(ptr: i32, len: i32) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    Vec::from_raw_parts(ptr as *mut u8, len as usize, len as usize)
}

unsafe fn free(ptr: i32, size: usize, align: usize) {
    if size != 0 {
        alloc::dealloc(ptr as *mut u8, Layout::from_size_align_unchecked(size, align));
    }
}

unsafe fn read_i32(addr: i32) -> i32 {
    core::ptr::read(addr as *const i32)
}

fn s(ptr: &[u8]) -> (i32, i32) {
    (ptr.as_ptr() as i32, ptr.len() as i32)
}

// ------------------------------------------------------------------------------------------------
// Small wrappers
// ------------------------------------------------------------------------------------------------

fn new_fields(entries: &[(&str, &[u8])]) -> i32 {
    unsafe {
        let f = fields_new();
        for (name, value) in entries {
            append(f, name, value);
        }
        f
    }
}

/// fields.append; result<_, header-error> is ignored (a forbidden name is just left out).
unsafe fn append(f: i32, name: &str, value: &[u8]) {
    let mut ret = Ret::new();
    let (np, nl) = s(name.as_bytes());
    let (vp, vl) = s(value);
    fields_append(f, np, nl, vp, vl, ret.ptr());
}

/// fields.entries: list<tuple<string, list<u8>>>, 16 bytes per element, align 4.
unsafe fn entries(f: i32) -> Vec<(String, Vec<u8>)> {
    let mut ret = Ret::new();
    fields_entries(f, ret.ptr());
    let (base, n) = (ret.i32(0), ret.i32(4));
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let e = base + i * 16;
        let name = take_bytes(read_i32(e), read_i32(e + 4));
        let value = take_bytes(read_i32(e + 8), read_i32(e + 12));
        out.push((String::from_utf8_lossy(&name).into_owned(), value));
    }
    free(base, n as usize * 16, 4);
    out
}

/// fields.get: list<list<u8>>, 8 bytes per element, align 4.
unsafe fn get(f: i32, name: &str) -> Vec<Vec<u8>> {
    let mut ret = Ret::new();
    let (np, nl) = s(name.as_bytes());
    fields_get(f, np, nl, ret.ptr());
    let (base, n) = (ret.i32(0), ret.i32(4));
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let e = base + i * 8;
        out.push(take_bytes(read_i32(e), read_i32(e + 4)));
    }
    free(base, n as usize * 8, 4);
    out
}

/// option<string> at the return area: discriminant at 0, (ptr, len) at 4.
unsafe fn option_string(ret: &Ret) -> Option<String> {
    if ret.u8(0) == 0 {
        return None;
    }
    Some(String::from_utf8_lossy(&take_bytes(ret.i32(4), ret.i32(8))).into_owned())
}

const METHODS: [&str; 9] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

unsafe fn method(req: i32) -> String {
    let mut ret = Ret::new();
    request_method(req, ret.ptr());
    let disc = ret.u8(0) as usize;
    if disc < METHODS.len() {
        METHODS[disc].to_string()
    } else {
        String::from_utf8_lossy(&take_bytes(ret.i32(4), ret.i32(8))).into_owned()
    }
}

unsafe fn path_with_query(req: i32) -> Option<String> {
    let mut ret = Ret::new();
    request_path_with_query(req, ret.ptr());
    option_string(&ret)
}

unsafe fn authority(req: i32) -> Option<String> {
    let mut ret = Ret::new();
    request_authority(req, ret.ptr());
    option_string(&ret)
}

/// option<scheme>: discriminant at 0, scheme discriminant at 4, other(string) at 8.
unsafe fn scheme(req: i32) -> Option<String> {
    let mut ret = Ret::new();
    request_scheme(req, ret.ptr());
    if ret.u8(0) == 0 {
        return None;
    }
    Some(match ret.u8(4) {
        0 => "http".to_string(),
        1 => "https".to_string(),
        _ => String::from_utf8_lossy(&take_bytes(ret.i32(8), ret.i32(12))).into_owned(),
    })
}

/// result<own<T>> / result<own<T>, stream-error-free>: discriminant at 0, handle at 4.
unsafe fn result_handle(ret: &Ret) -> Option<i32> {
    if ret.u8(0) == 0 {
        Some(ret.i32(4))
    } else {
        None
    }
}

/// Writes all of `data`, at most 4096 bytes per blocking-write-and-flush (its limit).
/// Returns false when the stream failed or closed.
unsafe fn write_all(stream: i32, data: &[u8]) -> bool {
    for piece in data.chunks(4096) {
        let mut ret = Ret::new();
        let (p, l) = s(piece);
        output_stream_blocking_write_and_flush(stream, p, l, ret.ptr());
        if ret.u8(0) != 0 {
            // stream-error: last-operation-failed(own<error>) = 0, closed = 1
            if ret.u8(4) == 0 {
                io_error_drop(ret.i32(8));
            }
            return false;
        }
    }
    true
}

/// blocking-read: Some(bytes) or None at the end of the stream (or on an error).
unsafe fn read_chunk(stream: i32) -> Option<Vec<u8>> {
    let mut ret = Ret::new();
    input_stream_blocking_read(stream, 65536, ret.ptr());
    if ret.u8(0) == 0 {
        Some(take_bytes(ret.i32(4), ret.i32(8)))
    } else {
        if ret.u8(4) == 0 {
            io_error_drop(ret.i32(8));
        }
        None
    }
}

/// Reads an incoming-body's stream to its end, then drops the stream. Returns the bytes.
unsafe fn read_body(body: i32) -> Vec<u8> {
    let mut ret = Ret::new();
    incoming_body_stream(body, ret.ptr());
    let mut all = Vec::new();
    if let Some(stream) = result_handle(&ret) {
        while let Some(chunk) = read_chunk(stream) {
            all.extend_from_slice(&chunk);
        }
        input_stream_drop(stream);
    }
    all
}

/// A response being written: the outparam is already set, the body is open.
struct Out {
    body: i32,
    stream: i32,
}

/// Builds a response with `status` and `headers`, sets it on the outparam, opens its body.
unsafe fn start_response(outparam: i32, status: u16, headers: &[(&str, &[u8])]) -> Out {
    start_response_fields(outparam, status, new_fields(headers))
}

unsafe fn start_response_fields(outparam: i32, status: u16, fields: i32) -> Out {
    let resp = response_new(fields);
    if response_set_status_code(resp, status as i32) != 0 {
        // not a valid status: answer 400 instead
        response_set_status_code(resp, 400);
    }
    let mut ret = Ret::new();
    response_body(resp, ret.ptr());
    let body = result_handle(&ret).unwrap_or_else(|| core::arch::wasm32::unreachable());
    let mut ret = Ret::new();
    outgoing_body_write(body, ret.ptr());
    let stream = result_handle(&ret).unwrap_or_else(|| core::arch::wasm32::unreachable());
    outparam_set(outparam, 0, resp, 0, 0, 0, 0, 0, 0);
    Out { body, stream }
}

impl Out {
    unsafe fn write(&self, data: &[u8]) -> bool {
        write_all(self.stream, data)
    }
    /// Drops the stream and finishes the body, with trailers when given.
    unsafe fn finish(self, trailers: Option<i32>) {
        output_stream_drop(self.stream);
        let mut ret = Ret::new();
        match trailers {
            Some(t) => outgoing_body_finish(self.body, 1, t, ret.ptr()),
            None => outgoing_body_finish(self.body, 0, 0, ret.ptr()),
        }
    }
}

unsafe fn respond_text(outparam: i32, status: u16, text: &str) {
    let out = start_response(outparam, status, &[("content-type", b"text/plain")]);
    out.write(text.as_bytes());
    out.finish(None);
}

const ERROR_CODES: [&str; 39] = [
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
];

fn error_code_name(disc: u8) -> &'static str {
    ERROR_CODES.get(disc as usize).copied().unwrap_or("unknown-error-code")
}

fn query_param(query: &str, name: &str) -> Option<String> {
    for pair in query.split('&') {
        let mut kv = pair.splitn(2, '=');
        if kv.next() == Some(name) {
            return Some(percent_decode(kv.next().unwrap_or("")));
        }
    }
    None
}

fn percent_decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn num_param(query: &str, name: &str, default: u64) -> u64 {
    query_param(query, name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ------------------------------------------------------------------------------------------------
// The handler
// ------------------------------------------------------------------------------------------------

#[export_name = "wasi:http/incoming-handler@0.2.0#handle"]
pub extern "C" fn handle(request: i32, outparam: i32) {
    unsafe {
        let pq = path_with_query(request).unwrap_or_else(|| "/".to_string());
        let (path, query) = match pq.find('?') {
            Some(i) => (&pq[..i], &pq[i + 1..]),
            None => (&pq[..], ""),
        };
        match path {
            "/" | "/hello" => respond_text(outparam, 200, "Hello, WASI!"),
            "/echo" => echo(request, outparam, &pq),
            "/stream" => stream(outparam, num_param(query, "n", 1048576), num_param(query, "chunk", 1000).max(1)),
            "/trailers" => {
                let out = start_response(outparam, 200, &[("content-type", b"text/plain")]);
                out.write(b"trailers");
                out.finish(Some(new_fields(&[("x-trailer", b"done")])));
            }
            "/request-trailers" => request_trailers(request, outparam),
            "/trap" => core::arch::wasm32::unreachable(),
            "/noset" => {
                // what a wit-bindgen guest does when it returns without setting: drop the handles
                outparam_drop(outparam);
            }
            "/print" => {
                println!("line one");
                println!();
                print!("line ");
                let _ = std::io::stdout().flush();
                println!("three");
                eprintln!("error line");
                respond_text(outparam, 200, "printed");
            }
            "/env" => {
                let headers = request_headers(request);
                let names = get(headers, "env");
                fields_drop(headers);
                let name = names.first().map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
                match std::env::var(&name) {
                    Ok(v) => respond_text(outparam, 200, &format!("env: {}", v)),
                    Err(_) => respond_text(outparam, 404, "env: unset"),
                }
            }
            "/instance-id" => respond_text(outparam, 200, &std::env::var("INSTANCE_ID").unwrap_or_default()),
            "/busy" => busy(),
            "/sleep" => {
                let ms = num_param(query, "ms", 1000);
                let p = subscribe_duration((ms * 1_000_000) as i64);
                pollable_block(p);
                pollable_drop(p);
                respond_text(outparam, 200, "slept");
            }
            "/hog" => hog(),
            "/outbound" => outbound(outparam, query_param(query, "url").unwrap_or_default()),
            p if p.starts_with("/status/") => {
                let status = p["/status/".len()..].parse::<u16>().unwrap_or(0);
                let out = start_response(outparam, status, &[]);
                out.finish(None);
            }
            _ => respond_text(outparam, 404, "not found"),
        }
        request_drop(request);
    }
}

unsafe fn echo(request: i32, outparam: i32, pq: &str) {
    let headers = request_headers(request);
    let incoming = entries(headers);
    fields_drop(headers);
    let method = method(request);
    let authority = authority(request).unwrap_or_default();
    let scheme = scheme(request).unwrap_or_default();
    let fields = new_fields(&[
        ("x-method", method.as_bytes()),
        ("x-path-with-query", pq.as_bytes()),
        ("x-authority", authority.as_bytes()),
        ("x-scheme", scheme.as_bytes()),
    ]);
    for (name, value) in &incoming {
        append(fields, &format!("x-echo-{}", name), value);
    }
    let mut ret = Ret::new();
    request_consume(request, ret.ptr());
    let body = result_handle(&ret);
    let out = start_response_fields(outparam, 200, fields);
    if let Some(body) = body {
        let mut ret = Ret::new();
        incoming_body_stream(body, ret.ptr());
        if let Some(input) = result_handle(&ret) {
            // streamed: each chunk is written back as soon as it is read
            while let Some(chunk) = read_chunk(input) {
                if !out.write(&chunk) {
                    break;
                }
            }
            input_stream_drop(input);
        }
        incoming_body_drop(body);
    }
    out.finish(None);
}

unsafe fn stream(outparam: i32, n: u64, chunk: u64) {
    let out = start_response(outparam, 200, &[("content-type", b"application/octet-stream")]);
    let mut offset = 0u64;
    let mut buf = Vec::with_capacity(chunk.min(1 << 20) as usize);
    while offset < n {
        let len = chunk.min(n - offset);
        buf.clear();
        buf.extend((0..len).map(|k| b'a' + ((offset + k) % 26) as u8));
        if !out.write(&buf) {
            break;
        }
        offset += len;
    }
    out.finish(None);
}

unsafe fn request_trailers(request: i32, outparam: i32) {
    let mut ret = Ret::new();
    request_consume(request, ret.ptr());
    let mut text = String::new();
    let mut status = 200;
    if let Some(body) = result_handle(&ret) {
        read_body(body);
        let future = incoming_body_finish(body);
        let p = future_trailers_subscribe(future);
        pollable_block(p);
        pollable_drop(p);
        // option<result<result<option<own<trailers>>, error-code>>>:
        // option at 0, outer result at 8, inner result at 16, payload at 24
        let mut ret = Ret::new();
        future_trailers_get(future, ret.ptr());
        if ret.u8(0) == 1 && ret.u8(8) == 0 {
            if ret.u8(16) == 0 {
                if ret.u8(24) == 1 {
                    let trailers = ret.i32(28);
                    for (name, value) in entries(trailers) {
                        text.push_str(&format!("{}: {}\n", name, String::from_utf8_lossy(&value)));
                    }
                    fields_drop(trailers);
                }
            } else {
                status = 502;
                text = format!("error: {}\n", error_code_name(ret.u8(24)));
            }
        }
        future_trailers_drop(future);
    }
    respond_text(outparam, status, &text);
}

fn busy() -> ! {
    static mut SPINS: u64 = 0;
    loop {
        // CPU-bound, never calls the host; the volatile access keeps the loop from being removed
        unsafe { core::ptr::write_volatile(&mut SPINS, core::ptr::read_volatile(&SPINS).wrapping_add(1)) }
    }
}

fn hog() -> ! {
    loop {
        let page = core::arch::wasm32::memory_grow(0, 1);
        if page == usize::MAX {
            core::arch::wasm32::unreachable()
        }
        unsafe {
            let base = page * 65536;
            core::ptr::write_volatile(base as *mut u8, 1);
            core::ptr::write_volatile((base + 65535) as *mut u8, 1);
        }
    }
}

unsafe fn outbound(outparam: i32, url: String) {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i], &url[i + 3..]),
        None => return respond_text(outparam, 400, "outbound: url must be scheme://authority/path"),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let request = outgoing_request_new(fields_new());
    outgoing_request_set_method(request, 0, 0, 0);
    match scheme {
        "http" => outgoing_request_set_scheme(request, 1, 0, 0, 0),
        "https" => outgoing_request_set_scheme(request, 1, 1, 0, 0),
        other => {
            let (p, l) = s(other.as_bytes());
            outgoing_request_set_scheme(request, 1, 2, p, l)
        }
    };
    let (p, l) = s(authority.as_bytes());
    outgoing_request_set_authority(request, 1, p, l);
    let (p, l) = s(path.as_bytes());
    outgoing_request_set_path_with_query(request, 1, p, l);
    // an empty body, finished before the request is sent
    let mut ret = Ret::new();
    outgoing_request_body(request, ret.ptr());
    if let Some(body) = result_handle(&ret) {
        let mut ret = Ret::new();
        outgoing_body_finish(body, 0, 0, ret.ptr());
    }
    // result<own<future-incoming-response>, error-code>: discriminant at 0, payload at 8
    let mut ret = Ret::new();
    outgoing_handle(request, 0, 0, ret.ptr());
    if ret.u8(0) != 0 {
        return respond_text(outparam, 502, error_code_name(ret.u8(8)));
    }
    let future = ret.i32(8);
    let p = future_response_subscribe(future);
    pollable_block(p);
    pollable_drop(p);
    // option<result<result<own<incoming-response>, error-code>>>: as for future-trailers.get
    let mut ret = Ret::new();
    future_response_get(future, ret.ptr());
    future_response_drop(future);
    if ret.u8(0) != 1 || ret.u8(8) != 0 {
        return respond_text(outparam, 502, "internal-error");
    }
    if ret.u8(16) != 0 {
        return respond_text(outparam, 502, error_code_name(ret.u8(24)));
    }
    let response = ret.i32(24);
    let status = incoming_response_status(response);
    let mut ret = Ret::new();
    incoming_response_consume(response, ret.ptr());
    let body = match result_handle(&ret) {
        Some(b) => {
            let bytes = read_body(b);
            incoming_body_drop(b);
            bytes
        }
        None => Vec::new(),
    };
    incoming_response_drop(response);
    respond_text(outparam, 200, &format!("{} {}", status, String::from_utf8_lossy(&body)));
}
