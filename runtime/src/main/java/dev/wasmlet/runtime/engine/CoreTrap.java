package dev.wasmlet.runtime.engine;

/** The guest trapped: unreachable, out-of-bounds access, division by zero, stack overflow, ... */
public class CoreTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoreTrap(String message) {
        super(message);
    }

    public CoreTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
