package dev.wasmlet.runtime.wasi;

import java.io.IOException;

/**
 * Where a guest's stdout or stderr goes: receives the bytes in the order the guest wrote them,
 * synchronously, on the guest thread. The array passed is the sink's to keep.
 */
@FunctionalInterface
public interface OutputSink {
    void write(byte[] bytes) throws IOException;

    /** The guest asked for a flush. */
    default void flush() throws IOException {
    }

    /** A sink that drops everything. */
    static OutputSink discard() {
        return bytes -> { };
    }

    /** Writes to {@code out}, flushing it when the guest flushes. */
    static OutputSink of(java.io.OutputStream out) {
        return new OutputSink() {
            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }
}
