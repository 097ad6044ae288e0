package dev.wasmlet.runtime.engine;

/** An import given to a core module does not match what it declares. */
public class CoreLinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoreLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
