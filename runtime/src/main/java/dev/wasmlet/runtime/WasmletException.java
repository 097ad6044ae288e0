package dev.wasmlet.runtime;

/**
 * The base of every error Wasmlet raises on purpose. Each subclass is one phase of a
 * component's life (load, link, run) so that a caller can tell what to do from the type alone.
 */
public abstract class WasmletException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected WasmletException(String message) {
        super(message);
    }

    protected WasmletException(String message, Throwable cause) {
        super(message, cause);
    }
}
