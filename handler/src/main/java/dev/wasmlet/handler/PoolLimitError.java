package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/**
 * The pool has as many instances as it may have, or the {@link PoolCapacity} it draws them from
 * has no room for another (its instance limit or memory budget), with no idle instance left to
 * end: the analogue of Wasmtime's {@code PoolConcurrencyLimitError}. The message names the limit
 * and carries a snapshot of the pool.
 */
public class PoolLimitError extends WasmletException {
    private static final long serialVersionUID = 1L;

    public PoolLimitError(String message) {
        super(message);
    }
}
