package dev.wasmlet.runtime.wasi;

import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.engine.CoreInterrupted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting on pollables from the guest thread: {@link #poll(List)} (the WIT {@code poll}) and
 * {@link #block(Pollable)}. Other hosts call these for their own blocking operations.
 *
 * <p>Waiting checks readiness, registers a waker that unparks the calling thread on every
 * pollable, checks again, and parks until a waker runs or the earliest {@link
 * Pollable#nanosUntilReady()} passes; a state change published before a waker runs is never
 * missed. Before each park the thread's {@link GuestPauses} hook runs. An interrupt of the
 * waiting thread (a deadline of the pool) ends the wait with {@link CoreInterrupted}; the
 * thread's interrupt status stays set.
 */
public final class Pollables {
    private Pollables() {
    }

    /**
     * Blocks until at least one of {@code pollables} is ready and returns the indices of those
     * that are, in ascending order. Traps when the list is empty.
     */
    public static List<Integer> poll(List<? extends Pollable> pollables) {
        int n = pollables.size();
        if (n == 0) {
            throw new GuestTrapException("wasi:io/poll#poll: empty list of pollables");
        }
        List<Integer> ready = readyIndices(pollables);
        if (ready != null) {
            return ready;
        }
        Thread self = Thread.currentThread();
        Runnable waker = () -> LockSupport.unpark(self);
        int registered = 0;
        try {
            for (; registered < n; registered++) {
                pollables.get(registered).addWaker(waker);
            }
            while (true) {
                ready = readyIndices(pollables);
                if (ready != null) {
                    return ready;
                }
                long wait = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    wait = Math.min(wait, pollables.get(i).nanosUntilReady());
                }
                park(self, wait);
            }
        } finally {
            for (int i = 0; i < registered; i++) {
                pollables.get(i).removeWaker(waker);
            }
        }
    }

    /** Blocks until {@code pollable} is ready. */
    public static void block(Pollable pollable) {
        if (pollable.isReady()) {
            return;
        }
        Thread self = Thread.currentThread();
        Runnable waker = () -> LockSupport.unpark(self);
        pollable.addWaker(waker);
        try {
            while (!pollable.isReady()) {
                park(self, pollable.nanosUntilReady());
            }
        } finally {
            pollable.removeWaker(waker);
        }
    }

    private static void park(Thread self, long nanos) {
        if (self.isInterrupted()) {
            throw new CoreInterrupted("guest interrupted while blocked on a wasi:io pollable",
                    new InterruptedException());
        }
        GuestPauses.pausing();
        if (nanos == Long.MAX_VALUE) {
            LockSupport.park(Pollables.class);
        } else if (nanos > 0) {
            LockSupport.parkNanos(Pollables.class, nanos);
        }
        if (self.isInterrupted()) {
            throw new CoreInterrupted("guest interrupted while blocked on a wasi:io pollable",
                    new InterruptedException());
        }
    }

    /** The indices of the ready pollables, or null when none is. */
    private static List<Integer> readyIndices(List<? extends Pollable> pollables) {
        List<Integer> ready = null;
        int n = pollables.size();
        for (int i = 0; i < n; i++) {
            if (pollables.get(i).isReady()) {
                if (ready == null) {
                    if (n == 1) {
                        return List.of(0);
                    }
                    ready = new ArrayList<>(n - i);
                }
                ready.add(i);
            }
        }
        return ready;
    }

    /** A pollable that is always ready. */
    public static Pollable alwaysReady() {
        return new Fixed(true);
    }

    /** A pollable that is never ready. */
    public static Pollable neverReady() {
        return new Fixed(false);
    }

    /**
     * A fresh pollable with the readiness of {@code base}: what a {@code subscribe} returns, since
     * each call must give the guest a distinct resource.
     */
    public static Pollable view(Pollable base) {
        return new View(base);
    }

    private record Fixed(boolean isReady) implements Pollable {
        @Override
        public void addWaker(Runnable waker) {
        }

        @Override
        public void removeWaker(Runnable waker) {
        }
    }

    private static final class View implements Pollable {
        private final Pollable base;

        View(Pollable base) {
            this.base = base;
        }

        @Override
        public boolean isReady() {
            return base.isReady();
        }

        @Override
        public void addWaker(Runnable waker) {
            base.addWaker(waker);
        }

        @Override
        public void removeWaker(Runnable waker) {
            base.removeWaker(waker);
        }

        @Override
        public long nanosUntilReady() {
            return base.nanosUntilReady();
        }
    }
}
