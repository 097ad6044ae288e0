package dev.wasmlet.handler;

/** The embedder's side of a {@link ProxyHandler}: how to make a new worker. */
@FunctionalInterface
public interface HandlerState<D> {
    /**
     * Makes a new store and instance. Called on the new worker's own thread.
     *
     * @throws Exception when no instance can be made; the requests waiting for this worker get
     *     an {@link InstantiationError} with this as its cause
     */
    WorkerInstance<D> instantiate() throws Exception;
}
