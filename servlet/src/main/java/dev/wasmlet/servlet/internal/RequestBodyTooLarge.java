package dev.wasmlet.servlet.internal;

import java.io.IOException;

/** The request body is larger than {@code maxRequestBodySize}: HTTP 413. */
public final class RequestBodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    public RequestBodyTooLarge(long limit) {
        super("request body larger than " + Values.formatSize(limit) + " (maxRequestBodySize)");
    }
}
