package dev.wasmlet.runtime;

/**
 * Guest code trapped, or broke a rule of the canonical ABI, while running; the instance must not
 * be used again. The message says which function was running and why it stopped.
 */
public class GuestTrapException extends WasmletException {
    private static final long serialVersionUID = 1L;

    public GuestTrapException(String message) {
        super(message);
    }

    public GuestTrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
