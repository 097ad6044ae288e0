package dev.wasmlet.runtime;

/** The bytes do not decode as a component; the message names the section and byte offset. */
public class MalformedComponentException extends WasmletException {
    private static final long serialVersionUID = 1L;

    public MalformedComponentException(String message) {
        super(message);
    }

    public MalformedComponentException(String message, Throwable cause) {
        super(message, cause);
    }
}
