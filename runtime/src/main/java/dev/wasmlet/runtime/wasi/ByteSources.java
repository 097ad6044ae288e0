package dev.wasmlet.runtime.wasi;

/** Ready-made {@link ByteSource}s. */
public final class ByteSources {
    private static final byte[] EMPTY = new byte[0];

    private ByteSources() {
    }

    /** A source at its end from the start: stdin of a guest that has none. */
    public static ByteSource empty() {
        return Empty.INSTANCE;
    }

    /**
     * A source of {@code bytes}, all available at once. The array is the source's: it may be
     * handed to the reader as it is, so it must not change afterwards. For the guest thread only.
     */
    public static ByteSource of(byte[] bytes) {
        return new OfBytes(bytes);
    }

    /** A view of {@code source} whose {@link ByteSource#close()} does not close {@code source}. */
    public static ByteSource unclosable(ByteSource source) {
        return new Unclosable(source);
    }

    private static final class Empty implements ByteSource {
        static final Empty INSTANCE = new Empty();

        @Override
        public byte[] read(int max) {
            return null;
        }

        @Override
        public long skip(long max) {
            return -1;
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
    }

    private static final class OfBytes implements ByteSource {
        private byte[] bytes;
        private int position;

        OfBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] read(int max) {
            if (bytes == null || position == bytes.length) {
                return null;
            }
            int n = Math.min(max, bytes.length - position);
            byte[] out;
            if (position == 0 && n == bytes.length) {
                out = bytes;
            } else {
                out = new byte[n];
                System.arraycopy(bytes, position, out, 0, n);
            }
            position += n;
            return out;
        }

        @Override
        public long skip(long max) {
            if (bytes == null || position == bytes.length) {
                return -1;
            }
            int n = (int) Math.min(max, bytes.length - position);
            position += n;
            return n;
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
            bytes = null;
        }
    }

    private static final class Unclosable extends ForwardingByteSource {
        Unclosable(ByteSource source) {
            super(source);
        }

        @Override
        public void close() {
        }
    }

    static byte[] emptyBytes() {
        return EMPTY;
    }
}
