package dev.wasmlet.runtime.wasi;

import java.util.Arrays;

/**
 * The wakers registered on one {@link Pollable}, for implementations to embed. Thread-safe:
 * registration is rare and copies, {@link #wakeAll()} reads one volatile field and does not
 * allocate, so a producer can call it after every state change.
 */
public final class Wakers {
    private static final Runnable[] NONE = new Runnable[0];

    private volatile Runnable[] wakers = NONE;

    public synchronized void add(Runnable waker) {
        if (waker == null) {
            throw new NullPointerException("waker");
        }
        Runnable[] current = wakers;
        Runnable[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = waker;
        wakers = next;
    }

    public synchronized void remove(Runnable waker) {
        Runnable[] current = wakers;
        for (int i = current.length - 1; i >= 0; i--) {
            if (current[i] == waker) {
                if (current.length == 1) {
                    wakers = NONE;
                    return;
                }
                Runnable[] next = new Runnable[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                wakers = next;
                return;
            }
        }
    }

    /**
     * Runs every registered waker. Call it after publishing the state change that may have made
     * the pollable ready (after a volatile write or after releasing the lock guarding it).
     */
    public void wakeAll() {
        for (Runnable waker : wakers) {
            waker.run();
        }
    }

    /** Whether any waker is registered. */
    public boolean isEmpty() {
        return wakers.length == 0;
    }
}
