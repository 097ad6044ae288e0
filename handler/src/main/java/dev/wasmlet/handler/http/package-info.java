/**
 * The {@code wasi:http} 0.2 host: {@code wasi:http/types} ({@link dev.wasmlet.handler.http.HttpTypesHost})
 * and {@code wasi:http/outgoing-handler} ({@link dev.wasmlet.handler.http.OutgoingHandlerHost}),
 * the Java classes behind their eleven resources, and the path that serves one request on one
 * instance ({@link dev.wasmlet.handler.http.HttpComponent}, {@link dev.wasmlet.handler.http.HttpInstance}).
 *
 * <p>Semantics follow Wasmtime's {@code wasmtime-wasi-http} crate: forbidden headers, immutable
 * incoming and child fields, a size limit on guest-built fields, bodies and streams taken once,
 * a declared {@code content-length} enforced against what the guest writes, trailers both ways.
 *
 * <p>Bodies stream both ways with bounded buffers. An incoming body is read from the handler's
 * {@link dev.wasmlet.handler.Body} publisher one chunk at a time, only when the guest wants more
 * and nothing is buffered. An outgoing body is a publisher that hands the consumer what the guest
 * writes; the guest's {@code check-write} permit is what the consumer has not taken yet, below a
 * bound, so a slow consumer slows the guest down.
 */
package dev.wasmlet.handler.http;
