package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/**
 * The pool has as many instances as it may have (the analogue of Wasmtime's
 * {@code PoolConcurrencyLimitError}); the message carries a snapshot of the pool.
 */
public class PoolLimitError extends WasmletException {
    private static final long serialVersionUID = 1L;

    public PoolLimitError(String message) {
        super(message);
    }
}
