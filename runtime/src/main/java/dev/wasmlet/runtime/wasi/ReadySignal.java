package dev.wasmlet.runtime.wasi;

/**
 * A pollable that becomes ready when {@link #signal()} is called, from any thread, and stays
 * ready until {@link #reset()}. Suits one-shot events: a response arrived, a body was finished.
 * Also usable as the base readiness of a host resource that is not a stream.
 */
public final class ReadySignal implements Pollable {
    private final Wakers wakers = new Wakers();
    private volatile boolean ready;

    public ReadySignal() {
    }

    /** A signal that is already ready. */
    public static ReadySignal ready() {
        ReadySignal s = new ReadySignal();
        s.ready = true;
        return s;
    }

    /** Makes this ready and wakes whoever waits on it. */
    public void signal() {
        ready = true;
        wakers.wakeAll();
    }

    /** Makes this not ready again. */
    public void reset() {
        ready = false;
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void addWaker(Runnable waker) {
        wakers.add(waker);
    }

    @Override
    public void removeWaker(Runnable waker) {
        wakers.remove(waker);
    }
}
