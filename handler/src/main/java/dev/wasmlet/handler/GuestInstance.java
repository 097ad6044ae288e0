package dev.wasmlet.handler;

import dev.wasmlet.runtime.host.Store;

/** One instance of a {@code wasi:http} component, ready to handle requests; closed when its worker exits. */
public interface GuestInstance extends Proxy, AutoCloseable {
    /** The instance's host state. */
    Store store();

    /** The bytes of linear memory the instance has now. */
    long memoryBytes();

    /** Frees the engine's resources of the instance (Wasmtime's native store); it cannot serve afterwards. */
    @Override
    void close();
}
