package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;
import java.util.Objects;

/**
 * What {@link HandlerState#instantiate()} makes for a new worker: the store and instance that
 * will handle its requests, and the policies that govern them.
 */
public record WorkerInstance<D>(Store store, Proxy proxy, WorkerExpiration expiration, WorkerState<D> state) {
    public WorkerInstance {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(state, "state");
    }
}
