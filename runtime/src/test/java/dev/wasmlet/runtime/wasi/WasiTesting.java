package dev.wasmlet.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.types.ResultValue;
import dev.wasmlet.runtime.types.VariantValue;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Helpers shared by the WASI host tests. */
final class WasiTesting {
    private WasiTesting() {
    }

    static Store store(WasiContext ctx) {
        return new Store(Map.of(WasiContext.class, ctx));
    }

    static Store store() {
        return store(WasiContext.defaults());
    }

    static byte[] okBytes(ResultValue r) {
        assertTrue(r.isOk(), () -> "expected ok, got " + r);
        return (byte[]) r.payload();
    }

    static long okLong(ResultValue r) {
        assertTrue(r.isOk(), () -> "expected ok, got " + r);
        return (Long) r.payload();
    }

    static void assertOk(ResultValue r) {
        assertTrue(r.isOk(), () -> "expected ok, got " + r);
        assertEquals(null, r.payload());
    }

    static void assertClosed(ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(closed), got " + r);
        VariantValue v = assertInstanceOf(VariantValue.class, r.payload());
        assertEquals(1, v.caseIndex(), "stream-error case");
        assertEquals(null, v.payload());
    }

    /** Asserts {@code err(last-operation-failed(e))} and returns {@code e}. */
    static IoError assertFailed(ResultValue r) {
        assertFalse(r.isOk(), () -> "expected err(last-operation-failed), got " + r);
        VariantValue v = assertInstanceOf(VariantValue.class, r.payload());
        assertEquals(0, v.caseIndex(), "stream-error case");
        return assertInstanceOf(IoError.class, v.payload());
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** An {@link OutputSink} that records what it receives; thread-safe. */
    static final class Recorder implements OutputSink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int writes;
        int flushes;

        @Override
        public synchronized void write(byte[] bytes) {
            writes++;
            out.writeBytes(bytes);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized byte[] bytes() {
            return out.toByteArray();
        }

        synchronized String text() {
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Waits until {@code t} is parked (WAITING or TIMED_WAITING), failing after 5 s. */
    /** Runs {@code action} on another thread once {@code guest} parked, as a producer that the guest waits for. */
    static CompletableFuture<Void> whenParked(Thread guest, Runnable action) {
        return CompletableFuture.runAsync(() -> {
            try {
                awaitParked(guest);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            action.run();
        });
    }

    static void awaitParked(Thread t) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > end) {
                throw new AssertionError("thread never parked: " + t.getState());
            }
            Thread.sleep(1);
        }
    }
}
