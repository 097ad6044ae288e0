package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/** The guest did not produce a response by the request's deadline. */
public class ExpirationError extends WasmletException {
    private static final long serialVersionUID = 1L;

    public ExpirationError() {
        super("guest timed out");
    }
}
