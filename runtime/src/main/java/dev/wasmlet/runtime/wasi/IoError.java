package dev.wasmlet.runtime.wasi;

import java.util.Objects;

/**
 * The WIT resource {@code wasi:io/error.error}: why a stream operation failed. Other interfaces
 * look into it for their own error codes ({@code wasi:filesystem/types.filesystem-error-code},
 * {@code wasi:http/types.http-error-code}) through {@link #cause()}.
 */
public final class IoError {
    private final Throwable cause;

    public IoError(Throwable cause) {
        this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** The exception the stream failed with. */
    public Throwable cause() {
        return cause;
    }

    /** What {@code to-debug-string} returns: the exception's class and message. */
    public String toDebugString() {
        return cause.toString();
    }

    @Override
    public String toString() {
        return "IoError[" + cause + "]";
    }
}
