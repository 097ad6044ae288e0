package dev.wasmlet.runtime.wasi;

import java.time.Instant;

/**
 * The clocks a guest sees: {@code wasi:clocks/monotonic-clock} and {@code wall-clock}. Replace
 * it in {@link WasiContext} to give guests a fake or coarse clock.
 */
public interface WasiClock {
    /**
     * The monotonic clock, in nanoseconds since an arbitrary origin; a {@code u64} that never
     * decreases.
     */
    long monotonicNanos();

    /** The monotonic clock's resolution in nanoseconds. */
    default long monotonicResolutionNanos() {
        return 1;
    }

    /** The wall clock. */
    Instant wallNow();

    /** The wall clock's resolution in nanoseconds. */
    default long wallResolutionNanos() {
        return 1_000;
    }

    /** The host's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static WasiClock system() {
        return SystemClock.INSTANCE;
    }
}

final class SystemClock implements WasiClock {
    static final SystemClock INSTANCE = new SystemClock();

    /** Instants count from the first use, so that they start small and positive. */
    private static final long ORIGIN = System.nanoTime();

    private SystemClock() {
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime() - ORIGIN;
    }

    @Override
    public Instant wallNow() {
        return Instant.now();
    }
}
