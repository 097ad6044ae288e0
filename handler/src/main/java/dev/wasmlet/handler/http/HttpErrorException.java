package dev.wasmlet.handler.http;

import dev.wasmlet.runtime.types.VariantValue;
import java.io.IOException;

/**
 * A body or request failed with a {@code wasi:http} {@code error-code}. As the cause of a stream's
 * {@link dev.wasmlet.runtime.wasi.IoError}, it is what {@code http-error-code} finds; as the
 * failure of a {@link dev.wasmlet.handler.Body}, it tells the consumer why.
 */
public final class HttpErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient VariantValue code;

    public HttpErrorException(VariantValue code) {
        super(ErrorCode.describe(code));
        this.code = code;
    }

    public HttpErrorException(VariantValue code, String detail) {
        super(ErrorCode.describe(code) + ": " + detail);
        this.code = code;
    }

    public HttpErrorException(ErrorCode code) {
        this(code.value());
    }

    /** The {@code error-code} value. */
    public VariantValue code() {
        return code;
    }

    /** The case of {@link #code()}. */
    public ErrorCode errorCode() {
        return ErrorCode.of(code);
    }

    /** The first {@link HttpErrorException} in the cause chain of {@code e}, or null. */
    public static HttpErrorException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpErrorException h) {
                return h;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
