package dev.wasmlet.runtime.engine;

/** A core module is malformed or invalid. */
public class CoreCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoreCompileException(String message, Throwable cause) {
        super(message, cause);
    }
}
