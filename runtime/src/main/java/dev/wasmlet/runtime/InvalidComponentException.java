package dev.wasmlet.runtime;

/**
 * The component decodes but breaks a rule of the component model: an index out of range, a
 * type that does not fit, a core module that does not validate.
 */
public class InvalidComponentException extends WasmletException {
    private static final long serialVersionUID = 1L;

    public InvalidComponentException(String message) {
        super(message);
    }

    public InvalidComponentException(String message, Throwable cause) {
        super(message, cause);
    }
}
