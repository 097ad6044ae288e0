package dev.wasmlet.handler;

import java.util.Objects;

/**
 * An HTTP request to be handled by a guest: what {@code wasi:http/types.incoming-request}
 * exposes. {@code authority} comes from the URI or else the {@code Host} header; {@code scheme}
 * is the connection's.
 */
public record Request(String method, String scheme, String authority, String pathWithQuery, Headers headers,
                      Body body) {
    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathWithQuery, "pathWithQuery");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
