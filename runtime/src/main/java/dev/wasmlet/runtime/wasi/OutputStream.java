package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.types.ResultValue;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/**
 * The WIT resource {@code wasi:io/streams.output-stream} over a {@link ByteSink}. The methods
 * return the WIT results as {@link ResultValue}s and trap on a broken contract (a write beyond
 * the permit, a blocking write of more than 4096 bytes). Confined to the guest thread. After a
 * failure or the sink's end the stream is closed: every later operation returns {@code closed}.
 */
public final class OutputStream implements AutoCloseable {
    /** The most {@code blocking-write-and-flush} and {@code blocking-write-zeroes-and-flush} take. */
    public static final int MAX_BLOCKING_WRITE = 4096;

    /** Zeroes are written in arrays of at most this many bytes. */
    private static final int ZEROES_CHUNK = 1 << 16;

    private final ByteSink sink;
    private boolean closed;
    /** What is left of the last check-write's permit. */
    private long permit;

    /** A stream over {@code sink}; {@link #close()} closes the sink. */
    public OutputStream(ByteSink sink) {
        this.sink = sink;
    }

    public ByteSink sink() {
        return sink;
    }

    /** Whether the stream reported its end or a failure to the guest, or was closed. */
    public boolean isClosed() {
        return closed;
    }

    /** {@code check-write}: how many bytes the next write may take (u64). */
    public ResultValue checkWrite() {
        if (closed) {
            return StreamResults.CLOSED;
        }
        try {
            permit = sink.checkWrite();
            return permit == 0 ? StreamResults.OK_ZERO : ResultValue.ok(permit);
        } catch (IOException e) {
            return fail(e);
        }
    }

    /** {@code write}: traps when {@code bytes} exceeds what check-write permitted. */
    public ResultValue write(byte[] bytes) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        ResultValue error = admit(bytes.length, "write");
        if (error != null) {
            return error;
        }
        return writeAdmitted(bytes);
    }

    /** {@code write-zeroes}: as {@link #write(byte[])} with {@code len} (u64) zero bytes. */
    public ResultValue writeZeroes(long len) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        ResultValue error = admit(len, "write-zeroes");
        if (error != null) {
            return error;
        }
        long left = len;
        while (left > 0) {
            ResultValue r = writeAdmitted(new byte[(int) Math.min(left, ZEROES_CHUNK)]);
            if (!r.isOk()) {
                return r;
            }
            left -= Math.min(left, ZEROES_CHUNK);
        }
        return StreamResults.OK;
    }

    /** {@code flush}: starts a flush; check-write gives 0 until it completes. */
    public ResultValue flush() {
        if (closed) {
            return StreamResults.CLOSED;
        }
        permit = 0;
        try {
            sink.flush();
            return StreamResults.OK;
        } catch (IOException e) {
            return fail(e);
        }
    }

    /** {@code blocking-flush}: flushes and waits until the flush completed. */
    public ResultValue blockingFlush() {
        ResultValue r = flush();
        if (!r.isOk()) {
            return r;
        }
        Pollables.block(sink);
        r = checkWrite();
        return r.isOk() ? StreamResults.OK : r;
    }

    /**
     * {@code blocking-write-and-flush}: writes all of {@code bytes} (at most 4096, or the guest
     * traps) as the sink permits, flushes, and waits until the flush completed.
     */
    public ResultValue blockingWriteAndFlush(byte[] bytes) {
        if (bytes.length > MAX_BLOCKING_WRITE) {
            throw new GuestTrapException("blocking-write-and-flush of " + bytes.length
                    + " bytes; at most " + MAX_BLOCKING_WRITE + " are allowed");
        }
        return writeAllAndFlush(bytes);
    }

    /** {@code blocking-write-zeroes-and-flush}: as {@link #blockingWriteAndFlush} with zeroes. */
    public ResultValue blockingWriteZeroesAndFlush(long len) {
        if (len < 0 || len > MAX_BLOCKING_WRITE) {
            throw new GuestTrapException("blocking-write-zeroes-and-flush of " + Long.toUnsignedString(len)
                    + " bytes; at most " + MAX_BLOCKING_WRITE + " are allowed");
        }
        return writeAllAndFlush(new byte[(int) len]);
    }

    /**
     * {@code splice}: moves up to {@code len} bytes that {@code src} has now and this stream
     * permits now; returns how many (u64). An error of either stream ends the splice.
     */
    public ResultValue splice(InputStream src, long len) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        ResultValue r = checkWrite();
        if (!r.isOk()) {
            return r;
        }
        long n = Long.compareUnsigned(len, permit) < 0 ? len : permit;
        if (n == 0) {
            return StreamResults.OK_ZERO;
        }
        return transfer(src.readNow(n));
    }

    /**
     * {@code blocking-splice}: waits until this stream can be written and {@code src} has data
     * (or ends), then moves as {@link #splice}.
     */
    public ResultValue blockingSplice(InputStream src, long len) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        ResultValue r = awaitPermit();
        if (r != null) {
            return r;
        }
        long n = Long.compareUnsigned(len, permit) < 0 ? len : permit;
        if (n == 0) {
            return StreamResults.OK_ZERO;
        }
        return transfer(src.blockingReadNow(n));
    }

    /** {@code subscribe}: a new pollable, ready when check-write would give a permit or an error. */
    public Pollable subscribe() {
        return new Subscription();
    }

    /** Closes the sink: the end of the data (the guest dropped the stream). */
    @Override
    public void close() {
        closed = true;
        sink.close();
    }

    private ResultValue transfer(Object read) {
        if (!(read instanceof byte[] bytes)) {
            return (ResultValue) read;
        }
        if (bytes.length == 0) {
            return StreamResults.OK_ZERO;
        }
        ResultValue w = writeAdmitted(bytes);
        return w.isOk() ? ResultValue.ok((long) bytes.length) : w;
    }

    /**
     * Checks a write of {@code len} bytes against the permit; when it exceeds what is left of the
     * last check-write, asks the sink again before trapping. Returns an error result, or null.
     */
    private ResultValue admit(long len, String operation) {
        if (len >= 0 && len <= permit) {
            return null;
        }
        long now;
        try {
            now = sink.checkWrite();
        } catch (IOException e) {
            return fail(e);
        }
        if (len < 0 || len > now) {
            throw new GuestTrapException(operation + " of " + Long.toUnsignedString(len)
                    + " bytes exceeds the " + Math.max(permit, now) + " bytes check-write permits");
        }
        permit = now;
        return null;
    }

    private ResultValue writeAdmitted(byte[] bytes) {
        if (bytes.length == 0) {
            return StreamResults.OK;
        }
        try {
            sink.write(bytes);
            permit -= bytes.length;
            return StreamResults.OK;
        } catch (IOException e) {
            return fail(e);
        }
    }

    private ResultValue writeAllAndFlush(byte[] bytes) {
        if (closed) {
            return StreamResults.CLOSED;
        }
        int offset = 0;
        while (offset < bytes.length) {
            ResultValue r = awaitPermit();
            if (r != null) {
                return r;
            }
            int chunk = (int) Math.min(permit, bytes.length - offset);
            byte[] part = offset == 0 && chunk == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + chunk);
            r = writeAdmitted(part);
            if (!r.isOk()) {
                return r;
            }
            offset += chunk;
        }
        return blockingFlush();
    }

    /** Waits until the sink gives a permit; returns an error result, or null with {@link #permit} set. */
    private ResultValue awaitPermit() {
        while (true) {
            ResultValue r = checkWrite();
            if (!r.isOk()) {
                return r;
            }
            if (permit > 0) {
                return null;
            }
            Pollables.block(sink);
        }
    }

    private ResultValue fail(IOException e) {
        closed = true;
        permit = 0;
        return e instanceof ClosedChannelException ? StreamResults.CLOSED : StreamResults.failed(e);
    }

    private final class Subscription implements Pollable {
        @Override
        public boolean isReady() {
            return closed || sink.isReady();
        }

        @Override
        public void addWaker(Runnable waker) {
            sink.addWaker(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            sink.removeWaker(waker);
        }

        @Override
        public long nanosUntilReady() {
            return sink.nanosUntilReady();
        }
    }
}
