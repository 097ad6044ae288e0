package dev.wasmlet.runtime;

/**
 * An import of the component is not provided, or is provided with another type; the message
 * names the import ({@code wasi:foo/bar@0.2.3}, function {@code baz}).
 */
public class UnlinkableComponentException extends WasmletException {
    private static final long serialVersionUID = 1L;

    public UnlinkableComponentException(String message) {
        super(message);
    }
}
