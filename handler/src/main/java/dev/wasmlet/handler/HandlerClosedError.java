package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/** The handler is draining or closed and takes no new request. */
public class HandlerClosedError extends WasmletException {
    private static final long serialVersionUID = 1L;

    public HandlerClosedError(String message) {
        super(message);
    }
}
