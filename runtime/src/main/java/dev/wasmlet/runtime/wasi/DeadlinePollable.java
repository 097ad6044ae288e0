package dev.wasmlet.runtime.wasi;

/**
 * A pollable that becomes ready when a {@link WasiClock}'s monotonic time reaches a deadline:
 * what {@code subscribe-instant} and {@code subscribe-duration} return. Instants are unsigned.
 */
public final class DeadlinePollable implements Pollable {
    private final WasiClock clock;
    private final long deadline;
    private final boolean never;

    private DeadlinePollable(WasiClock clock, long deadline, boolean never) {
        this.clock = clock;
        this.deadline = deadline;
        this.never = never;
    }

    /** Ready once {@code clock} reaches the (unsigned) instant {@code deadline}. */
    public static DeadlinePollable at(WasiClock clock, long deadline) {
        return new DeadlinePollable(clock, deadline, false);
    }

    /**
     * Ready once {@code nanos} (unsigned) have passed from now; never when the deadline does not
     * fit in a {@code u64}.
     */
    public static DeadlinePollable after(WasiClock clock, long nanos) {
        long now = clock.monotonicNanos();
        long deadline = now + nanos;
        boolean overflow = Long.compareUnsigned(deadline, now) < 0;
        return new DeadlinePollable(clock, deadline, overflow);
    }

    /** The deadline as an unsigned monotonic instant. */
    public long deadline() {
        return deadline;
    }

    @Override
    public boolean isReady() {
        return !never && Long.compareUnsigned(clock.monotonicNanos(), deadline) >= 0;
    }

    @Override
    public long nanosUntilReady() {
        if (never) {
            return Long.MAX_VALUE;
        }
        long now = clock.monotonicNanos();
        if (Long.compareUnsigned(now, deadline) >= 0) {
            return 0;
        }
        long remaining = deadline - now;
        return remaining < 0 ? Long.MAX_VALUE - 1 : remaining; // more than 2^63 ns: wait long, re-check
    }

    @Override
    public void addWaker(Runnable waker) {
        // Time alone makes this ready; the waiter parks with a timeout.
    }

    @Override
    public void removeWaker(Runnable waker) {
    }
}
