package dev.wasmlet.runtime.wasi;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link ByteSource} that forwards every call to another: the base of views that change one
 * thing, usually what {@link #close()} does.
 */
public abstract class ForwardingByteSource implements ByteSource {
    private final ByteSource source;

    protected ForwardingByteSource(ByteSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public byte[] read(int max) throws IOException {
        return source.read(max);
    }

    @Override
    public long skip(long max) throws IOException {
        return source.skip(max);
    }

    @Override
    public boolean isReady() {
        return source.isReady();
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

    @Override
    public void close() {
        source.close();
    }
}
