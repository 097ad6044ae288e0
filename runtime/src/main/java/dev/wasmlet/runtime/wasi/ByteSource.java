package dev.wasmlet.runtime.wasi;

import java.io.IOException;

/**
 * Where an {@link InputStream} reads from: a request body fed by a servlet container, a
 * response body from an HTTP client, stdin, a file. All methods except the wakers' are called
 * on the guest thread only; the producer may run on any thread and must publish new data before
 * it runs the wakers (see {@link Pollable}).
 *
 * <p>{@link #isReady()} is true exactly when {@link #read(int)} would return without waiting
 * for an event: bytes, end of stream, or an error. Once the source has ended or failed it stays
 * ready.
 */
public interface ByteSource extends Pollable {
    /**
     * Reads what is available now, at most {@code max} bytes ({@code max >= 1}); never blocks.
     *
     * @return the bytes read, which the caller owns from then on (a source may hand over an
     *     array it received, when it fits, without copying); an empty array when nothing is
     *     available yet; {@code null} at the end of the stream
     * @throws IOException when the stream failed; the guest sees {@code last-operation-failed}
     *     with an {@link IoError} carrying the exception, and the stream is closed from then on
     */
    byte[] read(int max) throws IOException;

    /**
     * Skips what is available now, at most {@code max} bytes ({@code max >= 1}); never blocks.
     * The default reads and drops.
     *
     * @return how many bytes were skipped (0 when none is available yet), or -1 at the end of
     *     the stream
     * @throws IOException as {@link #read(int)}
     */
    default long skip(long max) throws IOException {
        byte[] bytes = read((int) Math.min(max, Integer.MAX_VALUE - 8));
        return bytes == null ? -1 : bytes.length;
    }

    /** The reader is done with this source (the guest dropped its stream). Idempotent. */
    default void close() {
    }
}
