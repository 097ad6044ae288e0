package dev.wasmlet.handler;

import java.util.Objects;

/** An HTTP response produced by a guest; its body streams while the guest writes it. */
public record Response(int status, Headers headers, Body body) {
    public Response {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status code");
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
