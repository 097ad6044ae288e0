package dev.wasmlet.handler;

import dev.wasmlet.runtime.WasmletException;

/**
 * A new worker was needed for the request but its instance could not be made: the pool is at
 * its limit ({@link PoolLimitError} as the cause) or instantiation failed. The guest never saw
 * the request, so it comes back untouched, with its data, to be retried or answered.
 */
public class InstantiationError extends WasmletException {
    private static final long serialVersionUID = 1L;

    private final transient Request request;
    private final transient Object data;

    public InstantiationError(Request request, Object data, Throwable cause) {
        super("instantiation error: " + cause.getMessage(), cause);
        this.request = request;
        this.data = data;
    }

    /** The request as it was given to {@link ProxyHandler#handle}. */
    public Request request() {
        return request;
    }

    /** The data given with the request. */
    public Object data() {
        return data;
    }

    /** Whether the cause is the pool's limit, so that waiting for a worker to go may help. */
    public boolean isPoolLimit() {
        return getCause() instanceof PoolLimitError;
    }
}
