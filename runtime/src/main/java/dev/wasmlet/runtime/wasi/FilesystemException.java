package dev.wasmlet.runtime.wasi;

import java.io.IOException;

/**
 * A filesystem failure with its WASI {@link FilesystemErrorCode}. A stream that fails with one
 * lets {@code filesystem-error-code} report the code.
 */
public final class FilesystemException extends IOException {
    private static final long serialVersionUID = 1L;

    private final FilesystemErrorCode code;

    public FilesystemException(FilesystemErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public FilesystemErrorCode code() {
        return code;
    }
}
