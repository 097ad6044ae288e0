package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/** The worker's guest trapped before producing a response; the instance is dropped. */
public class TrapError extends WasmletException {
    private static final long serialVersionUID = 1L;

    public TrapError(Throwable cause) {
        super("worker trapped: " + cause.getMessage(), cause);
    }
}
