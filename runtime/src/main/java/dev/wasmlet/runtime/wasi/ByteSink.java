package dev.wasmlet.runtime.wasi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Where an {@link OutputStream} writes to: stdout, a response body, a request body for an HTTP
 * client. All methods except the wakers' are called on the guest thread only; the consumer may
 * run on any thread and must publish new capacity before it runs the wakers.
 *
 * <p>{@link #isReady()} is true exactly when {@link #checkWrite()} would return more than zero
 * or throw. A sink reports its end with {@link ClosedChannelException} (the guest sees {@code
 * closed}) and a failure with any other {@link IOException} (the guest sees {@code
 * last-operation-failed}); either closes the guest's stream for good.
 */
public interface ByteSink extends Pollable {
    /**
     * How many bytes {@link #write(byte[])} accepts now; 0 when full or while a flush is
     * pending. Never blocks. The answer is a promise: until the next write or flush, a write of
     * up to that many bytes succeeds (barring a failure).
     */
    long checkWrite() throws IOException;

    /**
     * Takes {@code bytes} (no more than the last {@link #checkWrite()} allowed); never blocks.
     * The array becomes the sink's, to keep or pass on without copying.
     */
    void write(byte[] bytes) throws IOException;

    /**
     * Starts flushing what was written; never blocks. Until the flush completes, {@link
     * #checkWrite()} returns 0 and {@link #isReady()} is false; a failure of the flush is
     * reported by the next call. The default does nothing: a sink that writes through has
     * nothing to flush.
     */
    default void flush() throws IOException {
    }

    /** The writer is done (the guest dropped its stream): the end of the data. Idempotent. */
    default void close() {
    }
}
