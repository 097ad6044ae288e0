package dev.wasmlet.handler;

/**
 * Decides when a worker expires. The pool polls it whenever the worker's status changes,
 * whenever the embedder signals a policy change ({@link ProxyHandler#policiesChanged()}), and
 * at the time the previous poll named.
 *
 * <p>Expiring while {@link WorkerStatus#IDLE} ends the worker cleanly; expiring while it has
 * requests or post-return work fails them with {@link ExpirationError} ("guest timed out") and
 * interrupts the guest.
 */
@FunctionalInterface
public interface WorkerExpiration {
    /** {@link #poll}'s answer when nothing but a change of status or policy can expire the worker. */
    long NOT_SCHEDULED = Long.MAX_VALUE;

    /**
     * When the worker expires, as a {@link System#nanoTime()} value: one at or before now means
     * now; {@link #NOT_SCHEDULED} means not unless something changes.
     *
     * @param status what the worker is doing
     * @param sinceNanos when it entered {@code status} ({@link System#nanoTime()})
     */
    long poll(WorkerStatus status, long sinceNanos);
}
