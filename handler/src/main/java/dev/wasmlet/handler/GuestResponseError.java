package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/**
 * The guest ran to its end without a usable response: it never invoked
 * {@code response-outparam.set}, or set an {@code error-code}.
 */
public class GuestResponseError extends WasmletException {
    private static final long serialVersionUID = 1L;

    /** The reference host's message, which logs and tests look for. */
    public static final String NEVER_SET = "guest never invoked `response-outparam::set` method";

    public GuestResponseError(String message) {
        super(message);
    }
}
