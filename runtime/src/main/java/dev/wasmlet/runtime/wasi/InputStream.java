package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResultValue;
import java.io.IOException;

/**
 * The WIT resource {@code wasi:io/streams.input-stream} over a {@link ByteSource}. The methods
 * return the WIT results ({@code result<list<u8>, stream-error>} and so on) as {@link
 * ResultValue}s. Confined to the guest thread. After the end of the data or a failure the
 * stream is closed: every later operation returns {@code closed}.
 */
public final class InputStream implements AutoCloseable {
    /** The most a single read asks of the source. */
    static final int MAX_READ = Integer.MAX_VALUE - 8;

    private final ByteSource source;
    private boolean closed;

    /** A stream over {@code source}; {@link #close()} closes the source. */
    public InputStream(ByteSource source) {
        this.source = source;
    }

    public ByteSource source() {
        return source;
    }

    /** Whether the stream reported its end or a failure to the guest. */
    public boolean isClosed() {
        return closed;
    }

    /** {@code read}: what is available now, up to {@code len} bytes (u64). */
    public ResultValue read(long len) {
        Object r = readNow(len);
        return r instanceof byte[] bytes ? ResultValue.ok(bytes) : (ResultValue) r;
    }

    /** {@code blocking-read}: waits until at least one byte, the end or a failure. */
    public ResultValue blockingRead(long len) {
        Object r = blockingReadNow(len);
        return r instanceof byte[] bytes ? ResultValue.ok(bytes) : (ResultValue) r;
    }

    /** {@code skip}: as {@link #read(long)}, returning how many bytes were dropped. */
    public ResultValue skip(long len) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        if (len == 0) {
            return StreamResults.OK_ZERO;
        }
        try {
            long n = source.skip(clamp(len));
            if (n < 0) {
                closed = true;
                return StreamResults.CLOSED;
            }
            return n == 0 ? StreamResults.OK_ZERO : ResultValue.ok(n);
        } catch (IOException e) {
            closed = true;
            return StreamResults.failed(e);
        }
    }

    /** {@code blocking-skip}: waits until at least one byte can be skipped, the end or a failure. */
    public ResultValue blockingSkip(long len) {
        while (true) {
            ResultValue r = skip(len);
            if (!r.isOk() || len == 0 || (Long) r.payload() != 0) {
                return r;
            }
            Pollables.block(source);
        }
    }

    /** {@code subscribe}: a new pollable, ready when a read would not return empty. */
    public Pollable subscribe() {
        return new Subscription();
    }

    /** Closes the source (the guest dropped the stream). */
    @Override
    public void close() {
        closed = true;
        source.close();
    }

    /** The bytes read now (possibly none), or the error result. */
    Object readNow(long len) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        if (len == 0) {
            return ByteSources.emptyBytes();
        }
        int max = clamp(len);
        try {
            byte[] bytes = source.read(max);
            if (bytes == null) {
                closed = true;
                return StreamResults.CLOSED;
            }
            if (bytes.length > max) {
                throw new GuestTrapException("input-stream source returned " + bytes.length
                        + " bytes for a read of at most " + max);
            }
            return bytes;
        } catch (IOException e) {
            closed = true;
            return StreamResults.failed(e);
        }
    }

    /** At least one byte (unless {@code len} is 0), or the error result. */
    Object blockingReadNow(long len) {
        while (true) {
            Object r = readNow(len);
            if (!(r instanceof byte[] bytes) || bytes.length > 0 || len == 0) {
                return r;
            }
            Pollables.block(source);
        }
    }

    private static int clamp(long len) {
        return len < 0 || len > MAX_READ ? MAX_READ : (int) len; // u64: a negative long is huge
    }

    private final class Subscription implements Pollable {
        @Override
        public boolean isReady() {
            return closed || source.isReady();
        }

        @Override
        public void addWaker(Runnable waker) {
            source.addWaker(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            source.removeWaker(waker);
        }

        @Override
        public long nanosUntilReady() {
            return source.nanosUntilReady();
        }
    }
}
