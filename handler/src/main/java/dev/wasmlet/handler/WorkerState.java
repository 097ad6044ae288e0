package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;

/**
 * The embedder's policy for one worker: how many requests it takes, by when each must produce a
 * response, and what happens to its store when it exits.
 *
 * @param <D> the data the caller of {@link ProxyHandler#handle} attaches to each request
 */
public interface WorkerState<D> {
    /** {@link #onRequestStart}'s answer for a request with no deadline. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Whether the worker takes another request, given how many it is handling now and how many
     * it has accepted in all.
     */
    ShouldAccept shouldAcceptRequest(int concurrentCount, long totalCount);

    /**
     * The worker accepted a request. Returns the {@link System#nanoTime()} by which it must
     * produce a response, or {@link #NO_DEADLINE}. Past it, the caller gets {@link
     * ExpirationError}, the worker takes no new request, and a guest still running is
     * interrupted.
     */
    long onRequestStart(Store store, D data);

    /**
     * The worker exited; called exactly once per worker, with its store, for telemetry and
     * clean-up.
     *
     * @param failure null when the worker ended cleanly; otherwise why it ended (a trap, an
     *     expiration, an interruption)
     */
    void drop(Store store, Throwable failure);
}
