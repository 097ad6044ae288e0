package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What {@link HandlerState#instantiate()} makes for a new worker: the store and instance that
 * will handle its requests, the policies that govern them, and how much linear memory the
 * instance has now ({@code memoryBytes}, read on the worker's thread when the instance is made
 * and after each request, and charged to the pool's {@link PoolCapacity}).
 */
public record WorkerInstance<D>(Store store, Proxy proxy, WorkerExpiration expiration, WorkerState<D> state,
                                LongSupplier memoryBytes) {
    public WorkerInstance {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
    }

    /** An instance that reports no memory: a memory budget charges it nothing. */
    public WorkerInstance(Store store, Proxy proxy, WorkerExpiration expiration, WorkerState<D> state) {
        this(store, proxy, expiration, state, () -> 0);
    }
}
