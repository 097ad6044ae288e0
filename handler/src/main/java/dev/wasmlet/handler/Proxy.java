package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;
import java.util.concurrent.CompletableFuture;

/**
 * A guest's {@code wasi:http/incoming-handler}: handles one request on the calling thread.
 * The response is delivered through {@code response} as soon as the guest sets it, usually
 * before {@link #handle} returns, while the guest goes on writing the body.
 */
@FunctionalInterface
public interface Proxy {
    /**
     * Runs the guest's handler to its end.
     *
     * @throws dev.wasmlet.runtime.GuestTrapException when the guest traps: the instance is
     *     poisoned
     */
    void handle(Store store, Request request, CompletableFuture<Response> response);
}
