package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.WasmletException;

/**
 * The guest called {@code wasi:cli/exit.exit} (or {@code exit-with-code}): it stopped on
 * purpose, with {@link #status()}. Unwinds the guest's call; the instance must not be used
 * again.
 */
public final class GuestExitException extends WasmletException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GuestExitException(int status) {
        super("guest exited with status " + status);
        this.status = status;
    }

    /** The exit status: 0 for {@code exit(ok)}, 1 for {@code exit(err)}, else the code given. */
    public int status() {
        return status;
    }
}
