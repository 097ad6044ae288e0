package dev.wasmlet.handler;

/** What a worker's instance is doing, as {@link WorkerExpiration#poll} sees it. */
public enum WorkerStatus {
    /**
     * Handling no request and doing no post-return work: the instance may be dropped at any
     * moment without losing anything.
     */
    IDLE,
    /**
     * Handling one or more requests, each waiting to produce a response or to expire; the time
     * given with this status is when the most recent outstanding request was accepted.
     */
    REQUESTS,
    /**
     * Every request has produced a response or expired, but the guest still has work to finish
     * before the instance is idle (WASI 0.3 only: a p2 export returns when it is done).
     */
    POST_RETURN
}
