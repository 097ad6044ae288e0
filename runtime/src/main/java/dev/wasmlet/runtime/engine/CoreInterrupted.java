package dev.wasmlet.runtime.engine;

/** Guest code stopped because its thread was interrupted (a deadline passed). */
public class CoreInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoreInterrupted(String message, Throwable cause) {
        super(message, cause);
    }
}
