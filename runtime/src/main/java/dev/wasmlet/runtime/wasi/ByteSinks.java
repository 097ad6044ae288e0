package dev.wasmlet.runtime.wasi;

import java.io.IOException;

/** Ready-made {@link ByteSink}s. */
public final class ByteSinks {
    /** What {@link #of(OutputSink)} lets the guest write at once. */
    public static final int DEFAULT_PERMIT = 1 << 20;

    private ByteSinks() {
    }

    /**
     * A sink that writes through to {@code out} on the guest thread: always ready, accepts up to
     * {@link #DEFAULT_PERMIT} bytes per write, and flushes {@code out} when the guest flushes.
     */
    public static ByteSink of(OutputSink out) {
        return new Through(out, DEFAULT_PERMIT);
    }

    /** As {@link #of(OutputSink)}, accepting up to {@code permit} bytes per write. */
    public static ByteSink of(OutputSink out, int permit) {
        if (permit <= 0) {
            throw new IllegalArgumentException("permit must be positive: " + permit);
        }
        return new Through(out, permit);
    }

    private static final class Through implements ByteSink {
        private final OutputSink out;
        private final int permit;

        Through(OutputSink out, int permit) {
            this.out = out;
            this.permit = permit;
        }

        @Override
        public long checkWrite() {
            return permit;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void addWaker(Runnable waker) {
        }

        @Override
        public void removeWaker(Runnable waker) {
        }

        @Override
        public void close() {
            try {
                out.flush();
            } catch (IOException e) {
                // The guest has gone; there is nobody to tell.
            }
        }
    }
}
