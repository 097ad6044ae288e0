package dev.wasmlet.runtime.wasi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * A bounded, thread-safe pipe: bytes written to {@link #sink()} are read from {@link
 * #source()}. Either end may be used by the guest (through an {@link InputStream} or {@link
 * OutputStream}) and the other by any host thread: a servlet container feeding a request body,
 * an HTTP client draining a request body. Each end's readiness wakes the other end's waiters.
 *
 * <p>Written arrays are queued as they are and handed to the reader without copying when a read
 * takes a whole array. Closing the sink ends the data (the reader sees the end after the
 * buffered bytes); closing the source makes further writes fail as {@code closed}; {@link
 * #fail(IOException)} reports an error to the writer at once and to the reader after the
 * buffered bytes.
 */
public final class BytePipe {
    private final int capacity;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final Wakers readerWakers = new Wakers();
    private final Wakers writerWakers = new Wakers();
    private final Source source = new Source();
    private final Sink sink = new Sink();
    // Guarded by this.
    private int headOffset;
    private long buffered;
    private boolean writerClosed;
    private boolean readerClosed;
    private IOException failure;

    /** @param capacity how many bytes may be buffered before the writer must wait */
    public BytePipe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The reading end. */
    public ByteSource source() {
        return source;
    }

    /** The writing end. */
    public ByteSink sink() {
        return sink;
    }

    /** Fails the pipe: the writer's next call and the reader's read after the buffered bytes throw {@code e}. */
    public void fail(IOException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
        readerWakers.wakeAll();
        writerWakers.wakeAll();
    }

    /** How many bytes are buffered. */
    public synchronized long buffered() {
        return buffered;
    }

    private final class Source implements ByteSource {
        @Override
        public byte[] read(int max) throws IOException {
            byte[] out;
            synchronized (BytePipe.this) {
                if (buffered == 0) {
                    if (readerClosed) {
                        return null;
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    return writerClosed ? null : ByteSources.emptyBytes();
                }
                byte[] head = chunks.peekFirst();
                int available = head.length - headOffset;
                if (available <= max) {
                    chunks.pollFirst();
                    out = headOffset == 0 ? head : copy(head, headOffset, available);
                    headOffset = 0;
                } else {
                    out = copy(head, headOffset, max);
                    headOffset += max;
                }
                buffered -= out.length;
            }
            writerWakers.wakeAll();
            return out;
        }

        @Override
        public long skip(long max) throws IOException {
            long skipped = 0;
            synchronized (BytePipe.this) {
                if (buffered == 0) {
                    if (readerClosed) {
                        return -1;
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    return writerClosed ? -1 : 0;
                }
                while (skipped < max && !chunks.isEmpty()) {
                    byte[] head = chunks.peekFirst();
                    int available = head.length - headOffset;
                    if (available <= max - skipped) {
                        chunks.pollFirst();
                        headOffset = 0;
                        skipped += available;
                    } else {
                        headOffset += (int) (max - skipped);
                        skipped = max;
                    }
                }
                buffered -= skipped;
            }
            writerWakers.wakeAll();
            return skipped;
        }

        @Override
        public boolean isReady() {
            synchronized (BytePipe.this) {
                return buffered > 0 || writerClosed || readerClosed || failure != null;
            }
        }

        @Override
        public void addWaker(Runnable waker) {
            readerWakers.add(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            readerWakers.remove(waker);
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                if (readerClosed) {
                    return;
                }
                readerClosed = true;
                chunks.clear();
                headOffset = 0;
                buffered = 0;
            }
            writerWakers.wakeAll();
        }

        private byte[] copy(byte[] from, int offset, int length) {
            byte[] out = new byte[length];
            System.arraycopy(from, offset, out, 0, length);
            return out;
        }
    }

    private final class Sink implements ByteSink {
        @Override
        public long checkWrite() throws IOException {
            synchronized (BytePipe.this) {
                checkOpen();
                return Math.max(0, capacity - buffered);
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            synchronized (BytePipe.this) {
                checkOpen();
                if (bytes.length > capacity - buffered) {
                    throw new IllegalStateException("write of " + bytes.length + " bytes exceeds the "
                            + Math.max(0, capacity - buffered) + " bytes the pipe can take");
                }
                if (bytes.length == 0) {
                    return;
                }
                chunks.addLast(bytes);
                buffered += bytes.length;
            }
            readerWakers.wakeAll();
        }

        @Override
        public void flush() throws IOException {
            synchronized (BytePipe.this) {
                checkOpen(); // written bytes are visible to the reader at once: nothing to flush
            }
        }

        @Override
        public boolean isReady() {
            synchronized (BytePipe.this) {
                return buffered < capacity || writerClosed || readerClosed || failure != null;
            }
        }

        @Override
        public void addWaker(Runnable waker) {
            writerWakers.add(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            writerWakers.remove(waker);
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                if (writerClosed) {
                    return;
                }
                writerClosed = true;
            }
            readerWakers.wakeAll();
        }

        private void checkOpen() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (readerClosed || writerClosed) {
                throw new ClosedChannelException();
            }
        }
    }
}
