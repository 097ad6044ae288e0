package dev.wasmlet.runtime.wasi;

/**
 * Readiness: the Java side of the WIT resource {@code wasi:io/poll.pollable}, and the base of
 * everything a guest can wait on ({@link ByteSource}, {@link ByteSink}, timers, {@link
 * ReadySignal}, and whatever another host defines, such as an HTTP response future).
 *
 * <p>The guest thread asks {@link #isReady()}; when nothing it waits on is ready, it registers a
 * waker with {@link #addWaker(Runnable)}, asks again, and parks until a waker runs or the
 * earliest {@link #nanosUntilReady()} passes (see {@link Pollables#poll}). An implementation
 * that becomes ready because of an event on another thread must publish its new state first and
 * run its wakers after (a {@link Wakers} does the bookkeeping), so that no wake-up is lost.
 *
 * <p>A pollable handed to the guest is a resource: every {@code subscribe} makes a new object.
 */
public interface Pollable {
    /** Whether this is ready now. Never blocks; called on the guest thread. */
    boolean isReady();

    /**
     * Registers {@code waker} to be run, on any thread, after this may have become ready. A waker
     * may run spuriously or more than once, and must be cheap and never block (the guest's
     * waker is {@code LockSupport.unpark}). Registering the same waker twice registers it twice.
     */
    void addWaker(Runnable waker);

    /** Removes one registration of {@code waker}; does nothing when it is not registered. */
    void removeWaker(Runnable waker);

    /**
     * How long from now until this becomes ready through the passage of time alone, in
     * nanoseconds; {@link Long#MAX_VALUE} (the default) when only an event can make it ready.
     */
    default long nanosUntilReady() {
        return Long.MAX_VALUE;
    }
}
